"""A simulated model for pipeline tests: plays every LLM role coherently, from the prompts alone.

It reads what a real model would read (the stage's system prompt, the evidence lines, the
question) and answers like a competent one would, so a whole LLM run can go through the
real ``openai`` SDK against the fake server (``SimModel.respond``) or in process through a
:class:`~dive.llm.ScriptedLLM` (``SimModel.script``):

- explorer: calls tools of the offered toolset with their example arguments (two per turn,
  two turns), then stops;
- deriver: picks the last evidence call with a scalar output field and writes an
  ``identity`` task about it, remembering the call so the solver can repeat it;
- solver: makes that call, then answers with the value it got back;
- closed book: does not know; judge: grades ``correct``.

``wrong_answers=True`` makes the deriver state a wrong value (to test grounding
rejections); ``prose=True`` makes it reply in prose instead of JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any

from dive.derivation.llm import SYSTEM as DERIVER_SYSTEM
from dive.exploration.llm import SYSTEM as EXPLORER_SYSTEM
from dive.llm import Completion, ToolCallRequest
from dive.tools.tool import Tool
from dive.trajectories import SYSTEM_PROMPT as SOLVER_SYSTEM
from dive.verification.judge import ANSWER_SYSTEM, ENTAILMENT_SYSTEM
from dive.verification.solver import CLOSED_BOOK_SYSTEM

_LINE = re.compile(r"^\[(c\d+)\] ([\w.]+)\((.*)\) -> (.*)$")


class SimModel:
    """One simulated model; its memory links the deriver's tasks to the solver's calls."""

    def __init__(self, pool: dict[str, Tool], *, wrong_answers: bool = False, prose: bool = False) -> None:
        self.pool = pool
        self.wrong_answers = wrong_answers
        self.prose = prose
        self.memory: dict[str, tuple[str, dict[str, Any], Any]] = {}
        self.stages: dict[str, int] = {}

    # -- adapters -------------------------------------------------------------------------
    def respond(self, request: dict[str, Any]) -> dict[str, Any]:
        """The fake server's respond hook: an assistant message dict."""
        return self.turn(request["messages"], request.get("tools"))

    def script(self, messages: Any, tools: Any) -> Completion:
        """A ScriptedLLM function."""
        out = self.turn(list(messages), tools)
        calls = tuple(ToolCallRequest(id=f"call_{i}", name=c["name"], arguments=json.dumps(c["arguments"]))
                      for i, c in enumerate(out.get("tool_calls") or []))
        return Completion(content=out.get("content"), tool_calls=calls)

    # -- roles ----------------------------------------------------------------------------
    def turn(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> dict[str, Any]:
        system = messages[0]["content"] if messages and messages[0]["role"] == "system" else ""
        role = {EXPLORER_SYSTEM: "explorer", DERIVER_SYSTEM: "deriver", SOLVER_SYSTEM: "solver",
                CLOSED_BOOK_SYSTEM: "closed_book", ANSWER_SYSTEM: "judge", ENTAILMENT_SYSTEM: "judge"}.get(system, "?")
        self.stages[role] = self.stages.get(role, 0) + 1
        return getattr(self, f"_{role}" if role != "?" else "_unknown")(messages, tools)

    def _unknown(self, messages: list[dict[str, Any]], tools: Any) -> dict[str, Any]:
        return {"content": "I am not sure what you are asking."}

    def _explorer(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> dict[str, Any]:
        turns = sum(1 for m in messages if m["role"] == "assistant")
        if turns >= 2 or not tools:
            return {"content": "Done collecting."}
        called = {c["function"]["name"] for m in messages for c in m.get("tool_calls") or []}
        earlier = set(re.findall(r"^\[c\d+\] ([\w.]+)\(", messages[1]["content"], re.M))
        names = [t["function"]["name"] for t in tools]
        fresh = [n for n in names if n in self.pool and self.pool[n].examples and n not in called | earlier]
        offset = len(messages[1]["content"]) % max(1, len(fresh))
        picks = (fresh[offset:] + fresh[:offset])[:2]
        if not picks:
            return {"content": "Nothing new to call."}
        return {"content": None, "tool_calls": [{"name": n, "arguments": dict(self.pool[n].examples[0])} for n in picks]}

    def _deriver(self, messages: list[dict[str, Any]], tools: Any) -> dict[str, Any]:
        if self.prose:
            return {"content": "Here is a good question: what is the answer? The answer is 42."}
        user = messages[-1]["content"]
        lines = [m for m in (_LINE.match(line) for line in user.splitlines()) if m]
        for match in reversed(lines):
            handle, tool, args_text, out_text = match.groups()
            try:
                output, args = json.loads(out_text), json.loads(args_text)
            except json.JSONDecodeError:
                continue
            if not isinstance(output, dict):
                continue
            # A competent deriver never names a value the solver must look up first: skip calls fed by other outputs.
            others = " ".join(m.group(4) for m in lines if m is not match)
            seed = re.search(r"^Seed: (.*?)(?: \(|, a )", user, re.M)
            seed_text = seed.group(1) if seed else ""
            if any((json.dumps(v) in others or str(v) in others) and json.dumps(v) != seed_text for v in args.values()):
                continue
            for key, value in output.items():
                if isinstance(value, bool) or not isinstance(value, int | float | str) or value in ("", 0):
                    continue
                if str(value) in args_text:
                    continue
                if isinstance(value, str) and (len(value) > 40 or not value.strip()):
                    continue
                kind = "integer" if isinstance(value, int) else "number" if isinstance(value, float) else "string"
                stated = value
                if self.wrong_answers:
                    stated = value + 1000 if kind != "string" else value + " (wrong)"
                shown = ", ".join(f"{k} {json.dumps(v)}" for k, v in args.items())
                query = f"Using the tool `{tool}` with {shown or 'no arguments'}, what is the `{key}` it reports?"
                self.memory[query] = (tool, args, value)
                return {"content": json.dumps({
                    "query": query,
                    "answer": {"type": kind, "value": stated},
                    "provenance": {"evidence": [{"call": handle, "path": f"$.{key}"}], "op": "identity", "params": {}},
                })}
        return {"content": json.dumps({"query": "nothing usable here at all", "answer": {"type": "string", "value": "x"},
                                       "provenance": {"evidence": [], "op": "identity"}})}

    def _solver(self, messages: list[dict[str, Any]], tools: Any) -> dict[str, Any]:
        query = messages[1]["content"]
        known = next((v for q, v in self.memory.items() if query.startswith(q)), None)
        if known is None:
            return {"content": "I could not work it out. Final answer: unknown"}
        tool, args, _ = known
        results = [m for m in messages if m["role"] == "tool"]
        if not results:
            return {"content": None, "tool_calls": [{"name": tool, "arguments": args}]}
        body = results[-1]["content"]
        try:
            value = json.loads(body)[_key(query)]
        except (json.JSONDecodeError, KeyError, TypeError):
            return {"content": f"The tool failed: {body[:80]}. Final answer: unknown"}
        return {"content": f"The tool reports it directly.\nFinal answer: {value}"}

    def _closed_book(self, messages: list[dict[str, Any]], tools: Any) -> dict[str, Any]:
        return {"content": "I cannot know that without looking it up. Final answer: I don't know"}

    def _judge(self, messages: list[dict[str, Any]], tools: Any) -> dict[str, Any]:
        user = messages[-1]["content"]
        reference = re.search(r"(?:Reference answer|\nAnswer): (?:Final answer: )?(.*)", user)
        candidate = re.search(r"Candidate answer: (.*)", user, re.S)
        if candidate is None:  # entailment: the answer must appear in the evidence
            ok = reference is not None and reference.group(1).strip() in user.split("Question:")[0]
        else:
            ok = reference is not None and reference.group(1).strip().lower() in candidate.group(1).lower()
        grade = "correct" if ok else "incorrect"
        return {"content": json.dumps({"grade": grade, "reason": "compared the values"})}


def _key(query: str) -> str:
    found = re.search(r"what is the `([^`]+)`", query)
    return found.group(1) if found else ""
