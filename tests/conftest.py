from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "pingfang-education-2020.json"

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("GBREPORT_HYPOTHESIS_PROFILE", "default"))


def truth_files() -> list[Path]:
    return sorted(CORPUS.glob("*.truth.json"))


def load_truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


def run_guide(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, min_blocks: int) -> dict[str, object]:
    """Run every ``python`` block of ``docs/<name>`` in order, in ``tmp_path`` holding a copy of the seed
    example under ``examples/``; the namespace the blocks leave behind."""
    import re
    import shutil

    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert text.startswith("# ")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
    assert len(blocks) >= min_blocks
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "examples" / EXAMPLE.name)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{name.removesuffix('.md').replace('-', '_')}"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"{name}[block {i}]", "exec"), namespace)
    return namespace
