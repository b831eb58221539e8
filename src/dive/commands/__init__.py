"""Implementations of the ``dive`` subcommands (parsing lives in :mod:`dive.cli`)."""
