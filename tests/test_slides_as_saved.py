"""Slides show exactly what was saved: community colours, the size measure, the highlighted actor, the caption.

The district is built by hand so that every answer is known without the code under test: two groups of
five actors, each group a clique (everyone cooperates with everyone), joined only through one broker
``x`` that cooperates with ``a1`` and ``b1``. The sectors alternate inside each group, so a colouring by
sector cannot look like one by community. Every shortest path between the groups runs through ``x``
(25 pairs) — more than through ``a1`` (4 × 6 = 24 pairs) — while ``x`` has the fewest partners (2).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from conftest import run_cli
from pptx import Presentation
from pptx.enum.dml import MSO_FILL
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt
from pypdf import PdfReader

from graph import model, slides
from graph.dataset import Dataset, Rel
from graph.errors import DataError
from graph.service import NetworkFilter

DAY = dt.date(2026, 10, 1)
A = [f"a{i}" for i in range(1, 6)]
B = [f"b{i}" for i in range(1, 6)]
SECTORS = ("schule", "jugendhilfe")


def district() -> Dataset:
    nodes: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in model.NODE_LABELS}
    nodes["Area"]["kreis"] = {"name": "Landkreis Probe", "area_type": "kreis"}
    rels: list[Rel] = []
    for group, town in ((A, "Nordheim"), (B, "Südheim")):
        for i, actor in enumerate(group):
            sector = SECTORS[i % 2]
            kind = "grundschule" if sector == "schule" else "jugendeinrichtung"
            nodes["Actor"][actor] = {"name": f"{town} {actor.upper()}", "actor_type": kind, "sector": sector}
            rels.append(Rel("LOCATED_IN", "Actor", actor, "Area", "kreis"))
        for i, u in enumerate(group):
            for v in group[i + 1 :]:
                rels.append(Rel("COOPERATES_WITH", "Actor", u, "Actor", v, {"id": f"k-{u}-{v}", "intensity": 2}))
    nodes["Institution"]["t1"] = {"name": "Förderverein Probe", "provider_type": "frei_gemeinnuetzig"}
    nodes["Actor"]["x"] = {"name": "Bildungsbüro Probe", "actor_type": "kreisverwaltung", "sector": "verwaltung"}
    rels.append(Rel("LOCATED_IN", "Actor", "x", "Area", "kreis"))
    for end in ("a1", "b1"):
        rels.append(Rel("COOPERATES_WITH", "Actor", "x", "Actor", end, {"id": f"k-x-{end}", "intensity": 2}))
    return Dataset(nodes, rels)


def actor_shapes(slide: Any) -> dict[str, Any]:
    """Actor id -> its shape on a PPTX slide (shapes are named "Akteur: <name>")."""
    ids = {props["name"]: actor for actor, props in district().nodes["Actor"].items()}
    return {ids[s.name.removeprefix("Akteur: ")]: s for s in slide.shapes if s.name.startswith("Akteur: ")}


def deck(*views: slides.SavedView, anonymous: bool = False) -> Any:
    return Presentation(io.BytesIO(slides.slides_pptx(district(), DAY, list(views), anonymous=anonymous)))


def texts(slide: Any) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]


def test_community_colouring_gives_each_group_its_own_colour_whatever_the_sectors():
    prs = deck(slides.SavedView("Zwei Gruppen", color_by="community"))
    fill = {a: str(s.fill.fore_color.rgb) for a, s in actor_shapes(prs.slides[0]).items()}
    assert len({fill[a] for a in A}) == 1 and len({fill[b] for b in B}) == 1
    assert fill["a1"] != fill["b1"]
    # by sector the same slide would mix two colours inside each group
    by_sector = deck(slides.SavedView("Sektoren", color_by="sector"))
    sector_fill = {a: str(s.fill.fore_color.rgb) for a, s in actor_shapes(by_sector.slides[0]).items()}
    assert sector_fill["a1"] != sector_fill["a2"]


def test_size_by_betweenness_makes_the_broker_the_largest_dot_and_by_degree_the_smallest():
    between = actor_shapes(deck(slides.SavedView("Brücken", size_by="betweenness")).slides[0])
    assert max(between, key=lambda a: between[a].width) == "x"
    degree = actor_shapes(deck(slides.SavedView("Partner", size_by="degree")).slides[0])
    assert min(degree, key=lambda a: degree[a].width) == "x"
    same = actor_shapes(deck(slides.SavedView("Gleich", size_by="none")).slides[0])
    assert len({s.width for s in same.values()}) == 1


def outline(shape: Any) -> tuple[str | None, int]:
    line = shape.line
    return (str(line.color.rgb) if line.fill.type == MSO_FILL.SOLID else None, int(line.width or 0))


def centre(shape: Any) -> tuple[float, float]:
    return (shape.left + shape.width / 2, shape.top + shape.height / 2)


def highlighted(slide: Any, actor: str) -> bool:
    """Its own outline differs from every other actor's, or a ring (a larger shape) sits on it."""
    shapes = actor_shapes(slide)
    dot = shapes[actor]
    if all(outline(dot) != outline(shapes[a]) for a in shapes if a != actor):
        return True
    return any(
        s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
        and not s.name.startswith("Akteur: ")
        and s.width > dot.width
        and max(abs(p - q) for p, q in zip(centre(s), centre(dot), strict=True)) < Pt(1)
        for s in slide.shapes
    )


def test_the_saved_focus_actor_is_highlighted_and_named_on_its_slide():
    slide = deck(slides.SavedView("Das Bildungsbüro", focus="x")).slides[0]
    assert highlighted(slide, "x")
    assert not highlighted(deck(slides.SavedView("Ohne Fokus")).slides[0], "x")
    assert any("Bildungsbüro Probe" in t for t in texts(slide) if not t.startswith("Legende"))


def test_the_deck_has_one_slide_per_view_in_order_with_the_caption_as_editable_title():
    views = [
        slides.SavedView("Das ganze Netz"),
        slides.SavedView("Nur Nordheim", NetworkFilter(sectors=("schule",)), color_by="community"),
        slides.SavedView("Umkreis des Bildungsbüros", NetworkFilter(center="x"), focus="x", size_by="pagerank"),
    ]
    prs = deck(*views)
    assert len(prs.slides) == 3
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-4)
    for slide, view in zip(prs.slides, views, strict=True):
        titles = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text == view.caption]
        # one text box at the top of the slide: PowerPoint edits it as text
        assert [(s.shape_type, s.top < prs.slide_height / 6) for s in titles] == [(MSO_SHAPE_TYPE.TEXT_BOX, True)]
    assert set(actor_shapes(prs.slides[1])) == {"a1", "a3", "a5", "b1", "b3", "b5"}  # the filter holds
    assert set(actor_shapes(prs.slides[2])) == {"x", "a1", "b1"}  # the ego view holds


def test_the_pdf_slide_of_a_community_view_has_the_community_legend_not_the_sectors():
    pdf = slides.slides_pdf(district(), DAY, [slides.SavedView("Gruppen", color_by="community")])
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Gruppen" in text and "Gemeinschaft" in text
    assert "Kinder- und Jugendhilfe" not in text  # the sector legend would name it


def test_a_view_a_slide_cannot_show_is_refused_when_saved_and_when_exported(embedded_store):
    for view in slides.load_views(embedded_store):
        slides.remove_view(view.id, store=embedded_store)
    with pytest.raises(DataError, match="zusammengefasste Ansicht"):
        slides.add_view(slides.SavedView("Gruppen"), store=embedded_store, group_by="community")
    with pytest.raises(DataError, match="Einfärbung"):
        slides.add_view(slides.SavedView("Bunt", color_by="bogus"), store=embedded_store)
    assert slides.load_views(embedded_store) == []
    # a view saved by hand (or by an earlier version) is not exported as something else
    with pytest.raises(DataError, match="Folie 1"):
        slides.slides_pdf(district(), DAY, [slides.SavedView("Alt", size_by="closeness")])


def test_the_focus_is_saved_with_the_view(embedded_store):
    for view in slides.load_views(embedded_store):
        slides.remove_view(view.id, store=embedded_store)
    saved = slides.add_view(
        slides.SavedView("VHS", NetworkFilter(center="x"), color_by="community", size_by="betweenness", focus="x"),
        store=embedded_store,
    )
    assert [(v.focus, v.color_by, v.size_by, v.filter.center) for v in saved] == [
        ("x", "community", "betweenness", "x")
    ]
    renamed = slides.set_caption(saved[0].id, "Das Bildungsbüro", store=embedded_store)
    assert [(v.caption, v.focus) for v in renamed] == [("Das Bildungsbüro", "x")]
    slides.remove_view(saved[0].id, store=embedded_store)


@pytest.mark.parametrize(
    ("caption", "named"),
    [
        ("Partner von nordheim a1", ["Nordheim A1"]),
        ("Das Bildungsbüro Probe und Südheim B2", ["Bildungsbüro Probe", "Südheim B2"]),
        ("Nordheim A10 ist kein Akteur", []),  # whole words only
        ("Zwei Gruppen", []),
        ("Alles vom Förderverein Probe", ["Förderverein Probe"]),  # a Träger is a name too
    ],
)
def test_captions_are_searched_for_actor_names_as_whole_words_ignoring_case(caption, named):
    assert slides.names_in_caption(caption, district()) == named


def test_an_anonymised_export_refuses_a_caption_that_names_an_actor():
    views = [slides.SavedView("Alle"), slides.SavedView("Rund um nordheim a1", NetworkFilter(center="a1"))]
    with pytest.raises(DataError) as refused:
        slides.slides_pptx(district(), DAY, views, anonymous=True)
    assert "Folie 2" in str(refused.value) and "„Nordheim A1“" in str(refused.value)
    for export in (slides.slides_pdf, slides.slides_html):
        with pytest.raises(DataError, match="Folie 2"):
            export(district(), DAY, views, anonymous=True)
    named = deck(*views)  # with names it is what the user asked for
    assert len(named.slides) == 2
    fine = deck(slides.SavedView("Alle"), slides.SavedView("Rund um den Broker"), anonymous=True)
    names = {p["name"] for p in district().nodes["Actor"].values()}
    assert not [t for s in fine.slides for t in texts(s) if any(n in t for n in names)]


def test_the_cli_writes_a_pptx_deck_and_refuses_an_anonymised_one_naming_an_actor(embedded_store, cli_env, tmp_path):
    from conftest import mini_dataset

    for view in slides.load_views(embedded_store):
        slides.remove_view(view.id, store=embedded_store)
    mini = mini_dataset()
    name = next(iter(mini.nodes["Actor"].values()))["name"]
    slides.add_view(slides.SavedView(f"Rund um {name}"), store=embedded_store)
    from conftest import MINI

    target = tmp_path / "folien.pptx"
    done = run_cli("slides", str(target), "--input", str(MINI), env=cli_env)
    assert done.returncode == 0, done.stderr
    assert len(Presentation(str(target)).slides) == 1
    refused = run_cli("slides", str(tmp_path / "anonym.pptx"), "--anonymise", "--input", str(MINI), env=cli_env)
    assert refused.returncode != 0 and f"„{name}“" in refused.stderr and "Folie 1" in refused.stderr
    assert not (tmp_path / "anonym.pptx").exists()
    for view in slides.load_views(embedded_store):
        slides.remove_view(view.id, store=embedded_store)


def test_the_html_deck_escapes_captions_and_toggles_full_screen():
    html = slides.slides_html(district(), DAY, [slides.SavedView('<script>alert("x")</script> & Partner')])
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "requestFullscreen" in html and "exitFullscreen" in html and "ArrowRight" in html
