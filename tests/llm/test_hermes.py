"""Hermes ``<tool_call>`` blocks and ``<think>`` reasoning read out of plain content."""

from __future__ import annotations

from dive.llm.hermes import split_reasoning, tool_calls_in_text


def test_content_without_blocks_is_returned_unchanged() -> None:
    assert tool_calls_in_text("Paris is the capital.") == ("Paris is the capital.", ())


def test_closed_block_becomes_a_tool_call() -> None:
    rest, calls = tool_calls_in_text('<tool_call>\n{"name": "weather", "arguments": {"city": "Paris"}}\n</tool_call>')
    assert rest is None
    assert [(c.id, c.name, c.arguments) for c in calls] == [("call_0", "weather", '{"city": "Paris"}')]
    assert calls[0].parsed() == ({"city": "Paris"}, None)


def test_unclosed_block_at_the_end_is_still_read() -> None:
    rest, calls = tool_calls_in_text('Checking.\n<tool_call>\n{"name": "weather", "arguments": {"city": "Oslo"}}')
    assert rest == "Checking."
    assert calls[0].name == "weather"
    assert calls[0].parsed() == ({"city": "Oslo"}, None)


def test_several_blocks_get_distinct_ids_in_order() -> None:
    text = ('<tool_call>{"name": "a", "arguments": {}}</tool_call>\n'
            '<tool_call>{"name": "b", "arguments": {"x": [1, 2]}}</tool_call>')
    _, calls = tool_calls_in_text(text)
    assert [(c.id, c.name, c.arguments) for c in calls] == [("call_0", "a", "{}"), ("call_1", "b", '{"x": [1, 2]}')]


def test_invalid_json_block_keeps_its_raw_text_and_reports_why() -> None:
    body = '{"name": "weather", "arguments": {"city": "Paris",}'
    rest, calls = tool_calls_in_text(f"<tool_call>{body}</tool_call>")
    assert rest is None
    assert (calls[0].name, calls[0].arguments) == ("weather", body)
    args, why = calls[0].parsed()
    assert args is None
    assert why is not None and "not valid JSON" in why


def test_invalid_json_without_a_name_gives_an_empty_name() -> None:
    _, calls = tool_calls_in_text("<tool_call>call weather for Paris</tool_call>")
    assert (calls[0].name, calls[0].arguments) == ("", "call weather for Paris")
    assert calls[0].parsed()[0] is None


def test_parameters_key_is_accepted_for_arguments() -> None:
    _, calls = tool_calls_in_text('<tool_call>{"name": "f", "parameters": {"n": 3}}</tool_call>')
    assert calls[0].parsed() == ({"n": 3}, None)


def test_arguments_given_as_a_json_string_are_kept_as_that_string() -> None:
    _, calls = tool_calls_in_text('<tool_call>{"name": "f", "arguments": "{\\"n\\": 3}"}</tool_call>')
    assert calls[0].arguments == '{"n": 3}'
    assert calls[0].parsed() == ({"n": 3}, None)


def test_missing_arguments_become_an_empty_object_and_non_ascii_survives() -> None:
    _, calls = tool_calls_in_text('<tool_call>{"name": "now"}</tool_call><tool_call>{"name": "f", "arguments": {"c": "Zürich"}}</tool_call>')
    assert calls[0].arguments == "{}"
    assert calls[1].arguments == '{"c": "Zürich"}'


def test_text_outside_blocks_is_kept() -> None:
    rest, calls = tool_calls_in_text('Let me look.\n<tool_call>{"name": "f", "arguments": {}}</tool_call>\nThen I answer.')
    assert rest == "Let me look.\n\nThen I answer."
    assert len(calls) == 1


def test_split_reasoning_takes_a_leading_think_block() -> None:
    assert split_reasoning("<think>\nThe user wants a city.\n</think>\n\nParis.") == ("Paris.", "The user wants a city.")


def test_split_reasoning_edge_cases() -> None:
    assert split_reasoning(None) == (None, None)
    assert split_reasoning("") == ("", None)
    assert split_reasoning("Paris.") == ("Paris.", None)
    assert split_reasoning("<think>\n\n</think>\n\nParis.") == ("Paris.", None)  # Qwen3 with thinking off
    assert split_reasoning("<think>only thoughts</think>") == (None, "only thoughts")
    assert split_reasoning("Paris. <think>late</think>") == ("Paris. <think>late</think>", None)
    assert split_reasoning("<think>unfinished") == ("<think>unfinished", None)
