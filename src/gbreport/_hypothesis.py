"""Hypothesis entry point: makes ``st.from_type(ReportV2019)`` (and 2021) use gbreport's strategies."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from .model import ReportV2019, ReportV2021

    def version_strategy(version: str) -> st.SearchStrategy[object]:
        def build() -> st.SearchStrategy[object]:
            from .strategies import reports

            return reports(version)

        return st.deferred(build)

    st.register_type_strategy(ReportV2019, version_strategy("2019-60"))
    st.register_type_strategy(ReportV2021, version_strategy("2021-30"))
