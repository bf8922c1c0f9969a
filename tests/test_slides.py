"""Presentation mode: saved views kept in order, exported as PDF slides and an offline HTML deck."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from conftest import DEMO
from pypdf import PdfReader

from graph import slides
from graph.errors import DataError
from graph.io.validate import load_or_raise
from graph.service import NetworkFilter

DAY = dt.date(2026, 10, 1)


@pytest.fixture
def views(embedded_store):
    for view in slides.load_views(embedded_store):
        slides.remove_view(view.id, store=embedded_store)
    slides.add_view(slides.SavedView("Das ganze Netz"), store=embedded_store)
    slides.add_view(
        slides.SavedView("Schulen", NetworkFilter(sectors=("schule",)), color_by="area"), store=embedded_store
    )
    slides.add_view(
        slides.SavedView("Umkreis der Volkshochschule", NetworkFilter(center="ak-vhs-001")), store=embedded_store
    )
    return embedded_store


def test_views_are_saved_with_their_filters_and_can_be_reordered_and_removed(views, embedded_store):
    loaded = slides.load_views(views)
    assert [v.caption for v in loaded] == ["Das ganze Netz", "Schulen", "Umkreis der Volkshochschule"]
    assert loaded[1].filter == NetworkFilter(sectors=("schule",)) and loaded[1].color_by == "area"
    moved = slides.move_view(loaded[2].id, -1, store=embedded_store)
    assert [v.caption for v in moved] == ["Das ganze Netz", "Umkreis der Volkshochschule", "Schulen"]
    rest = slides.remove_view(loaded[0].id, store=embedded_store)
    assert [v.caption for v in rest] == ["Umkreis der Volkshochschule", "Schulen"]
    with pytest.raises(DataError, match="Bildunterschrift"):
        slides.add_view(slides.SavedView("  "), store=embedded_store)


def test_slides_pdf_has_one_wide_page_per_view_with_its_caption(views):
    data = slides.slides_pdf(load_or_raise(DEMO), DAY, slides.load_views(views))
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 3 and float(pages[0].mediabox.width) / float(pages[0].mediabox.height) == pytest.approx(16 / 9)
    assert "Umkreis der Volkshochschule" in pages[2].extract_text() and "Folie 3 von 3" in pages[2].extract_text()


def test_html_deck_is_offline_and_anonymised_on_request(views):
    demo = load_or_raise(DEMO)
    html = slides.slides_html(demo, DAY, slides.load_views(views), anonymous=True)
    assert "default-src 'none'" in html and html.count('class="slide"') == 3
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    pdf = slides.slides_pdf(demo, DAY, slides.load_views(views), anonymous=True)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert not [p["name"] for p in demo.nodes["Actor"].values() if p["name"] in text]


def test_no_views_gives_a_clear_message():
    with pytest.raises(DataError, match="noch keine gespeicherten Ansichten"):
        slides.slides_pdf(load_or_raise(DEMO), DAY, [])


def test_views_of_an_earlier_views_json_move_into_the_graph_once(embedded_store, session_data_dir):
    for view in slides.load_views(embedded_store):
        slides.remove_view(view.id, store=embedded_store)
    legacy = session_data_dir / "views.json"
    legacy.write_text(
        '[{"caption": "Alt 1", "filter": {"sectors": ["schule"]}, "color_by": "area", "id": "v1"},'
        ' {"caption": "Alt 2", "id": "v2"}]',
        encoding="utf-8",
    )
    loaded = slides.load_views(embedded_store)
    assert [(v.id, v.caption) for v in loaded] == [("v1", "Alt 1"), ("v2", "Alt 2")]
    assert loaded[0].filter == NetworkFilter(sectors=("schule",)) and loaded[0].color_by == "area"
    assert not legacy.exists() and (session_data_dir / "views.json.übernommen").exists()
    assert [v.id for v in slides.load_views(embedded_store)] == ["v1", "v2"]  # once, not twice
    moved = [e for e in embedded_store.audit_log() if e["action"] == "views_json_moved"]
    assert moved and moved[0]["user"] == "system"
