"""The code in the guides runs as written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from conftest import ROOT
from gbreport.strategies import BROKEN_CODES

DOCS = ROOT / "docs"


def _blocks(path: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.S | re.M)


def _run(path: Path) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": f"docs_{path.stem}"}
    for i, block in enumerate(_blocks(path)):
        exec(compile(block, f"{path.name}[block {i}]", "exec"), namespace)
    return namespace


def test_generate_guide_runs() -> None:
    path = DOCS / "guide-generate.md"
    assert len(_blocks(path)) >= 6
    namespace = _run(path)
    assert namespace["findings"].conforms
    assert namespace["result"].report.format_version == "2021-30"


settings.register_profile("docs-examples", max_examples=10, deadline=None)


@pytest.fixture
def few_examples() -> Iterator[None]:
    """The guide's property tests are examples of usage; a few runs each show they work."""
    previous = settings.get_current_profile_name()
    settings.load_profile("docs-examples")
    try:
        yield
    finally:
        settings.load_profile(previous)


@pytest.mark.usefixtures("few_examples")
def test_property_testing_guide_runs() -> None:
    namespace = _run(DOCS / "guide-property-testing.md")
    tests = {name: fn for name, fn in namespace.items() if name.startswith("test_") and callable(fn)}
    assert len(tests) >= 5
    for name, fn in tests.items():
        if name == "test_each_rule_is_caught":
            for code in BROKEN_CODES:
                fn(code)
        else:
            fn()


@pytest.mark.parametrize("name", ["guide-generate.md", "guide-property-testing.md"])
def test_guides_have_a_title(name: str) -> None:
    first = (DOCS / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ")
