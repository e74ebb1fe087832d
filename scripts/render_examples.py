"""Render the bundled example in every output and locale next to it, under examples/.

python scripts/render_examples.py            # all outputs (PDF needs Chromium and a CJK font)
python scripts/render_examples.py --no-pdf   # skip the PDF files
"""

from __future__ import annotations

import argparse
from pathlib import Path

import gbreport
from gbreport.rendering import LOCALES, OUTPUTS, SUFFIXES, render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "pingfang-education-2020.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-pdf", action="store_true", help="do not render PDF files")
    args = parser.parse_args()
    report = gbreport.load(EXAMPLE)
    for locale in LOCALES:
        for to in OUTPUTS:
            if to == "pdf" and args.no_pdf:
                continue
            out = EXAMPLE.with_name(f"{EXAMPLE.stem}.{locale}{SUFFIXES[to]}")
            result = render(report, to=to, locale=locale)
            if isinstance(result, str):
                out.write_text(result, encoding="utf-8")
            else:
                out.write_bytes(result)
            print(out.relative_to(ROOT))


if __name__ == "__main__":
    main()
