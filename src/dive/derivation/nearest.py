"""Which is nearest: the part of the natural deriver that reads a ranking the explorer made
(:func:`dive.exploration.joins.rank`: one measure, a distance or a structural similarity, taken from
one anchor to each of several others) and asks which of the others is closest to or farthest from it.

The others are the members of a set, named by its relation: *Which of the countries that border Spain
has its capital closest to the capital of Spain?* The agent must find each member's position (or
structure), measure every pair with a tool and compare. Not over entities a question names (parallel
chains of a broad family, *Which of Nanchang, Xi'an and Chennai is closest to Jiading?*): two independent
reviewers rated 2 of 10 good.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from pydantic import JsonValue

from dive.chains import member_sets, rank_sides
from dive.derivation.compare import Cand, number, pick_op
from dive.derivation.describe import DescribeError
from dive.derivation.members import Members
from dive.derivation.realize import fill
from dive.derivation.wording import head_of, is_name
from dive.jsonpath import expand
from dive.lexicon import FieldLex
from dive.ops import OpError, apply_op
from dive.records import AnswerSpec, Evidence, Provenance, ToolCall

__all__ = ["Nearest"]


class Nearest(Members):
    """Rankings by a measure from one anchor (see the module docstring)."""

    def rankings(self, rng: random.Random) -> list[Cand]:
        """Every ranking of the trace: calls of one tool measured from one anchor call to 2+ other calls."""
        groups: dict[tuple[str, str, str], list[ToolCall]] = {}
        for call in self.calls.values():
            tl = self.lex.tools[call.tool]
            for path, fl in tl.fields.items():
                sides = rank_sides(self.tools[call.tool], tl, fl) if fl.rank else None
                if sides is None:
                    continue
                (p1, p2), _ = sides
                if p1 in call.sources and p2 in call.sources and call.sources[p1].call_id != call.sources[p2].call_id:
                    groups.setdefault((call.tool, path, call.sources[p1].call_id), []).append(call)
        out: list[Cand] = []
        for (_, path, _), calls in groups.items():
            if len(calls) >= 2:
                out.extend(self._ranking(calls, path, rng))
        return out

    def _ranking(self, calls: Sequence[ToolCall], path: str, rng: random.Random) -> list[Cand]:
        tool, tl = self.tools[calls[0].tool], self.lex.tools[calls[0].tool]
        fl: FieldLex = tl.fields[path]
        sides = rank_sides(tool, tl, fl)
        if sides is None:
            return []
        (p1, p2), _ = sides
        slot_a, slot_b = tl.group_of(p1) or p1, tl.group_of(p2) or p2
        others = [self.calls.get(c.sources[p2].call_id) for c in calls]
        if any(o is None for o in others) or len({o.id for o in others if o is not None}) != len(others):
            return []
        options_calls = [o for o in others if o is not None]
        found = [list(expand(self.trace.observation(c.id).output, path)) for c in calls]
        if not all(len(f) == 1 and number(f[0][1]) for f in found):
            return []
        values = [f[0][1] for f in found]
        if len(set(values)) != len(values) or min(values) < 0:
            return []  # a tie has no single answer
        ids = {o.id for o in options_calls}
        mset = next((m for m in member_sets(self.trace) if set(m.calls) == ids and m.parent in self.calls), None)
        saved = {o.id: o for o in options_calls}
        if mset is not None:  # a member is named (the capital of Portugal), not described as an item of the list
            self.calls.update({o.id: o.model_copy(update={"sources": {}}) for o in options_calls})
        try:
            mentions = [self.mentions(c) for c in calls]
            anchor = {m[slot_a] for m in mentions}
            phrases = [m[slot_b] for m in mentions]
        except (DescribeError, KeyError):
            return []
        finally:
            self.calls.update(saved)
        if len(anchor) != 1:
            return []
        if mset is None:  # parallel chains of a broad family ("Which of Nanchang, Xi'an and Chennai is closest to
            return []  # Jiading?"): two independent reviewers rated 2 of 10 good
        try:
            whole = self._set_phrase(mset)
            labels, noun = self.entities(options_calls)
        except (DescribeError, KeyError):
            return []
        names = [str(lab) for lab in labels]
        if (len(set(names)) != len(names) or not all(is_name(n) for n in names)
                or any(re.search(r",|\(| and ", n) for n in names)):
            return []  # options given by code read as a database query; "Saint Kitts and Nevis and Mexico" as two
        head = head_of(phrases, names)
        if not head and phrases != names:
            return []  # the measured things must be the options or a thing of theirs (their capital)
        op = pick_op(values, rng, margin=MARGIN)
        if op is None:
            return []  # Lima or Tokyo, which is closer to Paris: no tool needed; Andorra la Vella (492 km from
            # Madrid) or Gibraltar (496 km): another source of coordinates may rank them the other way
        options: list[JsonValue] = list(names)
        try:
            winner = str(apply_op(op, list(values), {"labels": options}))
            phrase = fill(fl.rank["min" if op == "argmin" else "max"], {**mentions[0], slot_a: anchor.pop()},
                          self.described(calls[0]) - {slot_b})
        except (OpError, KeyError):
            return []
        what = f"has its {head} {phrase}" if head else f"is {phrase}"
        forms = [f"Which of {whole} {what}?", f"Of {whole}, which one {what}?"]
        spec = AnswerSpec(type="string", value=winner, aliases=self.other_names(options_calls[names.index(winner)], winner),
                          instructions=f"Answer with the {noun}'s name." if noun else "Answer with its name.")
        query = self._ask(forms, spec, rng, call=calls[0])
        prov = Provenance(evidence=tuple(Evidence(call_id=c.id, path=f[0][0]) for c, f in zip(calls, found,
                                                                                             strict=True)),
                          op=op, params={"labels": options})
        n_calls = len(set().union(*(self.lineage(c.id) for c in calls)))
        return [Cand(query, spec, prov, "nearest", n_calls)]


MARGIN = 0.05
"""How far (a share of the winner's value) the runner-up must be from the winner: a ranking closer than that
depends on the data source (one gazetteer's coordinates of a capital against another's)."""

