"""Roles enforced by the store on every write, the audit log, the user table, and role resolution."""

from __future__ import annotations

import csv
import secrets

import pytest
from conftest import ROOT, TEST_ADMIN, mini_dataset, run_cli

from graph import audit, privacy, slides
from graph.auth import PermissionDenied, Principal, Role, resolve, role_from_claims
from graph.dataset import Dataset
from graph.errors import ConfigError, DataError

ENV_NONE = {"BILDUNGSNETZ_ROLE_CLAIM": "roles"}


def person(role: Role | None) -> Principal:
    return Principal(f"{(role.key if role else 'none')}-{secrets.token_hex(3)}@kreis.test", role, "oidc")


def entries_about(store, object_id: str) -> list[dict]:
    return [e for e in store.audit_log() if e["object_id"] == object_id]


# -- role resolution --------------------------------------------------------------------------------


def test_the_highest_role_named_in_the_claim_counts():
    assert role_from_claims({"roles": ["viewer", "editor"]}, ENV_NONE) is Role.EDITOR
    assert role_from_claims({"roles": "admin"}, ENV_NONE) is Role.ADMIN
    assert role_from_claims({"roles": ["mitarbeiter"]}, ENV_NONE) is None
    assert role_from_claims({}, ENV_NONE) is None


def test_the_role_map_translates_group_names_of_the_identity_provider():
    env = {"BILDUNGSNETZ_ROLE_CLAIM": "groups", "BILDUNGSNETZ_ROLE_MAP": "BN-Leitung=admin, bn-team=editor"}
    assert role_from_claims({"groups": ["bn-team", "alle"]}, env) is Role.EDITOR
    assert role_from_claims({"groups": ["bn-leitung"]}, env) is Role.ADMIN
    with pytest.raises(ConfigError, match="Unbekannte Rolle"):
        role_from_claims({"roles": ["x"]}, {**ENV_NONE, "BILDUNGSNETZ_ROLE_MAP": "x=chef"})


def test_user_table_beats_the_claim_and_the_default_role_is_the_last_resort():
    claims = {"email": "Anna@Kreis.Test", "roles": ["admin"]}
    assert resolve(claims, Role.VIEWER, ENV_NONE) == Principal("anna@kreis.test", Role.VIEWER, "oidc")
    assert resolve(claims, None, ENV_NONE).role is Role.ADMIN
    assert resolve({"sub": "u-1"}, None, ENV_NONE).role is None  # no entry, no claim, no default: no access
    assert resolve({"sub": "u-1"}, None, {**ENV_NONE, "BILDUNGSNETZ_DEFAULT_ROLE": "viewer"}).role is Role.VIEWER
    assert resolve({}, None, ENV_NONE) is None


# -- enforcement in the store ----------------------------------------------------------------------


def test_a_viewers_writes_are_refused_by_the_store_and_logged(store):
    store.write_dataset(mini_dataset())
    before = store.read_dataset()
    revision = store.revision()
    viewer = person(Role.VIEWER)
    as_viewer = store.acting_as(viewer)
    version = store.node_version("Actor", "ak-1")
    attempts = [
        lambda: as_viewer.save_node("Actor", "ak-1", {"name": "Gefälscht", "actor_type": "vhs"}, [], version),
        lambda: as_viewer.delete_node("Actor", "ak-1", version),
        lambda: as_viewer.write_dataset(Dataset(), replace=True),
        lambda: as_viewer.set_user_role(viewer.user, Role.ADMIN),
        lambda: as_viewer.audit_log(),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match=r"Rolle „(Bearbeiten|Verwalten)“"):
            attempt()
    assert store.revision() == revision
    assert store.read_dataset().nodes == before.nodes
    assert store.user_role(viewer.user) is None
    refused = [e for e in store.audit_log() if e["user"] == viewer.user]
    assert [e["action"] for e in reversed(refused)] == ["update", "delete", "import_replace", "user_role", "audit_read"]
    assert {e["outcome"] for e in refused} == {"denied"}
    assert refused[-1]["object_id"] == "ak-1" and refused[-1]["label"] == "Actor"


def test_a_store_without_principal_writes_nothing(store):
    anonymous = store.acting_as(None)
    with pytest.raises(PermissionDenied, match="Ohne angemeldete Person"):
        anonymous.write_dataset(mini_dataset())
    assert store.counts()["Actor"] == 0


def test_an_editor_edits_but_may_neither_manage_users_nor_read_the_log(store):
    store.write_dataset(mini_dataset())
    editor = store.acting_as(person(Role.EDITOR))
    version = store.node_version("Actor", "ak-1")
    new = editor.save_node("Actor", "ak-1", {"name": "VHS Neuer Name", "actor_type": "vhs"}, [], version)
    assert new == version + 1
    with pytest.raises(PermissionDenied):
        editor.set_user_role("someone@kreis.test", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        privacy.erase(editor, "ap-1")
    with pytest.raises(PermissionDenied):
        privacy.person_report(editor, "ap-1")


def test_every_change_is_logged_with_who_what_object_and_version_but_no_field_values(store):
    store.write_dataset(mini_dataset())
    who = person(Role.EDITOR)
    editor = store.acting_as(who)
    node_id = f"ak-audit-{secrets.token_hex(3)}"
    secret_name = f"Geheimer Name {secrets.token_hex(4)}"
    v1 = editor.save_node("Actor", node_id, {"name": secret_name, "actor_type": "verein"}, [], None)
    v2 = editor.save_node("Actor", node_id, {"name": secret_name + " 2", "actor_type": "verein"}, [], v1)
    editor.delete_node("Actor", node_id, v2)
    log = entries_about(store, node_id)
    assert [(e["action"], e["version"], e["user"], e["role"], e["outcome"]) for e in reversed(log)] == [
        ("create", v1, who.user, "editor", "ok"),
        ("update", v2, who.user, "editor", "ok"),
        ("delete", v2, who.user, "editor", "ok"),
    ]
    assert all(e["label"] == "Actor" and e["at"].tzinfo is not None for e in log)
    assert not any(secret_name in str(value) for e in store.audit_log() for value in e.values())


def test_an_import_is_logged_with_counts_only_and_the_audit_survives_clearing(store):
    marker = person(Role.EDITOR)
    store.acting_as(marker).write_dataset(mini_dataset())
    store.clear()
    mine = [e for e in store.audit_log() if e["user"] == marker.user]
    assert [e["action"] for e in mine] == ["import"]
    assert "Knoten" in mine[0]["detail"] and "Kita" not in mine[0]["detail"]
    assert any(e["action"] == "clear_replace" for e in store.audit_log()[:3])


def test_the_audit_log_is_append_only_no_query_changes_or_deletes_an_entry():
    texts = {p.relative_to(ROOT / "queries").as_posix(): p.read_text() for p in (ROOT / "queries").rglob("*.cypher")}
    touching = {name for name, text in texts.items() if "AuditEntry" in text}
    appending = {"audit/append.cypher", "migrate/append_audit.cypher"}
    reading = {"audit/list.cypher", "migrate/audit.cypher", "migrate/count_internal.cypher"}
    assert touching == appending | reading
    for name in appending:
        body = "\n".join(line for line in texts[name].splitlines() if not line.startswith("//"))
        assert "CREATE" in body and not any(word in body.upper() for word in ("SET ", "DELETE", "MERGE", "REMOVE"))
    for name in reading:
        listing = "\n".join(line for line in texts[name].splitlines() if not line.startswith("//"))
        assert not any(word in listing.upper() for word in ("CREATE", "SET ", "DELETE", "MERGE", "REMOVE"))
    # generic deletes are label-bound: no query deletes every node regardless of its label
    assert not any("MATCH (n)" in text and "DELETE" in text for text in texts.values())


def test_erasure_leaves_only_the_persons_id_in_the_log(store):
    store.write_dataset(mini_dataset())
    report = privacy.person_report(store, "ap-1")
    name = report["ansprechperson"]["name"]
    privacy.erase(store, "ap-1")
    log = entries_about(store, "ap-1")
    assert [e["action"] for e in log[:2]] == ["erase", "privacy_report"]
    assert not any(name in str(value) for e in store.audit_log() for value in e.values())


# -- user table -------------------------------------------------------------------------------------


def test_admins_manage_the_user_table_and_the_last_admin_keeps_the_role(store):
    login = f"leitung-{secrets.token_hex(3)}@kreis.test"
    other = f"team-{secrets.token_hex(3)}@kreis.test"
    for user in store.users():  # start from an empty table (other tests may have added users)
        if user["role"] != "admin":
            store.remove_user(user["login"])
    for user in store.users():
        store.remove_user(user["login"])
    store.set_user_role(login.upper(), Role.ADMIN)
    store.set_user_role(other, Role.EDITOR)
    assert store.user_role(login) is Role.ADMIN and store.user_role(other) is Role.EDITOR
    with pytest.raises(DataError, match="Verwalten"):
        store.set_user_role(login, Role.VIEWER)
    with pytest.raises(DataError, match="Verwalten"):
        store.remove_user(login)
    with pytest.raises(DataError, match="gibt es in der Benutzertabelle nicht"):
        store.remove_user("niemand@kreis.test")
    store.remove_user(other)
    store.remove_user(login)  # the table is empty afterwards: roles come from the login again
    assert store.users() == []
    assert [e["action"] for e in entries_about(store, login)][:2] == ["user_remove", "user_role"]


# -- saved views --------------------------------------------------------------------------------------


def clear_views(store):
    for view in slides.load_views(store):
        slides.remove_view(view.id, store=store)


def test_saved_views_are_changed_by_editors_only_and_logged(store):
    clear_views(store)
    viewer = person(Role.VIEWER)
    with pytest.raises(PermissionDenied):
        slides.add_view(slides.SavedView("Alles"), store=store.acting_as(viewer))
    with pytest.raises(PermissionDenied):
        slides.add_view(slides.SavedView("Alles"), store=store.acting_as(None))
    assert slides.load_views(store) == []
    views = slides.add_view(slides.SavedView("Alles"), store=store.acting_as(person(Role.EDITOR)))
    with pytest.raises(PermissionDenied):
        slides.remove_view(views[0].id, store=store.acting_as(viewer))
    assert len(slides.load_views(store)) == 1
    log = entries_about(store, views[0].id)
    assert [(e["action"], e["outcome"]) for e in log] == [("view_remove", "denied"), ("view_add", "ok")]


def test_concurrent_view_saves_keep_every_view(store):
    from concurrent.futures import ThreadPoolExecutor

    clear_views(store)
    editor = store.acting_as(person(Role.EDITOR))
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: slides.add_view(slides.SavedView(f"Ansicht {i}"), store=editor), range(16)))
    assert sorted(v.caption for v in slides.load_views(store)) == sorted(f"Ansicht {i}" for i in range(16))


def test_records_only_model_labels_can_be_edited_not_users_or_the_audit_log(store):
    store.set_user_role("x@kreis.test", Role.VIEWER)
    entry = store.audit_log(limit=1)[0]
    editor = store.acting_as(person(Role.EDITOR))
    for label, node_id in (("AuditEntry", entry["id"]), ("AppUser", "x@kreis.test")):
        with pytest.raises(DataError, match="keine Art von Eintrag"):
            editor.delete_node(label, node_id, 1)
        with pytest.raises(DataError, match="keine Art von Eintrag"):
            editor.save_node(label, node_id, {"name": "x"}, [], 1)
    assert any(e["id"] == entry["id"] for e in store.audit_log())
    assert store.user_role("x@kreis.test") is Role.VIEWER
    store.remove_user("x@kreis.test")


def test_an_unverified_email_is_not_taken_as_login_and_a_role_map_replaces_the_literal_names():
    assert resolve({"sub": "u-7", "email": "chef@kreis.test", "email_verified": False}, None, ENV_NONE).user == "u-7"
    assert resolve({"sub": "u-7", "email": "Chef@Kreis.Test"}, None, ENV_NONE).user == "chef@kreis.test"
    mapped = {**ENV_NONE, "BILDUNGSNETZ_ROLE_MAP": "bn-team=editor"}
    assert role_from_claims({"roles": ["admin"]}, mapped) is None  # another application's "admin" grants nothing
    assert role_from_claims({"roles": ["admin", "bn-team"]}, mapped) is Role.EDITOR


# -- command line -------------------------------------------------------------------------------------


def test_cli_users_and_audit_export(cli_env, embedded_store, tmp_path):
    embedded_store.write_dataset(mini_dataset())
    evil = '=HYPERLINK("http://x")@kreis.test'
    assert run_cli("users", "add", "Lesen@Kreis.Test", "--role", "viewer", env=cli_env).returncode == 0
    assert run_cli("users", "add", evil, "--role", "editor", env=cli_env).returncode == 0
    listed = run_cli("users", "list", env=cli_env)
    assert "lesen@kreis.test\tviewer" in listed.stdout
    bad = run_cli("users", "add", "x@kreis.test", "--role", "chef", env=cli_env)
    assert bad.returncode == 2 and "Unbekannte Rolle" in bad.stderr
    target = tmp_path / "protokoll.csv"
    result = run_cli("audit", "export", str(target), env=cli_env)
    assert result.returncode == 0, result.stderr
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert list(rows[0]) == list(audit.COLUMNS.values())
    assert rows[0]["Aktion"] == "Protokoll exportiert" and rows[0]["Ergebnis"] == "ausgeführt"
    role_rows = [r for r in rows if r["Aktion"] == "Rolle vergeben"]
    assert {"lesen@kreis.test", "'" + evil.lower()} <= {r["Objekt-ID"] for r in role_rows}
    assert not any(value.startswith("=") for r in rows for value in r.values())
    for login in ("lesen@kreis.test", evil):
        assert run_cli("users", "remove", login, env=cli_env).returncode == 0
    xlsx = run_cli("audit", "export", str(tmp_path / "protokoll.xlsx"), env=cli_env)
    assert xlsx.returncode == 0 and (tmp_path / "protokoll.xlsx").stat().st_size > 0
    assert run_cli("audit", "export", str(tmp_path / "protokoll.pdf"), env=cli_env).returncode == 1


def test_audit_export_refuses_an_editor(store, tmp_path):
    with pytest.raises(PermissionDenied):
        audit.export_audit(store.acting_as(person(Role.EDITOR)), tmp_path / "log.csv")
    assert not (tmp_path / "log.csv").exists()
    assert audit.export_audit(store.acting_as(TEST_ADMIN), tmp_path / "log.csv") > 0


def test_single_user_mode_only_for_direct_requests_on_this_machine():
    from graph.ui.auth import direct_local_request

    assert direct_local_request("127.0.0.1", {"Host": "127.0.0.1:8501"})
    assert direct_local_request("127.0.0.1", {"Host": "localhost:8501"})
    assert direct_local_request("::1", {"Host": "[::1]:8501"})
    assert not direct_local_request(None, {"Host": "127.0.0.1:8501"})  # Streamlit's default: every interface
    assert not direct_local_request("0.0.0.0", {"Host": "127.0.0.1:8501"})
    assert not direct_local_request("127.0.0.1", {"Host": "127.0.0.1", "X-Forwarded-For": "10.0.0.7"})
    assert not direct_local_request("127.0.0.1", {"Host": "bildungsnetz.kreis.example"})
    assert not direct_local_request("127.0.0.1", {"Host": "localhost", "Forwarded": "for=10.0.0.7"})
