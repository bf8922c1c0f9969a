"""The Gremienlandkarte page on the demo district: at a glance the merge candidates, the transition that
lacks a side and the actor with the most committee load — with why; German tables; the tree picture
downloadable; anonymised without an actor name.

The expected answers are computed here from the demo workbook itself (members per committee, themes,
valid dates), not taken from the analysis the page calls.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json

import pytest
from conftest import DEMO, ROOT
from PIL import Image
from streamlit.testing.v1 import AppTest

from graph.io.validate import load_or_raise

TIMEOUT = 180
DAY = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def served_on_loopback():
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(scope="module")
def demo():
    return load_or_raise(DEMO)


@pytest.fixture(scope="module")
def planted() -> dict:
    return json.loads((ROOT / "data" / "demo" / "planted.json").read_text(encoding="utf-8"))["committees"]


@pytest.fixture(scope="module")
def demo_loaded(embedded_store, demo):
    embedded_store.write_dataset(demo, replace=True)
    return embedded_store


def valid(props, day=DAY) -> bool:
    start, end = props.get("valid_from") or props.get("since"), props.get("valid_to") or props.get("until")
    return (start is None or start <= day) and (end is None or end >= day)


def members(ds) -> dict[str, set[str]]:
    """Committee id -> actors with a seat on DAY (committee, actor and seat valid)."""
    out: dict[str, set[str]] = {c: set() for c, p in ds.nodes["Committee"].items() if valid(p)}
    for r in ds.rels:
        if r.type == "MEMBER_OF" and r.end in out and valid(r.props) and valid(ds.nodes["Actor"][r.start]):
            out[r.end].add(r.start)
    return out


def merge_pairs(ds) -> list[tuple[str, str]]:
    """Committee pairs sharing ≥ 60 % of their members (Jaccard) and a theme (case and spaces ignored)."""
    seats = members(ds)
    themes = {c: {t.strip().casefold() for t in ds.nodes["Committee"][c].get("themes") or []} for c in seats}
    out = []
    for a, b in itertools.combinations(sorted(seats), 2):
        union = seats[a] | seats[b]
        if union and len(seats[a] & seats[b]) / len(union) >= 0.6 and themes[a] & themes[b]:
            out.append((a, b))
    return out


def load_leader(ds) -> tuple[str, int]:
    seats = members(ds)
    counts: dict[str, int] = {}
    for held in seats.values():
        for actor in held:
            counts[actor] = counts.get(actor, 0) + 1
    best = max(counts.values())
    leaders = sorted(a for a, n in counts.items() if n == best)
    assert len(leaders) == 1, leaders  # the demo has one clear leader
    return leaders[0], best


def open_page(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.session_state["test_page"] = "committee_map"
    at.session_state["as_of"] = DAY
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def elements(at: AppTest) -> list:
    out, stack = [], [at.main]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children is None:
            out.append(node)
        else:
            stack.extend(reversed(list(children.values())))
    return out


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def glance(at: AppTest) -> dict[str, str]:
    """The three boxes at the top: metric label -> the text of its box."""
    out = {}
    for column in at.columns[:3]:
        label = column.metric[0].label
        out[label] = column.metric[0].value + "\n" + "\n".join(m.value for m in column.markdown).replace("\\", "")
    return out


@pytest.fixture(scope="module")
def page(demo_loaded) -> AppTest:
    return open_page()


def test_the_page_opens_on_the_demo_district_with_its_title_and_tabs(page):
    assert page.title[0].value == "Gremienlandkarte"
    assert [tab.label for tab in page.tabs] == ["Struktur", "Überschneidungen", "Gremienlast", "Veränderung"]


def test_at_a_glance_names_the_merge_candidates_with_their_reasons(page, demo, planted):
    pairs = merge_pairs(demo)
    assert pairs == [tuple(p) for p in planted["merge_candidates"]]
    box = glance(page)["Zusammenlegen prüfen"]
    names = demo.nodes["Committee"]
    assert box.startswith(f"{len(pairs)} Gremienpaar")
    a, b = pairs[0]
    assert names[a]["name"] in box and names[b]["name"] in box
    assert "gemeinsam" in box and "gemeinsames Thema" in box  # the why


def test_at_a_glance_names_the_actor_with_the_most_committee_load_and_why(page, demo, planted):
    leader, count = load_leader(demo)
    assert leader == planted["highest_load"]
    box = glance(page)["Höchste Gremienlast"]
    assert box.startswith(f"{count} Gremien")
    assert demo.nodes["Actor"][leader]["name"] in box
    assert "Median des Sektors" in box


def test_at_a_glance_says_which_transition_committee_lacks_a_side(page, demo, planted):
    committee, transition, side = planted["one_sided_transition"]
    box = glance(page)["Übergang ohne eine Seite"]
    assert box.startswith("1 Gremium")
    assert demo.nodes["Committee"][committee]["name"] in box
    assert "Kita → Grundschule" in box and transition == "kita_grundschule"
    assert ("aufnehmende Seite fehlt" if side == "b" else "abgebende Seite fehlt") in box  # the why


def test_the_independent_checks_agree_with_what_the_demo_plants(demo, planted):
    assert [list(p) for p in merge_pairs(demo)] == planted["merge_candidates"]
    assert load_leader(demo)[0] == planted["highest_load"]
    # the planted one-sided committee: members on the handing-over side (Kitas), none on the taking-over side
    committee, _transition, _side = planted["one_sided_transition"]
    types = {demo.nodes["Actor"][a]["actor_type"] for a in members(demo)[committee]}
    assert "kita" in types and not types & {"grundschule", "foerderschule"}


def test_the_structure_tab_names_the_orphaned_committee(page, demo, planted):
    orphan, dissolved = planted["orphan"]
    shown = texts(page)
    assert demo.nodes["Committee"][dissolved]["name"] in shown and "ins Leere" in shown
    assert demo.nodes["Committee"][orphan]["name"] in shown


def test_the_tables_have_german_headers(page):
    headers = {str(c) for table in page.dataframe for c in table.value.columns}
    for title in ("Gremium", "Berichtet an", "Überschneidung", "Zusammenlegen prüfen", "Sektor", "Erklärung"):
        assert title in headers, title
    assert not {h for h in headers if "_" in h and h.islower()}  # no snake_case identifier


def test_the_tree_picture_is_shown_and_downloadable_as_png_and_svg(page):
    images = page.get("image")
    assert images and images[0].captions[0].startswith("Berichtslinien der Gremien")
    labels = [b.proto.label for b in page.get("download_button")]
    assert "Bild herunterladen (PNG)" in labels and "Bild herunterladen (SVG)" in labels


def test_the_overlap_heatmap_has_german_axis_titles_and_every_committee(page, demo):
    specs = [json.loads(e.proto.spec) for e in elements(page) if e.type == "vega_lite_chart"]

    def mark(layer: dict) -> str:
        value = layer.get("mark", {})
        return value if isinstance(value, str) else value.get("type", "")

    heat = [s for s in specs if any(mark(layer) == "rect" for layer in s.get("layer", []))]
    assert heat, "the heatmap"
    layer = heat[0]["layer"][0]["encoding"]
    assert layer["x"]["title"] == "Gremium" and layer["y"]["title"] == "Gremium"
    committees = {p["name"] for p in demo.nodes["Committee"].values() if valid(p)}
    assert set(layer["y"]["sort"]) == committees


def test_anonymised_no_actor_name_is_shown(demo_loaded, demo):
    at = open_page(committee_map_anonymous=True)
    shown = texts(at) + "\n".join(
        str(v) for table in at.dataframe for v in [*table.value.columns, *table.value.astype(str).to_numpy().ravel()]
    )
    named = [p["name"] for p in demo.nodes["Actor"].values() if p.get("name") and p["name"] in shown]
    assert named == []
    assert "Kreisverwaltung" in shown or "Verwaltung" in shown  # pseudonyms by type instead


def test_the_change_tab_counts_founded_committees_between_its_dates(demo_loaded, demo):
    start, end = dt.date(2025, 1, 1), DAY
    at = open_page(committee_change_from=start, committee_change_to=end)
    founded = sum(
        1
        for p in demo.nodes["Committee"].values()
        if p.get("valid_from")
        and start < p["valid_from"] <= end
        and (p.get("valid_to") is None or p["valid_to"] >= end)
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gremien gegründet"] == str(founded)


def test_the_png_is_a_readable_a4_landscape_picture(demo_loaded):
    from graph.analysis.committees import committees_summary
    from graph.views.committees import picture_rows, tree_picture

    png = tree_picture(picture_rows(committees_summary(load_or_raise(DEMO), DAY)))
    image = Image.open(io.BytesIO(png))
    assert image.size == (2338, 1653)  # A4 landscape at 200 dpi: the demo's tree fits one page


def test_the_anonymised_tree_picture_names_no_actor(demo):
    from graph.analysis.committees import committees_summary
    from graph.ui.committees import pseudonymised
    from graph.views.committees import picture_rows, tree_picture

    tables = pseudonymised(demo, committees_summary(demo, DAY))
    svg = tree_picture(picture_rows(tables), fmt="svg").decode("utf-8")
    named = [p["name"] for p in demo.nodes["Actor"].values() if p.get("name") and p["name"] in svg]
    assert named == []
    assert "Vorsitz: Kreisverwaltung" in svg  # the chair by type and area code instead
