"""Reports as datasets: wide tables (CSV, Excel, Parquet), pandas data frames, and the
``gbreport cells`` output read back into reports.

>>> from gbreport.datasets import to_dataframe
>>> df = to_dataframe(["reports/"], as_version="2021-30")      # doctest: +SKIP
>>> df[["agency", "year", "t3.total.total"]]                    # doctest: +SKIP
"""

from __future__ import annotations

from ._readback import (
    is_cells_mapping,
    looks_like_cells_tsv,
    read_cells,
    read_cells_mapping,
    read_cells_tsv,
    version_of,
)
from ._tabular import Tabular, read_tabular
from ._wide import (
    CONVERTED,
    META,
    PRINTED,
    WideTable,
    folder_suffixes,
    frame,
    marks_after,
    reviewed,
    to_csv,
    to_dataframe,
    to_parquet,
    to_xlsx,
    wide_table,
)

__all__ = [
    "CONVERTED",
    "META",
    "PRINTED",
    "Tabular",
    "WideTable",
    "folder_suffixes",
    "frame",
    "is_cells_mapping",
    "looks_like_cells_tsv",
    "marks_after",
    "read_cells",
    "read_cells_mapping",
    "read_cells_tsv",
    "read_tabular",
    "reviewed",
    "to_csv",
    "to_dataframe",
    "to_parquet",
    "to_xlsx",
    "version_of",
    "wide_table",
]
