"""Task derivation: from a trace to tasks whose answers the trace entails.

    deriver = Compose()
    candidates = deriver.derive(Round(seed, toolset, tools, None, 1, None, rng), trace)

The default deriver (:class:`Compose`) needs no LLM: it picks evidence in the trace, applies
one op of :mod:`dive.ops`, and phrases the question from tool and field
metadata (:mod:`dive.derivation.phrasing`).
"""

from dive.derivation.answers import digits_for, spec_for
from dive.derivation.compose import Compose
from dive.derivation.phrasing import SEM_NOUNS, ArgSource, PhraseError, Phraser, argument_sources, field_phrase
from dive.stages import Deriver

__all__ = [
    "SEM_NOUNS",
    "ArgSource",
    "Compose",
    "Deriver",
    "PhraseError",
    "Phraser",
    "argument_sources",
    "digits_for",
    "field_phrase",
    "spec_for",
]
