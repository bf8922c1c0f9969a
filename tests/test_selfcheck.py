"""Self-check links (Selbstauskunft): tokens, what a link reads and writes, refusals, rate limits, audit, pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from conftest import ROOT, TEST_ADMIN, mini_dataset
from streamlit.testing.v1 import AppTest

from graph import selfcheck as sc
from graph.auth import PermissionDenied, Principal, Role
from graph.db import selfcheck as dbsc
from graph.db.store import Store
from graph.survey.model import ReviewItem
from graph.ui import selfcheck as sc_ui

BASE = "https://bildung.example.de/app"
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
TIMEOUT = 120

#: Fields of actors other than ak-1 in tests/data/mini, and of its contact person: never on ak-1's page.
FOREIGN = [
    "Schulweg 2",  # address of the partner ak-2
    "Volkshochschule Testau",  # ak-3: no partner of ak-1
    "Jugendamt",  # ak-4: co-provider of an offer, but no partner of ak-1
    "Deutschkurs für Eltern",  # an offer of ak-3
    "Erika Mustermann",  # ak-1's contact person: personal data
    "erika@example.org",
    "+49 123 456",
    "ak-2",
    "ak-3",
    "ak-4",
]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def mini(embedded_store: Store):
    """The mini dataset, no links; afterwards the store is empty again and its links are gone."""
    embedded_store.clear()
    embedded_store.write_dataset(mini_dataset())
    yield embedded_store
    _remove_links(embedded_store)
    embedded_store.clear_survey()
    embedded_store.clear()


def _remove_links(store: Store) -> None:
    links = store.selfcheck_links()
    if links:
        store.remove_selfcheck_links([link.id for link in links])


def _of_link(store: Store, link_id: str) -> list[dict]:
    """The audit entries of one link (the log keeps the first characters of its hash), oldest first."""
    found = [e for e in store.audit_log() if e["object_id"] == link_id[: dbsc.PREFIX_LENGTH]]
    return sorted(found, key=lambda e: e["at"])


# -- tokens ----------------------------------------------------------------------------------------


def test_token_carries_32_random_bytes_and_only_its_sha256_is_the_link_id():
    token = sc.new_token()
    assert len(token) == 43  # base64 of 32 bytes without padding
    assert sc.new_token() != token
    assert sc.token_hash(token) == hashlib.sha256(token.encode()).hexdigest()


def test_link_puts_the_token_in_the_auskunft_parameter():
    assert sc.link_for("abc", "https://x.example/app") == "https://x.example/app/?auskunft=abc"
    with pytest.raises(sc.DataError):
        sc.link_for("abc", "javascript:alert(1)")


def test_create_link_stores_the_hash_but_never_the_token(mini: Store):
    clock = Clock()
    token, link = sc.create_link(mini, "ak-1", days=28, base_url=BASE, clock=clock)
    assert link == f"{BASE}/?auskunft={token}"
    [stored] = mini.selfcheck_links()
    assert stored.id == hashlib.sha256(token.encode()).hexdigest()
    assert stored.actor == "ak-1" and stored.created_by == TEST_ADMIN.user
    assert stored.expires_at == T0 + dt.timedelta(days=28)
    assert stored.status(T0) == "offen"
    rows = mini.read("selfcheck/list")
    assert token not in repr(rows)


def test_a_new_link_revokes_the_actors_earlier_link(mini: Store):
    clock = Clock()
    first, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    clock.advance(minutes=1)
    second, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    with pytest.raises(dbsc.LinkRefused):
        sc.open_link(mini, first, clock=clock)
    assert sc.open_link(mini, second, clock=clock) == sc.token_hash(second)


def test_only_an_editor_creates_links(mini: Store):
    viewer = mini.acting_as(Principal("leser@example.org", Role.VIEWER, "test"))
    with pytest.raises(PermissionDenied):
        sc.create_link(viewer, "ak-1", base_url=BASE)
    with pytest.raises(PermissionDenied):
        viewer.selfcheck_links()


def test_link_of_an_unknown_actor_is_refused(mini: Store):
    with pytest.raises(sc.DataError, match="ak-99"):
        sc.create_link(mini, "ak-99", base_url=BASE)


# -- refusals ----------------------------------------------------------------------------------------


def test_unknown_expired_and_revoked_links_get_the_same_message(mini: Store):
    clock = Clock()
    expired, _ = sc.create_link(mini, "ak-1", days=1, base_url=BASE, clock=clock)
    revoked, _ = sc.create_link(mini, "ak-2", base_url=BASE, clock=clock)
    sc.revoke_link(mini, sc.token_hash(revoked), clock=clock)
    clock.advance(days=1)  # the first link expires exactly now
    messages = []
    for token in (expired, revoked, sc.new_token()):
        with pytest.raises(dbsc.LinkRefused) as refused:
            sc.open_link(mini, token, clock=clock)
        messages.append(str(refused.value))
    assert messages == [dbsc.REFUSED] * 3
    assert not re.search(r"abgelaufen|widerrufen|unbekannt", dbsc.REFUSED)


def test_a_link_expires_at_its_date_not_before(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", days=2, base_url=BASE, clock=clock)
    clock.advance(days=2, seconds=-1)
    sc.open_link(mini, token, clock=clock)
    clock.advance(seconds=1)
    with pytest.raises(dbsc.LinkRefused):
        sc.open_link(mini, token, clock=clock)
    assert mini.selfcheck_links()[0].status(clock()) == "abgelaufen"


def test_a_revoked_link_also_refuses_a_submission_of_an_open_session(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    link_id = sc.open_link(mini, token, clock=clock)
    seen = sc.view(mini, link_id, clock=clock)
    sc.revoke_link(mini, link_id, clock=clock)
    with pytest.raises(dbsc.LinkRefused):
        sc.submit(mini, link_id, [sc.correction_item(seen, {"address": "Neue Straße 5"})], clock=clock)
    with pytest.raises(dbsc.LinkRefused):
        sc.view(mini, link_id, clock=clock)
    assert mini.review_items(respondent="ak-1") == []


# -- what a link reads and writes ---------------------------------------------------------------------


def test_the_view_holds_its_own_record_and_only_the_names_of_its_partners_and_committees(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    seen = sc.view(mini, sc.open_link(mini, token, clock=clock), clock=clock)
    assert seen.actor["name"] == "Kita „Sonnenschein“ – Müßig"
    assert seen.actor["address"] == "Hauptstraße 1, 39999 Müßighausen"
    # ak-1 cooperates with ak-2 only (ko-1) and sits in gr-2 (tests/data/mini)
    assert [(p["partner_name"], set(p)) for p in seen.partners] == [
        ("Grundschule Müßighausen", {"id", "partner", "partner_name", "types", "intensity", "since", "until"})
    ]
    assert [c["committee"] for c in seen.committees] == ["gr-2"]
    assert [o["id"] for o in seen.offers] == ["an-1"]
    assert [set(p) for p in seen.persons] == [{"id", "role", "consent", "delete_after"}]
    text = repr(seen)
    for foreign in ("Schulweg 2", "Volkshochschule Testau", "Jugendamt", "Erika Mustermann", "erika@example.org"):
        assert foreign not in text


def test_answers_go_to_the_review_queue_and_change_nothing_in_the_graph(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    link_id = sc.open_link(mini, token, clock=clock)
    seen = sc.view(mini, link_id, clock=clock)
    before = mini.read_dataset(include_persons=True).fingerprint()
    ds = mini.read_dataset()
    items = [
        sc.correction_item(seen, {"address": "Neue Straße 5", "name": seen.actor["name"]}),
        sc.confirm_item(seen, cooperation="ko-1"),
        sc.partner_item(seen, "Volkshochschule Testau", ds, intensity=2, types=["abstimmung"]),
        sc.contact_item(seen, consent=True, delete_after=dt.date(2028, 1, 31), role="Leitung", today=T0.date()),
    ]
    ids = sc.submit(mini, link_id, [i for i in items if i is not None], clock=clock)
    assert len(ids) == 4
    assert mini.read_dataset(include_persons=True).fingerprint() == before
    stored = {i.kind: i for i in mini.review_items(respondent="ak-1")}
    assert set(stored) == {"korrektur", "bestaetigung", "kooperation", sc.CONTACT_KIND}
    assert all(i.source == "selbstauskunft" and i.status == "offen" for i in stored.values())
    assert dict(stored["korrektur"].fields) == {"address": "Neue Straße 5"}  # the unchanged name is left out
    assert stored["bestaetigung"].proposed == "ak-2"
    assert stored["kooperation"].proposed == "ak-3"  # the exact name matches the VHS
    assert stored["kooperation"].fields["intensity"] == 2
    assert mini.selfcheck_links()[0].submissions == 1


def test_without_consent_no_contact_data_leaves_the_page(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    seen = sc.view(mini, sc.open_link(mini, token, clock=clock), clock=clock)
    assert sc.contact_item(seen, consent=False, delete_after=dt.date(2030, 1, 1), name="Max Muster") is None
    with pytest.raises(sc.DataError):
        sc.contact_item(seen, consent=True, delete_after=T0.date(), name="Max Muster", today=T0.date())
    with pytest.raises(sc.DataError):
        sc.contact_item(seen, consent=True, delete_after=dt.date(2030, 1, 1), person="ap-2", today=T0.date())


def test_a_link_cannot_submit_answers_about_another_actor(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    link_id = sc.open_link(mini, token, clock=clock)
    forged = ReviewItem(
        id="forged",
        round_id=None,
        source="selbstauskunft",
        respondent="ak-2",
        kind="korrektur",
        named="",
        proposed="ak-2",
        candidates=(),
        confidence="sicher",
        fields={"name": "Übernommen"},
    )
    with pytest.raises(PermissionDenied):
        sc.submit(mini, link_id, [forged], clock=clock)
    assert mini.review_items(status=None) == []
    [denied] = [e for e in _of_link(mini, link_id) if e["outcome"] == "denied"]
    assert denied["detail"] == dbsc.FOREIGN


def test_a_link_cannot_confirm_a_cooperation_that_is_not_its_own(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    seen = sc.view(mini, sc.open_link(mini, token, clock=clock), clock=clock)
    with pytest.raises(sc.DataError):
        sc.confirm_item(seen, cooperation="ko-3")  # ak-2 – ak-4
    with pytest.raises(sc.DataError):
        sc.end_item(seen, committee="gr-1")  # ak-1 is no member


def test_the_link_principal_can_make_no_ordinary_write(mini: Store):
    token = sc.new_token()
    holder = mini.acting_as(dbsc.link_principal(sc.token_hash(token)))
    with pytest.raises(PermissionDenied):
        holder.save_node("Actor", "ak-1", {"name": "X", "actor_type": "kita", "sector": "fruehe_bildung"}, [], 1)


# -- rate limits -----------------------------------------------------------------------------------


def test_views_per_hour_are_limited_and_the_window_starts_again(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    for _ in range(dbsc.VIEWS_PER_HOUR):
        sc.open_link(mini, token, clock=clock)
        clock.advance(seconds=10)
    with pytest.raises(dbsc.LinkRateLimited) as limited:
        sc.open_link(mini, token, clock=clock)
    assert str(limited.value) == dbsc.TOO_MANY
    clock.now = T0 + dbsc.WINDOW  # one hour after the first view
    sc.open_link(mini, token, clock=clock)
    assert mini.selfcheck_links()[0].uses == dbsc.VIEWS_PER_HOUR + 1


def test_submissions_per_hour_are_limited(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    link_id = sc.open_link(mini, token, clock=clock)
    seen = sc.view(mini, link_id, clock=clock)
    item = sc.confirm_item(seen, cooperation="ko-1")
    for n in range(dbsc.SUBMISSIONS_PER_HOUR):
        sc.submit(mini, link_id, [ReviewItem(**{**item.__dict__, "id": f"sa-{n}"})], clock=clock)
    with pytest.raises(dbsc.LinkRateLimited):
        sc.submit(mini, link_id, [ReviewItem(**{**item.__dict__, "id": "sa-over"})], clock=clock)
    assert len(mini.review_items(respondent="ak-1")) == dbsc.SUBMISSIONS_PER_HOUR


def test_window_counting_by_hand():
    row = {"window_start": T0, "window_views": 2, "window_submissions": 5, "uses": 7, "submissions": 9}
    later = dbsc.counted(row, "submit", T0 + dt.timedelta(minutes=30))
    assert later == {"window_start": T0, "window_views": 2, "window_submissions": 6, "uses": 7, "submissions": 10}
    fresh = dbsc.counted(row, "view", T0 + dt.timedelta(hours=2))
    assert fresh == {"window_start": T0 + dt.timedelta(hours=2), "window_views": 1, "window_submissions": 0,
                     "uses": 8, "submissions": 9}  # fmt: skip


def test_session_failure_limit_blocks_after_five_refusals_for_a_quarter_hour():
    clock = Clock()
    limiter = sc.FailureLimiter(clock=clock)
    for _ in range(sc.SESSION_FAILURES - 1):
        limiter.fail()
        clock.advance(minutes=1)
    assert not limiter.blocked()
    limiter.fail()  # the fifth, at T0 + 4 min
    assert limiter.blocked()
    clock.now = T0 + sc.FAILURE_WINDOW  # the first refusal leaves the window
    assert not limiter.blocked()


# -- audit log -----------------------------------------------------------------------------------------


def test_every_use_submission_refusal_and_revocation_is_logged_without_the_token(mini: Store):
    clock = Clock()
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    link_id = sc.open_link(mini, token, clock=clock)
    seen = sc.view(mini, link_id, clock=clock)
    sc.submit(mini, link_id, [sc.confirm_item(seen, cooperation="ko-1")], clock=clock)
    sc.revoke_link(mini, link_id, clock=clock)
    with pytest.raises(dbsc.LinkRefused):
        sc.open_link(mini, token, clock=clock)
    entries = _of_link(mini, link_id)
    assert [(e["action"], e["outcome"]) for e in entries] == [
        ("selfcheck_create", "ok"),
        ("selfcheck_view", "ok"),
        ("selfcheck_submit", "ok"),
        ("selfcheck_revoke", "ok"),
        ("selfcheck_view", "denied"),
    ]
    short = hashlib.sha256(token.encode()).hexdigest()[:12]
    assert {e["object_id"] for e in entries} == {short}
    assert [e["user"] for e in entries if e["action"] in ("selfcheck_view", "selfcheck_submit")] == [
        f"selbstauskunft:{short}"
    ] * 3
    log = repr(mini.audit_log())
    assert token not in log and link_id not in log  # neither the token nor the whole hash
    assert "Mustermann" not in log and "Sonnenschein" not in log


# -- the office's lists ------------------------------------------------------------------------------------


def test_links_table_shows_each_status(mini: Store):
    clock = Clock()
    opened, _ = sc.create_link(mini, "ak-1", base_url=BASE, clock=clock)
    sc.open_link(mini, opened, clock=clock)
    sc.create_link(mini, "ak-2", base_url=BASE, clock=clock)
    revoked, _ = sc.create_link(mini, "ak-3", base_url=BASE, clock=clock)
    sc.revoke_link(mini, sc.token_hash(revoked), clock=clock)
    sc.create_link(mini, "ak-4", days=1, base_url=BASE, clock=clock)
    clock.advance(days=2)
    table = sc.links_table(mini.selfcheck_links(), now=clock())
    status = dict(zip(table["Akteur"], table["Status"], strict=True))
    assert status == {
        "Kita „Sonnenschein“ – Müßig": "genutzt",  # opened once, valid for 28 days
        "Grundschule Müßighausen": "offen",
        "Volkshochschule Testau": "widerrufen",
        "Jugendamt": "abgelaufen",  # valid for one day, two days ago
    }
    assert table.loc[table["Akteur"] == "Grundschule Müßighausen", "Gültig bis"].item() == "29.12.2026"


def test_mailmerge_list_has_emails_only_when_asked(mini: Store):
    created = sc.create_links(mini, ["ak-1", "ak-2"], base_url=BASE, clock=Clock())
    plain = sc.mailmerge_table(created)
    assert list(plain.columns) == ["Akteur", "Akteur-ID", "Link", "Gültig bis"]
    assert plain["Link"].str.startswith(f"{BASE}/?auskunft=").all()
    assert plain["Gültig bis"].tolist() == ["29.12.2026", "29.12.2026"]
    with_mail = sc.mailmerge_table(created, emails=sc.contact_emails(mini, ["ak-1", "ak-2"]))
    assert with_mail["E-Mail"].tolist() == ["erika@example.org", ""]


def test_actors_of_a_sector_or_area():
    ds = mini_dataset()
    assert sc.actors_of(ds, sector="schule") == ["ak-2"]
    # sr-1 lies in 0123 (Gebiete.csv); ak-1 in sr-1, ak-2 in 0123
    assert sorted(sc.actors_of(ds, area="0123")) == ["ak-1", "ak-2"]


# -- the pages --------------------------------------------------------------------------------------------


@pytest.fixture
def loopback():
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


def _page(token: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    if token is not None:
        at.query_params[sc.LINK_PARAM] = token
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _all_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "subheader", "markdown", "caption", "error", "success", "info")
        for e in getattr(at, kind)
    ]
    parts += [str(w.label) for w in (*at.radio, *at.text_input, *at.selectbox, *at.checkbox)]
    parts += [str(w.value) for w in at.text_input]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


def test_the_actor_page_shows_its_own_record_and_nothing_of_other_actors(mini: Store, loopback):
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE)
    at = _page(token)
    assert not at.exception, [e.value for e in at.exception]
    text = _all_text(at)
    assert "Hauptstraße 1, 39999 Müßighausen" in text
    assert "Grundschule Müßighausen" in text  # the partner's name
    assert "Sprachförderung im Kita-Alltag" in text  # its own offer
    for foreign in FOREIGN:
        assert foreign not in text, foreign
    assert token not in text
    expiry = dt.datetime.now(dt.UTC) + dt.timedelta(days=sc.DEFAULT_DAYS)
    assert f"Ihr Link gilt bis {expiry:%d.%m.%Y}" in text
    assert sc.LINK_PARAM not in at.query_params  # the token left the address
    assert len(at.sidebar) == 0 or not list(at.sidebar)  # no navigation, no sidebar data


def test_the_actor_page_refuses_a_revoked_link_without_saying_why(mini: Store, loopback):
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE)
    sc.revoke_link(mini, sc.token_hash(token))
    at = _page(token)
    assert [e.value for e in at.error] == [dbsc.REFUSED]
    assert "Kita" not in _all_text(at)


def test_the_actor_page_sends_a_correction_to_the_queue(mini: Store, loopback):
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE)
    at = _page(token)
    at.text_input[1].set_value("Neue Straße 5")  # Name, Adresse, Webseite in the correction form
    next(b for b in at.button if b.label == "Korrektur senden").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Vielen Dank" in s.value for s in at.success)
    [item] = mini.review_items(respondent="ak-1")
    assert item.kind == "korrektur" and dict(item.fields) == {"address": "Neue Straße 5"}


def test_the_office_page_creates_links_shown_once_and_lists_them(mini: Store, loopback):
    at = _page(test_page="selfcheck", selfcheck_actors=["ak-2"], selfcheck_base=BASE)
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="selfcheck_create").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [created] = [df.value for df in at.dataframe if "Link" in df.value.columns]
    link = created["Link"].item()
    assert link.startswith(f"{BASE}/?auskunft=")
    [stored] = mini.selfcheck_links()
    assert stored.actor == "ak-2" and stored.id == sc.token_hash(link.rsplit("=", 1)[1])
    at.button(key="selfcheck_close").click()
    at.run()
    assert not any("Link" in df.value.columns for df in at.dataframe)  # gone once closed


# -- the command line --------------------------------------------------------------------------------------


def test_cli_creates_lists_and_revokes_links(mini: Store, cli_env, tmp_path):
    from conftest import run_cli

    target = tmp_path / "links.csv"
    made = run_cli("selfcheck", "create", "--actor", "ak-1", "--base-url", BASE, "--output", str(target), env=cli_env)
    assert made.returncode == 0, made.stderr
    header, row = target.read_text(encoding="utf-8-sig").splitlines()
    assert header == "Akteur;Akteur-ID;Link;Gültig bis"
    token = row.split(";")[2].rsplit("=", 1)[1]
    assert token not in made.stdout
    sc.open_link(mini, token)
    listed = run_cli("selfcheck", "list", env=cli_env)
    short = sc.token_hash(token)[:12]
    assert listed.returncode == 0 and short in listed.stdout and ";genutzt;" in listed.stdout
    assert token not in listed.stdout
    revoked = run_cli("selfcheck", "revoke", short, env=cli_env)
    assert revoked.returncode == 0 and "1 Links widerrufen" in revoked.stdout
    with pytest.raises(dbsc.LinkRefused):
        sc.open_link(mini, token)
    refused = run_cli("selfcheck", "create", "--actor", "ak-1", env=cli_env)
    assert refused.returncode == 1 and "--base-url" in refused.stderr


def test_a_session_with_five_refused_links_takes_no_link_for_a_while(mini: Store, loopback):
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE)
    at = _page(sc.new_token())
    for _ in range(sc.SESSION_FAILURES - 1):
        at.query_params[sc.LINK_PARAM] = sc.new_token()
        at.run()
    assert [e.value for e in at.error] == [dbsc.REFUSED]
    at.query_params[sc.LINK_PARAM] = token  # a valid link, but the session is blocked now
    at.run()
    assert [e.value for e in at.error] == [sc_ui.BLOCKED]
    assert "Kita" not in _all_text(at)
    assert mini.selfcheck_links()[0].uses == 0  # the blocked session never reached the link


def test_the_office_page_lists_and_revokes_links(mini: Store, loopback):
    sc.create_link(mini, "ak-1", base_url=BASE)
    token, _ = sc.create_link(mini, "ak-2", base_url=BASE)
    sc.open_link(mini, token)
    at = _page(test_page="selfcheck")
    assert not at.exception, [e.value for e in at.exception]
    [listed] = [df.value for df in at.dataframe if "Status" in df.value.columns]
    assert dict(zip(listed["Akteur"], listed["Status"], strict=True)) == {
        "Kita „Sonnenschein“ – Müßig": "offen",
        "Grundschule Müßighausen": "genutzt",
    }
    assert "id" not in listed.columns  # the stored hash is not shown
    at.multiselect(key="selfcheck_revoke").set_value([sc.token_hash(token)]).run()
    at.button(key="selfcheck_revoke_button").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with pytest.raises(dbsc.LinkRefused):
        sc.open_link(mini, token)


def test_a_viewer_sees_no_link_management(mini: Store, loopback, monkeypatch):
    from test_app import AUTH_SECRETS

    monkeypatch.setenv("BILDUNGSNETZ_ROLE_CLAIM", "roles")
    sc.create_link(mini, "ak-1", base_url=BASE)
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": True, "email": "leser@kreis.test", "roles": "viewer"}
    at.session_state["test_page"] = "selfcheck"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Bearbeiten" in i.value for i in at.info)
    assert not at.dataframe and not [b for b in at.button if b.key == "selfcheck_create"]


def test_ending_the_session_forgets_the_link_in_it(mini: Store, loopback):
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE)
    at = _page(token)
    at.button(key="selfcheck_done").click()
    at.run()
    assert any("schließen" in s.value for s in at.success)
    assert "Hauptstraße" not in _all_text(at)
    assert sc.view(mini, sc.token_hash(token)).actor_id == "ak-1"  # the link itself still works


@pytest.mark.slow
def test_links_move_with_a_migration_and_still_open(mini: Store, tmp_path):
    from graph.db import migrate
    from graph.db.engine import EmbeddedEngine

    token, _ = sc.create_link(mini, "ak-1", base_url=BASE)
    sc.open_link(mini, token)
    before = mini.selfcheck_export()
    assert len(before) == 1 and token not in repr(before)
    target_dir = tmp_path / "ziel"
    try:
        with Store.open(environ=migrate.target_environ(f"embedded:{target_dir}"), principal=TEST_ADMIN) as target:
            migrate.migrate(mini, target)
            assert target.selfcheck_export() == before
            assert sc.view(target, sc.open_link(target, token)).actor_id == "ak-1"
    finally:
        EmbeddedEngine(target_dir).stop()


def test_with_login_configured_a_link_opens_its_page_without_an_account(mini: Store, monkeypatch):
    from test_app import AUTH_SECRETS

    monkeypatch.setenv("BILDUNGSNETZ_ROLE_CLAIM", "roles")
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE)
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": False}
    at.query_params[sc.LINK_PARAM] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Hauptstraße 1, 39999 Müßighausen" in _all_text(at)
    assert not [b for b in at.button if b.key == "login"]  # no login asked, no navigation
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": False}
    at.run()  # without a link: the login as before
    assert [b.key for b in at.button] == ["login"]


def test_a_link_of_a_deleted_actor_is_refused(mini: Store):
    token, _ = sc.create_link(mini, "ak-3", base_url=BASE)
    mini.delete_node("Actor", "ak-3", mini.node_version("Actor", "ak-3") or 0)
    with pytest.raises(dbsc.LinkRefused) as refused:
        sc.open_link(mini, token)
    assert str(refused.value) == dbsc.REFUSED


def test_answers_of_a_round_link_count_for_the_rounds_response_rate(mini: Store):
    from graph.survey.model import SurveyRound
    from graph.survey.rounds import answered

    mini.add_round(SurveyRound("r-2026", "Netzwerkbefragung 2026", dt.date(2026, 12, 1)))
    with pytest.raises(sc.DataError, match="r-1999"):
        sc.create_link(mini, "ak-1", base_url=BASE, round_id="r-1999")
    token, _ = sc.create_link(mini, "ak-1", base_url=BASE, round_id="r-2026")
    link_id = sc.open_link(mini, token)
    seen = sc.view(mini, link_id)
    assert seen.round_name == "Netzwerkbefragung 2026"
    sc.submit(mini, link_id, [sc.confirm_item(seen, cooperation="ko-1")])
    [item] = mini.review_items(respondent="ak-1")
    assert item.round_id == "r-2026"
    [survey_round] = mini.rounds()
    assert answered(survey_round, mini.review_items(status=None)) == {"ak-1"}
    assert mini.selfcheck_links()[0].round_id == "r-2026"
