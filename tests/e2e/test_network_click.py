"""The Netzwerk page answers clicks, in a real Chromium at 1366 × 768 on the demo district.

A click on a dot opens the actor's profile beside the network; Ctrl+click picks a second actor and the
two are joined by a new cooperation, whose line is drawn after the rerun; a view URL, reloaded, shows
the same filter, colouring and ego view; "Ganzes Netz zeigen" brings the whole network back after a
zoom. No request leaves the app. Screenshots go to test-output/e2e/ (``netzwerk-*.png``); the click
latency (browser and server) is printed and written to ``netzwerk-klick.txt`` there.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Iterator

import harness
import pytest
from conftest import OUTPUT
from harness import fresh_env, settle, start_app, stop

pytestmark = pytest.mark.slow
browser = harness.browser

SHOTS = OUTPUT / "e2e"
VIEWPORT = {"width": 1366, "height": 768}
VHS, KITA, JUGENDAMT = "ak-vhs-001", "ak-kita-001", "ak-kv-003"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The app on its own data dir holding the demo district."""
    env = fresh_env(tmp_path_factory.mktemp("network-click-data"))
    server, url = start_app(env)
    yield url
    stop(server, env)


class Watch:
    """Console errors, dialogs and requests to other hosts seen by a page."""

    def __init__(self, page, url: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.missing: list[str] = []
        own = (url, "data:", "blob:", "about:")
        page.on("request", lambda r: None if r.url.startswith(own) else self.foreign.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: self.missing.append(r.url) if r.status == 404 else None)

    def check(self) -> None:
        # opening a page's own address (a reload, a link) makes Streamlit probe /<page>/_stcore/ first: 404
        probes = [u for u in self.missing if "/_stcore/" in u]
        errors = [e for e in self.errors if not (e.startswith("Failed to load resource") and probes)]
        assert self.foreign == [], self.foreign
        assert self.dialogs == [], self.dialogs
        assert errors == [], errors
        assert [u for u in self.missing if u not in probes] == []


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.watch = Watch(page, app_url)
    page.goto(app_url)
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Netzwerk", exact=True).click()
    page.locator("h1", has_text="Netzwerk").first.wait_for(timeout=90_000)
    drawn(page)
    yield page
    page.watch.check()
    context.close()


def drawn(page):
    """Wait until the drawing is drawn; return its canvas element (inside the component's shadow root)."""
    settle(page)
    page.locator(".bn-net[data-drawn=true]").wait_for(timeout=60_000)
    return page.locator(".bn-canvas")


def spot(page, actor: str) -> tuple[float, float]:
    """Where the dot of ``actor`` is on the screen."""
    canvas = page.locator(".bn-canvas")
    box = canvas.bounding_box()
    point = canvas.evaluate("(el, id) => el.bildungsnetz.canvasToDOM(el.bildungsnetz.getPositions([id])[id])", actor)
    return box["x"] + point["x"], box["y"] + point["y"]


def click(page, actor: str, *, ctrl: bool = False) -> None:
    x, y = spot(page, actor)
    if ctrl:
        page.keyboard.down("Control")
    page.mouse.click(x, y)
    if ctrl:
        page.keyboard.up("Control")


def selected(page) -> list[str]:
    return (page.locator(".bn-net").get_attribute("data-selected") or "").split()


def count(page) -> str:
    """The caption counting what the drawing shows ("12 Akteure · 30 Kooperationen")."""
    return page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(r"^\d+ Akteure? · ")).first.inner_text()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(2, 2)  # no tooltip over the picture
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"netzwerk-{name}.png"))


def test_clicking_an_actor_opens_its_profile_beside_the_network(page):
    shot(page, "start")
    times = []
    for actor, name in ((VHS, "Kreisvolkshochschule Musterau"), (JUGENDAMT, "Kreisjugendamt Musterau")):
        started = time.perf_counter()
        click(page, actor)
        page.get_by_role("heading", name=f"Details: {name}").wait_for(timeout=30_000)
        times.append(time.perf_counter() - started)
        settle(page)
        assert selected(page) == [actor]
    assert page.get_by_role("tab", name="Steckbrief").is_visible()
    profile = page.get_by_test_id("stMarkdownContainer")
    assert profile.get_by_text("Vermittlung:", exact=True).is_visible()
    assert profile.get_by_text("Kooperationen:", exact=True).is_visible()
    # the selected actor is named in the drawing, whatever is around it
    named = page.locator(".bn-canvas").evaluate("el => el.bildungsnetzLabels.placed.map(b => b.id)")
    assert JUGENDAMT in named
    assert f"akteur={JUGENDAMT}" in page.url
    shot(page, "profil")
    page.get_by_role("tab", name="Partner").first.click()
    shot(page, "profil-partner")
    (SHOTS / "netzwerk-klick.txt").write_text(
        "Klick bis Profil sichtbar (Browser, inkl. Rerun): "
        + ", ".join(f"{t:.2f} s" for t in times)
        + f"; Median {statistics.median(times):.2f} s\n",
        encoding="utf-8",
    )
    print("click to profile:", [round(t, 2) for t in times])


def test_two_actors_chosen_with_ctrl_click_are_joined_by_a_new_cooperation(page):
    edges = int(page.locator(".bn-net").get_attribute("data-edges"))
    click(page, VHS)
    page.get_by_role("heading", name="Details: Kreisvolkshochschule Musterau").wait_for(timeout=30_000)
    settle(page)
    click(page, KITA, ctrl=True)
    page.get_by_role("heading", name="Kooperation anlegen").wait_for(timeout=30_000)
    settle(page)
    assert selected(page) == [VHS, KITA]
    form = page.get_by_test_id("stForm")
    form.get_by_test_id("stSelectbox").filter(has_text="Intensität").click()
    page.get_by_role("option", name="monatlich").click()
    page.wait_for_timeout(300)
    form.get_by_test_id("stMultiSelect").filter(has_text="Arten").click()
    page.keyboard.type("Abstimmung")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    shot(page, "kooperation-formular")
    form.get_by_role("button", name="Kooperation anlegen").click()
    page.get_by_text("Kooperation angelegt").wait_for(timeout=60_000)
    drawn(page)
    canvas = page.locator(".bn-canvas")
    assert int(page.locator(".bn-net").get_attribute("data-edges")) == edges + 1
    joined = canvas.evaluate("(el, ids) => el.bildungsnetz.getConnectedNodes(ids[0]).includes(ids[1])", [VHS, KITA])
    assert joined  # the new line is in the drawing
    assert selected(page) == [VHS, KITA]  # both stay chosen: the new line shows highlighted
    shot(page, "kooperation-angelegt")


def test_a_reloaded_view_url_shows_the_same_filter_colouring_and_ego_view(page):
    page.get_by_test_id("stSelectbox").filter(has_text="Farbe nach").click()
    page.get_by_role("option", name="Gemeinschaft").click()
    drawn(page)
    page.get_by_test_id("stPopover").filter(has_text="Filter").click()
    page.get_by_test_id("stMultiSelect").filter(has_text="Sektor").click()
    page.get_by_role("option", name="Weiterbildung", exact=True).click()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    drawn(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Akteur suchen").click()
    page.keyboard.type("Kreisvolkshochschule")
    page.keyboard.press("Enter")
    drawn(page)
    page.get_by_role("button", name="Umkreis zeigen", exact=True).click()
    drawn(page)
    url = page.url
    assert "farbe=community" in url and "sektor=weiterbildung" in url and f"umkreis={VHS}" in url
    counts = count(page)
    legend = page.locator(".bn-legend li").all_inner_texts()
    shot(page, "ansicht")

    page.goto(url)  # a reload, or the link sent to a colleague
    drawn(page)
    colour = page.get_by_test_id("stSelectbox").filter(has_text="Farbe nach").locator("input")
    assert colour.input_value() == "Gemeinschaft"
    assert page.get_by_test_id("stPopover").filter(has_text="Filter (1)").count() == 1
    assert page.get_by_role("switch", name="Nur den Umkreis zeigen").is_checked()
    assert page.get_by_role("heading", name="Details: Kreisvolkshochschule Musterau").is_visible()
    assert count(page) == counts
    assert page.locator(".bn-legend li").all_inner_texts() == legend
    assert selected(page) == [VHS]
    shot(page, "ansicht-neu-geladen")


def no_name_covers_another_or_a_dot(page) -> int:
    """Check the names drawn now (canvas units) against each other and every dot; return how many there are."""
    canvas = page.locator(".bn-canvas")
    boxes, dots = canvas.evaluate(
        """el => {
            const net = el.bildungsnetz, sizes = {};
            net.body.data.nodes.get().forEach((n) => { sizes[n.id] = n.size; });
            const pos = net.getPositions();
            return [el.bildungsnetzLabels.placed, Object.keys(pos).map((id) => [id, pos[id].x, pos[id].y, sizes[id]])];
        }"""
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]), (a, b)
        if a["forced"]:
            continue  # the selection is named however crowded (on a white box)
        for node, x, y, r in dots:
            cx, cy = max(a["x1"], min(x, a["x2"])), max(a["y1"], min(y, a["y2"]))
            assert (x - cx) ** 2 + (y - cy) ** 2 >= r * r or node == a["id"], (a["id"], node)
    return len(boxes)


def test_names_cover_no_name_and_no_dot_and_the_whole_network_comes_back_after_zooming(page):
    canvas = page.locator(".bn-canvas")
    whole = canvas.evaluate("el => el.bildungsnetz.getScale()")
    assert no_name_covers_another_or_a_dot(page) >= 5  # the overview names the largest actors where it can
    click(page, JUGENDAMT)
    page.get_by_role("heading", name="Details: Kreisjugendamt Musterau").wait_for(timeout=30_000)
    settle(page)
    x, y = spot(page, JUGENDAMT)
    page.mouse.move(x, y)
    for _ in range(5):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(80)
    page.wait_for_timeout(600)
    assert canvas.evaluate("el => el.bildungsnetz.getScale()") > whole * 1.5
    named = no_name_covers_another_or_a_dot(page)
    assert named >= 1 and JUGENDAMT in canvas.evaluate("el => el.bildungsnetzLabels.placed.map((b) => b.id)")
    shot(page, "gezoomt")
    page.get_by_role("button", name="Ganzes Netz zeigen").click()
    page.wait_for_timeout(900)
    assert canvas.evaluate("el => el.bildungsnetz.getScale()") == pytest.approx(whole, rel=0.05)
    no_name_covers_another_or_a_dot(page)
