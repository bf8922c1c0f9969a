# Shared by deploy/backup.sh and deploy/restore.sh (POSIX sh, sourced; not run on its own).
# Messages are German: county IT reads them in the journal of the backup timer.
#
# Neo4j Community Edition dumps and loads only an offline DBMS, so both scripts stop the app and
# Neo4j, run neo4j-admin in a one-off container of the neo4j service (same image, same volume), and
# start both again - also when something fails on the way (trap in the scripts).

# the directory ./backups beside compose.yaml, mounted as /backups in the neo4j container
BACKUP_DIR=$DEPLOY_DIR/backups
# owner of /backups inside the container (the neo4j user of the official image)
NEO4J_UID=7474
NEO4J_START_TIMEOUT=${NEO4J_START_TIMEOUT:-420}
APP_START_TIMEOUT=${APP_START_TIMEOUT:-180}
# extra arguments for docker compose (restore.sh --probe sets "-p bildungsnetz-probe")
COMPOSE_ARGS=
START_COMMAND=start

have_lock=
stopped_neo4j=
stopped_app=

say() { printf '%s\n' "$*"; }
warn() { printf 'Warnung: %s\n' "$*" >&2; }
die() {
    printf 'Fehler: %s\n' "$*" >&2
    exit 1
}

# dc ARGS…: docker compose for deploy/compose.yaml and deploy/.env
dc() {
    # shellcheck disable=SC2086  # COMPOSE_ARGS holds separate words on purpose
    docker compose --project-directory "$DEPLOY_DIR" -f "$DEPLOY_DIR/compose.yaml" \
        --env-file "$DEPLOY_DIR/.env" $COMPOSE_ARGS "$@"
}

# is_dated_dump NAME: the file names backup.sh writes and the retention deletes, nothing else
is_dated_dump() {
    case $1 in
        neo4j-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].dump) return 0 ;;
    esac
    return 1
}

check_keep() {
    case $BACKUP_KEEP in
        '' | *[!0-9]*) die "BACKUP_KEEP muss eine ganze Zahl ab 1 sein, ist aber \"$BACKUP_KEEP\"." ;;
    esac
    if [ "$BACKUP_KEEP" -lt 1 ]; then
        die "BACKUP_KEEP muss mindestens 1 sein (die neueste Sicherung bleibt immer)."
    fi
}

# prune DIR: keep the newest $BACKUP_KEEP dated dumps in DIR, delete older ones with their
# checksum and status files. Names sort like their dates, so the glob lists the oldest first.
prune() {
    dir=$1
    if [ ! -d "$dir" ]; then
        die "Das Verzeichnis $dir gibt es nicht."
    fi
    total=0
    for file in "$dir"/neo4j-*.dump; do
        if [ -f "$file" ] && is_dated_dump "${file##*/}"; then
            total=$((total + 1))
        fi
    done
    excess=$((total - BACKUP_KEEP))
    if [ "$excess" -le 0 ]; then
        say "Aufbewahrung: $total Sicherung(en) vorhanden, höchstens $BACKUP_KEEP werden behalten – nichts zu löschen."
        return 0
    fi
    for file in "$dir"/neo4j-*.dump; do
        if [ "$excess" -le 0 ]; then
            break
        fi
        name=${file##*/}
        if [ -f "$file" ] && is_dated_dump "$name"; then
            rm -f -- "$file" "$file.sha256" "$dir/${name%.dump}.status.json"
            say "Alte Sicherung gelöscht: $name"
            excess=$((excess - 1))
        fi
    done
    say "Aufbewahrung: die neuesten $BACKUP_KEEP Sicherungen bleiben."
}

# preflight: tools, configuration and a backups directory the neo4j container can write to
preflight() {
    command -v docker > /dev/null 2>&1 || die "Der Befehl docker fehlt."
    command -v sha256sum > /dev/null 2>&1 || die "Der Befehl sha256sum fehlt (Paket coreutils)."
    if [ ! -f "$DEPLOY_DIR/.env" ]; then
        die "$DEPLOY_DIR/.env fehlt (Vorlage: deploy/env.example)."
    fi
    if [ ! -d "$BACKUP_DIR" ]; then
        mkdir -m 700 -- "$BACKUP_DIR" || die "Das Verzeichnis $BACKUP_DIR lässt sich nicht anlegen; bitte mit sudo ausführen."
    fi
    if [ "$(id -u)" = 0 ]; then
        # the dump is written inside the container by the neo4j user; nobody else may read it
        chown "$NEO4J_UID:$NEO4J_UID" "$BACKUP_DIR"
        chmod 700 "$BACKUP_DIR"
    fi
    if [ ! -w "$BACKUP_DIR" ]; then
        die "$BACKUP_DIR ist für diesen Benutzer nicht beschreibbar; bitte mit sudo ausführen."
    fi
}

lock() {
    if ! mkdir -- "$BACKUP_DIR/.sperre" 2> /dev/null; then
        die "Eine andere Sicherung oder Wiederherstellung läuft gerade ($BACKUP_DIR/.sperre). Wenn sicher keine läuft: rmdir $BACKUP_DIR/.sperre"
    fi
    have_lock=1
}

unlock() {
    if [ -n "$have_lock" ]; then
        rmdir -- "$BACKUP_DIR/.sperre" 2> /dev/null || true
        have_lock=
    fi
}

# is_running SERVICE
is_running() {
    dc ps --services --status running | grep -qx "$1"
}

# health SERVICE: healthy, unhealthy, starting, or the container state when it has no health check
health() {
    id=$(dc ps -q "$1")
    if [ -z "$id" ]; then
        echo fehlt
        return 0
    fi
    docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" \
        2> /dev/null || echo unbekannt
}

# wait_healthy SERVICE SECONDS
wait_healthy() {
    waited=0
    while :; do
        state=$(health "$1")
        case $state in
            healthy) return 0 ;;
            unhealthy | exited | dead | fehlt) break ;;
        esac
        if [ "$waited" -ge "$2" ]; then
            break
        fi
        sleep 5
        waited=$((waited + 5))
    done
    printf 'Fehler: Der Dienst %s ist nicht bereit (Zustand: %s). Ursache: docker compose logs %s\n' \
        "$1" "$state" "$1" >&2
    return 1
}

# stop_services: stop the app and Neo4j; start_services starts again only what was running
stop_services() {
    was_app=
    was_neo4j=
    if is_running app; then was_app=1; fi
    if is_running neo4j; then was_neo4j=1; fi
    say "App und Neo4j werden angehalten (Neo4j schreibt beim Beenden einen Prüfpunkt, bis zu 2 Minuten)."
    stopped_app=$was_app
    dc stop app
    stopped_neo4j=$was_neo4j
    dc stop neo4j
}

# start_services: start Neo4j, wait until it answers, then the app ($START_COMMAND: restore.sh
# uses "up -d", which also creates the containers of a new project)
start_services() {
    ok=0
    if [ -n "$stopped_neo4j" ]; then
        say "Neo4j startet …"
        # shellcheck disable=SC2086
        dc $START_COMMAND neo4j || ok=1
        if [ "$ok" = 0 ]; then
            wait_healthy neo4j "$NEO4J_START_TIMEOUT" || ok=1
        fi
        stopped_neo4j=
    fi
    if [ -n "$stopped_app" ] && [ "$ok" = 0 ]; then
        say "Die App startet …"
        # shellcheck disable=SC2086
        dc $START_COMMAND app || ok=1
        if [ "$ok" = 0 ]; then
            wait_healthy app "$APP_START_TIMEOUT" || ok=1
        fi
        stopped_app=
    fi
    if [ "$ok" = 0 ]; then
        say "Neo4j und die App laufen wieder."
    fi
    return "$ok"
}

# dump_to NAME: dump the (stopped) database "neo4j" to $BACKUP_DIR/NAME. neo4j-admin always
# writes <database>.dump, so it writes into a fresh directory and the file is renamed.
dump_to() {
    work=.laufend-${1%.dump}
    if ! dc run --rm --no-deps -T neo4j sh -c \
        'mkdir -p "/backups/$1" && exec neo4j-admin database dump neo4j --to-path="/backups/$1"' sh "$work"; then
        rm -rf -- "${BACKUP_DIR:?}/$work"
        return 1
    fi
    mv -- "$BACKUP_DIR/$work/neo4j.dump" "$BACKUP_DIR/$1"
    rmdir -- "$BACKUP_DIR/$work"
}

# write_checksum NAME: NAME.sha256 beside the dump, checkable with: sha256sum -c NAME.sha256
write_checksum() {
    (cd "$BACKUP_DIR" && sha256sum -- "$1" > "$1.sha256.part" && mv -- "$1.sha256.part" "$1.sha256")
}
