"""Write a :class:`~graph.report.content.Report` as a self-contained HTML page, an A4 PDF and its Excel annex.

HTML and PDF come from one Jinja template (``templates/report.html``). The HTML
embeds its pictures as data URIs and forbids loading anything else
(Content-Security-Policy). The PDF is that HTML laid out by WeasyPrint: a
tagged PDF (PDF/UA-1) with language, title, creation date, bookmarks and the
alternative text of every picture, with the DejaVu fonts bundled with
matplotlib embedded from their files; it loads nothing but ``file:`` and
``data:`` URLs (anything else is refused).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from graph.errors import DataError
from graph.report.content import Report

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("pdf", "html")
#: The schemes the PDF renderer may load (fonts from files, pictures inline); nothing from a network.
ALLOWED_SCHEMES = ("file", "data")
#: A table cell that is a number ("1.234", "0,86 %", "–"): right-aligned.
_NUMERIC = re.compile(r"-?[\d.]+(,\d+)?( %)?|–")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["german_number"] = lambda n: f"{n:,}".replace(",", ".")
    env.filters["numeric_columns"] = numeric_columns
    return env


def numeric_columns(rows: list[list[str]]) -> list[bool]:
    """Which columns of ``rows`` hold only numbers ("1.234", "0,86 %", "–"): they are right-aligned.

    Examples
    --------
    >>> numeric_columns([["Kita", "1.234", "5"], ["Schule", "–", "x"]])
    [False, True, False]
    """
    if not rows:
        return []
    return [all(_NUMERIC.fullmatch(str(row[i])) for row in rows) for i in range(len(rows[0]))]


def font_files() -> dict[str, Path]:
    """The DejaVu Sans files bundled with matplotlib, by weight (``normal``, ``bold``)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"normal": folder / "DejaVuSans.ttf", "bold": folder / "DejaVuSans-Bold.ttf"}


def render_html(report: Report, *, pdf: bool = False) -> str:
    """Return the report as one HTML page with everything inline.

    Parameters
    ----------
    report : Report
        What the report says.
    pdf : bool
        The page for the PDF renderer: fonts as ``file:`` URLs, page rules,
        page numbers after the references to sections.
    """
    fonts = {weight: path.resolve().as_uri() for weight, path in font_files().items()} if pdf else {}
    return _environment().get_template("report.html").render(report=report, pdf=pdf, fonts=fonts)


def url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that loads ``file:`` and ``data:`` URLs only."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols=ALLOWED_SCHEMES)


def render_pdf(report: Report) -> bytes:
    """Return the report as a tagged A4 PDF (PDF/UA-1): language ``de``, title, creation date, alternative texts.

    The creation date is the report's ``generated`` date (today if it has none).
    """
    from weasyprint import HTML

    html = render_html(report, pdf=True)
    document = HTML(string=html, base_url=str(TEMPLATES), url_fetcher=url_fetcher()).render()
    made = report.generated or dt.date.today()
    stamp = made.isoformat()  # a W3C date: the same day in every time zone
    document.metadata.created = stamp
    document.metadata.modified = stamp
    document.metadata.authors = ["Bildungsnetz"]
    document.metadata.generator = "Bildungsnetz"
    document.metadata.lang = "de"
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))


def annex_bytes(report: Report) -> bytes:
    """Return the Excel annex: a sheet „Inhalt“, then one sheet per full table; German headers, no live formula."""
    import pandas as pd

    from graph.display import sheets_bytes
    from graph.report.content import ANNEX_CONTENTS, ANNEX_SHEETS

    contents = pd.DataFrame(
        [
            {"Blatt": "", "Inhalt": f"Anlage zum Bericht „{report.title}“ · {report.subtitle}"},
            *({"Blatt": ANNEX_SHEETS.get(name, name), "Inhalt": ANNEX_CONTENTS.get(name, "")} for name in report.annex),
        ]
    )
    sheets: dict[str, tuple[pd.DataFrame, str | None]] = {"Inhalt": (contents, None)}
    sheets |= {ANNEX_SHEETS.get(name, name): (table, name) for name, table in report.annex.items()}
    return sheets_bytes(sheets)


def annex_path(path: Path) -> Path:
    """Where the annex of the report at ``path`` is written by default: beside it, ``<name>-anlage.xlsx``."""
    path = Path(path)
    return path.with_name(f"{path.stem}-anlage.xlsx")


def report_paths(path: Path, annex: Path | None = None) -> tuple[str, Path]:
    """Check the report's file name and its annex's; return the report format and where the annex goes.

    Raises
    ------
    DataError
        If the report is neither .pdf nor .html, or the annex is no .xlsx.
    """
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DataError(f"{Path(path).name}: Berichtsformat „{fmt}“ unbekannt; möglich sind .pdf und .html.")
    target = Path(annex) if annex is not None else annex_path(Path(path))
    if target.suffix.lower() != ".xlsx":
        raise DataError(f"{target.name}: Die Excel-Anlage braucht die Endung .xlsx.")
    return fmt, target


def write_report(report: Report, path: Path, *, annex: Path | None = None) -> Path:
    """Write the report (the format follows the suffix: .pdf or .html) and its Excel annex.

    Parameters
    ----------
    report : Report
        What to write.
    path : Path
        The report file.
    annex : Path, optional
        The Excel annex (default: beside the report, see :func:`annex_path`).

    Returns
    -------
    Path
        Where the annex was written.
    """
    fmt, target = report_paths(path, annex)
    data = render_pdf(report) if fmt == "pdf" else render_html(report).encode("utf-8")
    Path(path).write_bytes(data)
    target.write_bytes(annex_bytes(report))
    return target
