"""The command line ``bildungsnetz``: a thin shell over the functions the app uses.

Exit codes: 0 success, 1 invalid data, 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph import __version__, config, model
from graph.errors import BildungsnetzError, ConfigError, DataError

# -- German for argparse's own words ------------------------------------------------

_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ungültige Wahl: %(value)r (möglich: %(choices)s)",
    "expected one argument": "erwartet einen Wert",
    "argument %(argument_name)s: %(message)s": "Angabe %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutige Option: %(option)s passt zu %(matches)s",
}


def _translate(text: str) -> str:
    return _GERMAN.get(text, text)


argparse._ = _translate  # type: ignore[attr-defined]  # argparse looks its words up at call time


def _out(text: str = "") -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- commands -----------------------------------------------------------------------------


def _open_store() -> Any:
    """The store, acting for the operating-system user as admin (who runs the CLI reaches the data anyway)."""
    from graph.auth import local_principal
    from graph.db.store import Store

    return Store.open(principal=local_principal("cli"))


def cmd_init(args: argparse.Namespace) -> int:
    with _open_store() as store:
        where = "Neo4j" if store.engine == "neo4j" else f"eingebettete Datenbank in {config.data_dir()}"
        _out(f"Datenbank bereit ({where}); Eindeutigkeitsregeln und Indizes sind angelegt.")
    return 0


DEMO_WORKBOOK = Path(__file__).resolve().parents[1] / "data" / "demo" / "musterau.xlsx"


def cmd_demo(args: argparse.Namespace) -> int:
    from graph.io.validate import load_or_raise

    with _open_store() as store:
        if args.if_empty and not store.is_empty():
            _out("Die Datenbank enthält bereits Daten; der Demo-Landkreis wird nicht geladen.")
            return 0
        ds = load_or_raise(DEMO_WORKBOOK)
        summary = store.write_dataset(ds, replace=args.replace, action="demo")
        _out(f"Demo-Landkreis Musterau geladen: {_describe_counts(ds.counts())}.")
        _out(_describe_summary(summary))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from graph import importing
    from graph.io.problems import errors, write_report

    path = Path(args.path)
    with _open_store() as store:
        result = importing.prepare(store, path, replace=args.replace)
        for problem in result.problems:
            _err(str(problem))
        if args.report:
            write_report(result.problems, Path(args.report))
            _err(f"Prüfbericht geschrieben: {args.report}")
        blocking = errors(result.problems)
        if blocking:
            _err(f"{len(blocking)} Fehler in {path.name}; nichts wurde gespeichert.")
            return 1
        counts = _describe_counts(result.dataset.counts())
        if args.dry_run:
            _out(f"Prüfung ohne Fehler: {counts}. Probelauf – nichts wurde gespeichert.")
            return 0
        summary = importing.commit(store, result, replace=args.replace, progress=_progress())
        _out(f"Import abgeschlossen{' (Bestand ersetzt)' if args.replace else ''}: {counts}.")
        _out(_describe_summary(summary))
    return 0


def _progress() -> Callable[[str, int, int], None]:
    """A progress display on stderr: a line when the step changes and every 10 % (at most one every 2 s)."""
    import time

    last = {"step": ""}
    shown = {"share": -1.0, "at": 0.0}

    def show(step: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        now = time.monotonic()
        due = share - shown["share"] >= 0.1 and now - shown["at"] >= 2
        if step != last["step"] or due or share >= 1:
            if share >= 1 and shown["share"] >= 1:
                return
            of = f"{_german_number(done)} von {_german_number(total)}"
            _err(f"  {_german_number(round(share * 100))} % – {step} ({of})")
            last["step"] = step
            shown.update(share=share, at=now)

    return show


def _german_number(value: int) -> str:
    """``12345`` -> ``12.345`` (German digit grouping)."""
    return f"{value:,}".replace(",", ".")


def cmd_export(args: argparse.Namespace) -> int:
    from graph.errors import UsageError
    from graph.io.export import export

    if args.network:
        return _export_network(args)
    if args.format is None:
        raise UsageError(
            "Bitte --format angeben (xlsx, csv, graphml, gexf, json) oder --network für das Netz am Stichtag."
        )
    with _open_store() as store:
        ds = store.read_dataset(include_persons=args.include_persons)
    export(ds, Path(args.path), args.format, include_persons=args.include_persons)
    note = " (mit Ansprechpersonen)" if args.include_persons else ""
    _out(f"Export geschrieben{note}: {args.path} ({_describe_counts(ds.counts())}).")
    return 0


def _export_network(args: argparse.Namespace) -> int:
    """``export --network``: the cooperation network on a day, for Gephi (GEXF or GraphML)."""
    import datetime as dt

    from graph.errors import UsageError
    from graph.io.gephi import write_network

    target = Path(args.path)
    if args.format is not None and args.format not in ("gexf", "graphml"):
        raise UsageError("Das Netz für Gephi (--network) gibt es als gexf oder graphml.")
    if args.format is not None and target.suffix.lower() != f".{args.format}":
        target = target.with_name(target.name + f".{args.format}")
    if args.include_persons:
        raise UsageError("Das Netz für Gephi enthält nie Ansprechpersonen; --include-persons passt nicht zu --network.")
    if args.input:
        ds = _analysis_dataset(args)
    else:
        with _open_store() as store:
            ds = store.read_dataset()
    as_of = args.as_of or dt.date.today()
    G = write_network(ds, target, as_of=as_of, color_by=args.color_by, size_by=args.size_by, anonymous=args.anonymise)
    note = " (anonymisiert)" if args.anonymise else ""
    _out(
        f"Kooperationsnetz am {as_of:%d.%m.%Y} geschrieben{note}: {target} "
        f"({_german_number(G.number_of_nodes())} Akteure, {_german_number(G.number_of_edges())} Kooperationen)."
    )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _open_store() as store:
        counts = store.counts()
        revision = store.revision()
        engine = store.engine
    if args.json:
        _out(json.dumps(counts, ensure_ascii=False))
        return 0
    where = "Neo4j" if engine == "neo4j" else f"eingebettet, {config.data_dir()}"
    _out(f"Datenbank: {where}; Datenstand {revision}")
    for key, value in counts.items():
        german = model.NODE_LABELS.get(key) or model.REL_TYPES[key].german
        _out(f"  {german:<18} {value:>7}")
    return 0


def cmd_engine(args: argparse.Namespace) -> int:
    from graph.db.engine import EmbeddedEngine

    if config.neo4j_uri():
        _out(f"NEO4J_URI ist gesetzt ({config.neo4j_uri()}); die eingebettete Datenbank wird nicht verwendet.")
        return 0
    engine = EmbeddedEngine(config.data_dir())
    if args.action == "start":
        info = engine.ensure_running()
        _out(f"Eingebettete Datenbank läuft (Prozess {info.pid}, Port {info.bolt_port}).")
    elif args.action == "stop":
        stopped = engine.stop()
        _out("Eingebettete Datenbank beendet." if stopped else "Die eingebettete Datenbank lief nicht.")
    else:
        status = engine.status()
        if args.json:
            _out(json.dumps(status, ensure_ascii=False))
        elif status["läuft"]:
            _out(
                f"Eingebettete Datenbank läuft: Prozess {status['prozess']}, 127.0.0.1:{status['bolt_port']}, "
                f"seit {status['gestartet']}, {status['groesse_mb']} MB in {status['datenverzeichnis']}."
            )
        else:
            _out(f"Eingebettete Datenbank läuft nicht ({status['datenverzeichnis']}).")
    return 0


ANALYSES: dict[str, str] = {
    "centrality": "Zentralität jedes Akteurs",
    "brokers": "Brückenakteure zwischen Sektoren",
    "risks": "Abhängigkeiten: Schnittpunkte, Brücken, Schlüsselakteure",
    "communities": "Gemeinschaften und E-I-Index",
    "gaps": "Angebotslücken je Gebiet und Lebensphase",
    "transitions": "Übergänge ohne Kooperation",
    "isolates": "Akteure außerhalb des Hauptnetzwerks",
    "duplicates": "Doppelstrukturen: Angebote, Gremien, Akteure",
    "missing-links": "fehlende Verbindungen",
    "conference": "Einladungsliste und Tischgruppen einer Konferenz",
    "change": "Veränderung zwischen zwei Stichtagen",
    "committees": "Gremienlandkarte: Berichtslinien, Überschneidungen, Gremienlast (--table)",
    "summary": "alle Analysen auf einmal (JSON)",
}
#: The tables of ``analyse committees`` (``--table``), keys of ``graph.analysis.committees.committees_summary``.
COMMITTEE_TABLES: dict[str, str] = {
    "tree": "Berichtslinien",
    "structure": "Strukturbefunde",
    "transitions": "Übergänge und Bildungsbereiche in Gremien",
    "overlap": "Überschneidungen und Kandidaten zum Zusammenlegen",
    "matrix": "Akteure × Gremien",
    "load": "Gremienlast je Akteur",
    "elsewhere": "Mitglieder mit vielen weiteren Gremien",
    "sectors": "Sektoren je Gremientyp",
    "change": "Gremien: Veränderungen zwischen zwei Stichtagen",
    "findings": "die wichtigsten Befunde in Sätzen",
}


def _date(text: str) -> Any:
    from graph.io.validate import CellError, parse_date

    try:
        return parse_date(text)
    except CellError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _analysis_dataset(args: argparse.Namespace) -> Any:
    if args.input:
        from graph.io.problems import errors
        from graph.io.validate import load

        # unlike the import (all or nothing), an analysis of a file skips the rows it cannot use, and says so
        result = load(Path(args.input))
        blocking = errors(result.problems)
        for problem in result.problems:
            _err(str(problem))
        if blocking:
            _err(
                f"Hinweis: {len(blocking)} Fehler in {Path(args.input).name}; die betroffenen Zeilen fehlen in der "
                "Analyse. Ein Import würde die Datei ganz abweisen."
            )
        return result.dataset
    with _open_store() as store:
        return store.read_dataset()


def run_analysis(kind: str, ds: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Run analysis ``kind`` on a dataset; return the named tables to print (first = main table)."""
    import datetime as dt
    from importlib import import_module

    from graph import build

    def module(name: str) -> Any:  # import only what this kind needs: start-up time counts
        return import_module(f"graph.analysis.{name}")

    as_of = args.as_of or dt.date.today()
    if kind == "summary":
        return module("summary").summary(
            ds,
            as_of=as_of,
            since=args.since,
            group=args.group,
            top=args.top or 50,
            tables=args.tables,
            size=args.size,
            seed=args.seed,
        )
    if kind == "change":
        start = args.since or as_of - dt.timedelta(days=365)
        end = args.until or as_of
        return {"change": module("change").change(ds, start, end, group=args.group, seed=args.seed)}
    if kind == "committees":
        return _committee_tables(ds, args, as_of)
    L = build.landscape(ds, as_of)
    area = getattr(args, "area", None)
    if kind in ("gaps", "transitions", "isolates"):
        # an area's rows are the district's: computed for the whole Kreis, then restricted
        tables = module("gaps").gap_tables(L, area=area, by=args.by, min_rate=args.min_rate)
        return {kind: tables[kind]}
    if kind == "duplicates":
        return {"duplicates": module("duplicates").duplicates(L)}
    G = build.cooperation_graph(L)
    if kind == "centrality":
        return {"centrality": module("centrality").centrality(G, seed=args.seed)}
    if kind == "brokers":
        return {"brokers": module("brokerage").brokers(G, group=args.group, seed=args.seed)}
    if kind == "risks":
        return {"risks": module("risks").risks(G, top=args.top or 5, seed=args.seed)}
    if kind == "communities":
        communities = module("communities")
        members = communities.communities(G, seed=args.seed)
        return {
            "communities": members,
            "community_summary": communities.community_summary(G, members, area_names=build.AreaTree(L).names),
            "ei_index": communities.ei_index(G, args.group),
        }
    if kind == "missing-links":
        return {"missing_links": module("links").missing_links(L, G, top=args.top or 50, seed=args.seed)}
    return {"conference": module("links").conference(L, G, tables=args.tables, size=args.size, seed=args.seed)}


def _committee_tables(ds: Any, args: argparse.Namespace, as_of: Any) -> dict[str, Any]:
    """The table ``--table`` of the Gremienlandkarte (default: the overlap), pseudonymised with ``--anonymise``."""
    import datetime as dt

    import pandas as pd

    from graph.analysis import committees

    key = getattr(args, "table", None) or "overlap"
    since = args.since or as_of - dt.timedelta(days=365)
    if key == "findings":
        tables = committees.committees_summary(ds, as_of, since)
        table = pd.DataFrame({"finding": committees.key_findings(tables)})
    elif key == "change":
        table = committees.committee_change(ds, min(since, args.until or as_of), args.until or as_of)
    else:
        table = {
            "tree": committees.reporting_tree,
            "structure": committees.structure_findings,
            "transitions": committees.transition_coverage,
            "overlap": committees.committee_overlap,
            "matrix": committees.membership_matrix,
            "load": committees.committee_load,
            "elsewhere": committees.committee_members_elsewhere,
            "sectors": committees.sector_presence,
        }[key](ds, as_of)
    if getattr(args, "anonymise", False):
        from graph.anonymise import Pseudonyms

        pseudonyms = Pseudonyms.build(ds)
        table = pseudonyms.frame(table, id_columns=("id", "actor"))
        table.columns = [pseudonyms.text(str(c)) for c in table.columns]
    return {committees.display_kind(key): table}


def cmd_analyse(args: argparse.Namespace) -> int:
    from graph.analysis.tables import records, to_json

    tables = run_analysis(args.kind, _analysis_dataset(args), args)
    if args.top and args.kind not in ("summary", "risks", "missing-links"):
        tables = {name: t.head(args.top) for name, t in tables.items()}
    main_name = next(iter(tables))
    if args.format == "json":
        if args.kind == "summary":
            _out(to_json(tables))
        else:
            _out(json.dumps(records(tables[main_name]), ensure_ascii=False, indent=1))
    elif args.format == "csv":  # for German Excel, like the app's downloads: German headers, `;`, decimal comma, BOM
        from graph.display import csv_bytes

        data = csv_bytes(tables[main_name], main_name)
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
    else:
        import pandas as pd

        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 80
        ):
            for name, table in tables.items():
                if len(tables) > 1:
                    _out(f"== {name} ==")
                _out(table.to_string(index=False) if len(table) else "(keine Einträge)")
    return 0


def cmd_picture(args: argparse.Namespace) -> int:
    import datetime as dt

    from graph import service

    ds = _analysis_dataset(args)
    flt = service.NetworkFilter(
        sectors=tuple(args.sector or ()),
        actor_types=tuple(args.type or ()),
        areas=tuple(args.area or ()),
        committee=args.committee,
        center=args.center,
        depth=args.depth,
        co_membership=args.committees,
    )
    service.network_picture(
        ds,
        args.as_of or dt.date.today(),
        Path(args.path),
        flt=flt,
        color_by=args.color_by,
        size_by=args.size_by,
        anonymous=args.anonymise,
        title=args.title,
        paper=args.paper,
        named=tuple(args.name or ()),
        aggregate=args.aggregate,
    )
    _out(f"Bild geschrieben: {args.path}" + (" (anonymisiert)" if args.anonymise else ""))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt

    from graph.report.content import build_report
    from graph.report.render import report_paths, write_report

    report_paths(Path(args.path), Path(args.anlage) if args.anlage else None)  # before the work, not after it
    ds = _analysis_dataset(args)
    report = build_report(
        ds, as_of=args.as_of or dt.date.today(), since=args.since, area=args.area, anonymous=args.anonymise
    )
    annex = write_report(report, Path(args.path), annex=Path(args.anlage) if args.anlage else None)
    _out(f"Bericht geschrieben: {args.path}" + (" (anonymisiert)" if args.anonymise else ""))
    _out(f"Excel-Anlage mit allen Tabellen geschrieben: {annex}")
    return 0


def cmd_conference(args: argparse.Namespace) -> int:
    import datetime as dt

    from graph.report.conference import write_plan

    for note in write_plan(
        _analysis_dataset(args),
        Path(args.path),
        as_of=args.as_of or dt.date.today(),
        tables=args.tables,
        size=args.size,
        anonymous=args.anonymise,
        title=args.title,
    ):
        _err(f"Hinweis: {note}")
    _out(f"Tischplan geschrieben: {args.path}")
    return 0


def cmd_slides(args: argparse.Namespace) -> int:
    import datetime as dt

    from graph import slides

    with _open_store() as store:
        views = slides.load_views(store)
    ds = _analysis_dataset(args)
    as_of = args.as_of or dt.date.today()
    target = Path(args.path)
    if target.suffix.lower() == ".pdf":
        target.write_bytes(slides.slides_pdf(ds, as_of, views, anonymous=args.anonymise))
    elif target.suffix.lower() in (".html", ".htm"):
        target.write_text(slides.slides_html(ds, as_of, views, anonymous=args.anonymise), encoding="utf-8")
    elif target.suffix.lower() == ".pptx":
        target.write_bytes(slides.slides_pptx(ds, as_of, views, anonymous=args.anonymise))
    else:
        raise DataError(f"{target.name}: Format unbekannt; möglich sind .pdf, .html und .pptx.")
    _out(f"Präsentation mit {len(views)} Folien geschrieben: {args.path}")
    return 0


def cmd_privacy(args: argparse.Namespace) -> int:
    from graph import privacy

    with _open_store() as store:
        if args.action == "report":
            if not args.person:
                raise DataError("Bitte die ID der Ansprechperson angeben.")
            text = json.dumps(privacy.person_report(store, args.person), ensure_ascii=False, indent=1)
            if args.output:
                Path(args.output).write_text(text + "\n", encoding="utf-8")
                _out(f"Auskunft geschrieben: {args.output}")
            else:
                _out(text)
        elif args.action == "erase":
            if not args.person:
                raise DataError("Bitte die ID der Ansprechperson angeben.")
            privacy.erase(store, args.person)
            _out(f"Ansprechperson „{args.person}“ mit allen Verknüpfungen gelöscht.")
        else:
            ids = privacy.purge(store)
            _out(f"{len(ids)} Ansprechpersonen mit abgelaufenem Löschdatum gelöscht.")
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    from graph.auth import Role

    with _open_store() as store:
        if args.action == "list":
            users = store.users()
            for user in users:
                _out(f"{user['login']}\t{Role.parse(user['role']).key}")
            if not users:
                _out("Die Benutzertabelle ist leer (Rollen kommen aus der Anmeldung).")
            return 0
        if not args.login:
            raise DataError("Bitte die Anmeldung (E-Mail-Adresse) angeben.")
        if args.action == "add":
            role = Role.parse(args.role)
            store.set_user_role(args.login, role)
            _out(f"{args.login.strip().lower()}: Rolle {role.key} ({role.german}).")
        else:
            store.remove_user(args.login)
            _out(f"{args.login.strip().lower()} aus der Benutzertabelle entfernt.")
    return 0


def cmd_selfcheck(args: argparse.Namespace) -> int:
    """``selfcheck create|list|revoke``: the self-check links (Selbstauskunft) of actors."""
    from graph import selfcheck

    with _open_store() as store:
        if args.action == "create":
            actors = list(args.actor or [])
            if args.sector or args.area:
                actors += selfcheck.actors_of(store.read_dataset(), sector=args.sector, area=args.area)
            if not actors:
                raise DataError("Bitte Akteure angeben: --actor ID (mehrfach), --sector oder --area.")
            if not args.base_url:
                raise DataError("Bitte die Adresse der App angeben, wie die Einrichtungen sie erreichen: --base-url.")
            created = selfcheck.create_links(store, actors, days=args.days, base_url=args.base_url, round_id=args.round)
            emails = selfcheck.contact_emails(store, [c.actor for c in created]) if args.with_email else None
            table = selfcheck.mailmerge_table(created, emails=emails)
            if args.output:
                _write_table(table, Path(args.output))
                _out(
                    f"{len(created)} Links erstellt und in {args.output} geschrieben (nur dort, nirgends gespeichert)."
                )
            else:
                _out(table.to_csv(sep=";", index=False).rstrip("\n"))
            return 0
        links = store.selfcheck_links()
        if args.action == "list":
            now = selfcheck.utcnow()
            table = selfcheck.links_table(links, now=now)
            if args.output:
                _write_table(table.drop(columns=["id"]), Path(args.output))
                _out(f"{len(links)} Links in {args.output} geschrieben.")
            elif links:
                _out(table.drop(columns=["id"]).to_csv(sep=";", index=False).rstrip("\n"))
            else:
                _out("Es gibt noch keine Links.")
            return 0
        chosen = [
            link
            for link in links
            if (args.link and link.id.startswith(args.link.lower())) or (args.actor and link.actor in args.actor)
        ]
        if not args.link and not args.actor:
            raise DataError("Bitte die Kennung des Links (aus „selfcheck list“) oder --actor angeben.")
        if args.link and len({link.id for link in chosen}) > 1 and not args.actor:
            raise DataError(f"Die Kennung „{args.link}“ passt zu mehreren Links; bitte mehr Zeichen angeben.")
        if not chosen:
            raise DataError("Keinen passenden Link gefunden.")
        revoked = sum(selfcheck.revoke_link(store, link.id) for link in chosen)
        _out(f"{revoked} Links widerrufen.")
    return 0


def cmd_survey(args: argparse.Namespace) -> int:
    """``survey import|queue|decide|accept-sure|rounds|reminders``: the Netzwerkbefragung from the command line."""
    from graph.io.export import safe_frame
    from graph.survey import intake

    with _open_store() as store:
        known = {r.id: r for r in store.rounds()}
        round_id = intake.round_id(args.round) if args.round else None
        if args.action == "import":
            if not args.target:
                raise DataError("Bitte die Datei mit den Antworten angeben (.csv oder .xlsx).")
            codes = dict(_code(text) for text in args.code or [])
            prepared = intake.prepare_survey(
                Path(args.target),
                store.read_dataset(),
                aliases=store.aliases(),
                round_name=args.round,
                round_date=args.date,
                known_rounds=known,
                codes=codes,
            )
            for note in prepared.notes:
                _err(str(note))
            if args.dry_run:
                _out(f"{prepared.summary()}. Probelauf – nichts wurde gespeichert.")
                return 0
            intake.commit_survey(store, prepared)
            _out(f"{prepared.summary()}. Alle Nennungen stehen in der Prüfliste; im Netz ist noch nichts geändert.")
            return 0
        if args.action == "queue":
            items = store.review_items(status="offen", round_id=round_id)
            table = intake.queue_table(items, store.read_dataset())
            if args.output:
                _write_table(safe_frame(table), Path(args.output))
                _out(f"{len(items)} offene Nennungen in {args.output} geschrieben.")
            elif items:
                _out(safe_frame(table).to_csv(sep=";", index=False).rstrip("\n"))
            else:
                _out("Die Prüfliste ist leer.")
            return 0
        if args.action == "accept-sure":
            done = intake.accept_sure(store, round_id=round_id)
            _out(f"{done} sicher zugeordnete Nennungen übernommen.")
            return 0
        if args.action == "rounds":
            ds, everything = store.read_dataset(), store.review_items(status=None)
            for r in store.rounds():
                _out(f"{r.id}\t{r.name}\t{r.date:%d.%m.%Y}\t{intake.round_summary(ds, r, everything)}")
            if not known:
                _out("Es gibt noch keine Befragungsrunde.")
            return 0
        if args.action == "reminders":
            if not args.round:
                raise DataError("Bitte die Befragungsrunde angeben: --round NAME.")
            chosen_round = intake.find_round(store, args.round)
            table = safe_frame(intake.reminder_table(store, chosen_round, include_persons=args.include_persons))
            if args.output:
                _write_table(table, Path(args.output))
                _out(f"{len(table)} Zeilen (noch ohne Antwort) in {args.output} geschrieben.")
            else:
                _out(table.to_csv(sep=";", index=False).rstrip("\n"))
            return 0
        if not args.target:
            raise DataError("Bitte die Kennung der Nennung angeben (aus „survey queue“).")
        chosen = [i for i in store.review_items(status=None) if i.id.startswith(args.target)]
        if len(chosen) != 1:
            raise DataError(
                f"Die Kennung „{args.target}“ passt zu {'keiner' if not chosen else 'mehreren'} Nennungen; "
                "bitte die Kennung aus „survey queue“ angeben."
            )
        item = chosen[0]
        picked = sum(bool(x) for x in (args.actor, args.new, args.reject))
        if picked != 1:
            raise DataError("Bitte genau eines angeben: --actor ID, --new oder --reject.")
        if args.reject:
            store.decide_review_item(item.id, accept=False, expected_version=item.version)
            _out(f"Nennung „{item.named or item.kind}“ abgelehnt; im Netz ändert sich nichts.")
            return 0
        new_actor = None
        if args.new:
            new_actor = {
                "name": args.name or item.named,
                "actor_type": args.type or item.fields.get("actor_type"),
                "sector": args.sector,
                "area": args.area,
            }
        store.decide_review_item(
            item.id, accept=True, actor=args.actor, new_actor=new_actor, expected_version=item.version
        )
        _out(f"Nennung „{item.named or item.kind}“ übernommen.")
    return 0


def _code(text: str) -> tuple[str, str]:
    """``ORG=EINRICHTUNG`` -> (``ORG``, ``EINRICHTUNG``)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise DataError(f"--code „{text}“: erwartet wird CODE=FRAGECODE, z. B. ORG=EINRICHTUNG.")
    return key.strip(), value.strip()


def _write_table(table: Any, path: Path) -> None:
    """A table as .xlsx or (any other ending) as CSV for German Excel (semicolons, UTF-8 with BOM)."""
    if path.suffix.lower() == ".xlsx":
        table.to_excel(path, index=False)
    else:
        table.to_csv(path, sep=";", index=False, encoding="utf-8-sig")


def cmd_audit(args: argparse.Namespace) -> int:
    from graph.audit import export_audit

    with _open_store() as store:
        count = export_audit(store, Path(args.path))
    _out(f"Protokoll mit {count} Einträgen geschrieben: {args.path}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from graph.auth import local_principal
    from graph.db import migrate
    from graph.db.store import Store

    environ = migrate.target_environ(args.to, user=args.to_user, database=args.to_database)
    with _open_store() as source:
        target_dir = environ.get("BILDUNGSNETZ_DATA_DIR")
        if source.engine == "embedded" and target_dir and Path(target_dir) == config.data_dir():
            raise ConfigError("Quelle und Ziel sind dasselbe Datenverzeichnis; bitte ein anderes Ziel angeben.")
        if source.engine == "neo4j" and environ.get("NEO4J_URI") == config.neo4j_uri():
            raise ConfigError("Quelle und Ziel sind derselbe Neo4j-Server; bitte ein anderes Ziel angeben.")
        with Store.open(environ=environ, principal=local_principal("migrate")) as target:
            _err(f"Umzug: {migrate.describe(source)} → {migrate.describe(target)} ({args.to}) …")
            report = migrate.migrate(source, target)
    counts = _describe_counts(report.counts)
    _out(
        f"Umzug abgeschlossen und geprüft: {counts}; {report.users} Benutzer, {report.audit_entries} "
        f"Protokolleinträge, {report.views} gespeicherte Ansichten. Die Quelle ist unverändert."
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the app: this process becomes the Streamlit server (no child that could outlive it).

    On POSIX the process is replaced by Streamlit (``exec``), so Ctrl-C, SIGTERM from a service
    manager or ``docker stop`` reach the server itself, which stops and frees the port. Elsewhere
    Streamlit runs as a child that is stopped together with this process.
    """
    import subprocess

    app = Path(__file__).resolve().parents[1] / "streamlit_app.py"
    headless = args.headless or not (os.environ.get("DISPLAY") or sys.platform in ("darwin", "win32"))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
    ]
    _out(f"Bildungsnetz startet auf http://{args.address}:{args.port} …")
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    if hasattr(os, "execv") and sys.platform != "win32":
        os.chdir(app.parent)  # it holds .streamlit/config.toml
        os.execv(sys.executable, cmd)
    child = subprocess.Popen(cmd, cwd=app.parent)  # pragma: no cover - Windows
    try:  # pragma: no cover
        return child.wait()
    except KeyboardInterrupt:  # pragma: no cover
        child.terminate()
        return child.wait()


# -- helpers --------------------------------------------------------------------------------


def _describe_counts(counts: dict[str, int]) -> str:
    from graph.importing import describe_counts

    return describe_counts(counts)


def _describe_summary(summary: Any) -> str:
    text = f"Neu oder geändert: {summary.changed_nodes} Einträge, {summary.changed_rels} Beziehungen"
    if summary.deleted_nodes or summary.deleted_rels:
        text += f"; gelöscht: {summary.deleted_nodes} Einträge, {summary.deleted_rels} Beziehungen"
    return text + "."


# -- parser -----------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: Fehler: {message}\n")


COMMANDS: dict[str, str] = {
    "init": "Datenbank vorbereiten (Eindeutigkeitsregeln und Indizes anlegen)",
    "demo": "den Demo-Landkreis Musterau laden",
    "import": "Excel-Arbeitsmappe oder CSV-Ordner prüfen und importieren",
    "export": "Daten exportieren (xlsx, csv, graphml, gexf, json)",
    "status": "Anzahl der Einträge und Beziehungen anzeigen",
    "engine": "eingebettete Datenbank: Zustand anzeigen, starten oder beenden",
    "serve": "die App im Browser starten",
    "analyse": "Netzwerk analysieren: Brücken, Lücken, Doppelstrukturen …",
    "picture": "Netzwerkbild für Folien, Berichte und Poster (PNG, SVG, PDF, PPTX)",
    "report": "Bericht für Lenkungskreis und Bildungskonferenz (PDF oder HTML)",
    "conference": "Einladungsliste und Tischplan einer Konferenz (xlsx oder PDF)",
    "slides": "gespeicherte Ansichten als Folien (PDF), HTML-Präsentation oder PowerPoint (PPTX)",
    "privacy": "Datenschutz: Auskunft über, Löschung von und Fristlöschung der Ansprechpersonen",
    "users": "Benutzertabelle der App: Rollen anzeigen, vergeben, entziehen",
    "selfcheck": "Selbstauskunft: persönliche Links für Akteure erstellen, anzeigen, widerrufen",
    "survey": "Netzwerkbefragung: Antworten einlesen und zuordnen, Prüfliste, Entscheidungen, Runden",
    "audit": "Protokoll aller Änderungen exportieren (csv oder xlsx)",
    "migrate": "alles in eine andere, leere Datenbank umziehen (eingebettet ↔ Neo4j) und prüfen",
}


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``bildungsnetz`` (German help)."""
    parser = _Parser(
        prog="bildungsnetz",
        description="Bildungsnetz – Bildungslandschaften als Netzwerk erfassen, analysieren und zeigen.",
    )
    parser.add_argument(
        "--version", action="version", version=f"bildungsnetz {__version__}", help="Version anzeigen und beenden"
    )
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL", title="Befehle", parser_class=_Parser)
    sub.required = True

    def add(name: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=COMMANDS[name], description=COMMANDS[name])
        p.set_defaults(func=func)
        return p

    add("init", cmd_init)
    p = add("demo", cmd_demo)
    p.add_argument("--replace", action="store_true", help="den ganzen Bestand durch den Demo-Landkreis ersetzen")
    p.add_argument("--if-empty", action="store_true", help="nur laden, wenn die Datenbank leer ist")
    p = add("import", cmd_import)
    p.add_argument("path", metavar="PFAD", help=".xlsx-Arbeitsmappe oder Ordner mit CSV-Dateien")
    p.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts speichern")
    p.add_argument(
        "--replace", action="store_true", help="den ganzen Bestand ersetzen: was in der Datei fehlt, wird gelöscht"
    )
    p.add_argument("--report", metavar="DATEI", help="Prüfbericht als CSV schreiben")
    p = add("export", cmd_export)
    p.add_argument("path", metavar="PFAD", help="Zieldatei (bei csv: Zielordner)")
    p.add_argument(
        "--format",
        choices=["xlsx", "csv", "graphml", "gexf", "json"],
        help="Dateiformat (mit --network: aus der Endung .gexf oder .graphml, wenn nicht angegeben)",
    )
    p.add_argument(
        "--include-persons", action="store_true", help="auch Ansprechpersonen (personenbezogene Daten) exportieren"
    )
    p.add_argument(
        "--network",
        action="store_true",
        help="nur das Kooperationsnetz am Stichtag für Gephi (GEXF oder GraphML): ein Strich je Paar, "
        "Farben, Lage und Größe wie im Netzwerkbild, Kennzahlen als Attribute",
    )
    p.add_argument("--as-of", type=_date, metavar="DATUM", help="mit --network: Stichtag (Standard: heute)")
    p.add_argument(
        "--color-by",
        default="sector",
        choices=["sector", "community", "area"],
        help="mit --network: Einfärben nach (Standard: sector)",
    )
    p.add_argument(
        "--size-by",
        default="degree",
        choices=["degree", "weighted_degree", "betweenness", "pagerank", "none"],
        help="mit --network: Größe nach (Standard: degree)",
    )
    p.add_argument(
        "--anonymise", action="store_true", help="mit --network: Organisationen als Typ und Gebietskürzel statt Namen"
    )
    p.add_argument("--input", metavar="PFAD", help="mit --network: Arbeitsmappe oder CSV-Ordner statt der Datenbank")
    p = add("status", cmd_status)
    p.add_argument("--json", action="store_true", help="als JSON-Objekt ausgeben")
    p = add("engine", cmd_engine)
    p.add_argument(
        "action",
        nargs="?",
        default="status",
        choices=["status", "start", "stop"],
        metavar="AKTION",
        help="status (Standard), start oder stop",
    )
    p.add_argument("--json", action="store_true", help="Zustand als JSON ausgeben")
    p = add("analyse", cmd_analyse)
    p.add_argument(
        "kind", choices=list(ANALYSES), metavar="ART", help="; ".join(f"{k}: {v}" for k, v in ANALYSES.items())
    )
    p.add_argument("--as-of", type=_date, metavar="DATUM", help="Stichtag (Standard: heute)")
    p.add_argument("--input", metavar="PFAD", help="Arbeitsmappe oder CSV-Ordner direkt analysieren, ohne Datenbank")
    p.add_argument(
        "--group",
        default="sector",
        metavar="MERKMAL",
        help="Gruppierung für Brückenrollen und E-I-Index (Standard: sector)",
    )
    p.add_argument("--top", type=int, metavar="N", help="nur die ersten N Zeilen")
    p.add_argument("--format", default="table", choices=["table", "csv", "json"], help="Ausgabeformat")
    p.add_argument("--by", choices=["target_group"], help="gaps: zusätzlich nach Zielgruppe aufteilen")
    p.add_argument(
        "--area",
        metavar="GEBIET",
        help="gaps, transitions, isolates: nur dieses Gebiet mit Untergebieten (gerechnet für den ganzen Kreis)",
    )
    p.add_argument(
        "--min-rate", type=float, metavar="ZAHL", help="gaps: weniger Angebote je 1.000 Einwohner gelten als Lücke"
    )
    p.add_argument("--tables", type=int, default=10, metavar="K", help="conference: Zahl der Tische")
    p.add_argument("--size", type=int, default=8, metavar="S", help="conference: Plätze je Tisch")
    p.add_argument("--from", dest="since", type=_date, metavar="DATUM", help="change: früherer Stichtag")
    p.add_argument("--to", dest="until", type=_date, metavar="DATUM", help="change: späterer Stichtag")
    p.add_argument("--seed", type=int, default=0, help="Startwert der Zufallsschritte (Standard: 0)")
    p.add_argument(
        "--table",
        choices=list(COMMITTEE_TABLES),
        help="committees: welche Tabelle (Standard: overlap); "
        + "; ".join(f"{k}: {v}" for k, v in COMMITTEE_TABLES.items()),
    )
    p.add_argument(
        "--anonymise", action="store_true", help="committees: Organisationen als Typ und Gebietskürzel statt Namen"
    )
    p = add("picture", cmd_picture)
    p.add_argument(
        "path", metavar="PFAD", help="Zieldatei: .png, .svg, .pdf oder .pptx (eine bearbeitbare PowerPoint-Folie)"
    )
    p.add_argument("--as-of", type=_date, metavar="DATUM", help="Stichtag (Standard: heute)")
    p.add_argument("--input", metavar="PFAD", help="Arbeitsmappe oder CSV-Ordner statt der Datenbank")
    p.add_argument(
        "--paper",
        default="slide",
        choices=["slide", "a4", "a3", "a0"],
        help="Druckgröße: slide = Folie 16:9 (Standard), a4 = A4 quer, a3 und a0 = Poster; "
        "Namen bleiben mindestens 7 pt groß, größeres Papier zeigt mehr Namen (PPTX ist immer eine Folie)",
    )
    p.add_argument(
        "--aggregate",
        choices=["community", "area"],
        help="zusammenfassen: ein Kreis je Gemeinschaft (community) oder Gebiet (area) statt jedes Akteurs",
    )
    p.add_argument(
        "--name",
        action="append",
        metavar="AKTEUR",
        help="diesen Akteur (ID) immer beschriften, z. B. weil der Text ihn nennt (mehrfach möglich)",
    )
    p.add_argument("--color-by", default="sector", choices=["sector", "community", "area"], help="Einfärben nach")
    p.add_argument(
        "--size-by",
        default="degree",
        choices=["degree", "weighted_degree", "betweenness", "pagerank", "none"],
        help="Punktgröße nach",
    )
    p.add_argument("--sector", action="append", metavar="SEKTOR", help="nur dieser Sektor (mehrfach möglich)")
    p.add_argument("--type", action="append", metavar="TYP", help="nur dieser Akteurstyp (mehrfach möglich)")
    p.add_argument("--area", action="append", metavar="GEBIET", help="nur dieses Gebiet mit Untergebieten")
    p.add_argument("--committee", metavar="GREMIUM", help="nur die Mitglieder dieses Gremiums")
    p.add_argument("--center", metavar="AKTEUR", help="nur der Umkreis dieses Akteurs")
    p.add_argument("--depth", type=int, default=1, choices=[1, 2, 3], help="Umkreis in Schritten (Standard: 1)")
    p.add_argument("--committees", action="store_true", help="gemeinsame Gremien gestrichelt zeigen")
    p.add_argument("--title", metavar="TEXT", help="Überschrift des Bildes")
    p.add_argument("--anonymise", action="store_true", help="Organisationen als Typ und Gebietskürzel statt Namen")
    p = add("report", cmd_report)
    p.add_argument("path", metavar="PFAD", help="Zieldatei: .pdf oder .html")
    p.add_argument("--as-of", type=_date, metavar="DATUM", help="Datenstand (Standard: heute)")
    p.add_argument("--since", type=_date, metavar="DATUM", help="Vergleich mit diesem Tag (Standard: ein Jahr zuvor)")
    p.add_argument("--area", metavar="GEBIET", help="nur dieses Gebiet mit seinen Untergebieten")
    p.add_argument("--anonymise", action="store_true", help="Organisationen als Typ und Gebietskürzel statt Namen")
    p.add_argument("--input", metavar="PFAD", help="Arbeitsmappe oder CSV-Ordner statt der Datenbank")
    p.add_argument(
        "--anlage",
        metavar="DATEI",
        help="Excel-Anlage mit allen vollständigen Tabellen (.xlsx; Standard: neben dem Bericht, <name>-anlage.xlsx)",
    )
    p = add("conference", cmd_conference)
    p.add_argument("path", metavar="PFAD", help="Zieldatei: .xlsx oder .pdf")
    p.add_argument(
        "--title",
        metavar="TEXT",
        help="Name der Veranstaltung im Titel „Tischplan – TEXT“ (Standard: die Bildungskonferenz der Daten)",
    )
    p.add_argument("--tables", type=int, default=10, metavar="K", help="Zahl der Tische (Standard: 10)")
    p.add_argument("--size", type=int, default=8, metavar="S", help="Plätze je Tisch (Standard: 8)")
    p.add_argument("--as-of", type=_date, metavar="DATUM", help="Stichtag (Standard: heute)")
    p.add_argument("--anonymise", action="store_true", help="Organisationen als Typ und Gebietskürzel statt Namen")
    p.add_argument("--input", metavar="PFAD", help="Arbeitsmappe oder CSV-Ordner statt der Datenbank")
    p = add("slides", cmd_slides)
    p.add_argument("path", metavar="PFAD", help="Zieldatei: .pdf, .html oder .pptx")
    p.add_argument("--as-of", type=_date, metavar="DATUM", help="Stichtag (Standard: heute)")
    p.add_argument("--anonymise", action="store_true", help="Organisationen als Typ und Gebietskürzel statt Namen")
    p.add_argument("--input", metavar="PFAD", help="Arbeitsmappe oder CSV-Ordner statt der Datenbank")
    p = add("privacy", cmd_privacy)
    p.add_argument(
        "action",
        choices=["report", "erase", "purge"],
        metavar="AKTION",
        help="report (Auskunft), erase (Löschung) oder purge (abgelaufene Löschfristen)",
    )
    p.add_argument("person", nargs="?", metavar="PERSON_ID", help="ID der Ansprechperson (report, erase)")
    p.add_argument("--output", metavar="DATEI", help="report: Auskunft als JSON-Datei schreiben")
    p = add("users", cmd_users)
    p.add_argument(
        "action",
        choices=["list", "add", "remove"],
        metavar="AKTION",
        help="list (anzeigen), add (Rolle vergeben oder ändern) oder remove (entfernen)",
    )
    p.add_argument("login", nargs="?", metavar="ANMELDUNG", help="E-Mail-Adresse der Person (add, remove)")
    p.add_argument(
        "--role", default="viewer", metavar="ROLLE", help="add: viewer, editor oder admin (Standard: viewer)"
    )
    p = add("selfcheck", cmd_selfcheck)
    p.add_argument(
        "action",
        choices=["create", "list", "revoke"],
        metavar="AKTION",
        help="create (Links erstellen), list (Links mit Status) oder revoke (widerrufen)",
    )
    p.add_argument("link", nargs="?", metavar="KENNUNG", help="revoke: Kennung des Links (aus list)")
    p.add_argument("--actor", action="append", metavar="ID", help="create, revoke: Akteur (mehrfach möglich)")
    p.add_argument("--sector", metavar="SEKTOR", help="create: alle Akteure dieses Sektors (Schlüssel)")
    p.add_argument("--area", metavar="GEBIET", help="create: alle Akteure dieses Gebiets (ID, mit Teilgebieten)")
    p.add_argument("--days", type=int, default=28, metavar="TAGE", help="create: Gültigkeit in Tagen (Standard: 28)")
    p.add_argument("--base-url", metavar="ADRESSE", help="create: Adresse der App, wie die Akteure sie erreichen")
    p.add_argument("--round", metavar="RUNDE", help="create: Befragungsrunde, zu der die Antworten zählen (ID)")
    p.add_argument(
        "--with-email",
        action="store_true",
        help="create: E-Mail-Adresse der Ansprechperson in die Liste (personenbezogen, protokolliert)",
    )
    p.add_argument("--output", metavar="DATEI", help="create, list: Liste als .csv oder .xlsx schreiben")
    p = add("survey", cmd_survey)
    p.add_argument(
        "action",
        choices=["import", "queue", "decide", "accept-sure", "rounds", "reminders"],
        metavar="AKTION",
        help="import (Antworten einlesen), queue (Prüfliste), decide (eine Nennung entscheiden), "
        "accept-sure (alle sicheren übernehmen), rounds (Runden mit Rücklauf) oder reminders (wer noch nicht "
        "geantwortet hat)",
    )
    p.add_argument("target", nargs="?", metavar="DATEI|KENNUNG", help="import: Antwortdatei; decide: Kennung")
    p.add_argument("--round", metavar="NAME", help="import, queue, accept-sure: Name der Befragungsrunde")
    p.add_argument("--date", type=_date, metavar="DATUM", help="import: Stichtag einer neuen Runde (Standard: heute)")
    p.add_argument("--dry-run", action="store_true", help="import: nur prüfen und zuordnen, nichts speichern")
    p.add_argument(
        "--code",
        action="append",
        metavar="CODE=FRAGECODE",
        help="import (LimeSurvey): abweichender Fragecode, z. B. ORG=EINRICHTUNG oder PARTNER=P (mehrfach möglich)",
    )
    p.add_argument("--actor", metavar="ID", help="decide: die Nennung diesem Akteur zuordnen")
    p.add_argument("--new", action="store_true", help="decide: als neuen Akteur anlegen (mit --sector)")
    p.add_argument("--reject", action="store_true", help="decide: die Nennung ablehnen")
    p.add_argument("--name", metavar="TEXT", help="decide --new: Name (Standard: wie genannt)")
    p.add_argument("--type", metavar="TYP", help="decide --new: Akteurstyp (Standard: der Typ aus der Antwort)")
    p.add_argument("--sector", metavar="SEKTOR", help="decide --new: Sektor")
    p.add_argument("--area", metavar="GEBIET", help="decide --new: Gebiet (ID)")
    p.add_argument("--output", metavar="DATEI", help="queue, reminders: Liste als .csv oder .xlsx schreiben")
    p.add_argument(
        "--include-persons",
        action="store_true",
        help="reminders: mit Ansprechpersonen (personenbezogen, wird protokolliert)",
    )
    p = add("audit", cmd_audit)
    p.add_argument("action", choices=["export"], metavar="AKTION", help="export (Protokoll in eine Datei)")
    p.add_argument("path", metavar="DATEI", help="Zieldatei: .csv oder .xlsx")
    p = add("migrate", cmd_migrate)
    p.add_argument(
        "--to",
        required=True,
        metavar="ZIEL",
        help="Neo4j-Adresse (neo4j://server:7687; Passwort in BILDUNGSNETZ_TARGET_PASSWORD) "
        "oder embedded:/pfad/zum/datenverzeichnis",
    )
    p.add_argument("--to-user", default="neo4j", metavar="NAME", help="Neo4j-Ziel: Benutzername (Standard: neo4j)")
    p.add_argument(
        "--to-database", default="neo4j", metavar="NAME", help="Neo4j-Ziel: Datenbank (Standard und Community: neo4j)"
    )
    p = add("serve", cmd_serve)
    p.add_argument("--port", type=int, default=8501, help="Port der App (Standard: 8501)")
    p.add_argument("--address", default="127.0.0.1", help="Adresse der App (Standard: 127.0.0.1)")
    p.add_argument("--headless", action="store_true", help="keinen Browser öffnen")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DataError as exc:
        for problem in exc.problems:
            _err(str(problem))
        _err(str(exc))
        return exc.exit_code
    except BildungsnetzError as exc:
        _err(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _err("Abgebrochen.")
        return 2
    except BrokenPipeError:  # output piped into e.g. head, which stopped reading
        sys.stderr.close()
        return 0
    except OSError as exc:  # the file system refused: a sentence naming the path, never a traceback
        from graph.errors import os_error_sentence

        _err(os_error_sentence(exc, getattr(args, "path", None)))
        return 2


def run() -> None:
    """Entry point of the ``bildungsnetz`` command: run, flush, and leave without interpreter teardown.

    Tearing down pandas, numpy, igraph and large graphs at exit takes about
    0.2 s per call and does nothing useful for a finished command; files are
    closed by then, the output and the logs are flushed here.
    """
    import logging

    # the driver logs each retried transaction as a warning; the CLI reports the outcome in German instead
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    run()
