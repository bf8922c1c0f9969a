"""Write a :class:`~graph.report.content.Report` as a self-contained HTML page or an A4 PDF.

The HTML embeds its pictures as data URIs and forbids loading anything else
(Content-Security-Policy). The PDF embeds the DejaVu fonts bundled with
matplotlib, so every German character prints, and needs no network.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from graph.errors import DataError
from graph.report.content import Report

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("pdf", "html")


def render_html(report: Report) -> str:
    """Return the report as one HTML page with everything inline."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env.get_template("report.html").render(report=report)


def _fonts() -> tuple[str, str]:
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(folder / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(folder / "DejaVuSans-Bold.ttf")))
    return "DejaVuSans", "DejaVuSans-Bold"


def render_pdf(report: Report) -> bytes:
    """Return the report as an A4 PDF (title page, then one section after the other)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    regular, bold = _fonts()
    body = ParagraphStyle(
        "body", fontName=regular, bulletFontName=regular, fontSize=10, leading=14, alignment=TA_LEFT, spaceAfter=6
    )
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#555555"))
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    head = ParagraphStyle("head", parent=cell, fontName=bold)
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=26, leading=32, spaceAfter=12)
    h2 = ParagraphStyle(
        "h2",
        parent=body,
        fontName=bold,
        fontSize=15,
        leading=19,
        spaceBefore=10,
        spaceAfter=8,
        textColor=colors.HexColor("#0b3d66"),
    )
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=0, spaceAfter=3)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list = [Spacer(1, 5 * cm), para(report.title, h1), para(report.subtitle, body), Spacer(1, 1.2 * cm)]
    facts = Table(
        [[para(v, h2) for _, v in report.facts], [para(k, small) for k, _ in report.facts]],
        colWidths=[2.8 * cm] * len(report.facts),
    )
    facts.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("LINEABOVE", (0, 0), (-1, 0), 2, colors.HexColor("#0072B2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [
        facts,
        Spacer(1, 2 * cm),
        para("Bericht für Lenkungskreis und Bildungskonferenz. Alle Angaben ohne personenbezogene Daten.", small),
        PageBreak(),
    ]
    for section in report.sections:
        block: list = [para(section.title, h2)]
        block += [para(p) for p in section.paragraphs]
        story.append(KeepTogether(block))
        for picture in section.pictures:
            image = Image(io.BytesIO(picture.png))
            ratio = image.imageHeight / image.imageWidth
            width = picture.width_cm * cm
            height = min(width * ratio, 22 * cm)
            width = height / ratio
            image.drawWidth, image.drawHeight = width, height
            story.append(KeepTogether([image, para(picture.caption, small)]))
        for table in section.tables:
            rows = [[para(c, head) for c in table.columns]] + [[para(c, cell) for c in row] for row in table.rows]
            widths = [w * cm for w in table.widths] if table.widths else None
            t = Table(rows, colWidths=widths, repeatRows=1)
            t.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), regular),  # the tables' default font, else Helvetica
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f4f7")),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#d0d4da")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [t, Spacer(1, 0.4 * cm)]
        story += [Paragraph(escape(b), bullet, bulletText="•") for b in section.bullets]
        story.append(Spacer(1, 0.5 * cm))

    def footer(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(regular, 8)  # type: ignore[attr-defined]
        canvas.setFillColor(colors.HexColor("#777777"))  # type: ignore[attr-defined]
        canvas.drawString(2 * cm, 1.2 * cm, f"{report.title} · {report.subtitle}")  # type: ignore[attr-defined]
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Seite {doc.page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    from reportlab import rl_config

    rl_config.canvas_basefontname = regular  # otherwise every page names the non-embedded Helvetica
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=report.title,
        author="Bildungsnetz",
        creator="Bildungsnetz",
        invariant=1,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def write_report(report: Report, path: Path) -> None:
    """Write the report; the format follows the suffix (.pdf or .html)."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DataError(f"{Path(path).name}: Berichtsformat „{fmt}“ unbekannt; möglich sind .pdf und .html.")
    data = render_pdf(report) if fmt == "pdf" else render_html(report).encode("utf-8")
    Path(path).write_bytes(data)
