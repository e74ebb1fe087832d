"""Round trips: parse(render(r, to=fmt)).report has the same cells as r."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from gbreport import cells
from gbreport import rendering as render_module
from gbreport.model import Report
from gbreport.parsing import parse
from gbreport.strategies import reports


@pytest.mark.parametrize("to", ["html", "markdown", "text", "docx"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_render_then_parse_keeps_every_cell(to: str, report: Report) -> None:
    rendered = render_module.render(report, to=to)
    result = parse(rendered)
    assert result.format_version == report.format_version
    assert dict(cells(result.report)) == dict(cells(report))
