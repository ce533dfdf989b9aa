"""``report.html``: the report and its appendix in one page that stands alone."""

from __future__ import annotations

import base64
from pathlib import Path

from decision.report.html import render_html

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
                       "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def test_figures_are_inline_and_the_appendix_is_in_the_page(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "savings.png").write_bytes(PNG)
    report = ("# run: GPU fleet or inference ASIC?\n\n| | a |\n|---|---:|\n| total | $1 |\n\n"
              "![savings](figures/savings.png)\n*How to read it.*\n\n"
              "The rest is in [appendix.md](appendix.md); the claims in [claims.md](claims.md).\n")
    page = render_html(report, {"appendix.md": "# run: the analysis in numbers\n\n<b>no</b>\n",
                                "claims.md": "# run: claims\n"}, tmp_path)
    assert "<title>run: GPU fleet or inference ASIC?</title>" in page
    assert f'src="data:image/png;base64,{base64.b64encode(PNG).decode()}"' in page
    assert "figures/savings.png" not in page  # nothing points outside the file
    assert '<td style="text-align:right">$1</td>' in page
    assert '<a href="#appendix">appendix.md</a>' in page
    assert '<a href="#claims">claims.md</a>' in page
    assert (page.index('<section id="appendix">') < page.index("the analysis in numbers")
            < page.index('<section id="claims">') < page.index("run: claims"))
    assert "<b>" not in page  # raw HTML in the Markdown is escaped, not passed through
