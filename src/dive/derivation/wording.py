"""Wording helpers of the natural deriver: how a comparison names its options once, says a repeated
head as "that of", factors a shared head or tail, and tells a name from a code."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dive.derivation.realize import join_list

__all__ = ["TAIL_STARTS", "YEARLIKE", "degree", "factor", "head_of", "idioms", "is_name", "say_once", "that_of",
           "that_of_other", "what_if"]

TAIL_STARTS = frozenset({"on", "in", "at", "for", "from", "by", "with", "during", "after", "before"})


def factor(phrases: Sequence[str], conj: str = "or") -> str:
    """``the area of Peru in 2020, the area of Chile in 2020`` -> ``the area of Peru or of Chile in 2020``:
    a shared head (up to a preposition) is said once, with the preposition repeated, and a shared tail once."""
    words = [p.split(" ") for p in phrases]
    shortest = min(len(w) for w in words)
    tail = 0
    while tail < shortest - 1 and len({w[len(w) - 1 - tail] for w in words}) == 1:
        tail += 1
    while tail and words[0][len(words[0]) - tail] not in TAIL_STARTS:
        tail -= 1  # a shared tail is said once only as a phrase of its own ("on 21 December 2024")
    body = [w[: len(w) - tail] for w in words]
    common = 0
    while all(len(w) > common + 1 for w in body) and len({w[common] for w in body}) == 1:
        common += 1
    while common and body[0][common - 1] not in ("of", "in", "for", "at", "from", "on", "to", "between"):
        common -= 1
    if common < 2:
        return join_list(list(phrases), conj)
    items = [" ".join(body[0]).rstrip(",;")] + [" ".join(w[common - 1:]).rstrip(",;") for w in body[1:]]
    suffix = " ".join(words[0][len(words[0]) - tail:]) if tail else ""
    return (join_list(items, conj) + (" " + suffix if suffix else "")).strip()


YEARLIKE = re.compile(r"\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}")


def head_of(phrases: Sequence[str], labels: Sequence[str]) -> str:
    """What phrases that differ only in their own label ask about, so a comparison names its options once:
    ``the molecular weight of urea`` -> ``molecular weight``; ``the apparent magnitude of the star Vega on 1 May
    2024`` -> ``apparent magnitude on 1 May 2024``; ``the number of ICD-10-CM codes that flag obesity in the
    Elixhauser index`` -> ``number of ICD-10-CM codes that flag it in the Elixhauser index``; "" otherwise."""
    parts = set()
    for phrase, label in zip(phrases, labels, strict=True):
        i = phrase.rfind(label)
        if i <= len("the ") or not phrase.startswith("the "):
            return ""
        parts.add((phrase[len("the "):i], phrase[i + len(label):]))
    if len(parts) != 1:
        return ""
    pre, post = parts.pop()
    if re.search(r" (?:that|which|who) [a-z]+ $", pre):
        head = f"{pre}it{post}"
    else:
        kind = re.search(r" of the [a-z]+ $", pre)  # "the apparent magnitude of the star Vega"
        if kind:
            if not re.match(r"(?:$|,| (?:on|in|at|from|by|for|with|as) )", post):
                return ""  # "the part of the world Yemen belongs to": a clause about the thing, not its kind
            pre = pre[: kind.start()]
        elif pre.endswith(" of "):
            pre = pre[: -len(" of ")]
            if " of " in pre:  # "the longitude of the capital of France": not a property of France
                return ""
        elif m := re.search(r" (?:in|for|at) $", pre):
            pre = pre[: m.start()]  # "the number of days to the next public holiday in Ireland": of Ireland,
            # Germany and Italy, which has the smallest number of days to the next public holiday?
        else:
            return ""
        head = pre + post
    return head if head and "{" not in head and not head.startswith(" ") else ""


_THAT_OF = re.compile(r"\b(the (?:[^\s,?]+ ){1,8}of) (.+?) (than|exceeds?) \1 ")


def that_of_other(first: str, other: str) -> str:
    """``other`` said after ``first`` in a comparison: ``that of <what differs>`` when both share their head up
    to "of" and their tail from a preposition on (the value of the amino acid encoded by GGC in the standard
    genetic code on the Kyte-Doolittle scale ... than that of the amino acid encoded by GAG), else ``other``."""
    a, b = first.split(" "), other.split(" ")
    pre = 0
    while pre < min(len(a), len(b)) - 1 and a[pre] == b[pre]:
        pre += 1
    ofs = [i for i in range(pre) if a[i] == "of"]  # the head up to the "of" of an entity ("of the capital of
    # Chile": "that of Chile" after "the population of the capital of" would read as Chile's population), else
    # its last "of" ("the heat of combustion of eugenol": that of cinnamaldehyde, not "that of combustion of")
    pre = next((i + 1 for i in ofs if i + 1 < len(a) and a[i + 1] in ("the", "a", "an")), ofs[-1] + 1 if ofs else 0)
    post = 0
    while post < min(len(a), len(b)) - pre - 1 and a[len(a) - 1 - post] == b[len(b) - 1 - post]:
        post += 1
    while post and a[len(a) - post] not in TAIL_STARTS:
        post -= 1
    middle = b[pre: len(b) - post]
    if pre < 2 or not middle:
        return other
    return "that of " + " ".join(middle)


_CLAUSE_WORDS = frozenset({"and", "with", "for", "at", "on", "in", "to", "from", "by"})
"""Words that start a clause of a phrase: the end of a changed clause, or its preposition."""


def what_if(first: str, other: str) -> str | None:
    """The clause of ``other`` that differs from ``first``, with the preposition it takes, when the two phrases
    differ in one place only (one calculation with one input changed): ``with a BUN of 22 mg/dL`` from
    "... a BUN of 32 mg/dL and a glucose of ..." and "... a BUN of 22 mg/dL and ...", ``at 3.75% a year
    compounded yearly``, ``for an 82-year-old woman``; so a what-if question says the change once instead of
    repeating every input. None when they differ in more than one clause."""
    a, b = first.split(" "), other.split(" ")
    pre = 0
    while pre < min(len(a), len(b)) and a[pre] == b[pre]:
        pre += 1
    post = 0
    while post < min(len(a), len(b)) - pre and a[len(a) - 1 - post] == b[len(b) - 1 - post]:
        post += 1
    if pre == len(b) or len(b) - post <= pre:
        return None
    start, end = pre, len(b) - post  # the differing words of b: [start, end)
    if any(w.endswith(",") or w in _CLAUSE_WORDS or w.startswith("(") for w in b[start:end - 1]):
        return None  # two clauses changed
    lead = "with"
    while start > 0 and not b[start - 1].endswith((",", ";")) and not b[start].startswith("("):
        if b[start - 1] in _CLAUSE_WORDS:
            lead = b[start - 1] if b[start - 1] != "and" else "with"
            break
        if b[start - 1] == "of" and b[start] in ("a", "an", "the"):
            lead = "for"  # "the eGFR ... of a 45-year-old woman": for an 82-year-old woman
            break
        start -= 1
    while end < len(b) and not b[end - 1].endswith((",", ";", ")")) and b[end] not in _CLAUSE_WORDS:
        end += 1
    clause = " ".join(b[start:end]).strip(",;() ")
    if clause.split(" ")[0] in ("is", "weighs", "has", "was"):
        lead = "for someone who"  # "who weighs 70 kg and is 152 cm tall": for someone who is 165 cm tall
    return f"{lead} {clause}" if clause else None


def that_of(text: str) -> str:
    """``the molar mass of glucose than the molar mass of ribose`` -> ``... than that of ribose``."""
    return _THAT_OF.sub(r"\1 \2 \3 that of ", text)


def is_name(label: str) -> bool:
    """Whether a label reads as a name (lysine, Paris, fats and oils), not a code (KIN, 942.50, C4H8O2)."""
    return bool(re.search(r"[a-z]{2}", label)) and not re.search(r"\d", label)


_A_NUMBER = re.compile(r"\b([Aa]) (\d[\d,]*(?:\.\d+)?)(?=[-\s%])")


def articles(text: str) -> str:
    """"a" before a number said with a vowel sound made "an": an 82-year-old, an 8% rate, an 11-day trip."""
    def fix(m: re.Match[str]) -> str:
        digits = m.group(2).replace(",", "").split(".")[0]
        vowel = digits.startswith("8") or (len(digits) % 3 == 2 and digits[:2] in ("11", "18"))
        return f"{m.group(1)}n {m.group(2)}" if vowel else m.group(0)
    return _A_NUMBER.sub(fix, text)


_REPEAT = re.compile(r"\b((?:[\w-]+ ){1,5}[\w-]+)(?:,? \1\b(?! (?:and|of|de|del|do|da) [A-Z]))+")
"""A phrase said again right after itself, not the start of a longer name: "Sao Tome, Sao Tome and Principe" is the
city and its country (both readers, round CY)."""


def say_once(text: str) -> str:
    """A phrase said twice in a row once: a description and its template can both end "in UTC", and a time zone
    said as people say it ("Jamaica time") fills a template's "({timezone} time)"."""
    return re.sub(r"\btime time\b", "time", _REPEAT.sub(r"\1", text))


_PER_YEAR = {"1": ("annual", "once a year"), "2": ("semi-annual", "twice a year"), "4": ("quarterly", "quarterly"),
             "12": ("monthly", "monthly"), "26": ("biweekly", "every two weeks"), "52": ("weekly", "weekly")}
_PAYMENTS = re.compile(r"\b(1|2|4|12|26|52) payments a year\b")
_TIMES = re.compile(r"\b(?:paid|compounded|made) (1|2|4|12|26|52) times a year\b")
_AMOUNT_TIMES = re.compile(r"(\$\d+(?:,\d{3})*(?:\.\d+)?) (1|2|4|12|26|52) times a year\b")
_EACH = {"1": "a year", "2": "every six months", "4": "a quarter", "12": "a month", "26": "every two weeks",
         "52": "a week"}


_LONGEST = re.compile(r"\bthe (longest|shortest) length of (?:the )?")
_LOCAL = re.compile(r", given in the local time zone([?.])")
_AT_EVENT = re.compile(r" at (sunrise|sunset|dusk|solar noon) in the local time zone\b")


def idioms(text: str) -> str:
    """Counts per year said as people say them: "12 payments a year" -> "monthly payments", "paid 4 times a year"
    -> "paid quarterly", "paying $2000 12 times a year" -> "paying $2000 a month" (two reviewers read the counts as
    a template's); "the longest length of the day" -> "the longest day"; ", given in the local time zone?" -> " (local
    time)?"."""
    text = _LONGEST.sub(r"the \1 ", text)  # the longest day from sunrise to sunset, not its longest length
    text = _AT_EVENT.sub(r" at \1", text)  # "on 2 February 2026 at sunset": the event says the clock
    text = _LOCAL.sub(r" (local time)\1", text)  # "... in Cairo on 1 March 2025 (local time)? Give the time to the
    # minute.", not "..., given in the local time zone? Give the time ..." (both readers, round CR)
    text = _PAYMENTS.sub(lambda m: f"{_PER_YEAR[m.group(1)][0]} payments", text)
    text = _AMOUNT_TIMES.sub(lambda m: f"{m.group(1)} {_EACH[m.group(2)]}", text)  # paying $2000 a month
    return _TIMES.sub(lambda m: f"{m.group(0).split()[0]} {_PER_YEAR[m.group(1)][1]}", text)


_LEVELS = re.compile(r"(?:[\w-]+ )*?(?:point|temperature|rate|price|score|pressure|energy|frequency|speed|level|"
                     r"concentration|density|percentage|index|yield|risk|elevation|altitude|electronegativity|"
                     r"affinity|potential|coefficient|ratio|fraction|share|value)\b")


def degree(op: str, head: str) -> str:
    """The superlative a person uses for ``head``: the highest melting point, the largest population (two reviewers
    read "the smallest melting point" as a template's)."""
    if _LEVELS.fullmatch(head.split(" of ")[0].split(" in ")[0]):  # the head noun: not "the number of index entries"
        return "highest" if op == "argmax" else "lowest"
    if head.startswith("length of "):  # the longest day
        return "longest" if op == "argmax" else "shortest"
    return "largest" if op == "argmax" else "smallest"
