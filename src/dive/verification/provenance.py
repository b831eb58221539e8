"""Moved to :mod:`dive.provenance` (a neutral module); kept for old imports."""

from dive.provenance import *  # noqa: F403
from dive.provenance import __all__  # noqa: F401
