"""Moved to :mod:`dive.facts` (a neutral module explorers and derivers share); kept for old imports."""

from dive.facts import *  # noqa: F403
from dive.facts import __all__  # noqa: F401
