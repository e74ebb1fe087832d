"""The public namespace and the generated artefacts stay in step with the code."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import gbreport

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_sorted_and_importable() -> None:
    def kind(name: str) -> int:  # constants, classes, then functions and the rest
        return 0 if name.isupper() else 1 if name[0].isupper() else 2

    names = list(gbreport.__all__)
    assert names == sorted(names, key=lambda n: (kind(n), n))
    assert len(set(names)) == len(names)
    for name in gbreport.__all__:
        assert hasattr(gbreport, name), name


def test_contract_functions_exist() -> None:
    for name in ("load", "dumps", "from_cells", "cells", "check"):
        assert name in gbreport.__all__
        assert callable(getattr(gbreport, name))


def test_package_is_typed() -> None:
    assert (Path(gbreport.__file__).parent / "py.typed").exists()


def test_generated_docs_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_importing_gbreport_does_not_import_hypothesis() -> None:
    code = "import sys, gbreport; sys.exit('hypothesis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    assert importlib.util.find_spec("gbreport.strategies") is not None
