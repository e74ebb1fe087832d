"""Hypothesis entry point: makes ``st.from_type(ReportV2019)`` (and every registered version's
report class) use gbreport's strategies."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from .formats import versions
    from .model import report_class

    def version_strategy(version: str) -> st.SearchStrategy[object]:
        def build() -> st.SearchStrategy[object]:
            from .strategies import reports

            return reports(version)

        return st.deferred(build)

    for version in versions():
        st.register_type_strategy(report_class(version), version_strategy(version))
