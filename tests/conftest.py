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
