"""The public namespace and the generated artefacts stay in step with the code."""

from __future__ import annotations

import importlib.util
import inspect
import pickle
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


def test_public_surface_is_exactly_all() -> None:
    """Every public attribute is in ``__all__`` (or is a subpackage); nothing private is exported."""
    modules = {name for name, value in vars(gbreport).items() if inspect.ismodule(value)}
    public = {name for name in dir(gbreport) if not name.startswith("_")} - modules
    assert public == set(gbreport.__all__) - {"__version__"}
    assert all(not name.startswith("_") or name == "__version__" for name in gbreport.__all__)


def test_public_names_present_themselves_as_gbreport() -> None:
    for name in gbreport.__all__:
        obj = getattr(gbreport, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__module__ == "gbreport", name


def test_public_values_pickle_by_their_public_names() -> None:
    report = gbreport.load(ROOT / "examples" / "pingfang-education-2020.json")
    findings = gbreport.check(report)
    assert pickle.loads(pickle.dumps(report)) == report
    assert pickle.loads(pickle.dumps(findings)) == findings
    error = pickle.loads(pickle.dumps(gbreport.LoadError("bad", location="t3", source="x.json")))
    assert isinstance(error, gbreport.LoadError)


def test_every_exception_is_a_gbreport_error_and_exported() -> None:
    import gbreport.errors

    for name in gbreport.errors.__all__:
        cls = getattr(gbreport.errors, name)
        assert issubclass(cls, gbreport.GbreportError), name
        assert getattr(gbreport, name) is cls, name
    # the strict entry point's exception is caught by the base class
    broken = gbreport.from_cells("2021-30", {"t4.reconsideration.upheld": 1, "t4.reconsideration.total": 5})
    try:
        gbreport.ensure_conforms(broken)
    except gbreport.GbreportError as exc:
        assert isinstance(exc, gbreport.ConformanceError) and isinstance(exc, ValueError)
    else:
        raise AssertionError("ensure_conforms accepted a report that does not conform")
