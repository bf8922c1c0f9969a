#!/bin/sh
# Restores a dump written by deploy/backup.sh into the database "neo4j" (README, "Wiederherstellen").
#
#   sudo deploy/restore.sh SICHERUNG           replace the database of the installation (asks first;
#                                              dumps the current state before)
#   sudo deploy/restore.sh --probe SICHERUNG   restore test: load into the separate compose project
#                                              bildungsnetz-probe (own volumes, no nginx, no ports)
#   --ja                                       do not ask (for scripts)
#
# SICHERUNG is a file in deploy/backups/, e.g. neo4j-2026-11-22_021500.dump. After the start the
# counts of `bildungsnetz status --json` are compared with those recorded at dump time.
set -eu

DEPLOY_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source=deploy/backup-lib.sh
. "$DEPLOY_DIR/backup-lib.sh"

usage() {
    cat << 'EOF'
Aufruf: sudo deploy/restore.sh [--probe] [--ja] SICHERUNG

Lädt eine Sicherung aus deploy/backups/ (z. B. neo4j-2026-11-22_021500.dump) in die
Neo4j-Datenbank „neo4j“ und vergleicht danach die Anzahlen mit denen der Sicherung.

(ohne Option)  ersetzt die Datenbank dieser Installation; fragt vorher und sichert den
               bisherigen Stand nach backups/vor-wiederherstellung-….dump
--probe        Wiederherstellung prüfen: lädt in das getrennte Projekt bildungsnetz-probe
               (eigene Volumes, ohne nginx); die Installation läuft ungestört weiter
--ja           ohne Rückfrage
EOF
}

probe=
assume_yes=
file=
while [ $# -gt 0 ]; do
    case $1 in
        --probe) probe=1 ;;
        --ja) assume_yes=1 ;;
        -h | --help)
            usage
            exit 0
            ;;
        -*)
            usage >&2
            exit 2
            ;;
        *)
            if [ -n "$file" ]; then
                usage >&2
                exit 2
            fi
            file=$1
            ;;
    esac
    shift
done
if [ -z "$file" ]; then
    usage >&2
    exit 2
fi

preflight
name=${file##*/}
case $name in
    *[!ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-]* | .*)
        die "Ungültiger Dateiname: $name"
        ;;
    *.dump) ;;
    *) die "Eine Sicherung endet auf .dump: $name" ;;
esac
if [ ! -f "$BACKUP_DIR/$name" ]; then
    die "$BACKUP_DIR/$name gibt es nicht. Die Sicherung muss in $BACKUP_DIR liegen – nur dieses Verzeichnis sieht der Neo4j-Container."
fi

project=${COMPOSE_PROJECT_NAME:-bildungsnetz}
if [ -n "$probe" ]; then
    project=$project-probe
    COMPOSE_ARGS="-p $project"
fi
# containers of a new project are created, changed settings applied; never the proxy
START_COMMAND="up -d --no-deps"

safety=
loading=
loaded=

on_exit() {
    status=$?
    set +e
    trap - EXIT
    if [ "$status" -ne 0 ]; then
        if [ -n "$loading" ] && [ -z "$loaded" ] && [ -n "$safety" ]; then
            printf '%s\n' "Der Stand vor dem Laden liegt in $BACKUP_DIR/$safety;" \
                "zurück zu ihm: sudo deploy/restore.sh $safety" >&2
        fi
        if [ -n "$stopped_neo4j$stopped_app" ]; then
            start_services
        fi
        printf '%s\n' "Wiederherstellung nicht vollständig (Meldungen oben)." >&2
    fi
    unlock
    exit "$status"
}

verify_checksum() {
    if [ -f "$BACKUP_DIR/$name.sha256" ]; then
        if ! (cd "$BACKUP_DIR" && sha256sum -c --quiet -- "$name.sha256"); then
            die "Die Prüfsumme von $name stimmt nicht: Die Datei ist beschädigt oder verändert. Nichts wurde geändert."
        fi
        say "Prüfsumme von $name stimmt."
    else
        warn "Zu $name gibt es keine Prüfsumme ($name.sha256); die Datei wird ungeprüft geladen."
    fi
}

confirm() {
    if [ -n "$probe" ] || [ -n "$assume_yes" ]; then
        return 0
    fi
    say "Die Datenbank „neo4j“ der Installation (Projekt $project) wird vollständig durch $name ersetzt."
    say "Alles, was seit dieser Sicherung geändert wurde, geht verloren; der jetzige Stand wird vorher gesichert."
    say "App und Neo4j sind dafür einige Minuten nicht erreichbar."
    printf 'Zum Fortfahren WIEDERHERSTELLEN eingeben: '
    answer=
    read -r answer || answer=
    if [ "$answer" != WIEDERHERSTELLEN ]; then
        die "Abgebrochen; nichts wurde geändert."
    fi
}

# compare_counts: `bildungsnetz status --json` now against the file recorded by backup.sh
compare_counts() {
    expected_file=$BACKUP_DIR/${name%.dump}.status.json
    if [ ! -f "$expected_file" ]; then
        warn "Zu $name gibt es keine Anzahlen (${name%.dump}.status.json); bitte mit „bildungsnetz status“ selbst prüfen."
        return 0
    fi
    if ! now=$(dc exec -T app bildungsnetz status --json); then
        die "„bildungsnetz status --json“ ist fehlgeschlagen (Meldung oben)."
    fi
    expected=$(cat -- "$expected_file")
    if [ "$now" = "$expected" ]; then
        say "Anzahlen stimmen mit dem Stand der Sicherung überein: $now"
        return 0
    fi
    printf '%s\n' "Fehler: Die Anzahlen weichen vom Stand der Sicherung ab." \
        "  bei der Sicherung: $expected" "  jetzt:             $now" >&2
    return 1
}

restore() {
    verify_checksum
    confirm
    lock
    trap on_exit EXIT
    trap 'exit 130' INT TERM HUP
    umask 077

    if [ -n "$probe" ]; then
        say "Probe: $name wird in das Projekt $project geladen; die Installation läuft weiter."
        # left over from an earlier probe
        dc stop app neo4j || true
    else
        stop_services
        safety=vor-wiederherstellung-$(date +%Y-%m-%d_%H%M%S).dump
        say "Der bisherige Stand wird nach $safety gesichert …"
        if dump_to "$safety"; then
            write_checksum "$safety"
        else
            warn "Der bisherige Stand ließ sich nicht sichern (Meldung oben); die Wiederherstellung geht weiter."
            safety=
        fi
    fi

    say "$name wird geladen …"
    loading=1
    if ! dc run --rm --no-deps -T neo4j sh -c \
        'exec neo4j-admin database load neo4j --from-stdin --overwrite-destination=true < "/backups/$1"' sh "$name"; then
        die "neo4j-admin konnte $name nicht laden (Meldung oben)."
    fi
    loaded=1

    stopped_neo4j=1
    stopped_app=1
    if ! start_services; then
        die "$name ist geladen, aber Neo4j oder die App starten nicht (Meldung oben)."
    fi
    compare_counts

    if [ -n "$probe" ]; then
        say "Wiederherstellung geprüft: $name lässt sich laden und zeigt die Anzahlen der Sicherung."
        say "Die Probe läuft noch (Projekt $project, ohne nginx). Aufräumen, löscht nur die Probe:"
        say "  cd $DEPLOY_DIR && docker compose -p $project down -v"
    else
        say "Wiederhergestellt: $name."
        if [ -n "$safety" ]; then
            say "Der Stand davor liegt in $BACKUP_DIR/$safety (wird nicht automatisch gelöscht)."
        fi
    fi
}

restore
