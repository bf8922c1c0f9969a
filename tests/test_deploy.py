"""The deployment files in deploy/ keep the hardening the README promises."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from graph import config

DEPLOY = ROOT / "deploy"
HOST = "bildungsnetz.kreis.example"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_only_the_proxy_publishes_ports_and_every_image_has_a_full_version():
    services = compose()["services"]
    assert set(services) == {"neo4j", "app", "proxy"}
    assert [name for name, svc in services.items() if svc.get("ports")] == ["proxy"]
    assert sorted(services["proxy"]["ports"]) == ["443:443", "80:80"]
    for name, svc in services.items():
        image = svc["image"]
        assert re.search(r":\d+\.\d+\.\d+", image), (name, image)  # major.minor.patch, never "latest"
    assert services["neo4j"]["image"].startswith("neo4j:5.") and "community" in services["neo4j"]["image"]


def test_the_app_container_is_locked_down_and_reads_its_secrets_read_only():
    app = compose()["services"]["app"]
    assert app["read_only"] is True and app["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in app["security_opt"]
    assert "./secrets.toml:/app/.streamlit/secrets.toml:ro" in app["volumes"]
    assert app["environment"]["NEO4J_URI"] == "neo4j://neo4j:7687"
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "USER app" in dockerfile and "--constraint constraints.txt" in dockerfile
    # the package finds queries/, data/ and streamlit_app.py beside itself: it is imported from /app
    assert "PYTHONPATH=/app" in dockerfile and "WORKDIR /app" in dockerfile
    for part in ("graph", "queries", "data", "streamlit_app.py"):
        assert f"COPY {part} ./" in dockerfile, part


def test_streamlit_server_settings_are_hardened_and_match_the_upload_limit():
    settings = tomllib.loads((DEPLOY / "streamlit-config.toml").read_text(encoding="utf-8"))
    server = settings["server"]
    limit = int(float(config.SETTINGS_BY_NAME["BILDUNGSNETZ_MAX_FILE_MB"].default or 0))
    assert server["maxUploadSize"] == limit
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["allowedHosts"] == [HOST] and server["corsAllowedOrigins"] == [f"https://{HOST}"]
    assert server["enableStaticServing"] is False and server["enableAgentApi"] is False
    assert settings["browser"]["gatherUsageStats"] is False
    assert settings["client"]["showErrorDetails"] == "none" and settings["client"]["allowedOrigins"] == []
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert f"client_max_body_size {limit}m;" in nginx
    assert "Strict-Transport-Security" in nginx and "return 444;" in nginx and "proxy_set_header Upgrade" in nginx


def test_every_dependency_is_pinned_in_the_constraints():
    pins = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (DEPLOY / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name = re.split(r"[<>=!\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        assert name in pins, name
    assert not any("@" in line for line in (DEPLOY / "constraints.txt").read_text(encoding="utf-8").splitlines())


def test_the_secrets_template_has_every_key_st_login_needs_and_no_real_secret():
    auth = tomllib.loads((DEPLOY / "secrets.toml.example").read_text(encoding="utf-8"))["auth"]
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"} <= set(auth)
    assert auth["redirect_uri"] == f"https://{HOST}/oauth2callback"
    assert auth["cookie_secret"] == auth["client_secret"] == "BITTE-ERSETZEN"
    ignored = (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()
    assert {".env", "secrets.toml", "certs/"} <= set(ignored)


# --- Neo4j: health checks, start order, password, Community Edition --------------------------------

#: ENTRYPOINT of neo4j:5.26.16-community (docker-neo4j, docker-image-src/5/coredb/Dockerfile-*),
#: which deploy/neo4j-entrypoint.sh runs after checking the password
OFFICIAL_ENTRYPOINT = "exec tini -g -- /startup/docker-entrypoint.sh"
SCRIPTS = ("backup.sh", "backup-lib.sh", "restore.sh", "neo4j-entrypoint.sh")
GOOD_PASSWORD = "3f9c2a7d41b86e05c1d9a4f27b3e8c60"


def seconds(duration: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([smh])", duration))


def test_neo4j_and_the_app_have_health_checks_and_start_only_when_the_one_before_is_healthy():
    services = compose()["services"]
    neo4j_check = services["neo4j"]["healthcheck"]
    assert neo4j_check["test"][0] == "CMD-SHELL" and "cypher-shell" in neo4j_check["test"][1]
    assert "-d neo4j" in neo4j_check["test"][1] and "'RETURN 1'" in neo4j_check["test"][1]
    app_check = services["app"]["healthcheck"]
    assert app_check["test"][:2] == ["CMD", "python"]  # the image has no curl
    assert "http://127.0.0.1:8501/_stcore/health" in app_check["test"][-1]
    for check in (neo4j_check, app_check):
        assert {"interval", "timeout", "retries", "start_period"} <= set(check)
        assert seconds(check["timeout"]) < seconds(check["interval"])
    # a 1–2 GB heap on two cores, crash recovery included, before failures count
    assert seconds(neo4j_check["start_period"]) >= 120 and neo4j_check["retries"] >= 3
    assert services["app"]["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert services["proxy"]["depends_on"] == {"app": {"condition": "service_healthy"}}


def test_neo4j_gets_time_for_its_checkpoint_when_stopped():
    services = compose()["services"]
    assert seconds(services["neo4j"]["stop_grace_period"]) >= 120
    assert seconds(services["app"]["stop_grace_period"]) >= 10


def test_the_app_uses_the_one_database_of_the_community_edition():
    services = compose()["services"]
    assert services["app"]["environment"]["NEO4J_DATABASE"] == "neo4j"
    assert "community" in services["neo4j"]["image"]
    assert '--to-path="/backups/$1"' in (DEPLOY / "backup-lib.sh").read_text(encoding="utf-8")
    assert "database dump neo4j " in (DEPLOY / "backup-lib.sh").read_text(encoding="utf-8")
    assert "database load neo4j " in (DEPLOY / "restore.sh").read_text(encoding="utf-8")


def test_the_password_reaches_neo4j_as_a_secret_file_and_never_as_neo4j_auth_in_the_compose_file():
    data = compose()
    neo4j = data["services"]["neo4j"]
    # the official entrypoint splits NEO4J_AUTH at "/" and turns every NEO4J_ variable into neo4j.conf
    assert not any(key in neo4j["environment"] for key in ("NEO4J_AUTH", "NEO4J_AUTH_PATH", "NEO4J_PASSWORD"))
    # no interpolation of the password anywhere in the service: nothing of it in `docker inspect`
    assert not re.search(r"(?<!\$)\$\{?NEO4J_PASSWORD", yaml.safe_dump(neo4j))
    assert neo4j["secrets"] == ["neo4j_password"]
    assert data["secrets"] == {"neo4j_password": {"environment": "NEO4J_PASSWORD"}}
    assert neo4j["entrypoint"] == ["/bin/sh", "/bildungsnetz/neo4j-entrypoint.sh"]
    assert neo4j["command"] == ["neo4j"]
    assert "./neo4j-entrypoint.sh:/bildungsnetz/neo4j-entrypoint.sh:ro" in neo4j["volumes"]
    assert "/run/secrets/neo4j_password" in neo4j["healthcheck"]["test"][1]
    script = (DEPLOY / "neo4j-entrypoint.sh").read_text(encoding="utf-8")
    assert script.rstrip().endswith(f'{OFFICIAL_ENTRYPOINT} "$@"')
    # the app reads the same secret file (NEO4J_PASSWORD_FILE): the password is not in its environment
    app = data["services"]["app"]
    assert app["environment"]["NEO4J_PASSWORD_FILE"] == "/run/secrets/neo4j_password"
    assert "NEO4J_PASSWORD" not in app["environment"] and app["secrets"] == ["neo4j_password"]


def run_entrypoint(tmp_path: Path, password: str, *args: str, shell: str = "sh") -> subprocess.CompletedProcess:
    """Run deploy/neo4j-entrypoint.sh with a secret file and a stand-in for tini."""
    secret = tmp_path / "neo4j_password"
    secret.write_text(password, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    tini = bin_dir / "tini"
    tini.write_text('#!/bin/sh\necho "NEO4J_AUTH=${NEO4J_AUTH-(nicht gesetzt)}"\necho "ARGS=$*"\n', encoding="utf-8")
    tini.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "BILDUNGSNETZ_NEO4J_SECRET": str(secret)}
    env.pop("NEO4J_AUTH", None)
    return subprocess.run(
        [shell, str(DEPLOY / "neo4j-entrypoint.sh"), *args], env=env, capture_output=True, text=True, timeout=30
    )


SHELLS = [s for s in ("sh", "dash", "bash") if shutil.which(s)]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("abc/def-ghi-jkl-mno", '"/"'),  # the official entrypoint would stop and print the password
        ("kurz-1234", "kürzer als 12"),
        ("Schlüssel-1234567", "nicht erlaubtes Zeichen"),
        ("mit leerzeichen 123", "nicht erlaubtes Zeichen"),
        ("dollar$zeichen12345", "nicht erlaubtes Zeichen"),
        ('an"fuehrung12345', "nicht erlaubtes Zeichen"),
        ("-beginnt-mit-strich", 'beginnt mit "-"'),
        ("", "leer"),
    ],
)
def test_neo4j_does_not_start_with_a_password_the_official_image_breaks_on(tmp_path, shell, password, reason):
    result = run_entrypoint(tmp_path, password, "neo4j", shell=shell)
    assert result.returncode == 1
    assert reason in result.stderr and "openssl rand -hex 32" in result.stderr
    assert "ARGS=" not in result.stdout  # the official entrypoint was not started
    if password:
        assert password not in result.stdout + result.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_neo4j_gets_the_password_as_neo4j_auth_only_in_its_own_process(tmp_path, shell):
    password = "Abc.def_ghi+jkl=mno:pqr,stu@vwx-yz0123"
    started = run_entrypoint(tmp_path, password, "neo4j", shell=shell)
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines() == [
        f"NEO4J_AUTH=neo4j/{password}",
        "ARGS=-g -- /startup/docker-entrypoint.sh neo4j",
    ]
    admin = run_entrypoint(tmp_path, password, "neo4j-admin", "database", "dump", "neo4j", shell=shell)
    assert admin.stdout.splitlines() == [
        "NEO4J_AUTH=(nicht gesetzt)",
        "ARGS=-g -- /startup/docker-entrypoint.sh neo4j-admin database dump neo4j",
    ]
    checked = run_entrypoint(tmp_path, GOOD_PASSWORD, "--check", str(tmp_path / "neo4j_password"), shell=shell)
    assert checked.returncode == 0 and "in Ordnung" in checked.stdout and GOOD_PASSWORD not in checked.stdout


def test_the_neo4j_health_check_gives_cypher_shell_the_password_in_its_environment_not_its_arguments(tmp_path):
    command = compose()["services"]["neo4j"]["healthcheck"]["test"][1].replace("$$", "$")
    secret = tmp_path / "neo4j_password"
    secret.write_text(GOOD_PASSWORD, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "cypher-shell.log"
    fake = bin_dir / "cypher-shell"
    fake.write_text(f'#!/bin/sh\necho "$NEO4J_PASSWORD|$*" > {log}\necho 1\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    env.pop("NEO4J_PASSWORD", None)
    result = subprocess.run(
        ["sh", "-c", command.replace("/run/secrets/neo4j_password", str(secret))],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0 and result.stdout == ""
    password, arguments = log.read_text(encoding="utf-8").strip().split("|")
    assert password == GOOD_PASSWORD and GOOD_PASSWORD not in arguments
    assert arguments == "-a bolt://localhost:7687 -u neo4j -d neo4j --non-interactive RETURN 1"


def test_the_app_health_check_fails_until_streamlit_answers_200():
    code = compose()["services"]["app"]["healthcheck"]["test"][-1]
    answers = {"/_stcore/health": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(answers.get(self.path, 404))
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        probe = code.replace("127.0.0.1:8501", f"127.0.0.1:{server.server_port}")
        assert subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=30).returncode == 0
        answers["/_stcore/health"] = 503  # Streamlit's runtime not ready yet
        assert subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=30).returncode != 0
    finally:
        server.shutdown()


# --- Backups --------------------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_shell_scripts_parse_and_stop_at_the_first_error(script):
    path = DEPLOY / script
    text = path.read_text(encoding="utf-8")
    for shell in SHELLS:
        result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, (shell, result.stderr)
    if script != "backup-lib.sh":  # sourced by the other two
        assert text.startswith("#!/bin/sh\n") and "\nset -eu\n" in text
        assert os.access(path, os.X_OK)
    assert "[[" not in text and "local " not in text  # POSIX sh, no bash-only syntax


def test_the_backup_dates_its_files_and_writes_checksum_and_counts_beside_them():
    text = (DEPLOY / "backup.sh").read_text(encoding="utf-8")
    assert "name=neo4j-$(date +%Y-%m-%d_%H%M%S)" in text
    assert "BACKUP_KEEP=${BACKUP_KEEP:-14}" in text
    assert 'record_counts "$name.status.json"' in text and "bildungsnetz status --json" in text
    assert "sha256sum" in (DEPLOY / "backup-lib.sh").read_text(encoding="utf-8")


def fake_dumps(directory: Path, days: range) -> list[str]:
    names = []
    for day in days:
        name = f"neo4j-2026-10-{day:02d}_021500.dump"
        (directory / name).write_bytes(b"dump")
        (directory / f"{name}.sha256").write_text("x", encoding="utf-8")
        (directory / f"{name[:-5]}.status.json").write_text("{}", encoding="utf-8")
        names.append(name)
    return names


def test_prune_only_keeps_the_newest_dumps_and_touches_nothing_else(tmp_path):
    names = fake_dumps(tmp_path, range(1, 21))
    others = ["neo4j.dump", "vor-wiederherstellung-2026-10-03_101010.dump", "neo4j-2026-10-01.dump", "notiz.txt"]
    for other in others:
        (tmp_path / other).write_text("bleibt", encoding="utf-8")
    result = subprocess.run(
        [str(DEPLOY / "backup.sh"), "--prune-only", str(tmp_path)],
        env={**os.environ, "BACKUP_KEEP": "5"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    kept = sorted(p.name for p in tmp_path.iterdir())
    expected = sorted(others + [f for n in names[-5:] for f in (n, f"{n}.sha256", f"{n[:-5]}.status.json")])
    assert kept == expected
    assert result.stdout.count("Alte Sicherung gelöscht: ") == 15
    assert f"Alte Sicherung gelöscht: {names[0]}" in result.stdout
    again = subprocess.run(
        [str(DEPLOY / "backup.sh"), "--prune-only", str(tmp_path)],
        env={**os.environ, "BACKUP_KEEP": "5"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert again.returncode == 0 and "nichts zu löschen" in again.stdout


@pytest.mark.parametrize("keep", ["0", "zwei", "-3", "1.5"])
def test_prune_refuses_a_retention_that_is_not_a_positive_number(tmp_path, keep):
    names = fake_dumps(tmp_path, range(1, 4))
    result = subprocess.run(
        [str(DEPLOY / "backup.sh"), "--prune-only", str(tmp_path)],
        env={**os.environ, "BACKUP_KEEP": keep},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1 and "BACKUP_KEEP" in result.stderr
    assert all((tmp_path / name).exists() for name in names)


FAKE_DOCKER = '''#!{python}
"""Stand-in for docker: logs every call, answers like a running installation of deploy/compose.yaml."""
import json, os, pathlib, sys

args = sys.argv[1:]
log = pathlib.Path(os.environ["FAKE_DOCKER_LOG"])

def note(entry):
    with log.open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\\n")

note(args)
if args[0] == "inspect":
    print(os.environ.get("FAKE_HEALTH", "healthy"))
    sys.exit(0)
i, flags = 1, {{}}
while args[i].startswith("-"):
    flags[args[i]] = args[i + 1]
    i += 2
sub, rest = args[i], args[i + 1:]
backups = pathlib.Path(flags["--project-directory"]) / "backups"
if sub == "ps":
    print(os.environ.get("FAKE_RUNNING", "neo4j\\napp\\nproxy") if "--services" in rest else "id-" + rest[-1])
elif sub == "run":
    j = 0
    while rest[j].startswith("-"):
        j += 1
    service, command = rest[j], rest[j + 1:]
    if service == "app":
        print(os.environ["FAKE_STATUS"])
    elif "database dump" in command[2]:
        if os.environ.get("FAKE_DUMP_FAIL"):
            print("dump failed", file=sys.stderr)
            sys.exit(1)
        (backups / command[-1]).mkdir()
        (backups / command[-1] / "neo4j.dump").write_text("DUMP " + command[-1], encoding="utf-8")
    elif "database load" in command[2]:
        note(["geladen", (backups / command[-1]).read_text(encoding="utf-8")])
elif sub == "exec":
    print(os.environ.get("FAKE_STATUS_NOW", os.environ["FAKE_STATUS"]))
'''
STATUS = '{"Akteur": 420, "Angebot": 600, "KOOPERIERT_MIT": 750}'


@pytest.fixture
def installation(tmp_path):
    """deploy/ scripts in a temporary directory, with a stand-in for docker on PATH."""
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    for name in (*SCRIPTS, "compose.yaml"):
        shutil.copy2(DEPLOY / name, deploy / name)
    (deploy / ".env").write_text(f"NEO4J_PASSWORD={GOOD_PASSWORD}\n", encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    docker = bin_dir / "docker"
    docker.write_text(FAKE_DOCKER.format(python=sys.executable), encoding="utf-8")
    docker.chmod(0o755)
    log = tmp_path / "docker.log"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "FAKE_DOCKER_LOG": str(log),
        "FAKE_STATUS": STATUS,
    }
    env.pop("COMPOSE_PROJECT_NAME", None)

    def run(script: str, *args: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(deploy / script), *args],
            env={**env, **extra},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def calls() -> list[list[str]]:
        if not log.exists():
            return []
        entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        out = []
        for entry in entries:
            if entry[0] == "compose":
                i = 1
                while entry[i].startswith("-"):
                    i += 2
                out.append(entry[i:])
            else:
                out.append(entry)
        return out

    return deploy, run, calls


def steps(calls: list[list[str]]) -> list[str]:
    """The calls that change something, in order: 'stop app', 'run app', 'dump', 'start neo4j' …"""
    out = []
    for call in calls:
        if call[0] in ("stop", "start"):
            out.append(" ".join(call))
        elif call[0] == "up":
            out.append("up " + call[-1])
        elif call[0] == "run":
            script = call[-3] if call[-4] == "-c" else ""
            out.append("dump" if "dump" in script else "load" if "load" in script else f"run {call[4]}")
        elif call[0] == "exec":
            out.append("exec " + call[2])
        elif call[0] == "geladen":
            out.append("geladen " + call[1])
    return out


def test_backup_stops_dumps_starts_and_writes_a_dated_dump_with_checksum_and_counts(installation):
    deploy, run, calls = installation
    backups = deploy / "backups"
    backups.mkdir()
    old = fake_dumps(backups, range(1, 15))  # 14 older dumps, BACKUP_KEEP defaults to 14
    result = run("backup.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert steps(calls()) == ["stop app", "stop neo4j", "run app", "dump", "start neo4j", "start app"]
    # the counts are read while nobody can write: after the app stopped, before Neo4j stops
    assert [c for c in calls() if c[0] == "stop"] == [["stop", "app"], ["stop", "neo4j"]]
    new = sorted(p.name for p in backups.glob("neo4j-*.dump") if p.name not in old)
    assert len(new) == 1 and re.fullmatch(r"neo4j-\d{4}-\d{2}-\d{2}_\d{6}\.dump", new[0])
    dump = backups / new[0]
    assert dump.read_text(encoding="utf-8") == f"DUMP .laufend-{new[0][:-5]}"
    assert (backups / f"{new[0][:-5]}.status.json").read_text(encoding="utf-8").strip() == STATUS
    check = subprocess.run(["sha256sum", "-c", f"{new[0]}.sha256"], cwd=backups, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    # retention: still 14, the oldest is gone with its checksum and counts
    assert len(list(backups.glob("neo4j-*.dump"))) == 14
    assert not (backups / old[0]).exists() and not (backups / f"{old[0]}.sha256").exists()
    assert not list(backups.glob(".laufend-*")) and not (backups / ".sperre").exists()
    assert "Sicherung fertig" in result.stdout and "Alte Sicherung gelöscht" in result.stdout


def test_a_failed_dump_starts_neo4j_and_the_app_again_and_leaves_the_older_backups(installation):
    deploy, run, calls = installation
    backups = deploy / "backups"
    backups.mkdir()
    old = fake_dumps(backups, range(1, 4))
    result = run("backup.sh", FAKE_DUMP_FAIL="1")
    assert result.returncode == 1
    assert "neo4j-admin konnte die Datenbank nicht sichern" in result.stderr
    assert "Sicherung fehlgeschlagen" in result.stderr
    assert steps(calls())[-2:] == ["start neo4j", "start app"]
    assert sorted(p.name for p in backups.glob("*.dump")) == old
    assert sorted(p.name for p in backups.glob("*.status.json*")) == [f"{n[:-5]}.status.json" for n in old]
    assert not list(backups.glob(".laufend-*"))
    assert not (backups / ".sperre").exists()


def test_backup_leaves_stopped_services_stopped(installation):
    _, run, calls = installation
    result = run("backup.sh", FAKE_RUNNING="proxy")
    assert result.returncode == 0, result.stderr
    assert steps(calls()) == ["stop app", "stop neo4j", "dump"]
    assert "Anzahlen zu dieser Sicherung fehlen" in result.stderr


def test_a_second_backup_refuses_while_one_runs(installation):
    deploy, run, calls = installation
    (deploy / "backups" / ".sperre").mkdir(parents=True)
    result = run("backup.sh")
    assert result.returncode == 1 and "läuft gerade" in result.stderr
    assert steps(calls()) == []
    assert (deploy / "backups" / ".sperre").is_dir()  # not removed: it belongs to the other run


def backed_up(installation) -> str:
    deploy, run, _ = installation
    assert run("backup.sh").returncode == 0
    return next(p.name for p in (deploy / "backups").glob("neo4j-*.dump"))


def test_the_restore_test_loads_a_dump_into_a_separate_project_and_compares_the_counts(installation):
    deploy, run, calls = installation
    name = backed_up(installation)
    before = len(calls())
    result = run("restore.sh", "--probe", f"backups/{name}")
    assert result.returncode == 0, result.stdout + result.stderr
    probe_calls = calls()[before:]
    assert steps(probe_calls) == [
        "stop app neo4j",
        "load",
        f"geladen DUMP .laufend-{name[:-5]}",
        "up neo4j",
        "up app",
        "exec app",
    ]
    logged = [json.loads(line) for line in (deploy.parent / "docker.log").read_text().splitlines()]
    compose_calls = logged[-len(probe_calls) :]
    assert all(c[c.index("-p") + 1] == "bildungsnetz-probe" for c in compose_calls if c[0] == "compose")
    assert not any("proxy" in c for c in probe_calls)
    assert "Prüfsumme von" in result.stdout and "Anzahlen stimmen" in result.stdout
    assert "docker compose -p bildungsnetz-probe down -v" in result.stdout


def test_the_restore_test_fails_when_the_counts_differ(installation):
    _, run, _ = installation
    name = backed_up(installation)
    result = run("restore.sh", "--probe", name, FAKE_STATUS_NOW='{"Akteur": 419}')
    assert result.returncode == 1 and "weichen vom Stand der Sicherung ab" in result.stderr


def test_restore_refuses_a_damaged_dump_and_does_not_stop_anything(installation):
    deploy, run, calls = installation
    name = backed_up(installation)
    (deploy / "backups" / name).write_text("verändert", encoding="utf-8")
    before = len(calls())
    result = run("restore.sh", "--ja", name)
    assert result.returncode == 1 and "Prüfsumme" in result.stderr
    assert steps(calls()[before:]) == []


def test_restore_asks_and_does_nothing_without_the_answer(installation):
    _, run, calls = installation
    name = backed_up(installation)
    before = len(calls())
    result = run("restore.sh", name, stdin="ja\n")
    assert result.returncode == 1 and "WIEDERHERSTELLEN" in result.stdout and "nichts wurde geändert" in result.stderr
    assert steps(calls()[before:]) == []


def test_restore_keeps_the_current_state_before_it_loads_a_dump(installation):
    deploy, run, calls = installation
    name = backed_up(installation)
    before = len(calls())
    result = run("restore.sh", name, stdin="WIEDERHERSTELLEN\n")
    assert result.returncode == 0, result.stdout + result.stderr
    done = steps(calls()[before:])
    assert done[:3] == ["stop app", "stop neo4j", "dump"]
    assert done[3:5] == ["load", f"geladen DUMP .laufend-{name[:-5]}"]
    assert done[5:] == ["up neo4j", "up app", "exec app"]
    safety = list((deploy / "backups").glob("vor-wiederherstellung-*.dump"))
    assert len(safety) == 1 and (deploy / "backups" / f"{safety[0].name}.sha256").exists()
    assert "Wiederhergestellt" in result.stdout


def test_readme_documents_the_neo4j_operation():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Betrieb auf einem Server", 1)[1].split("\n## ", 1)[0]
    for phrase in (
        "Community Edition",
        "NEO4J_DATABASE",
        "openssl rand -hex 32",
        "backup.sh",
        "BACKUP_KEEP",
        "restore.sh --probe",
        "Wiederherstellung prüfen",
        "python deploy/acceptance.py",
        "BILDUNGSNETZ_TARGET_PASSWORD",
        "--to-user",
        "embedded:",
        "healthy",
    ):
        assert phrase in section, phrase
