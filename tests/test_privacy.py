"""Data protection: information about, erasure of and scheduled deletion of contact persons."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import MINI, mini_dataset, run_cli

from graph import privacy
from graph.errors import DataError
from graph.io.export import export


def every_value(store) -> str:
    with store.driver.session(database=store.database) as session:
        return json.dumps([r["p"] for r in session.run("MATCH (n) RETURN properties(n) AS p")], default=str)


def test_a_person_report_holds_everything_stored_about_the_person(store):
    store.write_dataset(mini_dataset())
    report = privacy.person_report(store, "ap-1")
    person = report["ansprechperson"]
    assert person["name"] == "Erika Mustermann" and person["email"] == "erika@example.org"
    assert person["phone"] == "+49 123 456" and person["consent"] is True and person["delete_after"] == "2027-12-31"
    assert [(r["actor_id"], r["actor_name"]) for r in report["vertritt"]] == [("ak-1", "Kita „Sonnenschein“ – Müßig")]


def test_erasure_leaves_no_trace_in_the_database_or_an_export(store, tmp_path):
    store.write_dataset(mini_dataset())
    assert "Erika Mustermann" in every_value(store)
    revision = store.revision()
    assert privacy.erase(store, "ap-1") == 1
    values = every_value(store)
    assert "Erika Mustermann" not in values and "erika@example.org" not in values and "+49 123 456" not in values
    assert store.counts()["Person"] == 0 and store.counts()["REPRESENTS"] == 0
    assert store.revision() != revision  # caches keyed on the revision are not used again
    target = tmp_path / "alles.json"
    export(store.read_dataset(include_persons=True), target, "json", include_persons=True)
    assert "Mustermann" not in target.read_text(encoding="utf-8")
    with pytest.raises(DataError, match="gibt es nicht"):
        privacy.erase(store, "ap-1")


def test_purge_deletes_only_persons_whose_deletion_date_has_passed(store):
    store.write_dataset(mini_dataset())
    assert privacy.purge(store, dt.date(2027, 12, 31)) == []
    assert privacy.purge(store, dt.date(2028, 1, 1)) == ["ap-1"]
    assert store.counts()["Person"] == 0 and store.counts()["Actor"] == 4


def test_privacy_commands_on_the_command_line(embedded_store, cli_env, tmp_path):
    embedded_store.clear()
    assert run_cli("import", str(MINI), env=cli_env).returncode == 0
    out = tmp_path / "auskunft.json"
    result = run_cli("privacy", "report", "ap-1", "--output", str(out), env=cli_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["ansprechperson"]["name"] == "Erika Mustermann"
    assert run_cli("privacy", "erase", "ap-1", env=cli_env).returncode == 0
    missing = run_cli("privacy", "report", "ap-1", env=cli_env)
    assert missing.returncode == 1 and "gibt es nicht" in missing.stderr
    purge = run_cli("privacy", "purge", env=cli_env)
    assert purge.returncode == 0 and "0 Ansprechpersonen" in purge.stdout
