"""``report.html``: the report and the pages it links to (the appendix, the claims) in one
file, figures inline, to attach to an email or print (Markdown rendered by markdown-it-py)."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from pathlib import Path

#: Readable on a screen and on paper: one column, tables that fit, figures to the column.
_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a;
       line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
     border-bottom: 1px solid #ddd; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.8rem; display: block;
        max-width: 100%; overflow-x: auto; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.6rem; vertical-align: top; }
th { background: #f5f5f5; }
img { max-width: 100%; display: block; margin: 1rem 0 0.3rem; }
em { color: #444; }
code { font-size: 0.85em; background: #f3f3f3; padding: 0 0.2em; }
section { margin-top: 3rem; border-top: 3px double #bbb; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0 auto; } h2 { break-after: avoid; }
               img, table { break-inside: avoid; } }
"""


def render_html(report: str, pages: Mapping[str, str], folder: Path) -> str:
    """The report, then each page it links to, as one HTML page.

    Parameters
    ----------
    report : str
        ``report.md``.
    pages : mapping of str to str
        Markdown by file name (``appendix.md``, ``claims.md``), each placed after the report
        in a ``<section>`` whose id is the name without ``.md``; the report's links to them
        become links within the page.
    folder : Path
        The results folder whose ``figures/`` the report's images name; each is inlined as a
        ``data:`` URI so the page stands alone.
    """
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")

    def body(text: str) -> str:
        tokens = markdown.parse(text)
        for token in tokens:
            for child in token.children or []:
                if child.type == "image":
                    png = (folder / str(child.attrs["src"])).read_bytes()
                    child.attrs["src"] = ("data:image/png;base64,"
                                          + base64.b64encode(png).decode("ascii"))
                elif child.type == "link_open" and child.attrs.get("href") in pages:
                    child.attrs["href"] = "#" + str(child.attrs["href"]).removesuffix(".md")
        return markdown.renderer.render(tokens, markdown.options, {})

    title = report.splitlines()[0].removeprefix("# ")
    sections = "".join(f'<section id="{name.removesuffix(".md")}">\n{body(text)}</section>\n'
                       for name, text in pages.items())
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"{body(report)}\n{sections}</body>\n</html>\n")
