"""Readers for free-text answers: the final-answer span, normalised text, numbers, dates,
booleans and item lists.

Private to :mod:`dive.answers`, whose docstring states the rules these readers follow.
Every reader either returns a value or raises ``ValueError`` with a message meant for a
``Score.reason``; none returns ``None`` for "could not read".
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

# ---------------------------------------------------------------------------------------
# Final-answer extraction

_THINK_BLOCK = re.compile(r"<think>.*?</think>", re.S | re.I)
_ANSWER_TAG = re.compile(r"<answer>(.*?)(?:</answer>|\Z)", re.S | re.I)
_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")
_MARKER = re.compile(
    r"(?P<which>\bfinal\s+answer|\banswer)\b[ \t*_]*"
    r"(?:(?:is|was|would\s+be|will\s+be)\b[ \t]*:?|[:：=]|(?P<heading>(?=[ \t*_#]*(?:\n|\Z))))[ \t*_]*",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-*•·+]|\d{1,3}[.)]|\(\d{1,3}\))\s+")


def extract_final_answer(text: str) -> str:
    """Return the final-answer span of a model's free-text answer, cleaned of markup.

    Reasoning in ``<think>`` blocks is dropped first. Then the first rule that applies
    wins: the last ``<answer>...</answer>`` tag (an unclosed tag runs to the end); the
    last ``\\boxed{...}``; the text after the last "final answer" marker ("Final answer:",
    "The final answer is", a "Final Answer" heading); the same after the last plain
    "Answer:" / "the answer is"; the whole text when it is a JSON array; the trailing run of
    bulleted lines; the last non-empty line. A marker with nothing after it on its line
    takes the next paragraph. Markdown emphasis, quotes, ``$...$`` and simple LaTeX
    (``\\text``, ``\\frac``, ``\\times``, ``\\%``, ``{,}``) are removed from the span.
    """
    text = _THINK_BLOCK.sub("", text)
    closing = text.lower().rfind("</think>")
    if closing >= 0:
        text = text[closing + len("</think>") :]
    tags = _ANSWER_TAG.findall(text)
    if tags:
        inner = tags[-1]
        return clean_span(_boxed(inner) or inner)
    boxed = _boxed(text)
    if boxed is not None:
        return clean_span(boxed)
    markers = [m for m in _MARKER.finditer(text) if m["heading"] is None or _starts_line(text, m.start())]
    finals = [m for m in markers if m["which"].lower().startswith("final")]
    if finals or markers:
        return clean_span(_after_marker(text[(finals or markers)[-1].end() :]))
    return clean_span(_last_block(text))


def _starts_line(text: str, at: int) -> bool:
    """Whether only markup precedes ``at`` on its line: "Answer" alone is a heading; "aaaa, answer" is an item."""
    return not text[text.rfind("\n", 0, at) + 1 : at].strip(" \t#*_")


def _boxed(text: str) -> str | None:
    starts = list(_BOXED.finditer(text))
    if not starts:
        return None
    i = start = starts[-1].end()
    depth = 1
    while i < len(text):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start:i]
        i += 1
    return text[start:]


def _after_marker(rest: str) -> str:
    line, _, tail = rest.partition("\n")
    if line.strip(" \t*_#"):
        return line
    block: list[str] = []
    for ln in tail.lstrip("\n").splitlines():
        if not ln.strip():
            break
        block.append(ln)
    return "\n".join(block)


def _last_block(text: str) -> str:
    stripped = text.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        return stripped
    lines = [ln for ln in stripped.splitlines() if ln.strip()]
    if not lines:
        return ""
    run = 0
    while run < len(lines) and _BULLET.match(lines[len(lines) - 1 - run]):
        run += 1
    return "\n".join(lines[-run:]) if run > 1 else lines[-1]


_LATEX_WRAP = re.compile(r"\\(?:text|textbf|textit|mathrm|mathbf|operatorname|mbox)\s*\{([^{}]*)\}")
_LATEX_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_LATEX_POWER = re.compile(r"\^\s*\{([^{}]*)\}")
_LATEX_DROP = re.compile(r"\\(?:left|right)(?![A-Za-z])|\\[,!]")
_LATEX_SUBS = (("\\times", "×"), ("\\cdot", "·"), ("\\%", "%"), ("\\$", "$"), ("{,}", ","), ("\\;", " "), ("\\ ", " "))
_PAIRS = (("**", "**"), ("__", "__"), ("$$", "$$"), ("\\(", "\\)"), ("\\[", "\\]"), ("`", "`"), ('"', '"'),
          ("“", "”"), ("‘", "’"), ("'", "'"), ("«", "»"), ("$", "$"), ("*", "*"), ("_", "_"))  # fmt: skip


def clean_span(span: str) -> str:
    """Remove markdown emphasis, wrapping quotes, math delimiters and simple LaTeX."""
    s = _LATEX_FRAC.sub(r"\1/\2", _LATEX_WRAP.sub(r"\1", span))
    s = _LATEX_DROP.sub("", _LATEX_POWER.sub(r"^\1", s))
    for old, new in _LATEX_SUBS:
        s = s.replace(old, new)
    previous = None
    while s != previous:
        previous = s
        s = s.strip().rstrip(".!;:,").strip(" \t\r\n*_#>")
        for left, right in _PAIRS:
            if len(s) > len(left) + len(right) and s.startswith(left) and s.endswith(right):
                s = s[len(left) : -len(right)]
                break
    return s


# ---------------------------------------------------------------------------------------
# Text

_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                       "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ß": "ss"})  # fmt: skip
_APOSTROPHES = re.compile(r"['’`ʼ]")
_ARTICLES = frozenset({"a", "an", "the"})


def normalize_text(text: str) -> str:
    """Comparison key of a string answer.

    Accents are folded (NFKD, combining marks dropped, plus ø/ł/æ/œ/ß and kin), case is
    folded, apostrophes vanish, any other punctuation or symbol becomes a space, the
    articles a/an/the are dropped (unless nothing else is left) and whitespace collapses.
    """
    t = unicodedata.normalize("NFKD", text.translate(_FOLD))
    t = _APOSTROPHES.sub("", "".join(c for c in t if not unicodedata.combining(c)).casefold())
    words = "".join(c if c.isalnum() else " " for c in t).split()
    kept = [w for w in words if w not in _ARTICLES]
    return " ".join(kept or words)


# ---------------------------------------------------------------------------------------
# Numbers

_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPER_POWER = re.compile(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_GROUP_SPACES = " \u00a0\u202f\u2009'’"
_NUMBER = re.compile(
    rf"""
    (?<![\w.^/])
    (?P<sign1>[-+])?\s?(?P<cur>[$€£¥₹])?\s?(?P<sign2>[-+])?
    (?:
        (?P<num>\d+)/(?P<den>\d+)(?![\d/])
      | (?P<comma>\d{{1,3}}(?:,\d{{3}}(?!\d))+(?:\.\d+)?)
      | (?P<dotcomma>\d{{1,3}}(?:\.\d{{3}}(?!\d))+,\d+)
      | (?P<dots>\d{{1,3}}(?:\.\d{{3}}(?!\d)){{2,}})
      | (?P<space>\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}}(?!\d))+(?:[.,]\d+)?)
      | (?P<deccomma>\d+,(?:\d{{1,2}}|\d{{4,}})(?!\d))
      | (?P<plain>\d+(?:\.\d*)?|\.\d+)
    )
    (?:
        [eE](?P<e1>[-+]?\d+)
      | \s*[×xX*·]\s*10\s*(?:\^|\*\*)\s*(?P<e2>[-+]?\d+)
      | \s*(?:\^|\*\*)\s*(?P<pow>[-+]?\d+)
    )?
    (?:\s*(?P<scale>thousand|million|billion|trillion)s?\b)?
    (?:\s*(?P<pct>%|percent(?:age)?\b|per\s?cent\b|pct\b))?
    """,
    re.X | re.I,
)
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_MAX_EXPONENT = 400


@dataclass(frozen=True)
class NumberToken:
    """One number read from text."""

    value: Decimal
    """The value, with exponent, power and scale word applied (a percent sign is not)."""
    percent: bool
    """Whether a percent sign or word followed the number."""


def find_numbers(text: str, unit: str | None = None) -> list[NumberToken]:
    """Every number in ``text``, left to right; occurrences of ``unit`` are ignored."""
    text = _SUPER_POWER.sub(lambda m: "10^" + m[1].translate(_SUPERSCRIPTS), text.translate(_MINUS))
    for piece in _unit_pieces(unit):
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(piece)}(?![A-Za-z0-9])", " ", text, flags=re.I)
    tokens = []
    for m in _NUMBER.finditer(text):
        value = _number_value(m)
        if value is not None:
            tokens.append(NumberToken(value, bool(m["pct"])))
    return tokens


def _unit_pieces(unit: str | None) -> list[str]:
    if not unit or is_percent_unit(unit):
        return []
    return [unit] + [w for w in unit.split() if not any(c.isdigit() for c in w)]


def is_percent_unit(unit: str | None) -> bool:
    """Whether a spec unit means "the value is in percent"."""
    return (unit or "").strip().lower() in {"%", "percent", "per cent", "pct", "percentage", "percentage points"}


def _number_value(m: re.Match[str]) -> Decimal | None:
    try:
        if m["num"]:
            if int(m["den"]) == 0:
                return None
            value = Decimal(m["num"]) / Decimal(m["den"])
        else:
            value = Decimal(_mantissa_text(m))
        exponent = int(m["e1"] or m["e2"] or 0)
        if abs(exponent) > _MAX_EXPONENT or (m["pow"] and abs(int(m["pow"])) > _MAX_EXPONENT):
            return None
        value = value.scaleb(exponent)
        if m["pow"]:
            value = value ** int(m["pow"])
        if m["scale"]:
            value = value.scaleb(_SCALES[m["scale"].lower()])
    except (InvalidOperation, ZeroDivisionError, ArithmeticError):
        return None
    if "-" in (m["sign1"], m["sign2"]):
        value = -value
    if not math.isfinite(float(value)):
        return None
    return value if value != 0 else Decimal(0)


def _mantissa_text(m: re.Match[str]) -> str:
    if m["comma"]:
        return m["comma"].replace(",", "")
    if m["dotcomma"]:
        return m["dotcomma"].replace(".", "").replace(",", ".")
    if m["dots"]:
        return m["dots"].replace(".", "")
    if m["space"]:
        return re.sub(f"[{_GROUP_SPACES}]", "", m["space"]).replace(",", ".")
    if m["deccomma"]:
        return m["deccomma"].replace(",", ".")
    return m["plain"]


# ---------------------------------------------------------------------------------------
# Dates

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE_PATTERNS = (
    re.compile(r"(?<![\d.])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)"),
    re.compile(rf"\b{_MON}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?{_MON}\.?,?[\s-]+(?P<y>\d{{4}})(?!\d)", re.I),
    re.compile(r"(?<![\d.,/-])(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?!\d)"),
)
_MONTH_INDEX = "janfebmaraprmayjunjulaugsepoctnovdec"


@dataclass(frozen=True)
class DateHit:
    """One date-like span: its date, or why it is not one."""

    start: int
    end: int
    value: date | None
    error: str = ""


def find_dates(text: str, day_first: bool | None = None) -> list[DateHit]:
    """Every date-like span in ``text``, left to right (overlapping matches dropped)."""
    hits = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            hits.append(_date_hit(m, day_first))
    hits.sort(key=lambda h: (h.start, h.start - h.end))
    kept: list[DateHit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _date_hit(m: re.Match[str], day_first: bool | None) -> DateHit:
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        month, day = _MONTH_INDEX.index(groups["mon"][:3].lower()) // 3 + 1, int(groups["d"])
    elif groups.get("m"):
        month, day = int(groups["m"]), int(groups["d"])
    else:
        a, b = int(groups["a"]), int(groups["b"])
        order = day_first if day_first is not None else (True if groups["s"] == "." else None)
        if a > 12 or b > 12 or a == b:
            order = a > 12
        elif order is None:
            reason = f"ambiguous date {m[0]!r}: day and month could be either way round; write YYYY-MM-DD"
            return DateHit(m.start(), m.end(), None, reason)
        day, month = (a, b) if order else (b, a)
    try:
        return DateHit(m.start(), m.end(), date(year, month, day))
    except ValueError:
        return DateHit(m.start(), m.end(), None, f"{m[0]!r} is not a valid calendar date")


def parse_date(text: str, day_first: bool | None = None) -> date:
    """The last date in ``text``; ValueError when there is none or it is ambiguous."""
    hits = find_dates(text, day_first)
    if not hits:
        raise ValueError(f"no date in {text!r}")
    if hits[-1].value is None:
        raise ValueError(hits[-1].error)
    return hits[-1].value


# ---------------------------------------------------------------------------------------
# Booleans and item lists

_TRUE = frozenset({"yes", "y", "true", "correct"})
_FALSE = frozenset({"no", "n", "false", "incorrect"})


def parse_bool(text: str) -> bool:
    """Yes/no: the first word if it is a yes/no word (and no opposite one follows within two
    words: "true or false" is a hedge), else the only polarity present (and no "not")."""
    words = normalize_text(text).split()
    if words and words[0] in _TRUE | _FALSE:
        first = words[0] in _TRUE
        if not any((w in _TRUE) != first for w in words[1:3] if w in _TRUE | _FALSE):
            return first
        raise ValueError(f"no unambiguous yes/no in {text!r}")
    found = {w in _TRUE for w in words if w in _TRUE | _FALSE}
    if len(found) == 1 and "not" not in words:
        return found.pop()
    raise ValueError(f"no unambiguous yes/no in {text!r}")


_BRACKETS = {"[": "]", "(": ")", "{": "}"}
_ITEM_COMMA = re.compile(r",(?!\d{3}(?!\d))")
_LEADING_AND = re.compile(r"^(?:and|or|&)\s+", re.I)


def split_items(text: str, item_type: str = "string", day_first: bool | None = None) -> list[str]:
    """Split a list answer into item texts.

    A JSON array gives its elements; several lines give one item per line (bullets and
    numbering removed); date items are every date found; otherwise items are separated by
    semicolons if any, else by commas (a comma before exactly three digits is a thousands
    separator). Outer brackets and a leading "and"/"or" on an item are dropped.
    """
    s = text.strip()
    if s.startswith("["):
        try:
            array = json.loads(s)
        except ValueError:
            array = None
        if isinstance(array, list):
            return [x if isinstance(x, str) else json.dumps(x) for x in array]
    if len(s) >= 2 and _BRACKETS.get(s[0]) == s[-1]:
        s = s[1:-1]
    lines = [ln for ln in s.splitlines() if ln.strip()]
    if len(lines) > 1:
        pieces = [_BULLET.sub("", ln) for ln in lines]
    elif item_type == "date" and find_dates(s, day_first):
        pieces = [s[h.start : h.end] for h in find_dates(s, day_first)]
    else:
        pieces = s.split(";") if ";" in s else _ITEM_COMMA.split(_BULLET.sub("", s))
    items = [clean_span(_LEADING_AND.sub("", p.strip())) for p in pieces]
    return [item for item in items if item]
