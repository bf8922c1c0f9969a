"""Mapping the network in the app without IDs: profiles, cooperations, memberships, areas and Träger (AppTest).

The app runs on the small dataset of tests/data/mini (actors ak-1 Kita „Sonnenschein“, ak-2 Grundschule
Müßighausen, ak-3 Volkshochschule Testau, ak-4 Jugendamt; committees gr-1 Lenkungskreis Bildung, gr-2
AK Übergang Kita–Schule; cooperations ko-1 ak-1–ak-2 since 01.09.2021, ko-3 ak-2–ak-4 until 31.01.2025
and one of ak-3–ak-4 without dates), reloaded before each test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, mini_dataset
from streamlit.testing.v1 import AppTest

from graph import editing
from graph.auth import Principal, Role
from graph.errors import EngineError
from graph.io.validate import load_or_raise

D = dt.date
TIMEOUT = 120
AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "bildungsnetz",
    "client_secret": "geheim",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
NEW_PAGES = ["cooperations", "areas", "institutions"]


@pytest.fixture(autouse=True)
def served_on_loopback():
    """The app as ``bildungsnetz serve`` runs it: bound to 127.0.0.1 (single-user local mode allowed)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BILDUNGSNETZ_ROLE_CLAIM", "roles")
        yield
    config.set_option("server.address", before)


@pytest.fixture
def mini(embedded_store):
    embedded_store.write_dataset(mini_dataset(), replace=True)
    return embedded_store


def open_page(page: str, user: dict | None = None, **state: Any) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    if user is not None:
        at.secrets["auth"] = AUTH_SECRETS
        at.user = user
    at.session_state["test_page"] = page
    at.session_state["as_of"] = D(2026, 10, 1)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def flat(node: Any) -> Iterator[Any]:
    """Every element below ``node`` in the order the page shows them."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for child in children.values():
        yield from flat(child)


def after(at: AppTest, label: str) -> Any:
    """The element the page shows right after the widget labelled ``label`` (where its message goes)."""
    elements = list(flat(at.main))
    index = next(i for i, el in enumerate(elements) if getattr(el, "label", None) == label)
    return elements[index + 1]


def widget(at: AppTest, kind: str, label: str, *, form: str = "") -> Any:
    """The widget of ``kind`` labelled ``label`` (the first one, or the first in a form whose key holds ``form``)."""
    return next(w for w in at.get(kind) if w.label == label and form in (getattr(w, "form_id", "") or ""))


def text(element: Any) -> str:
    """An element's text as the user reads it (without the escapes that keep Markdown inert)."""
    return str(element.value).replace("\\", "")


def submit(at: AppTest, label: str) -> AppTest:
    next(b for b in at.get("form_submit_button") if b.label == label).click().run()
    return ok(at)


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    return ok(at)


def rels(store, rel_type: str) -> dict[Any, dict]:
    ds = store.read_dataset()
    key = (lambda r: r.props["id"]) if rel_type == "COOPERATES_WITH" else (lambda r: (r.start, r.end))
    return {key(r): dict(r.props) for r in ds.rels if r.type == rel_type}


def logged_in(email: str, *roles: str) -> dict:
    return {"is_logged_in": True, "email": email, "sub": email, "roles": list(roles)}


# -- actors without IDs ---------------------------------------------------------------------------------


def test_an_actor_is_created_without_typing_an_id_and_its_id_shows_only_in_the_id_details(mini):
    at = ok(open_page("actors"))
    assert not [w for w in at.text_input if w.label.startswith("ID")]
    widget(at, "text_input", "Name *").set_value("Kita Sonnenschein")
    widget(at, "selectbox", "Typ *").set_value("kita")
    widget(at, "selectbox", "Sektor *").set_value("fruehe_bildung")
    widget(at, "selectbox", "Gebiet").set_value("sr-1")
    widget(at, "selectbox", "Träger").set_value("tr-2")
    widget(at, "multiselect", "Bildungsbereiche").set_value(["fruehkindlich"])
    widget(at, "date_input", "Gültig ab").set_value(D(2024, 8, 1))
    submit(at, "Speichern")
    ds = mini.read_dataset()
    assert ds.nodes["Actor"]["kita-sonnenschein"] == {
        "name": "Kita Sonnenschein",
        "actor_type": "kita",
        "sector": "fruehe_bildung",
        "education_areas": ["fruehkindlich"],
        "valid_from": D(2024, 8, 1),
    }
    owned = {(r.type, r.start, r.end) for r in ds.rels if "kita-sonnenschein" in (r.start, r.end)}
    assert owned == {("LOCATED_IN", "kita-sonnenschein", "sr-1"), ("RUNS", "tr-2", "kita-sonnenschein")}
    # the new actor's profile opens; the id is in the "ID" details only
    assert at.session_state["actor_chosen"] == "kita-sonnenschein"
    assert any(s.value == "Kita Sonnenschein" for s in at.subheader)
    assert [e.label for e in at.expander] == ["ID"] and at.code[0].value == "kita-sonnenschein"
    assert any("Angelegt" in s.value for s in at.success)


def test_a_second_actor_of_the_same_type_and_name_gets_a_number_and_both_are_told_apart_by_gemeinde(mini):
    editing.save_record(mini, "Actor", {"name": "Kita Sonnenschein", "actor_type": "kita", "sector": "fruehe_bildung"})
    at = ok(open_page("actors"))
    widget(at, "text_input", "Name *").set_value("Kita Sonnenschein")
    widget(at, "selectbox", "Typ *").set_value("kita")
    widget(at, "selectbox", "Sektor *").set_value("fruehe_bildung")
    widget(at, "selectbox", "Gebiet").set_value("sr-1")
    submit(at, "Speichern")
    assert at.session_state["actor_chosen"] == "kita-sonnenschein-2"
    shown = widget(at, "selectbox", "Akteur auswählen").options
    assert "Kita Sonnenschein (Gemeinde Müßighausen)" in shown  # the first one has no area: its name alone


def test_a_validation_message_is_shown_under_its_field(mini):
    at = ok(open_page("actors", actor_chosen="ak-3"))
    widget(at, "text_input", "Breitengrad").set_value("100")
    submit(at, "Speichern")
    message = after(at, "Breitengrad")
    assert message.type == "error" and "größer als das Maximum 90" in message.value
    assert any("Bitte die markierten Angaben korrigieren" in e.value for e in at.error)
    assert "lat" not in mini.read_dataset().nodes["Actor"]["ak-3"]


def test_a_required_choice_left_empty_is_reported_at_its_field(mini):
    at = ok(open_page("actors"))
    widget(at, "text_input", "Name *").set_value("Verein ohne Typ")
    widget(at, "selectbox", "Sektor *").set_value("kultur")
    submit(at, "Speichern")
    assert after(at, "Typ *").value == "Pflichtfeld ist leer."
    assert "Verein ohne Typ" not in {p["name"] for p in mini.read_dataset().nodes["Actor"].values()}


# -- cooperations from the actor's profile ----------------------------------------------------------------


def test_a_partner_is_added_by_name_in_the_actors_profile(mini):
    at = ok(open_page("actors", actor_chosen="ak-3", actor_tab="Kooperationen"))
    partner = widget(at, "selectbox", "Partner *")
    assert "ak-3" not in partner.options and "Kita „Sonnenschein“ – Müßig" in partner.options
    partner.set_value("ak-1")
    widget(at, "multiselect", "Arten").set_value(["gemeinsames_angebot"])
    widget(at, "selectbox", "Intensität").set_value("3")
    widget(at, "selectbox", "Formalisierung").set_value("vertrag")
    widget(at, "date_input", "Seit").set_value(D(2025, 9, 1))
    submit(at, "Partner hinzufügen")
    assert rels(mini, "COOPERATES_WITH")["ko-ak-1-ak-3"] == {
        "id": "ko-ak-1-ak-3",
        "types": ["gemeinsames_angebot"],
        "intensity": 3,
        "formality": "vertrag",
        "since": D(2025, 9, 1),
    }
    assert any("Partner hinzugefügt" in s.value for s in at.success)
    table = at.dataframe[-1].value
    assert "Kita „Sonnenschein“ – Müßig" in list(table["Partner"]) and "id" not in table.columns


def test_an_overlapping_cooperation_of_a_pair_is_refused_at_the_partner_pointing_to_the_existing_one(mini):
    at = ok(open_page("actors", actor_chosen="ak-1", actor_tab="Kooperationen"))
    widget(at, "selectbox", "Partner *").set_value("ak-2")
    widget(at, "date_input", "Seit").set_value(D(2025, 1, 1))
    submit(at, "Partner hinzufügen")
    message = after(at, "Partner *")
    assert message.type == "error" and "bereits eine Kooperation (seit 01.09.2021; ID ko-1)" in text(message)
    assert set(rels(mini, "COOPERATES_WITH")) == set(rels(mini, "COOPERATES_WITH")) - {"ko-ak-1-ak-2"}


def test_ending_a_cooperation_keeps_it_with_its_end_date(mini):
    at = ok(open_page("actors", actor_chosen="ak-1", actor_tab="Kooperationen"))
    widget(at, "selectbox", "Kooperation bearbeiten, beenden oder löschen").set_value("ko-1").run()
    widget(at, "date_input", "Letzter gemeinsamer Tag").set_value(D(2026, 3, 31))
    click(at, "Kooperation beenden")
    kept = rels(mini, "COOPERATES_WITH")["ko-1"]
    assert kept["until"] == D(2026, 3, 31) and kept["since"] == D(2021, 9, 1) and kept["intensity"] == 3
    assert mini.audit_log(limit=1)[0]["action"] == "cooperation_end"
    assert "beendet am 31.03.2026" in list(at.dataframe[-1].value["Am Stichtag"])


def test_deleting_a_cooperation_is_a_separate_confirmed_step(mini):
    at = ok(open_page("actors", actor_chosen="ak-2", actor_tab="Kooperationen"))
    widget(at, "selectbox", "Kooperation bearbeiten, beenden oder löschen").set_value("ko-3").run()
    click(at, "Kooperation löschen …")
    assert "ko-3" in rels(mini, "COOPERATES_WITH")  # asking is not deleting
    assert any("Wirklich löschen?" in w.value for w in at.warning)
    click(at, "Abbrechen")
    assert "ko-3" in rels(mini, "COOPERATES_WITH") and not at.warning
    click(at, "Kooperation löschen …")
    click(at, "Endgültig löschen")
    assert "ko-3" not in rels(mini, "COOPERATES_WITH")
    assert mini.audit_log(limit=1)[0]["action"] == "cooperation_delete"
    assert any("Kooperation gelöscht" in s.value for s in at.success)


def test_an_edit_of_a_cooperation_someone_else_changed_meanwhile_is_refused(mini):
    at = ok(open_page("actors", actor_chosen="ak-1", actor_tab="Kooperationen"))
    widget(at, "selectbox", "Kooperation bearbeiten, beenden oder löschen").set_value("ko-1").run()
    # someone else saves the cooperation between this page's reading and its saving
    other = mini.acting_as(Principal("kollegin@kreis.test", Role.EDITOR, "test"))
    stored = other.stored_relation("COOPERATES_WITH", rel_id="ko-1")
    other.update_relation(stored.rel.with_props({**stored.rel.props, "intensity": 4}), stored.version)
    widget(at, "selectbox", "Intensität", form="edit").set_value("1")
    submit(at, "Änderungen speichern")
    assert any("inzwischen von jemand anderem geändert" in e.value for e in at.error)
    assert rels(mini, "COOPERATES_WITH")["ko-1"]["intensity"] == 4
    click(at, "Neu laden")
    assert widget(at, "selectbox", "Intensität", form="edit").value == "4"


# -- the Kooperationen page ---------------------------------------------------------------------------------


def test_a_self_cooperation_is_refused_with_the_message_at_the_field(mini):
    at = ok(open_page("cooperations"))
    widget(at, "selectbox", "Akteur A *").set_value("ak-4")
    widget(at, "selectbox", "Akteur B *").set_value("ak-4")
    submit(at, "Kooperation anlegen")
    message = after(at, "Akteur B *")
    assert message.type == "error" and message.value == "Ein Akteur kann nicht mit sich selbst kooperieren."
    assert not [k for k in rels(mini, "COOPERATES_WITH") if "ak-4-ak-4" in k]


def test_the_cooperations_page_searches_by_name_and_creates_a_cooperation(mini):
    at = ok(open_page("cooperations"))
    assert len(at.dataframe[0].value) == 3
    at.text_input(key="coop_search").set_value("Jugendamt").run()
    assert len(ok(at).dataframe[0].value) == 2
    widget(at, "selectbox", "Akteur A *").set_value("ak-1")
    widget(at, "selectbox", "Akteur B *").set_value("ak-4")
    widget(at, "selectbox", "Intensität").set_value("2")
    widget(at, "date_input", "Seit").set_value(D(2024, 2, 1))
    widget(at, "date_input", "Bis").set_value(D(2024, 1, 1))
    submit(at, "Kooperation anlegen")
    assert "vor dem Anfangsdatum" in after(at, "Bis").value
    widget(at, "date_input", "Bis").set_value(None)
    submit(at, "Kooperation anlegen")
    assert rels(mini, "COOPERATES_WITH")["ko-ak-1-ak-4"]["intensity"] == 2
    assert at.session_state["coop_chosen"] == "ko-ak-1-ak-4"


# -- committees --------------------------------------------------------------------------------------------


def test_an_actor_joins_a_committee_and_leaves_it_again(mini):
    at = ok(open_page("actors", actor_chosen="ak-2", actor_tab="Gremien"))
    box = widget(at, "selectbox", "Gremium *")
    assert "gr-2" not in box.options  # ak-2 sits in gr-2 already: that membership is edited below
    box.set_value("gr-1")
    widget(at, "selectbox", "Rolle").set_value("member")
    widget(at, "date_input", "Seit").set_value(D(2025, 1, 1))
    submit(at, "Beitreten")
    assert rels(mini, "MEMBER_OF")[("ak-2", "gr-1")] == {"role": "member", "since": D(2025, 1, 1)}
    assert any("Beigetreten" in m.value for m in at.success)
    widget(at, "selectbox", "Mitgliedschaft bearbeiten, beenden oder löschen").set_value(("ak-2", "gr-1")).run()
    widget(at, "date_input", "Letzter Tag der Mitgliedschaft").set_value(D(2026, 6, 30))
    click(at, "Austritt eintragen")
    assert rels(mini, "MEMBER_OF")[("ak-2", "gr-1")]["until"] == D(2026, 6, 30)
    assert [e["action"] for e in mini.audit_log(limit=2)] == ["membership_end", "membership_create"]


def test_a_committees_profile_lists_and_adds_members_by_name(mini):
    at = ok(open_page("committees", committee_chosen="gr-2", committee_tab="Mitglieder"))
    assert set(at.dataframe[-1].value["Akteur"]) == {"Kita „Sonnenschein“ – Müßig", "Grundschule Müßighausen"}
    widget(at, "selectbox", "Akteur *").set_value("ak-4")
    widget(at, "selectbox", "Rolle").set_value("chair")
    submit(at, "Aufnehmen")
    assert rels(mini, "MEMBER_OF")[("ak-4", "gr-2")] == {"role": "chair"}
    assert "Jugendamt" in set(at.dataframe[-1].value["Akteur"])


# -- areas and Träger --------------------------------------------------------------------------------------


def test_an_area_and_a_traeger_are_created_and_then_picked_by_name_for_an_actor(mini):
    area = ok(open_page("areas"))
    widget(area, "text_input", "Name *").set_value("Ostviertel")
    widget(area, "selectbox", "Typ *").set_value("sozialraum")
    widget(area, "selectbox", "Teil von").set_value("0123")
    submit(area, "Speichern")
    carrier = ok(open_page("institutions"))
    widget(carrier, "text_input", "Name *").set_value("Lernwerk e. V.")
    widget(carrier, "selectbox", "Trägerart").set_value("frei_gemeinnuetzig")
    submit(carrier, "Speichern")
    ds = mini.read_dataset()
    assert ds.nodes["Area"]["sozialraum-ostviertel"] == {"name": "Ostviertel", "area_type": "sozialraum"}
    assert any(r.type == "PART_OF" and r.start == "sozialraum-ostviertel" and r.end == "0123" for r in ds.rels)
    assert ds.nodes["Institution"]["traeger-lernwerk-e-v"]["provider_type"] == "frei_gemeinnuetzig"
    at = ok(open_page("actors", actor_chosen="ak-3"))
    widget(at, "selectbox", "Gebiet").set_value("sozialraum-ostviertel")
    widget(at, "selectbox", "Träger").set_value("traeger-lernwerk-e-v")
    submit(at, "Speichern")
    links = {(r.type, r.start, r.end) for r in mini.read_dataset().rels if "ak-3" in (r.start, r.end)}
    assert ("LOCATED_IN", "ak-3", "sozialraum-ostviertel") in links and (
        "RUNS",
        "traeger-lernwerk-e-v",
        "ak-3",
    ) in links
    carrier = ok(open_page("institutions", institution_chosen="traeger-lernwerk-e-v", institution_tab="Akteure"))
    assert list(carrier.dataframe[-1].value["Akteur"]) == ["Volkshochschule Testau"]


def test_an_offer_gets_its_providers_by_name_the_first_one_leading(mini):
    at = ok(open_page("offers"))
    widget(at, "text_input", "Titel *").set_value("Sprachcafé für Eltern")
    widget(at, "multiselect", "Anbieter *").set_value(["ak-3", "ak-1"])
    widget(at, "selectbox", "Bildungsbereich *").set_value("weiterbildung")
    widget(at, "multiselect", "Zielgruppen").set_value(["eltern", "neuzugewanderte"])
    widget(at, "selectbox", "Barrierefrei").set_value(True)
    widget(at, "text_input", "Sprachen").set_value("Deutsch, Arabisch")
    submit(at, "Speichern")
    ds = mini.read_dataset()
    assert ds.nodes["Offer"]["angebot-sprachcafe-fuer-eltern"] == {
        "title": "Sprachcafé für Eltern",
        "education_area": "weiterbildung",
        "target_groups": ["eltern", "neuzugewanderte"],
        "accessible": True,
        "languages": ["Deutsch", "Arabisch"],
    }
    providers = {(r.start, r.props["role"]) for r in ds.rels if r.type == "PROVIDES" and r.end.startswith("angebot-")}
    assert providers == {("ak-3", "lead"), ("ak-1", "partner")}
    profile = ok(open_page("actors", actor_chosen="ak-1", actor_tab="Angebote"))
    offers = profile.dataframe[-1].value
    assert "Sprachcafé für Eltern" in list(offers["Angebot"])


def test_an_area_cannot_be_made_part_of_itself(mini):
    at = ok(open_page("areas", area_chosen="sr-1"))
    assert "sr-1" not in widget(at, "selectbox", "Teil von").options


# -- roles and errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "state"),
    [
        ("actors", {"actor_chosen": "ak-1", "actor_tab": "Kooperationen"}),
        ("actors", {"actor_chosen": "ak-1", "actor_tab": "Gremien"}),
        ("committees", {"committee_chosen": "gr-1", "committee_tab": "Mitglieder"}),
        ("cooperations", {"coop_chosen": "ko-1"}),
        ("areas", {}),
        ("institutions", {}),
    ],
)
def test_a_viewer_sees_profiles_and_tables_but_no_form(mini, page, state):
    at = ok(open_page(page, user=logged_in("partner@kreis.test", "viewer"), **state))
    assert at.dataframe and not at.get("form_submit_button")
    assert not [b for b in at.button if "löschen" in b.label or "beenden" in b.label or "Austritt" in b.label]
    assert any("nur das Lesen" in i.value for i in at.info)


@pytest.mark.parametrize("page", NEW_PAGES)
def test_the_new_pages_render_on_the_demo_district(embedded_store, page):
    embedded_store.write_dataset(load_or_raise(ROOT / "data" / "demo" / "musterau.xlsx"), replace=True)
    at = ok(open_page(page))
    assert not at.error and at.title[0].value in ("Kooperationen", "Gebiete", "Träger")


@pytest.mark.parametrize("page", NEW_PAGES)
def test_a_package_error_is_shown_on_the_new_pages(mini, monkeypatch, page):
    from graph.ui import state

    def broken():
        raise EngineError("Die Datenbank ist nicht erreichbar: Testfehler.")

    monkeypatch.setattr(state, "revision", broken)
    monkeypatch.setattr(state, "dataset", broken)
    at = ok(open_page(page))
    assert any("Testfehler" in e.value for e in at.error)


# -- the helpers ----------------------------------------------------------------------------------------------


def test_pickers_tell_repeated_names_apart_by_gemeinde_then_address():
    ds = mini_dataset()
    ds.add_node("Actor", "x-1", {"name": "Jugendamt", "actor_type": "kreisverwaltung", "address": "Markt 1"})
    ds.add_node("Actor", "x-2", {"name": "Jugendamt", "actor_type": "kreisverwaltung", "address": "Ring 2"})
    shown = editing.choices(ds, "Actor")
    assert shown["x-1"] == "Jugendamt (Markt 1)" and shown["x-2"] == "Jugendamt (Ring 2)"
    assert shown["ak-1"] == "Kita „Sonnenschein“ – Müßig"  # a name that is unique stays as it is
