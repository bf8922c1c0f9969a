"""Every page of the app under Streamlit's AppTest, on the demo district: renders, filters, shows errors."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from conftest import DEMO, ROOT
from streamlit.testing.v1 import AppTest

from graph.auth import Role
from graph.errors import EngineError
from graph.io.validate import load_or_raise

PAGES = [
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
]
TIMEOUT = 120
AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "bildungsnetz",
    "client_secret": "geheim",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture(autouse=True)
def served_on_loopback():
    """The app as ``bildungsnetz serve`` runs it: bound to 127.0.0.1 (single-user local mode allowed)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BILDUNGSNETZ_ROLE_CLAIM", "roles")  # the test logins carry their role in "roles"
        yield
    config.set_option("server.address", before)


@pytest.fixture(scope="module")
def demo_loaded(embedded_store):
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
    return embedded_store


def open_page(page: str, user: dict | None = None, **state) -> AppTest:
    """Open ``page``; with ``user`` (the claims of an ID token) the app runs with OpenID Connect login."""
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    if user is not None:
        at.secrets["auth"] = AUTH_SECRETS
        at.user = user
    at.session_state["test_page"] = page
    at.session_state["as_of"] = dt.date(2026, 10, 1)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def count(at: AppTest) -> str:
    """The caption that counts what the page shows ("412 Akteure · …" or "12 / 420")."""
    return next(c.value for c in at.caption if re.match(r"^\d+ ", c.value))


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo_district_without_exception_or_error(demo_loaded, page):
    at = open_page(page)
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert at.title and at.title[0].value


@pytest.mark.parametrize("page", PAGES)
def test_a_package_error_is_shown_as_st_error(demo_loaded, monkeypatch, page):
    from graph.ui import state

    def broken():
        raise EngineError("Die Datenbank ist nicht erreichbar: Testfehler.")

    monkeypatch.setattr(state, "revision", broken)
    monkeypatch.setattr(state, "dataset", broken)
    monkeypatch.setattr(state, "analyses", broken)
    at = open_page(page)
    no_exception(at)
    assert any("Testfehler" in e.value for e in at.error)


def test_overview_figures_follow_the_reference_date(demo_loaded):
    later = open_page("overview")
    earlier = open_page("overview", as_of=dt.date(2025, 1, 1))
    assert later.metric[0].value == "412" and earlier.metric[0].value == "405"


def test_network_filter_by_sector_shrinks_the_view(demo_loaded):
    at = open_page("network")
    assert "412" in count(at)
    at.multiselect(key="net_sectors").set_value(["schule"]).run()
    no_exception(at)
    shown = int(count(at).split()[0])
    assert 0 < shown < 412


def test_network_ego_view_shows_only_the_neighbourhood(demo_loaded):
    at = open_page("network", net_focus="ak-vhs-001")
    at.toggle(key="net_ego").set_value(True).run()
    no_exception(at)
    assert int(count(at).split()[0]) == 56  # the VHS and its 55 partners


def test_actor_search_filters_the_table(demo_loaded):
    at = open_page("actors")
    before = count(at)
    at.text_input(key="actor_search").set_value("Regenbogen").run()
    no_exception(at)
    shown = int(count(at).split("/")[0])
    assert 0 < shown < int(before.split("/")[0]) and len(at.dataframe[0].value) == shown


def test_editing_an_actor_saves_it_and_a_stale_edit_is_refused(demo_loaded):
    at = open_page("actors", actor_chosen="ak-bib-001")
    name_box = next(box for box in at.text_input if box.label.startswith("Name"))
    name_box.set_value("Stadtbibliothek Musterau am Markt")
    submit = next(b for b in at.get("form_submit_button"))
    submit.click().run()
    no_exception(at)
    assert demo_loaded.read_dataset().nodes["Actor"]["ak-bib-001"]["name"] == "Stadtbibliothek Musterau am Markt"
    # someone else saves in between: the form still holds the old version and must be refused
    stale = open_page("actors", actor_chosen="ak-bib-002")
    props = dict(demo_loaded.read_dataset().nodes["Actor"]["ak-bib-002"])
    version = demo_loaded.node_version("Actor", "ak-bib-002")
    demo_loaded.save_node("Actor", "ak-bib-002", {**props, "website": "https://bib.example"}, [], version)
    box = next(box for box in stale.text_input if box.label.startswith("Name"))
    box.set_value("Überschrieben?")
    next(b for b in stale.get("form_submit_button")).click().run()
    assert any("inzwischen von jemand anderem geändert" in e.value for e in stale.error)
    assert demo_loaded.read_dataset().nodes["Actor"]["ak-bib-002"]["name"] != "Überschrieben?"


def test_an_invalid_form_value_is_reported_under_its_field(demo_loaded):
    at = open_page("actors", actor_chosen="ak-bib-003")
    box = next(box for box in at.text_input if box.label.startswith("Breitengrad"))
    box.set_value("100")
    next(b for b in at.get("form_submit_button")).click().run()
    no_exception(at)
    assert any("Bitte die markierten Angaben korrigieren" in e.value for e in at.error)
    elements = []
    stack = [at.main]
    while stack:  # the page's elements in the order shown
        node = stack.pop()
        children = getattr(node, "children", None)
        if children is None:
            elements.append(node)
        else:
            stack.extend(reversed(list(children.values())))
    field = next(i for i, el in enumerate(elements) if getattr(el, "label", None) == "Breitengrad")
    assert elements[field + 1].type == "error" and "größer als das Maximum 90" in elements[field + 1].value


def test_brokers_slider_changes_the_table(demo_loaded):
    at = open_page("brokers")
    assert len(at.dataframe[0].value) == 10
    at.slider(key="brokers_top").set_value(20).run()
    assert len(at.dataframe[0].value) == 20
    assert list(at.dataframe[0].value["ID"][:2]) == ["ak-kv-002", "ak-vhs-001"]


def test_gaps_toggle_shows_only_gaps(demo_loaded):
    at = open_page("gaps")
    all_rows = len(at.dataframe[0].value)
    at.toggle(key="gaps_only").set_value(True).run()
    assert len(at.dataframe[0].value) == 4 < all_rows


def test_duplicates_filter_by_kind(demo_loaded):
    at = open_page("duplicates")
    assert len(at.dataframe[0].value) == 4
    at.multiselect(key="dup_kinds").set_value(["committee"]).run()
    assert list(at.dataframe[0].value["Art"]) == ["Gremium"]


def test_links_toggle_keeps_transition_pairs(demo_loaded):
    at = open_page("links")
    at.toggle(key="links_transitions").set_value(True).run()
    table = at.dataframe[0].value
    assert len(table) and (table["Übergang"] != "").all()


def test_change_page_reports_the_planted_counts_between_the_demo_dates(demo_loaded):
    at = open_page("change", change_from=dt.date(2025, 1, 1), change_to=dt.date(2026, 10, 1))
    no_exception(at)
    at.multiselect(key="change_kinds").set_value(["actor"]).run()
    table = at.dataframe[0].value
    assert (table["Veränderung"] == "neu").sum() == 15 and (table["Veränderung"] == "beendet").sum() == 8


def test_the_app_speaks_german_and_offers_no_language_switch(demo_loaded):
    at = open_page("overview", lang="English")  # a session that chose English before the switch was removed
    assert at.title[0].value == "Überblick" and not at.sidebar.radio


def test_after_a_refused_stale_edit_reload_shows_the_newer_data(demo_loaded):
    at = open_page("actors", actor_chosen="ak-bib-004")
    props = dict(demo_loaded.read_dataset().nodes["Actor"]["ak-bib-004"])
    version = demo_loaded.node_version("Actor", "ak-bib-004")
    demo_loaded.save_node("Actor", "ak-bib-004", {**props, "name": "Neuer Name von nebenan"}, [], version)
    next(b for b in at.get("form_submit_button")).click().run()
    assert any("inzwischen" in e.value for e in at.error)
    next(b for b in at.button if b.label == "Neu laden").click().run()
    no_exception(at)
    box = next(box for box in at.text_input if box.label.startswith("Name"))
    assert box.value == "Neuer Name von nebenan"


@pytest.mark.parametrize(
    ("page", "key", "term"),
    [("offers", "offer_search", "Berufsorientierung"), ("committees", "committee_search", "Arbeitskreis")],
)
def test_offer_and_committee_search_filters_the_table(demo_loaded, page, key, term):
    at = open_page(page)
    total = int(count(at).split("/")[1])
    at.text_input(key=key).set_value(term).run()
    no_exception(at)
    shown = int(count(at).split("/")[0])
    assert 0 < shown < total


def test_reports_page_offers_the_report_after_creating_it(demo_loaded):
    at = open_page("reports")
    no_exception(at)
    assert not [b for b in at.get("download_button") if "Bericht" in b.proto.label]
    next(b for b in at.button if b.label == "Bericht erstellen").click().run()
    made = [b for b in at.get("download_button") if b.proto.label == "Bericht (PDF)"]  # made earlier, same data
    assert made or any("Der Bericht wird erstellt" in i.value for i in at.info)  # else made in the background
    next(b for b in at.button if b.label == "Tischplan erstellen").click().run()
    no_exception(at)
    for _ in range(240):  # the page reruns by itself once the files are there
        labels = [b.proto.label for b in at.get("download_button")]
        if "Bericht (PDF)" in labels:
            break
        time.sleep(0.5)
        at.run()
    assert "Bericht (PDF)" in labels and "Bericht (HTML)" in labels and "Excel-Anlage (xlsx)" in labels
    assert "Tischplan (XLSX)" in labels


def test_a_view_saved_on_the_network_page_is_shown_in_the_presentation(demo_loaded, session_data_dir):
    from graph import slides

    for view in slides.load_views(demo_loaded):
        slides.remove_view(view.id, store=demo_loaded)
    empty = open_page("presentation")
    assert any("Noch keine Ansichten" in i.value for i in empty.info)
    net = open_page("network", net_sectors=["schule"], net_caption="Nur Schulen")
    next(b for b in net.button if b.label == "Speichern").click().run()
    no_exception(net)
    assert [v.caption for v in slides.load_views(demo_loaded)] == ["Nur Schulen"]
    slides.add_view(slides.SavedView("Alle Akteure"), store=demo_loaded)
    show = open_page("presentation")
    no_exception(show)
    assert show.subheader[0].value == "1 / 2: Nur Schulen"
    next(b for b in show.button if b.label == "▶").click().run()
    assert show.subheader[0].value == "2 / 2: Alle Akteure"
    for view in slides.load_views(demo_loaded):
        slides.remove_view(view.id, store=demo_loaded)


# -- login and roles ---------------------------------------------------------------------------------


def logged_in(email: str, *roles: str) -> dict:
    return {"is_logged_in": True, "email": email, "sub": email, "roles": list(roles)}


def test_with_login_configured_nobody_gets_in_without_logging_in(demo_loaded):
    at = open_page("overview", user={"is_logged_in": False})
    no_exception(at)
    assert [b.label for b in at.button] == ["Anmelden"]
    assert not at.dataframe and not at.metric


def test_a_person_without_role_is_told_so_and_sees_no_data(demo_loaded):
    at = open_page("actors", user=logged_in("fremd@kreis.test"))
    no_exception(at)
    assert any("keinen Zugang" in w.value for w in at.warning)
    assert not at.dataframe


def test_local_mode_is_refused_when_the_app_listens_beyond_this_machine(demo_loaded):
    from streamlit import config

    config.set_option("server.address", "0.0.0.0")
    at = open_page("overview")
    no_exception(at)
    assert any("nur auf diesem Rechner" in e.value for e in at.error)
    assert not at.dataframe and not at.metric


def test_a_viewer_reads_but_gets_no_forms_and_no_administration(demo_loaded):
    at = open_page("actors", user=logged_in("partner@kreis.test", "viewer"))
    no_exception(at)
    assert at.dataframe and not at.get("form_submit_button")
    assert any("nur das Lesen" in i.value for i in at.info)
    assert "partner@kreis.test · Lesen" in [c.value for c in at.sidebar.caption]
    admin = open_page("admin", user=logged_in("partner@kreis.test", "viewer"))
    no_exception(admin)  # the administration page is not even registered for a viewer: the default page opens
    assert admin.title[0].value == "Überblick"
    assert not any("Aktion" in df.value.columns for df in admin.dataframe)


def test_a_viewers_forged_save_is_refused_by_the_server_and_logged(demo_loaded, monkeypatch):
    from graph.ui import state

    # pretend the page showed the form anyway (a forged request): the store must still refuse
    monkeypatch.setattr(state, "may", lambda role: True)
    at = open_page("actors", user=logged_in("partner@kreis.test", "viewer"), actor_chosen="ak-bib-003")
    box = next(box for box in at.text_input if box.label.startswith("Name"))
    box.set_value("Gefälschter Name")
    next(b for b in at.get("form_submit_button")).click().run()
    no_exception(at)
    assert any("erlaubt das nicht" in e.value for e in at.error)
    assert demo_loaded.read_dataset().nodes["Actor"]["ak-bib-003"]["name"] != "Gefälschter Name"
    last = demo_loaded.audit_log(limit=1)[0]
    assert (last["user"], last["action"], last["object_id"], last["outcome"]) == (
        "partner@kreis.test",
        "update",
        "ak-bib-003",
        "denied",
    )


def test_an_editor_saves_and_the_save_is_logged_under_their_login(demo_loaded):
    at = open_page("actors", user=logged_in("team@kreis.test", "editor"), actor_chosen="ak-bib-003")
    box = next(box for box in at.text_input if box.label.startswith("Name"))
    box.set_value("Bücherei Musterau-Süd")
    next(b for b in at.get("form_submit_button")).click().run()
    no_exception(at)
    assert demo_loaded.read_dataset().nodes["Actor"]["ak-bib-003"]["name"] == "Bücherei Musterau-Süd"
    last = demo_loaded.audit_log(limit=1)[0]
    assert (last["user"], last["action"], last["object_id"], last["outcome"]) == (
        "team@kreis.test",
        "update",
        "ak-bib-003",
        "ok",
    )


def test_an_admin_assigns_a_role_on_the_administration_page_and_reads_the_log(demo_loaded):
    at = open_page("admin", user=logged_in("leitung@kreis.test", "admin"))
    no_exception(at)
    assert any(h.value == "Protokoll" for h in at.subheader)
    at.text_input(key="admin_login").set_value("Neu@Kreis.Test")
    at.selectbox(key="admin_role").set_value(Role.EDITOR)
    next(b for b in at.get("form_submit_button") if b.label == "Speichern").click().run()
    no_exception(at)
    assert demo_loaded.user_role("neu@kreis.test") is Role.EDITOR
    log = next(df for df in at.dataframe if "Aktion" in df.value.columns).value
    assert "Rolle vergeben" in set(log["Aktion"]) and "leitung@kreis.test" in set(log["Wer"])
    demo_loaded.remove_user("neu@kreis.test")


def test_the_apps_caches_never_hold_a_contact_person(demo_loaded):
    """Erasure must leave no trace in caches: the app never caches persons in the first place."""
    import pickle

    from graph.ui import data, state

    persons = load_or_raise(DEMO).nodes["Person"]
    assert persons  # the demo district has contact persons in the database
    for page in ("overview", "network", "data", "reports"):
        no_exception(open_page(page))
    rev = demo_loaded.revision()
    cached = [state._dataset(rev), state._summary(rev, dt.date(2026, 10, 1), dt.date(2025, 10, 1), "sector")]
    cached += [data._export_bytes(rev, state._dataset(rev), fmt)[0] for fmt in ("json", "graphml", "gexf")]
    blob = b"".join(pickle.dumps(item) for item in cached)
    for person in persons.values():
        for value in (person.get("name"), person.get("email")):
            if value:
                assert value.encode() not in blob, value
