"""The deployment files in deploy/ keep the hardening the README promises."""

from __future__ import annotations

import re
import tomllib

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
