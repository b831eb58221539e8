"""Moved to :mod:`dive.ops` (a neutral module both derivers and the checks use); kept for old imports."""

from dive.ops import *  # noqa: F403
from dive.ops import __all__  # noqa: F401
