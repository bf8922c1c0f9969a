"""The Präsentation page and the saving of views under Streamlit's AppTest, on the demo district.

A view is saved with exactly what the Netzwerk page shows (filter, colouring, size, the selected actor);
a grouped view cannot be saved and the page says why; the page shows the slides, refuses an anonymised
presentation whose caption names an actor until the caption is changed, and offers PDF, HTML and PPTX.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import DEMO, ROOT
from streamlit.testing.v1 import AppTest

from graph import slides
from graph.io.validate import load_or_raise
from graph.service import NetworkFilter
from graph.ui.components import deck

TIMEOUT = 180
VHS = "ak-vhs-001"


@pytest.fixture(autouse=True)
def served_on_loopback():
    """The app as ``bildungsnetz serve`` runs it: bound to 127.0.0.1 (single-user local mode allowed)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(scope="module")
def demo(embedded_store):
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
    return embedded_store


@pytest.fixture
def no_views(demo):
    for view in slides.load_views(demo):
        slides.remove_view(view.id, store=demo)
    yield demo
    for view in slides.load_views(demo):
        slides.remove_view(view.id, store=demo)


def open_page(page: str, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.session_state["test_page"] = page
    at.session_state["as_of"] = dt.date(2026, 10, 1)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def save_button(at: AppTest):
    return next(b for b in at.button if b.label == "Speichern")


def test_a_view_is_saved_with_its_colouring_size_and_selected_actor(no_views):
    net = open_page(
        "network", net_color="community", net_size="betweenness", net_focus=VHS, net_caption="Die Volkshochschule"
    )
    no_exception(net)
    assert any("Hervorgehoben:" in c.value for c in net.caption)
    save_button(net).click().run()
    no_exception(net)
    [view] = slides.load_views(no_views)
    assert (view.caption, view.color_by, view.size_by, view.focus) == (
        "Die Volkshochschule",
        "community",
        "betweenness",
        VHS,
    )


def test_a_grouped_view_cannot_be_saved_and_the_page_says_why(no_views):
    net = open_page("network", net_group="community", net_caption="Gruppen")
    no_exception(net)
    assert any("zusammengefasste Ansicht" in w.value for w in net.warning)
    assert save_button(net).disabled
    assert slides.load_views(no_views) == []


def test_the_page_shows_the_slide_and_refuses_an_anonymised_caption_naming_an_actor_until_it_is_changed(no_views):
    name = no_views.read_dataset().nodes["Actor"][VHS]["name"]
    slides.add_view(slides.SavedView(f"Partner der {name}", NetworkFilter(center=VHS), focus=VHS), store=no_views)
    slides.add_view(slides.SavedView("Das ganze Netz", color_by="community"), store=no_views)
    at = open_page("presentation")
    no_exception(at)
    assert at.subheader[0].value.startswith("1 / 2: Partner der")
    assert not at.warning
    at.toggle(key="slides_anonymous").set_value(True).run()
    no_exception(at)
    assert any(name in w.value and "Folie 1" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Folien erstellen"]  # blocked, not exported
    [view, _] = slides.load_views(no_views)
    at.text_input(key=f"caption_{view.id}").set_value("Partner der Volkshochschule").run()
    next(b for b in at.button if b.key == f"rename_{view.id}").click().run()
    no_exception(at)
    assert not at.warning
    next(b for b in at.button if b.label == "Folien erstellen").click().run()
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Folien als PDF", "Präsentation als HTML", "Präsentation als PowerPoint"]


def test_the_slide_steps_on_with_the_buttons_and_wraps_around(no_views):
    slides.add_view(slides.SavedView("Erste"), store=no_views)
    slides.add_view(slides.SavedView("Zweite", size_by="pagerank"), store=no_views)
    at = open_page("presentation")
    next(b for b in at.button if b.label == "▶").click().run()
    assert at.subheader[0].value == "2 / 2: Zweite"
    next(b for b in at.button if b.label == "▶").click().run()
    assert at.subheader[0].value == "1 / 2: Erste"


def test_the_slide_component_loads_nothing_and_sets_strings_as_text_only():
    script, css = deck.script(), deck.stylesheet()
    for forbidden in ("http:", "https:", "//cdn", "fetch(", "XMLHttpRequest", "import(", "innerHTML", "outerHTML"):
        assert forbidden not in script, forbidden
    assert "@import" not in css and "url(" not in css
    assert "requestFullscreen" in script and "ArrowRight" in script and "ArrowLeft" in script
    data = deck.slide_data(b"\x89PNG", "<img src=x onerror=alert(1)>", 1, 3)
    assert data["caption"] == "<img src=x onerror=alert(1)>"  # data, set as alt text by the script
    assert data["position"] == "1 / 3" and data["texts"]["full"] == "Vollbild"
