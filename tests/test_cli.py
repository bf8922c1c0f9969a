"""The command line: German messages, exit codes, import safety and every export format."""

from __future__ import annotations

import json
import zipfile

import igraph
import networkx as nx
import pytest
from conftest import MINI, run_cli
from openpyxl import load_workbook

from graph import model
from graph.cli import COMMANDS, build_parser, main


@pytest.fixture
def loaded(embedded_store, cli_env):
    """The session database holding exactly the mini dataset."""
    embedded_store.clear()
    result = run_cli("import", str(MINI), env=cli_env)
    assert result.returncode == 0, result.stderr
    return cli_env


def status(env) -> dict[str, int]:
    result = run_cli("status", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def broken_copy(tmp_path):
    folder = tmp_path / "kaputt"
    folder.mkdir()
    for path in MINI.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    text = (folder / "Akteure.csv").read_text(encoding="utf-8")
    (folder / "Akteure.csv").write_text(text.replace(";Kita;Frühe Bildung;", ";Kitta;Frühe Bildung;"), encoding="utf-8")
    return folder


def test_status_json_is_one_flat_object_keyed_as_the_model_names_things(loaded):
    counts = status(loaded)
    assert list(counts) == [*model.NODE_LABELS, *model.REL_TYPES]
    assert all(isinstance(v, int) for v in counts.values())
    assert counts["Actor"] == 4 and counts["COOPERATES_WITH"] == 3


def test_human_status_speaks_german(loaded):
    out = run_cli("status", env=loaded).stdout
    assert "Akteur" in out and "kooperiert mit" in out


def test_invalid_data_exits_with_1_names_the_place_and_writes_nothing(loaded, tmp_path):
    before = status(loaded)
    report = tmp_path / "bericht.csv"
    result = run_cli("import", str(broken_copy(tmp_path)), "--report", str(report), env=loaded)
    assert result.returncode == 1
    assert "Akteure.csv, Zeile 2, Spalte C („Typ“): Unbekannter Wert „Kitta“. Meinten Sie „Kita“?" in result.stderr
    assert "nichts wurde gespeichert" in result.stderr
    assert status(loaded) == before
    assert "Akteure.csv;2;C – Typ;Fehler" in report.read_text(encoding="utf-8-sig")


def test_replace_with_invalid_data_also_writes_nothing(loaded, tmp_path):
    before = status(loaded)
    result = run_cli("import", str(broken_copy(tmp_path)), "--replace", env=loaded)
    assert result.returncode == 1
    assert status(loaded) == before


def test_dry_run_validates_but_writes_nothing(embedded_store, cli_env):
    embedded_store.clear()
    result = run_cli("import", str(MINI), "--dry-run", env=cli_env)
    assert result.returncode == 0
    assert "Probelauf" in result.stdout and "4 Akteure" in result.stdout
    assert embedded_store.is_empty()


def test_replace_removes_what_the_file_does_not_contain(loaded, tmp_path):
    folder = tmp_path / "nur-akteure"
    folder.mkdir()
    (folder / "Akteure.csv").write_text("ID;Name;Typ;Sektor\nak-1;Kita;kita;fruehe_bildung\n", encoding="utf-8")
    result = run_cli("import", str(folder), "--replace", env=loaded)
    assert result.returncode == 0, result.stderr
    counts = status(loaded)
    assert counts["Actor"] == 1 and counts["Area"] == 0 and counts["COOPERATES_WITH"] == 0


def test_usage_errors_exit_with_2_in_german(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["import"])
    assert exc.value.code == 2
    assert "Fehler: diese Angaben fehlen: PFAD" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["zaubern"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["export", "x.xlsx", "--format", "docx"])
    assert "ungültige Wahl" in capsys.readouterr().err


def test_a_missing_input_file_exits_with_1(loaded, tmp_path):
    result = run_cli("import", str(tmp_path / "fehlt.xlsx"), env=loaded)
    assert result.returncode == 1
    assert "nicht gefunden" in result.stderr


def test_every_command_has_german_help():
    parser = build_parser()
    text = parser.format_help()
    assert text.startswith("Aufruf: bildungsnetz")
    flat = " ".join(text.split())  # argparse wraps long help lines to the terminal width
    for name, help_text in COMMANDS.items():
        assert name in text and help_text in flat


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "graphml", "gexf", "json"])
def test_exports_leave_out_persons_unless_asked(loaded, tmp_path, fmt):
    target = tmp_path / f"export.{fmt}"
    assert run_cli("export", str(target), "--format", fmt, env=loaded).returncode == 0
    with_persons = tmp_path / f"mit.{fmt}"
    assert run_cli("export", str(with_persons), "--format", fmt, "--include-persons", env=loaded).returncode == 0

    def text_of(path):
        if path.is_dir():
            return "".join(p.read_text(encoding="utf-8-sig") for p in sorted(path.iterdir()))
        if fmt == "xlsx":
            with zipfile.ZipFile(path) as archive:
                return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
        return path.read_text(encoding="utf-8")

    assert "Erika Mustermann" not in text_of(target) and "erika@example.org" not in text_of(target)
    assert "Erika Mustermann" in text_of(with_persons)


def test_graphml_and_gexf_are_read_back_by_networkx_and_igraph(loaded, tmp_path):
    for fmt in ("graphml", "gexf"):
        assert run_cli("export", str(tmp_path / f"netz.{fmt}"), "--format", fmt, env=loaded).returncode == 0
    g = nx.read_graphml(tmp_path / "netz.graphml")
    assert g.number_of_nodes() == 13 and g.number_of_edges() == 23  # 14 nodes and 24 edges minus the person
    kita = g.nodes["Actor:ak-1"]
    assert kita["kind"] == "Actor" and kita["name"] == "Kita „Sonnenschein“ – Müßig"
    assert kita["lat"] == pytest.approx(52.1) and kita["education_areas"] == "fruehkindlich"
    assert g.nodes["Area:kreis"]["population"] == 12345 and isinstance(g.nodes["Area:kreis"]["population"], int)
    multi = nx.read_graphml(tmp_path / "netz.graphml", force_multigraph=True)
    cooperation = next(d for _, _, k, d in multi.edges(keys=True, data=True) if k == "ko-1")
    assert cooperation["intensity"] == 3 and cooperation["confirmed"] is True
    assert cooperation["since"] == "2021-09-01" and cooperation["types"] == "abstimmung, informationsaustausch"
    gexf = nx.read_gexf(tmp_path / "netz.gexf")
    assert gexf.number_of_nodes() == 13 and gexf.number_of_edges() == 23
    assert gexf.nodes["Offer:an-1"]["label"] == "Sprachförderung im Kita-Alltag"
    ig = igraph.Graph.Read_GraphML(str(tmp_path / "netz.graphml"))
    assert ig.vcount() == 13 and ig.ecount() == 23
    assert set(ig.vs["kind"]) == {"Area", "Institution", "Actor", "Offer", "Committee"}


def test_json_export_holds_nodes_and_relationships(loaded, tmp_path):
    target = tmp_path / "netz.json"
    assert run_cli("export", str(target), "--format", "json", env=loaded).returncode == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "bildungsnetz" and len(data["nodes"]) == 13 and len(data["relationships"]) == 23
    actor = next(n for n in data["nodes"] if n["id"] == "ak-1")
    assert actor["properties"]["valid_from"] == "2020-08-01"


def test_tab_and_carriage_return_at_the_start_are_neutralised_too():
    from graph.io.export import neutralise

    assert neutralise("\tA") == "'\tA" and neutralise("\rA") == "'\rA" and neutralise("A=1") == "A=1"


def test_no_exported_cell_is_a_live_formula(embedded_store, cli_env, tmp_path):
    embedded_store.clear()
    folder = tmp_path / "formeln"
    folder.mkdir()
    names = ['=HYPERLINK("http://example.org";"klick")', "+49 30 1234", "-Verein", "@Kita", "=1+1"]
    rows = "\n".join(f'a{i};"{n.replace(chr(34), chr(34) * 2)}";verein;kultur' for i, n in enumerate(names))
    (folder / "Akteure.csv").write_text("ID;Name;Typ;Sektor\n" + rows + "\n", encoding="utf-8")
    assert run_cli("import", str(folder), env=cli_env).returncode == 0
    xlsx_path, csv_path = tmp_path / "out.xlsx", tmp_path / "out-csv"
    assert run_cli("export", str(xlsx_path), "--format", "xlsx", env=cli_env).returncode == 0
    assert run_cli("export", str(csv_path), "--format", "csv", env=cli_env).returncode == 0
    ws = load_workbook(xlsx_path)["Akteure"]
    cells = [ws.cell(row=r, column=2) for r in range(2, 2 + len(names))]
    assert all(c.data_type == "s" for c in cells)
    assert sorted(c.value for c in cells) == sorted("'" + n for n in names)
    csv_text = (csv_path / "Akteure.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf")
    for line in csv_text.decode("utf-8-sig").splitlines()[1:]:
        name = line.split(";")[1].strip('"')
        assert name.startswith("'")
    # and the import takes them back unchanged
    embedded_store.clear()
    assert run_cli("import", str(xlsx_path), env=cli_env).returncode == 0
    assert sorted(embedded_store.read_dataset().nodes["Actor"][f"a{i}"]["name"] for i in range(5)) == sorted(names)


def test_demo_loads_musterau_with_its_planted_findings_and_if_empty_keeps_existing_data(embedded_store, cli_env):
    embedded_store.clear()
    result = run_cli("demo", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "420 Akteure" in result.stdout
    planted = json.loads((MINI.parents[2] / "data" / "demo" / "planted.json").read_text(encoding="utf-8"))
    ids = embedded_store.ids()
    for actor in (
        planted["brokers"] + planted["isolated_cluster"] + [a for pair in planted["duplicate_actors"] for a in pair]
    ):
        assert actor in ids["Actor"]
    assert {g["area"] for g in planted["offer_gaps"]} <= ids["Area"]
    rewrite = embedded_store.write_dataset(embedded_store.read_dataset(include_persons=True))
    assert (rewrite.changed_nodes, rewrite.changed_rels) == (0, 0)  # what is read hashes as what was imported
    embedded_store.clear()
    run_cli("import", str(MINI), env=cli_env)
    kept = run_cli("demo", "--if-empty", env=cli_env)
    assert kept.returncode == 0 and "nicht geladen" in kept.stdout
    assert embedded_store.counts()["Actor"] == 4


def test_an_invalid_setting_is_a_clear_environment_error(cli_env):
    result = run_cli("status", env=dict(cli_env, BILDUNGSNETZ_BATCH_SIZE="viele"))
    assert result.returncode == 2
    assert result.stderr.strip() == "Die Einstellung BILDUNGSNETZ_BATCH_SIZE hat einen ungültigen Wert: 'viele'."


def test_a_file_refused_as_a_whole_still_gets_its_report(loaded, tmp_path):
    bad = tmp_path / "makros.xlsm"
    bad.write_bytes(b"PK")
    report = tmp_path / "bericht.csv"
    result = run_cli("import", str(bad), "--report", str(report), env=loaded)
    assert result.returncode == 1
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("makros.xlsm;;;Fehler;") and "Makros" in lines[1]


def test_replace_with_an_empty_actor_list_is_refused(loaded, tmp_path):
    folder = tmp_path / "leer"
    folder.mkdir()
    (folder / "Akteure.csv").write_text("ID;Name;Typ;Sektor\n", encoding="utf-8")
    before = status(loaded)
    result = run_cli("import", str(folder), "--replace", env=loaded)
    assert result.returncode == 1 and "ganzen Bestand löschen" in result.stderr
    assert status(loaded) == before


def test_replace_without_contact_persons_warns_that_they_will_be_deleted(loaded, tmp_path):
    folder = tmp_path / "ohne-personen"
    folder.mkdir()
    for path in MINI.glob("*.csv"):
        if path.name != "Ansprechpersonen.csv":
            (folder / path.name).write_bytes(path.read_bytes())
    result = run_cli("import", str(folder), "--replace", "--dry-run", env=loaded)
    assert result.returncode == 0 and "Ansprechpersonen gelöscht" in result.stderr


def test_graphml_key_ids_are_unique(loaded, tmp_path):
    import xml.etree.ElementTree as ET

    target = tmp_path / "netz.graphml"
    assert run_cli("export", str(target), "--format", "graphml", env=loaded).returncode == 0
    keys = [k.get("id") for k in ET.parse(target).getroot() if k.tag.endswith("key")]
    assert keys and len(keys) == len(set(keys))
