"""The report's section "Gremienstruktur": the tree picture on a landscape page with a German alternative
text, and the top findings of the Gremienlandkarte (the demo's planted merge pair, one-sided transition
committee and load leader); anonymised without an actor name.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from conftest import DEMO, ROOT
from pypdf import PdfReader

from graph.io.validate import load_or_raise
from graph.report.content import build_report
from graph.report.render import render_html, render_pdf

DAY = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def demo():
    return load_or_raise(DEMO)


@pytest.fixture(scope="module")
def planted() -> dict:
    return json.loads((ROOT / "data" / "demo" / "planted.json").read_text(encoding="utf-8"))["committees"]


@pytest.fixture(scope="module")
def report(demo):
    return build_report(demo, as_of=DAY, since=dt.date(2025, 1, 1), generated=dt.date(2026, 11, 22))


def section_of(report):
    [section] = [s for s in report.sections if s.title == "Gremienstruktur"]
    return section


def test_the_report_has_a_section_gremienstruktur_with_the_tree_picture_on_a_landscape_page(report, demo):
    section = section_of(report)
    [picture] = section.pictures
    assert picture.landscape and picture.png[:8] == b"\x89PNG\r\n\x1a\n"
    valid = [
        c
        for c in demo.nodes["Committee"].values()
        if (c.get("valid_from") is None or c["valid_from"] <= DAY)
        and (c.get("valid_to") is None or c["valid_to"] >= DAY)
    ]
    assert picture.alt.startswith(
        f"Baumbild der Gremienstruktur in Landkreis Musterau am 01.10.2026: {len(valid)} Gremien"
    )
    steering = demo.nodes["Committee"]["gr-03"]["name"]
    assert f"An „{steering}“ berichten" in picture.alt and "Ohne Berichtslinie: " in picture.alt


def test_the_section_names_the_planted_committee_findings(report, demo, planted):
    section = section_of(report)
    text = " ".join(section.paragraphs + section.bullets + [c for t in section.tables for r in t.rows for c in r])
    names = demo.nodes["Committee"]
    a, b = planted["merge_candidates"][0]
    assert names[a]["name"] in text and names[b]["name"] in text and "zusammengelegt" in text
    committee, _transition, _side = planted["one_sided_transition"]
    assert f"„{names[committee]['name']}“ befasst sich mit dem Übergang Kita → Grundschule" in text
    assert "aufnehmende Seite fehlt" in text
    leader = demo.nodes["Actor"][planted["highest_load"]]["name"]
    load = next(t for t in section.tables if t.caption.startswith("Die höchste Gremienlast"))
    assert load.rows[0][0] == leader


def test_the_pdf_prints_the_tree_on_its_own_landscape_page_with_its_caption(report):
    pdf = render_pdf(report)
    pages = [p for p in PdfReader(io.BytesIO(pdf)).pages if p.mediabox.width > p.mediabox.height]
    tree = [p for p in pages if "Gremienstruktur: Berichtslinien" in " ".join(p.extract_text().split())]
    assert len(tree) == 1
    assert "/XObject" in tree[0]["/Resources"]
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Das Bild der Gremienstruktur steht quer auf der folgenden Seite." in text


def test_the_html_gives_the_tree_its_alternative_text(report):
    html = render_html(report)
    assert 'alt="Baumbild der Gremienstruktur in Landkreis Musterau' in html


def test_an_anonymised_section_names_no_actor(demo):
    anonymous = build_report(demo, as_of=DAY, since=dt.date(2025, 1, 1), anonymous=True)
    section = section_of(anonymous)
    text = " ".join(
        section.paragraphs
        + section.bullets
        + [c for t in section.tables for r in t.rows for c in r]
        + [p.alt for p in section.pictures]
    )
    names = {p["name"] for p in demo.nodes["Actor"].values()}
    assert [n for n in names if n in text] == []
    assert "Kreisverwaltung" in text  # the load leader by type and area code
