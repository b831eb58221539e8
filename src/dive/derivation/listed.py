"""Questions whose answer is a whole, short list: the ``which`` shape.

The part of the natural deriver (:mod:`dive.derivation.natural`) that asks for every item of a complete list a
call gives, in the lexicon's own words: *What are the official languages of Bahrain?*, *Which isotopes of
gadolinium occur in nature?*, *By which modes does potassium-40 decay?* A list is complete when its lexicon
field has a ``count`` question (the tool lists all, not the first few), and it is asked only with the field's own
``ask`` forms, never of a set people compare members over (``members: true``: the countries that border Spain are
gone through, not recited). The answer is a set (any order), each item as people write it (a language by its
name), each item also as the tool gives it (``Ca-40`` for calcium-40) or in its type's other words (a codon in mRNA
letters); grounding recomputes it with the ``set`` op.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import JsonValue

from dive._hashing import canonical_json
from dive.derivation.compare import Cand, Questions
from dive.derivation.realize import mention, noun_phrase, question_forms
from dive.records import AnswerSpec, Evidence, Provenance, ToolCall

__all__ = ["MAX_LISTED", "Listed"]

MAX_LISTED = 6
"""Most items a ``which`` answer lists: a person names six official languages or airports, not twenty."""

_SEPARATOR = re.compile(r"[,;]")


class Listed(Questions):
    """The ``which`` question of a complete list (see the module docstring)."""

    def item_sem(self, call: ToolCall, pattern: str) -> str | None:
        """The semantic type of the items of the list at ``pattern`` of ``call``'s output (None: free text)."""
        sem = self.tools[call.tool].output_sem
        return sem.get(pattern) or sem.get(pattern.removesuffix("[*]"))

    def listable(self, call: ToolCall, pattern: str, values: Sequence[Any], inputs: set[str]) -> bool:
        """Whether the items of a complete list at ``pattern`` may be asked for: 1 to :data:`MAX_LISTED` distinct
        strings or whole numbers of a semantic type (not free text: a decay mode "β+ & EC" is no one's answer), none
        an input of the program (the country itself among those sharing its code)."""
        return (1 <= len(values) <= MAX_LISTED and self.item_sem(call, pattern) is not None
                and all(isinstance(v, str) and v.strip() or (isinstance(v, int) and not isinstance(v, bool))
                        for v in values)
                and len({canonical_json(v) for v in values}) == len(values)
                and not any(canonical_json(v) in inputs for v in values))

    def list_question(self, last: ToolCall, pattern: str, values: Sequence[Any], args: Mapping[str, Any],
                      mentions: Mapping[str, str], n_calls: int, kind: str, rng: random.Random) -> Cand | None:
        """The ``which`` question of the list at ``pattern`` of ``last``'s output, or None where it cannot be said."""
        tl = self.lex.tools[last.tool]
        fl = tl.fields[pattern]
        sem = self.item_sem(last, pattern)
        try:
            phrase = noun_phrase(tl, fl, args, mentions, self.described(last))
        except KeyError:
            return None
        said = [mention(v, sem, self.lex) for v in values]
        if any(_SEPARATOR.search(s) for s in said) or len(set(said)) != len(said):
            return None  # "Seoul, South Korea" reads as two items
        whole = all(isinstance(v, int) for v in values)
        aliases = self.lex.type(sem).aliases
        items: list[JsonValue] = []
        for value, name in zip(values, said, strict=True):  # each item as people write it, or as the tool does, or
            # in the type's other words (a codon in mRNA letters: CUA for CTA)
            alts: list[JsonValue] = list(dict.fromkeys([name, str(value), *(aliases(value) if aliases else ())]))
            items.append(alts if len(alts) > 1 else name)
        spec = AnswerSpec(type="set", value=[int(v) for v in values] if whole else items,
                          item_type="integer" if whole else "string",
                          instructions="Name every one, separated by commas." if len(values) > 1 else "")
        forms = question_forms(tl, fl, phrase, mentions, args, described=self.described(last), kind=kind)
        own = sum(phrase not in f for f in forms)
        if not own:
            return None  # only the lexicon's own words: "What are the naturally occurring isotopes of ...?" reads
            # as a list, a generic "What is/are ...?" as a riddle about one thing
        query = self._ask(forms[:own], spec, rng, own=own, call=last)
        prov = Provenance(evidence=(Evidence(call_id=last.id, path=pattern),), op="set")
        return Cand(query, spec, prov, "which", n_calls)
