"""One warm OPSIN per output format: a Java process fed one name per line, kept between calls.

    smiles = opsin("propan-2-ol", "SMILES")      # "CC(C)O"; ToolError naming why a name does not parse

Starting the JVM takes a second or two, parsing a name a few milliseconds, so the JVM is started
on the first name and kept (py2opsin would start one per name). OPSIN's command line reads names
from standard input and answers each with one line, empty when the name does not parse (the reason
goes to standard error). A JVM that does not answer within the timeout is killed, and one that died
is started again for the next name; the process is a child of the caller (in a tool host, of the
host: killing the host's process group kills it too). Offline and deterministic: OPSIN's answer
depends on the name alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import subprocess
import threading
import time
from pathlib import Path

from dive.errors import ToolError

__all__ = ["JAVA_MISSING", "opsin"]

JAVA_MISSING = ("OPSIN needs a Java runtime, which is not installed (or does not start) on this machine; "
                "install a Java runtime (apt-get install default-jre-headless); 'dive doctor' checks it")

_FLAGS = {"SMILES": "-osmi", "StdInChI": "-ostdinchi"}
_JVM = ("-Xmx512m", "-XX:+UseSerialGC", "-XX:CompressedClassSpaceSize=64m", "-XX:ReservedCodeCacheSize=64m",
        "-XX:TieredStopAtLevel=1")
"""Small reservations: the process runs under the tool host's address-space limit. The client compiler alone: a JVM
that parses a few hundred names never repays the server compiler's work (start-up and 5 names: 0.57 s of CPU against
0.95 s; 250 names: 0.59 s against 0.92 s)."""


def _jar() -> Path:
    import py2opsin

    found = sorted(Path(py2opsin.__file__).parent.glob("opsin-cli-*.jar"))
    if not found:
        raise ToolError("py2opsin is installed without its OPSIN jar; reinstall it: pip install py2opsin")
    return found[-1]


class _Lines:
    """Complete lines read from a pipe with a deadline (no blocking read past it)."""

    def __init__(self, fd: int) -> None:
        self.fd, self.buf = fd, b""

    def line(self, deadline: float) -> str | None:
        """The next line without its newline; None past the deadline; EOFError when the pipe closed."""
        while b"\n" not in self.buf:
            if not select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line.decode("utf-8", "replace").rstrip("\r")

    def drain(self, wait_s: float = 0.0) -> list[str]:
        """The complete lines available now, and any that come within ``wait_s`` of the last."""
        out = []
        while (line := self.line(time.monotonic() + wait_s)) is not None:
            out.append(line)
        return out


_GREETING = re.compile(r"Run the jar using the -h flag for help\.\s*|Enter a chemical name to begin:\s*")
"""OPSIN's greeting on standard error: a JVM still starting writes it after the drain before the first name, so it is
taken out of a reason (the same name's error must not depend on whether the JVM was new)."""


class _Process:
    """A running OPSIN for one output format."""

    def __init__(self, flag: str) -> None:
        java = shutil.which("java")
        if java is None:
            raise ToolError(JAVA_MISSING)
        try:
            self.proc = subprocess.Popen([java, *_JVM, "-jar", str(_jar()), flag], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError:
            raise ToolError(JAVA_MISSING) from None
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.out, self.err = _Lines(self.proc.stdout.fileno()), _Lines(self.proc.stderr.fileno())

    def parse(self, name: str, timeout_s: float) -> tuple[str, str]:
        """(result, "") or ("", OPSIN's reason); TimeoutError or EOFError when the process fails."""
        assert self.proc.stdin is not None
        self.err.drain()  # the greeting, anything left over (waiting here cost every name 50 ms)
        if self.out.drain():  # an answer no name is waiting for: every later answer would be the name before's
            raise EOFError  # (the process is started again)
        try:
            self.proc.stdin.write(name.encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise EOFError from None
        result = self.out.line(time.monotonic() + timeout_s)
        if result is None:
            raise TimeoutError
        if result:
            return result, ""
        # OPSIN writes the reason to standard error before the empty answer
        reason = self.err.line(time.monotonic() + 2.0) or ""
        return "", _GREETING.sub("", " ".join([reason, *self.err.drain(0.05)])).strip()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()


_running: dict[str, _Process] = {}
_lock = threading.Lock()
os.register_at_fork(after_in_child=_running.clear)  # a forked copy of a tool host starts JVMs of its own


def opsin(name: str, output_format: str, timeout_s: float = 25.0) -> str:
    """``name`` parsed by OPSIN into ``output_format`` (``SMILES`` or ``StdInChI``); ToolError when it does not
    parse, when Java is missing, or when OPSIN does not answer within ``timeout_s``."""
    text = (name or "").strip()
    if not text:
        raise ToolError("name is empty; give an IUPAC name such as '2-acetyloxybenzoic acid'")
    if "\n" in text or "\r" in text:
        raise ToolError("give one name per call (no newlines)")
    with _lock:
        for attempt in (1, 2):  # a JVM that died since the last name is started again once
            proc = _running.get(output_format)
            if proc is None or proc.proc.poll() is not None:
                proc = _running[output_format] = _Process(_FLAGS[output_format])
            try:
                result, reason = proc.parse(text, timeout_s)
                break
            except TimeoutError:
                _running.pop(output_format).close()
                raise ToolError(f"OPSIN did not answer within {timeout_s:g} s") from None
            except EOFError:
                _running.pop(output_format).close()
                if attempt == 2:
                    raise ToolError(JAVA_MISSING) from None
    if not result:
        detail = " ".join(reason.split()) or "unparsable"
        raise ToolError(f"OPSIN could not parse {name!r} as a systematic name ({detail[:300]}); for trivial or trade "
                        "names use chemical_lookup")
    return result
