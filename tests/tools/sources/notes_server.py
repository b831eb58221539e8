"""A stateful MCP server written with the mcp SDK, for the tests: notes with tags, and a reset tool.

Run: ``python notes_server.py`` (stdio) or ``python notes_server.py http PORT`` (streamable HTTP).
"""

from __future__ import annotations

import sys

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations
from typing_extensions import TypedDict

server = MCPServer("notes")
_START = {"groceries": ("milk eggs bread", "home"), "standup": ("ship the release on friday", "work"),
          "trip": ("book the train to lyon", "travel"), "reading": ("finish the novel", "home")}
_TAGS = {"home": "green", "work": "blue", "travel": "orange"}
NOTES: dict[str, tuple[str, str]] = dict(_START)


class Note(TypedDict):
    tag: str
    words_count: int


class Tag(TypedDict):
    notes_count: int
    color: str


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def read_note(title: str) -> Note:
    """A note's tag and how many words it has."""
    text, tag = NOTES[title]
    return {"tag": tag, "words_count": len(text.split())}


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def tag_summary(tag: str) -> Tag:
    """How many notes carry a tag, and the tag's color."""
    return {"notes_count": sum(1 for _, t in NOTES.values() if t == tag), "color": _TAGS[tag]}


@server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True))
def append_words(title: str, words: str) -> dict[str, int]:
    """Add words at the end of a note."""
    text, tag = NOTES[title]
    NOTES[title] = (f"{text} {words}", tag)
    return {"words_count": len(NOTES[title][0].split())}


@server.tool(annotations=ToolAnnotations(destructive_hint=True))
def retag_note(title: str, tag: str) -> dict[str, bool]:
    """Move a note to another tag."""
    if tag not in _TAGS:
        raise ValueError(f"unknown tag {tag!r}")
    NOTES[title] = (NOTES[title][0], tag)
    return {"ok": True}


@server.tool()
def reset() -> str:
    """Back to the starting notes."""
    NOTES.clear()
    NOTES.update(_START)
    return "ok"


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "http":
        import anyio

        anyio.run(lambda: server.run_streamable_http_async(port=int(sys.argv[2])))
    else:
        server.run("stdio")
