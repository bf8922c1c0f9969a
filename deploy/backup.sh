#!/bin/sh
# Dated backup of the Neo4j database of deploy/compose.yaml (see README, "Sicherung").
#
#   sudo deploy/backup.sh                  dump, checksum, counts, retention
#   deploy/backup.sh --prune-only DIR      only the retention in DIR (no Docker needed)
#
# Writes into deploy/backups/:
#   neo4j-YYYY-MM-DD_HHMMSS.dump          neo4j-admin database dump of the database "neo4j"
#   neo4j-YYYY-MM-DD_HHMMSS.dump.sha256   checksum (sha256sum -c)
#   neo4j-YYYY-MM-DD_HHMMSS.status.json   `bildungsnetz status --json` at dump time, for the restore test
# and keeps the newest BACKUP_KEEP dumps (default 14). Community Edition dumps only an offline
# database: the app and Neo4j are down for the dump (about one to three minutes).
set -eu

DEPLOY_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
BACKUP_KEEP=${BACKUP_KEEP:-14}
# shellcheck source=deploy/backup-lib.sh
. "$DEPLOY_DIR/backup-lib.sh"

usage() {
    cat << 'EOF'
Aufruf: sudo deploy/backup.sh
        deploy/backup.sh --prune-only VERZEICHNIS

Sichert die Neo4j-Datenbank „neo4j“ nach deploy/backups/neo4j-JJJJ-MM-TT_HHMMSS.dump,
mit Prüfsumme (.sha256) und den Anzahlen von „bildungsnetz status --json“ (.status.json).
Behält die neuesten BACKUP_KEEP Sicherungen (Standard 14) und löscht ältere.
App und Neo4j sind währenddessen angehalten (Community Edition), meist ein bis drei Minuten.

--prune-only VERZEICHNIS   nur die Aufbewahrung anwenden, ohne zu sichern
EOF
}

name=
dump_done=

on_exit() {
    status=$?
    set +e
    trap - EXIT
    if [ -n "$name" ]; then
        rm -f -- "$BACKUP_DIR/$name.status.json.part"
    fi
    if [ "$status" -ne 0 ]; then
        if [ -n "$name" ] && [ -z "$dump_done" ]; then
            rm -f -- "$BACKUP_DIR/$name.status.json"
        fi
        if [ -n "$stopped_neo4j$stopped_app" ]; then
            start_services
        fi
        if [ -z "$dump_done" ]; then
            printf '%s\n' "Sicherung fehlgeschlagen (Meldungen oben). Ältere Sicherungen sind unverändert." >&2
        fi
    fi
    unlock
    exit "$status"
}

# record_counts NAME: the counts of the database, read by a one-off app container while nobody can
# write (the app is stopped), so that the restore test can compare them
record_counts() {
    if [ -z "$was_neo4j" ]; then
        warn "Neo4j lief nicht; die Anzahlen zu dieser Sicherung fehlen."
        return 0
    fi
    if dc run --rm --no-deps -T app bildungsnetz status --json > "$BACKUP_DIR/$1.part"; then
        mv -- "$BACKUP_DIR/$1.part" "$BACKUP_DIR/$1"
        say "Anzahlen festgehalten: $(cat "$BACKUP_DIR/$1")"
    else
        rm -f -- "$BACKUP_DIR/$1.part"
        warn "\"bildungsnetz status --json\" ist fehlgeschlagen; die Anzahlen zu dieser Sicherung fehlen."
    fi
}

backup() {
    check_keep
    preflight
    lock
    trap on_exit EXIT
    trap 'exit 130' INT TERM HUP
    umask 077

    name=neo4j-$(date +%Y-%m-%d_%H%M%S)
    say "Sicherung $name.dump beginnt. App und Neo4j sind dafür einige Minuten nicht erreichbar."
    stop_services
    record_counts "$name.status.json"
    say "Die Datenbank neo4j wird gesichert …"
    if ! dump_to "$name.dump"; then
        die "neo4j-admin konnte die Datenbank nicht sichern (Meldung oben)."
    fi
    dump_done=1
    started=yes
    start_services || started=
    say "Prüfsumme wird berechnet …"
    write_checksum "$name.dump"
    prune "$BACKUP_DIR"
    size=$(du -h -- "$BACKUP_DIR/$name.dump" | cut -f1)
    say "Sicherung fertig: $BACKUP_DIR/$name.dump ($size), Prüfsumme $name.dump.sha256."
    if [ -z "$started" ]; then
        die "Die Sicherung ist vollständig, aber Neo4j oder die App laufen nicht wieder (Meldung oben)."
    fi
}

case ${1:-} in
    --prune-only)
        if [ $# -ne 2 ]; then
            usage >&2
            exit 2
        fi
        check_keep
        prune "$2"
        ;;
    -h | --help)
        usage
        ;;
    '')
        backup
        ;;
    *)
        usage >&2
        exit 2
        ;;
esac
