"""Hostile or random input to load(): a report or a LoadError, never anything else."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

import gbreport
from conftest import EXAMPLE

SEED = EXAMPLE.read_bytes()


def _load_or_error(data: bytes | str) -> None:
    try:
        report = gbreport.load(data)
    except gbreport.LoadError as exc:
        assert "\n" not in str(exc)
    else:
        assert gbreport.dumps(report)
        gbreport.check(report)


@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _load_or_error(data if data.lstrip().startswith(b"{") else b"{" + data)


@given(st.data())
def test_mutated_seed_bytes(data: st.DataObject) -> None:
    raw = bytearray(SEED)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        op = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if op == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif op == "delete":
            del raw[at : at + data.draw(st.integers(1, 50))]
        else:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=20))
    _load_or_error(bytes(raw))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(st.data())
def test_replacing_any_value_with_any_json(data: st.DataObject) -> None:
    doc = json.loads(SEED)
    node = doc
    keys = []
    while isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(sorted(node)))
        keys.append(key)
        if not isinstance(node[key], dict) or data.draw(st.booleans()):
            node[key] = data.draw(JSON_VALUES)
            break
        node = node[key]
    _load_or_error(json.dumps(doc, ensure_ascii=False))
