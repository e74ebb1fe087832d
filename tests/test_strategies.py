"""The public hypothesis strategies: valid reports, broken-on-purpose reports, registration."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import entry_points

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gbreport
from gbreport import ReportV2019, ReportV2021
from gbreport.formats import FORMAT_VERSIONS
from gbreport.model import Report
from gbreport.strategies import BROKEN_CODES, broken_reports, reports


def test_broken_codes_are_the_summation_rules() -> None:
    assert BROKEN_CODES == ("t3.balance", "t3.results_total", "t3.row_total", "t4.group_total")


@given(reports())
def test_reports_conform_without_any_finding(report: Report) -> None:
    assert list(gbreport.check(report)) == []


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
@pytest.mark.parametrize("code", BROKEN_CODES)
def test_each_broken_report_breaks_exactly_its_code(code: str, version: str) -> None:
    @given(broken_reports(code, format_version=version))
    def run(report: Report) -> None:
        assert report.format_version == version
        findings = gbreport.check(report)
        assert {f.code for f in findings} == {code}, findings
        assert all(f.severity == "error" for f in findings)
        # table 4's groups are independent; table 3's equations are linearly dependent,
        # so breaking one rule there fails two or three of its equations and nothing else
        assert len(findings) == 1 if code == "t4.group_total" else len(findings) in (2, 3)

    run()


@given(broken_reports())
def test_any_broken_report_breaks_one_code(report: Report) -> None:
    findings = gbreport.check(report)
    assert not findings.conforms
    assert len({f.code for f in findings}) == 1


def test_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match=r"t3\.balance"):
        broken_reports("t3.nonsense")


def test_the_entry_point_is_declared() -> None:
    names = {ep.value for ep in entry_points(group="hypothesis")}
    assert "gbreport._hypothesis:_hypothesis_setup_hook" in names


@given(st.from_type(ReportV2019), st.from_type(ReportV2021))
def test_from_type_uses_the_registered_strategies(old: ReportV2019, new: ReportV2021) -> None:
    assert old.format_version == "2019-60" and new.format_version == "2021-30"
    assert gbreport.check(old).conforms and gbreport.check(new).conforms


def test_from_type_after_the_hook_runs_again() -> None:
    from gbreport._hypothesis import _hypothesis_setup_hook

    _hypothesis_setup_hook()

    @settings(max_examples=5)
    @given(st.from_type(ReportV2021))
    def conforms(report: ReportV2021) -> None:
        assert report.format_version == "2021-30"
        assert gbreport.check(report).conforms

    conforms()


_BLOCKER = textwrap.dedent(
    """
    import importlib.abc
    import sys

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "hypothesis" or name.startswith("hypothesis."):
                raise ImportError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Blocker())
    """
)


def test_without_hypothesis_the_import_error_names_the_extra() -> None:
    code = _BLOCKER + textwrap.dedent(
        """
        import gbreport, gbreport.builders           # the library itself works without hypothesis
        try:
            import gbreport.strategies
        except ImportError as exc:
            print(exc)
        else:
            raise SystemExit("imported without hypothesis")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "pip install 'gbreport[hypothesis]'" in done.stdout
