"""Nothing a user typed runs anywhere: no live formula in any spreadsheet, no Markdown in any page.

The demo district plus actors, an area, an offer and a committee named like formula and Markdown
injections. Every download button of every page (found through AppTest and clicked there) is
opened as CSV, xlsx or zip and every cell checked; so is ``bildungsnetz analyse --format csv``.
Every Markdown source a page sends (bodies, labels, help texts) is checked for live image, link,
HTML, directive and LaTeX syntax from those names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import DEMO, ROOT
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from graph.auth import Role
from graph.dataset import Dataset, Rel
from graph.io.export import FORMULA_TRIGGERS, neutralise, safe_cell, safe_frame, sheet_name, write_xlsx
from graph.io.validate import load_or_raise
from graph.ui.texts import WORD_JOINER, md

#: The names the QA engineer tried, with the Markdown ones pointing at port 9 (nothing listens there).
HOSTILE = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "![x](http://127.0.0.1:9/x.png)",
    "[link](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    ":red[rot]",
    "$x^2$",
)
#: Markdown that must never reach a page unescaped.
LIVE_MARKDOWN = ("![", "](", "<img", ":red[", "$x^2$")
PAGES = (
    "overview",
    "network",
    "actors",
    "offers",
    "committees",
    "brokers",
    "gaps",
    "duplicates",
    "links",
    "change",
    "presentation",
    "reports",
    "data",
    "admin",
)
#: Session state that makes a page show everything it can: the searched actor, the record chosen
#: for editing, the made report, pictures, plan and slides.
PAGE_STATE: dict[str, dict[str, object]] = {
    "network": {"net_focus": "ak-feind-05"},
    "actors": {"actor_chosen": "ak-feind-05"},
    "offers": {"offer_chosen": "an-feind"},
    "committees": {"committee_chosen": "gr-feind"},
    "change": {"change_from": dt.date(2025, 1, 1), "change_to": dt.date(2026, 10, 1)},
    # the last slide: the hostile view is saved last, other tests of the session may have left views before it
    "presentation": {"slides_ready": True, "slide": 10_000},
    "reports": {"reports_ready": True, "reports_pictures": True, "reports_plan": True},
}
TIMEOUT = 180
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")


def hostile_names(port: int = 9) -> tuple[str, ...]:
    """The hostile names, the Markdown image pointing at ``port`` on 127.0.0.1."""
    return tuple(name.replace("127.0.0.1:9", f"127.0.0.1:{port}") for name in HOSTILE)


def hostile_dataset(names: tuple[str, ...] = HOSTILE) -> Dataset:
    """The demo district plus one actor per hostile name, and an area, an offer and a committee named so.

    Half of the hostile actors cooperate (with the education office and each other) and came in 2026,
    the others are isolated, so the names reach the network, the analyses and the change table.
    """
    ds = load_or_raise(DEMO)
    image = next(n for n in names if n.startswith("!["))
    ds.add_node("Area", "geb-feind", {"name": image, "area_type": "gemeinde", "population": 1000})
    ds.add_rel(Rel("PART_OF", "Area", "geb-feind", "Area", "geb-lk"))
    ids = [f"ak-feind-{i:02d}" for i in range(len(names))]
    for i, (node_id, name) in enumerate(zip(ids, names, strict=True)):
        props: dict[str, object] = {
            "name": name,
            "actor_type": "verein",
            "sector": "kultur",
            "website": "javascript:alert(1)",
            "address": name,
        }
        if i % 2 == 0:
            props["valid_from"] = dt.date(2026, 1, 1)
        ds.add_node("Actor", node_id, props)
        ds.add_rel(Rel("LOCATED_IN", "Actor", node_id, "Area", "geb-feind"))
    for i in range(0, len(ids) - 1, 2):  # even ones with the office, and each with the next odd one
        ds.add_rel(Rel("COOPERATES_WITH", "Actor", ids[i], "Actor", "ak-kv-002", {"id": f"ko-feind-{i}a"}))
        ds.add_rel(Rel("COOPERATES_WITH", "Actor", ids[i], "Actor", ids[i + 1], {"id": f"ko-feind-{i}b"}))
    ds.add_node(
        "Offer",
        "an-feind",
        {"title": names[0], "education_area": "nonformal_informell", "life_phases": ["kita_alter"], "topic": names[7]},
    )
    ds.add_rel(Rel("PROVIDES", "Actor", ids[0], "Offer", "an-feind"))
    ds.add_rel(Rel("LOCATED_IN", "Offer", "an-feind", "Area", "geb-feind"))
    ds.add_node("Committee", "gr-feind", {"name": names[7], "committee_type": "arbeitskreis", "themes": [names[8]]})
    for node_id in ids[:4]:
        ds.add_rel(Rel("MEMBER_OF", "Actor", node_id, "Committee", "gr-feind"))
    return ds


def hostile_workbook(path: Path, names: tuple[str, ...] = HOSTILE) -> Path:
    """Write :func:`hostile_dataset` as an exchange-format workbook (as the import reads it) to ``path``."""
    write_xlsx(hostile_dataset(names), path)
    return path


def live_formula(cell: object) -> bool:
    """Whether a spreadsheet could run ``cell``: text starting with a trigger that is no plain number."""
    if not isinstance(cell, str) or _NUMBER.match(cell.strip()):
        return False
    return cell.startswith(FORMULA_TRIGGERS) or cell.lstrip().startswith(FORMULA_TRIGGERS)


def spreadsheet_cells(file_name: str, data: bytes) -> list[object] | None:
    """Every cell of a CSV, xlsx or zip-of-CSV download (None: not a spreadsheet)."""
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
        return [cell for row in rows for cell in row]
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [c for member in archive.namelist() for c in spreadsheet_cells(member, archive.read(member)) or []]
    if suffix == ".xlsx":
        workbook = load_workbook(io.BytesIO(data))
        cells: list[object] = []
        for ws in workbook.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{file_name}: formula in {ws.title}!{cell.coordinate}"
                    cells.append(cell.value)
        return cells
    return None


def live_markdown(source: str) -> list[str]:
    """The injection tokens in a Markdown source that are not escaped by a backslash."""
    bare = re.sub(r"\\.", "", source, flags=re.DOTALL).replace(WORD_JOINER, "")
    return [token for token in LIVE_MARKDOWN if token in bare]


# -- the one rule for spreadsheet cells ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name", [*HOSTILE[:5], "＝1+1", "＋1", "－1", "＠SUM(A1)", "  =1+1", "\u3000=1", "\r=1", "\n=1"]
)
def test_every_trigger_is_neutralised_also_after_whitespace_and_in_full_width(name):
    assert neutralise(name) == "'" + name and not live_formula(neutralise(name))


@pytest.mark.parametrize("name", [*HOSTILE[5:], "Kita Sonnenschein", "A=1", "Kita -2", "'=schon neutral", ""])
def test_harmless_text_stays_as_it_is(name):
    assert neutralise(name) == name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-2, -2),
        (-2.5, -2.5),
        (np.int64(-7), np.int64(-7)),
        (True, True),
        (None, None),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
        (["=1", "b"], "'=1, b"),
        (("a", "+b"), "a, +b"),
        ({"b", "@a"}, "'@a, b"),
    ],
)
def test_safe_cell_keeps_numbers_and_dates_and_joins_lists(value, expected):
    assert safe_cell(value) == expected and type(safe_cell(value)) is type(expected)


@pytest.mark.parametrize("dtype", [object, "str", "string", "category"])
def test_text_columns_are_neutralised_whatever_their_pandas_dtype(dtype):
    frame = pd.DataFrame({"name": pd.Series(list(HOSTILE), dtype=dtype), "score": range(-5, 5)})
    safe = safe_frame(frame)
    assert [live_formula(v) for v in safe["name"]] == [False] * len(HOSTILE)
    assert list(safe["name"]) == [neutralise(n) for n in HOSTILE]
    assert safe["score"].dtype == frame["score"].dtype and safe["score"].min() == -5
    assert frame["name"].iloc[0] == HOSTILE[0]  # the input is left alone


def test_column_names_index_labels_and_list_cells_are_neutralised_too():
    frame = pd.DataFrame({"=a": [["=x", "y"]], "b": [-1.5]}, index=pd.Index(["@i"], name="+n"))
    safe = safe_frame(frame)
    assert list(safe.columns) == ["'=a", "b"] and list(safe.index) == ["'@i"] and safe.index.name == "'+n"
    assert safe.iloc[0, 0] == "'=x, y" and safe.iloc[0, 1] == -1.5


def test_sheet_names_are_valid_and_inert():
    assert sheet_name("=Brücken/Risiken") == "Brücken_Risiken"
    assert len(sheet_name("x" * 40)) == 31 and sheet_name("'") == "Tabelle"


# -- Markdown ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        *HOSTILE,
        "# Kopf\n- Liste",
        "1. eins",
        "**fett** `code` ~weg~ |a|",
        "www.evil.example http://x.example",
        ":material/hub:",
    ],
)
def test_md_leaves_no_markdown_syntax_alive_and_shows_the_text_as_written(name):
    escaped = md(name)
    assert live_markdown(escaped) == [] and "\n" not in escaped
    assert "www." not in escaped and "://" not in escaped and ":material/" not in escaped.replace("\\", "")
    assert re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "") == name.replace("\n", " ").lstrip()


def test_md_leaves_plain_names_and_addresses_alone():
    assert md("Kita-Verbund e.V. Nord + Süd") == "Kita-Verbund e.V. Nord + Süd"
    assert md("partner@kreis.test") == "partner@kreis.test"


# -- the app ----------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def served_on_loopback() -> Iterator[None]:
    """The app as ``bildungsnetz serve`` runs it: on 127.0.0.1, single-user local mode (an admin)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(scope="module")
def hostile_store(embedded_store):
    """The session's store holding the demo district plus the hostile names, and a view saved under one."""
    embedded_store.write_dataset(hostile_dataset(), replace=True)
    network = open_page("network", net_caption=HOSTILE[5])
    next(b for b in network.button if b.label == "Speichern").click().run()
    assert any(s.value == "Gespeichert." for s in network.success)
    yield embedded_store
    shown = open_page("presentation")  # the view was saved last: remove it again
    next(b for b in reversed(shown.button) if str(b.key).startswith("del_")).click().run()


class MediaFiles:
    """The media file managers of the AppTest runs, so that a download button's bytes can be read."""

    def __init__(self) -> None:
        self.managers: list[object] = []

    def data(self, button) -> tuple[str, bytes]:
        """(file name, bytes) of a download button: its stored file, or its callable run as a click would."""
        manager = self.managers[-1]
        url = button.proto.url or manager.execute_deferred(button.proto.deferred_file_id)  # type: ignore[attr-defined]
        stored = manager.read_file(url.rsplit("/", 1)[-1])  # type: ignore[attr-defined]
        assert stored is not None, button.proto.label
        return stored.filename or "", stored.content


@pytest.fixture
def media(monkeypatch) -> MediaFiles:
    """Record the media file manager AppTest creates for each run."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import app_test

    files = MediaFiles()

    def recording(storage):
        manager = MediaFileManager(storage)
        files.managers.append(manager)
        return manager

    monkeypatch.setattr(app_test, "MediaFileManager", recording)
    return files


def open_page(page: str, **state: object) -> AppTest:
    """Run the app on ``page`` on 1 October 2026 with the page's :data:`PAGE_STATE` and ``state``."""
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.session_state["test_page"] = page
    at.session_state["as_of"] = dt.date(2026, 10, 1)
    for key, value in {**PAGE_STATE.get(page, {}), **state}.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def walk(node) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def markdown_sources(at: AppTest) -> list[str]:
    """Every text of the page Streamlit renders as Markdown: bodies, labels and help texts."""
    texts = []
    for node in (*walk(at.main), *walk(at.sidebar)):
        if getattr(node, "type", "") in ("arrow_data_frame", "dataframe"):
            continue  # a table shows text as it is
        proto = getattr(node, "proto", None)
        for field in ("body", "label", "help"):
            value = getattr(node, field, None)
            if value is None and proto is not None and hasattr(proto, "DESCRIPTOR"):
                value = getattr(proto, field, None) if field in proto.DESCRIPTOR.fields_by_name else None
            if isinstance(value, str) and value:
                texts.append(value)
        if hasattr(node, "value") and getattr(node, "type", "") in (
            "markdown",
            "caption",
            "title",
            "header",
            "subheader",
            "error",
            "warning",
            "info",
            "success",
            "toast",
        ):
            texts.append(str(node.value))
    return texts


def test_no_download_on_any_page_holds_a_live_formula_and_nothing_renders_markdown_from_names(hostile_store, media):
    spreadsheets: dict[str, list[object]] = {}
    others: list[str] = []
    pages_with_names = set()
    for page in PAGES:
        at = open_page(page)
        sources = markdown_sources(at)
        assert sources, page
        for source in sources:
            assert live_markdown(source) == [], (page, source)
        if any(md(name) in source for source in sources for name in HOSTILE):
            pages_with_names.add(page)
        for button in at.get("download_button"):
            file_name, data = media.data(button)
            cells = spreadsheet_cells(file_name, data)
            key = f"{page}: {button.proto.label} ({file_name})"
            if cells is None:
                others.append(key)
                if file_name.endswith((".html", ".svg")):  # the names are in there as escaped text only
                    assert b"<img src=x" not in data and b"<script>alert" not in data, key
                continue
            spreadsheets[key] = cells
            live = [c for c in cells if live_formula(c)]
            assert live == [], (key, live[:5])
    # 13 tables × CSV and xlsx, the exchange-format xlsx and CSV zip, the conference plan xlsx
    assert len(spreadsheets) == 29, sorted(spreadsheets)
    assert len(others) >= 10, others  # GraphML, GEXF, JSON, network HTML, report, pictures, plan PDF, slides
    # not vacuous: every hostile name reached the files (neutralised) and the pages (escaped)
    every_cell = {c for cells in spreadsheets.values() for c in cells if isinstance(c, str)}
    for name in HOSTILE:
        assert neutralise(name) in every_cell or neutralise(name.strip()) in every_cell, name
    assert {"network", "gaps", "change", "presentation"} <= pages_with_names, pages_with_names


def test_tables_and_choice_lists_show_the_names_unescaped(hostile_store):
    at = open_page("network")
    options = at.selectbox(key="net_focus").options
    assert f"{HOSTILE[5]} (ak-feind-05)" in options  # a selectbox shows text as it is
    assert at.subheader[0].value == f"Details: {md(HOSTILE[5])}"
    actors = open_page("actors")
    names = set(actors.dataframe[0].value["Name"])
    assert {HOSTILE[5], HOSTILE[6], HOSTILE[8]} <= names  # the table shows them as typed, not escaped


def test_analyse_csv_holds_no_live_formula_for_any_analysis(tmp_path, capsys):
    from graph.cli import main

    workbook = hostile_workbook(tmp_path / "feindlich.xlsx")
    seen: set[str] = set()
    for kind in ("centrality", "brokers", "isolates", "gaps", "missing-links", "conference", "duplicates", "change"):
        args = ["analyse", kind, "--input", str(workbook), "--format", "csv", "--as-of", "2026-10-01"]
        if kind == "change":
            args += ["--from", "2025-01-01", "--to", "2026-10-01"]
        assert main(args) == 0, kind
        out = capsys.readouterr().out
        cells = [c for row in csv.reader(io.StringIO(out, newline=""), delimiter=";") for c in row]
        assert [c for c in cells if live_formula(c)] == [], kind
        seen.update(cells)
    assert {neutralise(n) for n in HOSTILE} <= seen


def test_audit_export_and_conference_plan_hold_no_live_formula(hostile_store, tmp_path):
    from graph.audit import export_audit
    from graph.report.conference import write_plan

    hostile_store.record("audit_export", role=Role.ADMIN, label="Actor", object_id="=HYPERLINK(1)")
    for suffix in (".csv", ".xlsx"):
        target = tmp_path / f"protokoll{suffix}"
        export_audit(hostile_store, target)
        cells = spreadsheet_cells(target.name, target.read_bytes())
        assert cells and [c for c in cells if live_formula(c)] == []
        assert "'=HYPERLINK(1)" in cells
    plan = tmp_path / "tischplan.xlsx"
    write_plan(hostile_store.read_dataset(), plan, as_of=dt.date(2026, 10, 1), tables=20, size=30)
    cells = spreadsheet_cells(plan.name, plan.read_bytes())
    assert cells and [c for c in cells if live_formula(c)] == []
    assert any(isinstance(c, str) and c.startswith("'") for c in cells)  # hostile names were invited


# -- the network view -------------------------------------------------------------------------------------


def test_network_html_escapes_names_and_shows_no_website_or_markup(hostile_store):
    import networkx as nx

    from graph.views.network import network_view

    names = [*HOSTILE, 'Kita "Anführung" </script><script>alert(1)</script>']
    G = nx.Graph()
    for i, name in enumerate(names):
        G.add_node(f"n{i}", name=name, sector="kultur", area="geb-feind", website="javascript:alert('Webseite')")
        if i:
            G.add_edge("n0", f"n{i}", weight=2)
    html = network_view(G, title=names[7], subtitle=names[5], area_names={"geb-feind": names[7]}, focus="n0").html
    script = html[html.rindex("<script>") :]
    assert "</script><script>alert" not in html and "<img src=x" not in html
    assert "Webseite" not in html  # only allow-listed attributes reach the page
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # title, legend: escaped text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in script  # tooltips: JSON strings, shown as text
    assert "img-src data:" in html and "default-src 'none'" in html  # and the page may load nothing


def test_network_picture_draws_dollar_names_as_text(tmp_path):
    import networkx as nx

    from graph.views.picture import draw

    G = nx.Graph()
    G.add_node("a", name="$x^2$ und $\\unbekannt$", sector="kultur")
    G.add_node("b", name="Preis: 5 $", sector="schule")
    G.add_edge("a", "b")
    figure = draw(G, title="$\\kaputt", subtitle="$$")
    figure.savefig(tmp_path / "netz.svg")  # mathtext would fail on \unbekannt and a lone $
    svg = (tmp_path / "netz.svg").read_text(encoding="utf-8")
    assert "<svg" in svg


@pytest.mark.parametrize("name", ["=1+1", "＝SUMME(A1)", "＠Verein", "-Minus e.V.", "@Kita", "'Zitat' Verein"])
def test_a_neutralised_name_comes_back_unchanged_when_our_own_export_is_imported(tmp_path, name):
    from graph.dataset import Dataset
    from graph.io.validate import load_or_raise

    ds = Dataset()
    ds.add_node("Actor", "a-1", {"name": name, "actor_type": "verein", "sector": "kultur"})
    write_xlsx(ds, tmp_path / "export.xlsx")
    assert load_or_raise(tmp_path / "export.xlsx").nodes["Actor"]["a-1"]["name"] == name
