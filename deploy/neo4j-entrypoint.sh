#!/bin/sh
# Entrypoint of the neo4j service in deploy/compose.yaml (mounted read-only, run by /bin/sh).
#
# The password comes from the Compose secret neo4j_password (made from NEO4J_PASSWORD in
# deploy/.env), so it is neither in `docker inspect` nor in the image's configuration. The
# official entrypoint of neo4j:5.26 reads it only as NEO4J_AUTH=neo4j/<password> and matches
#     ^([^/]+)\/([^/]+)/?([tT][rR][uU][eE])?$
# (NEO4J_AUTH_PATH and NEO4J_AUTH_FILE go through the same match): a password containing "/"
# stops the container and the entrypoint prints the whole value into the log. So the password is
# checked here first, with a German message that never shows it, and only then handed over.
#
#   neo4j-entrypoint.sh neo4j           check the password, start Neo4j (the service command)
#   neo4j-entrypoint.sh COMMAND …       any other command (neo4j-admin, sh …) without the password
#   neo4j-entrypoint.sh --check [FILE]  only check the password in FILE (default: the secret)
#
# When the image is updated: the official ENTRYPOINT must still be
# ["tini", "-g", "--", "/startup/docker-entrypoint.sh"] (tests/test_deploy.py names it).
set -eu

# (not NEO4J_…: the official entrypoint turns every NEO4J_ variable into a line of neo4j.conf)
SECRET=${BILDUNGSNETZ_NEO4J_SECRET:-/run/secrets/neo4j_password}
ALLOWED='ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+=:,@-'
MIN_LENGTH=12

fail() {
    printf 'Neo4j-Passwort (NEO4J_PASSWORD in deploy/.env): %s\n' "$1" >&2
    printf '%s\n' "Erlaubt: mindestens $MIN_LENGTH Zeichen aus Buchstaben A-Z und a-z (ohne Umlaute), Ziffern und . _ - + = : , @; nicht mit - beginnend." \
        "Ein passendes Passwort erzeugt: openssl rand -hex 32" \
        "Siehe README, Abschnitt \"Betrieb auf einem Server\", Passwort." >&2
    exit 1
}

# check_password PASSWORD: returns only if the official image and every tool in deploy/ accept it
check_password() {
    case $1 in
        '') fail "ist leer." ;;
        */*) fail "enthält \"/\". Das offizielle Neo4j-Image trennt NEO4J_AUTH am \"/\" und startet dann nicht (Ausgaben von \"openssl rand -base64\" enthalten oft \"/\")." ;;
        *[!$ALLOWED]*) fail "enthält ein nicht erlaubtes Zeichen (Leerzeichen, Umlaut, Anführungszeichen, \$, \\, # oder Ähnliches)." ;;
        -*) fail "beginnt mit \"-\"; neo4j-admin läse es als Option." ;;
    esac
    if [ "${#1}" -lt "$MIN_LENGTH" ]; then
        fail "ist kürzer als $MIN_LENGTH Zeichen."
    fi
}

read_secret() {
    if [ ! -r "$1" ]; then
        printf '%s\n' "Die Datei $1 mit dem Neo4j-Passwort fehlt oder ist nicht lesbar." \
            "Ist NEO4J_PASSWORD in deploy/.env gesetzt, und wurde mit \"docker compose up -d\" gestartet?" >&2
        exit 1
    fi
    cat -- "$1"
}

if [ "${1:-}" = --check ]; then
    password=$(read_secret "${2:-$SECRET}")
    check_password "$password"
    echo "Neo4j-Passwort: in Ordnung."
    exit 0
fi

if [ "${1:-}" = neo4j ]; then
    password=$(read_secret "$SECRET")
    check_password "$password"
    # only in the environment of the entrypoint and Neo4j, not in the container configuration
    NEO4J_AUTH="neo4j/$password"
    export NEO4J_AUTH
    unset password
fi

exec tini -g -- /startup/docker-entrypoint.sh "$@"
