"""@tool builds schemas from type hints and docstrings; bad definitions fail clearly."""

from __future__ import annotations

import json
from typing import Annotated

import pytest
from typing_extensions import TypedDict

from dive.errors import ToolDefinitionError
from dive.tools import Sem, load_pack, tool
from dive.tools.tool import deferred_schemas, parse_docstring
from golden_util import assert_golden


def test_core_schemas_are_golden() -> None:
    schemas = {t.name: {"openai": t.openai_schema(), "output": t.output_schema, "param_sem": t.param_sem,
                        "output_sem": t.output_sem, "kind": t.kind} for t in load_pack("core")}
    assert_golden("schemas_core.json", json.dumps(schemas, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def test_openai_schema_strips_internal_keys() -> None:
    t = next(t for t in load_pack("core") if t.name == "convert_units")
    assert "x-sem" not in json.dumps(t.openai_schema())
    assert t.param_sem["from_unit"] == "unit"


def test_docstring_parser() -> None:
    desc, args = parse_docstring('''Do a thing.

    More detail.

    Args:
        a: first line
            continued.
        b (int): second.

    Returns:
        something.
    ''')
    assert desc == "Do a thing.\n\nMore detail."
    assert args == {"a": "first line continued.", "b": "second."}


class Out(TypedDict):
    items: list[Annotated[str, Sem("city_name")]]


def test_nested_output_semantic_paths() -> None:
    @tool(kind="R", domain="geo", pack="t")
    def cities(code: Annotated[str, Sem("country_code")]) -> Out:
        """List cities.

        Args:
            code: a country.
        """
        return {"items": []}

    assert cities.output_sem == {"$.items[*]": "city_name"}
    assert cities.param_sem == {"code": "country_code"}


def test_definition_errors_name_the_fix() -> None:
    with pytest.raises(ToolDefinitionError, match="add a docstring"):
        @tool(kind="P", domain="d", pack="p")
        def nodoc(x: int) -> int:
            return x

    with pytest.raises(ToolDefinitionError, match="document parameter 'y'"):
        @tool(kind="P", domain="d", pack="p")
        def undocumented(x: int, y: int) -> int:
            """Add.

            Args:
                x: a number.
            """
            return x + y

    with pytest.raises(ToolDefinitionError, match="needs a type annotation"):
        @tool(kind="P", domain="d", pack="p")
        def untyped(x) -> int:  # noqa: ANN001
            """Echo.

            Args:
                x: a value.
            """
            return x

    with pytest.raises(ToolDefinitionError, match="example 0 does not match"):
        @tool(kind="P", domain="d", pack="p", examples=[{"x": "abc"}])
        def bad_example(x: int) -> int:
            """Echo.

            Args:
                x: a number.
            """
            return x


def test_hash_changes_with_code() -> None:
    def make(double: bool):  # noqa: ANN202
        if double:
            @tool(kind="P", domain="d", pack="p", name="f")
            def f(x: int) -> int:
                """Echo.

                Args:
                    x: a number.
                """
                return 2 * x
        else:
            @tool(kind="P", domain="d", pack="p", name="f")
            def f(x: int) -> int:
                """Echo.

                Args:
                    x: a number.
                """
                return x

        return f

    a, b = make(True), make(False)
    assert a.parameters == b.parameters and a.description == b.description
    assert a.hash != b.hash  # same name, schema and metadata; only the body differs
    assert make(True).hash == a.hash


def test_every_tool_schema_is_golden() -> None:
    """What a model sees of every built-in tool, one JSON line per tool, reviewed in diffs."""
    from dive.tools import PACKS, pack_installed

    if not all(pack_installed(p) for p in PACKS):
        import pytest

        pytest.skip("the golden file covers the full pool")
    lines = []
    for pack in PACKS:
        for t in sorted(load_pack(pack), key=lambda t: t.name):
            row = {"pack": pack, "kind": t.kind, "schema": t.openai_schema()["function"],
                   "param_sem": t.param_sem, "output_sem": t.output_sem}
            lines.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    assert_golden("schemas_all.jsonl", "\n".join(lines) + "\n")


def test_deferred_tools_build_their_schemas_on_first_use() -> None:
    with deferred_schemas():
        @tool(kind="P", domain="d", pack="p", examples=[{"x": 2}])
        def double(x: int) -> int:
            """Double a number.

            Args:
                x: a number.
            """
            return 2 * x

        @tool(kind="P", domain="d", pack="p", examples=[{"x": "abc"}])
        def bad_example(x: int) -> int:
            """Echo.

            Args:
                x: a number.
            """
            return x

        with pytest.raises(ToolDefinitionError, match="needs a type annotation"):  # still checked at once
            @tool(kind="P", domain="d", pack="p")
            def untyped(x) -> int:  # noqa: ANN001
                """Echo.

                Args:
                    x: a value.
                """
                return x

    assert "parameters" not in vars(double)
    assert double.parameters["properties"]["x"]["type"] == "integer"
    assert double.args_model is not None and double.args_model.model_validate({"x": 3}).x == 3  # type: ignore[attr-defined]
    with pytest.raises(ToolDefinitionError, match="example 0 does not match"):
        _ = bad_example.parameters
    primed = next(t for t in load_pack("core") if t.name == "convert_units")
    assert primed.parameters == primed.parameters  # a pack's tools are deferred too; prime is a no-op once built
    primed.prime({}, {}, "0")
    assert primed.parameters != {}
