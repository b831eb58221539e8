"""Shared test fixtures. Every test runs with the network unavailable."""

from __future__ import annotations

import socket

import pytest


class NetworkBlocked(OSError):
    """Raised when a test (or a tool under test) tries to open a network connection."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every outbound socket connection fail, so built-in tools prove they are offline.

    Unix-domain sockets and loopback stay allowed (SQLite, multiprocessing, local test servers).
    """
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def allowed(sock: socket.socket, address: object) -> bool:
        if sock.family == socket.AF_UNIX:
            return True
        host = address[0] if isinstance(address, tuple) and address else ""
        return host in ("127.0.0.1", "::1", "localhost")

    def guarded_connect(sock: socket.socket, address: object) -> None:
        if not allowed(sock, address):
            raise NetworkBlocked(f"network access attempted in a test: {address!r}")
        return real_connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: object) -> int:
        if not allowed(sock, address):
            raise NetworkBlocked(f"network access attempted in a test: {address!r}")
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _no_dns(socket.getaddrinfo))


def _no_dns(real):  # noqa: ANN001, ANN202
    def getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if host not in (None, "127.0.0.1", "::1", "localhost"):
            raise NetworkBlocked(f"DNS lookup attempted in a test: {host!r}")
        return real(host, *args, **kwargs)

    return getaddrinfo


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):  # noqa: ANN201
    yield from _skip_missing_extra()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):  # noqa: ANN201
    yield from _skip_missing_extra()


def _skip_missing_extra():  # noqa: ANN202
    """A test (or fixture) that needs a pack or extra that is not installed is skipped with the pip command
    (MissingExtraError carries it), so the suite runs without ``[all]``; with ``[all]`` this never fires."""
    from dive.errors import MissingExtraError

    outcome = yield
    excinfo = outcome.excinfo
    if excinfo is not None and isinstance(excinfo[1], MissingExtraError):
        outcome.force_exception(pytest.skip.Exception(str(excinfo[1]), _use_item_location=True))
