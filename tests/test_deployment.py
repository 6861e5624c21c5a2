"""The deployment kit holds together: compose.yaml runs the Procfile's commands, the image runs as
nobody special with production settings and the build steps CI runs, gunicorn.conf.py gives gunicorn
sane values, and the restore drill is the one docs/deployment.md tells operators to run.

`docker compose config` is not available here, so the files are parsed and compared instead.
"""
from __future__ import annotations

import datetime
import fnmatch
import json
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
APP_SERVICES = ("web", "worker", "beat")
PRODUCTION = "config.settings.production"
# Variables a gunicorn.conf.py default must not see from the developer's shell.
GUNICORN_VARIABLES = (
    "PORT", "GUNICORN_BIND", "GUNICORN_HOST", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT", "GUNICORN_KEEPALIVE", "GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER",
    "FORWARDED_ALLOW_IPS", "GUNICORN_WORKER_TMP_DIR", "GUNICORN_LOG_LEVEL", "GUNICORN_CONTROL_SOCKET",
    "GUNICORN_CMD_ARGS",
)


# --- reading the files ---------------------------------------------------------------------------

def procfile() -> dict[str, list[str]]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = shlex.split(command)
    return processes


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def services() -> dict[str, dict]:
    return compose()["services"]


def command_of(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def interpolated(value: str) -> str:
    """A compose value with each `${...}` replaced as compose would, by some value."""
    return re.sub(r"\$\{[^}]*\}", "value", value)


def logical_lines(text: str) -> list[str]:
    """Shell or Dockerfile lines with their backslash continuations joined and comments dropped."""
    lines, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""
    return lines


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order."""
    instructions = []
    for line in logical_lines((ROOT / "Dockerfile").read_text()):
        instruction, _, arguments = line.partition(" ")
        instructions.append((instruction.upper(), arguments.strip()))
    return instructions


def dockerfile_env() -> dict[str, str]:
    env = {}
    for instruction, arguments in dockerfile():
        if instruction == "ENV":
            for assignment in shlex.split(arguments):
                key, _, value = assignment.partition("=")
                env[key] = value
    return env


def exec_form(arguments: str) -> list[str]:
    return json.loads(arguments)


def manage_py_commands(lines: list[str]) -> list[tuple[dict[str, str], list[str]]]:
    """Each `[VAR=value ...] [prefix/]python manage.py ARGS` in the lines: (its assignments, ARGS)."""
    found = []
    for line in lines:
        if "manage.py" not in line:
            continue
        tokens = shlex.split(line)
        assignments = {}
        for position, token in enumerate(tokens):
            if re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", token):
                key, _, value = token.partition("=")
                assignments[key] = value
            elif token == "manage.py":
                found.append((assignments, tokens[position + 1:]))
                break
            elif not token.endswith("python") and token not in ("env",):
                assignments = {}
    return found


def without_virtualenv_and_bind(argv: list[str]) -> list[str]:
    """A Procfile command as compose spells it: no `.venv/bin/` prefix, no bind address."""
    argv = [argv[0].removeprefix(".venv/bin/"), *argv[1:]]
    kept, skip = [], False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--bind", "-b"):
            skip = True
        elif not token.startswith("--bind="):
            kept.append(token)
    return kept


def load_gunicorn_config(monkeypatch, **environment: str) -> dict:
    for name in GUNICORN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def gunicorn_app(monkeypatch, argv: list[str], **environment: str):
    """gunicorn's own reading of a command line and the config file, without starting it."""
    from gunicorn.app.wsgiapp import WSGIApplication

    for name in GUNICORN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", argv)
    return WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")


def seconds(duration: str) -> int:
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", duration)
    assert match and any(match.groups()), duration
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


# --- compose.yaml against the Procfile -----------------------------------------------------------

def test_make_run_serves_pages_with_gunicorn_on_the_contract_address():
    web = procfile()["web"]
    assert Path(web[0]).name == "gunicorn", "make run's web process is a real server, not runserver"
    assert web[web.index("-c") + 1] == "gunicorn.conf.py"
    assert web[web.index("--bind") + 1] == "127.0.0.1:8000", "CONTRACT.md: the app is at http://127.0.0.1:8000"
    assert web[-1] == "config.wsgi"


def test_compose_runs_the_procfiles_web_worker_and_beat_commands():
    processes, defined = procfile(), services()
    for name in APP_SERVICES:
        assert command_of(defined[name]) == without_virtualenv_and_bind(processes[name]), name


def test_compose_has_the_services_of_a_deployment_and_no_others():
    assert set(services()) == {"migrate", "web", "worker", "beat", "db", "redis"}


def test_exactly_one_beat_in_compose_and_in_the_procfile():
    def runs_beat(argv: list[str]) -> bool:
        return "celery" in Path(argv[0]).name and ("beat" in argv or "-B" in argv or "--beat" in argv)

    beats = [name for name, service in services().items() if "command" in service and runs_beat(command_of(service))]
    assert beats == ["beat"]
    assert services()["beat"].get("deploy", {}).get("replicas") == 1
    assert [name for name, argv in procfile().items() if runs_beat(argv)] == ["beat"]


def test_app_services_use_one_image_with_production_settings_and_compose_services():
    defined = services()
    images = {defined[name].get("image") for name in (*APP_SERVICES, "migrate")}
    assert len(images) == 1 and None not in images
    for name in (*APP_SERVICES, "migrate"):
        environment = defined[name]["environment"]
        settings = environment.get("DJANGO_SETTINGS_MODULE", dockerfile_env().get("DJANGO_SETTINGS_MODULE"))
        assert settings == PRODUCTION, name
        assert urlsplit(interpolated(environment["DATABASE_URL"])).hostname == "db", name
        assert urlsplit(interpolated(environment["REDIS_URL"])).hostname == "redis", name
        for secret in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "CATALYST_SITE_URL"):
            # Required from .env or the shell (`${NAME:?message}`): never a value written here.
            assert re.fullmatch(rf"\$\{{{secret}:\?[^}}]+\}}", environment[secret]), (name, secret)


def test_app_services_wait_for_healthy_database_and_redis_and_for_migrations():
    defined = services()
    for name in APP_SERVICES:
        depends_on = defined[name]["depends_on"]
        assert depends_on["db"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
    assert command_of(defined["migrate"]) == ["python", "manage.py", "migrate", "--noinput"]
    assert defined["migrate"]["restart"] == "no"
    assert "migrate" not in defined["migrate"]["depends_on"]
    for name in ("db", "redis"):
        healthcheck = defined[name]["healthcheck"]
        assert not healthcheck.get("disable") and healthcheck["test"], name


def test_postgres_keeps_its_data_in_a_named_volume():
    document = compose()
    mounts = [volume.split(":") for volume in document["services"]["db"]["volumes"]]
    data = [source for source, target, *_ in mounts if target == "/var/lib/postgresql/data"]
    assert data and data[0] in document["volumes"]


def test_web_gets_longer_to_stop_than_gunicorn_gives_requests_in_flight(monkeypatch):
    config = load_gunicorn_config(monkeypatch)
    assert seconds(services()["web"]["stop_grace_period"]) > config["graceful_timeout"]


def test_worker_health_is_a_ping_to_that_worker():
    test = " ".join(services()["worker"]["healthcheck"]["test"])
    assert "inspect ping" in test and "--destination" in test


# --- Dockerfile ----------------------------------------------------------------------------------

def test_image_is_python_311_slim_and_runs_as_an_unprivileged_user():
    instructions = dockerfile()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    users = [(position, arguments) for position, (instruction, arguments) in enumerate(instructions) if instruction == "USER"]
    assert users, "the image must not run as root"
    position, user = users[-1]
    assert user.split(":")[0] not in ("root", "0")
    cmd = [index for index, (instruction, _) in enumerate(instructions) if instruction == "CMD"]
    assert cmd and cmd[-1] > position


def test_image_installs_only_what_production_runs():
    runs = [arguments for instruction, arguments in dockerfile() if instruction == "RUN"]
    assert any(re.search(r"pip install (.* )?-r requirements\.txt\b", run) for run in runs)
    assert not any("requirements-dev" in run or "requirements-ci" in run for run in runs)


def test_image_collects_static_files_with_production_settings_and_throwaway_values_on_that_line_only():
    assert dockerfile_env()["DJANGO_SETTINGS_MODULE"] == PRODUCTION
    runs = [arguments for instruction, arguments in dockerfile() if instruction == "RUN"]
    collected = [(env, args) for env, args in manage_py_commands(runs) if args[:1] == ["collectstatic"]]
    assert len(collected) == 1
    env, args = collected[0]
    assert "--noinput" in args
    required = {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"}
    assert required <= set(env)
    assert not required & set(dockerfile_env()), "build-time values must not stay in the image"


def test_image_health_check_asks_healthz_with_an_allowed_host():
    checks = [arguments for instruction, arguments in dockerfile() if instruction == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "/healthz/" in checks[0] and "DJANGO_ALLOWED_HOSTS" in checks[0]


def test_image_command_is_composes_web_command():
    cmd = [arguments for instruction, arguments in dockerfile() if instruction == "CMD"][-1]
    assert exec_form(cmd) == command_of(services()["web"])


def test_the_images_manage_py_commands_are_ones_ci_runs_with_the_same_settings():
    runs = [arguments for instruction, arguments in dockerfile() if instruction == "RUN"]
    built = manage_py_commands(runs)
    assert built
    ci = manage_py_commands(logical_lines((ROOT / ".ci" / "run").read_text()))
    for env, args in built:
        expected = {"DJANGO_SETTINGS_MODULE": dockerfile_env()["DJANGO_SETTINGS_MODULE"], **env}
        matching = [ci_env for ci_env, ci_args in ci if ci_args == args]
        assert matching, f"CI never runs manage.py {' '.join(args)}"
        assert any(expected.items() <= ci_env.items() for ci_env in matching), (args, expected, matching)


def test_the_build_context_leaves_out_environments_databases_and_secrets():
    patterns = [
        line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def ignored(path: str) -> bool:
        return any(fnmatch.fnmatch(path, pattern.removeprefix("**/")) for pattern in patterns)

    for path in (".venv", ".git", "db.sqlite3", "db.sqlite3-wal", ".env", "staticfiles"):
        assert ignored(path), path
    for path in ("manage.py", "requirements.txt", "gunicorn.conf.py", "config", "static", "templates"):
        assert not ignored(path), path


# --- gunicorn.conf.py ----------------------------------------------------------------------------

def test_gunicorn_config_sets_nothing_gunicorn_would_silently_ignore(monkeypatch):
    """gunicorn skips unknown names in its config file without a word: a typo would be a lost setting."""
    import types

    from gunicorn.config import KNOWN_SETTINGS

    known = {setting.name for setting in KNOWN_SETTINGS}
    config = load_gunicorn_config(monkeypatch)
    settings = {
        name for name, value in config.items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
        and (name in known or not callable(value))
    }
    assert settings - known == set()
    assert {"bind", "workers", "threads", "timeout", "graceful_timeout", "keepalive", "max_requests",
            "max_requests_jitter", "accesslog", "forwarded_allow_ips"} <= settings


def test_gunicorn_defaults_fit_a_small_container(monkeypatch):
    config = load_gunicorn_config(monkeypatch)
    assert config["bind"] == ["0.0.0.0:8000"]
    assert config["worker_class"] == "gthread"
    assert (config["workers"], config["threads"]) == (2, 4)
    assert 10 <= config["timeout"] <= 120
    assert 0 < config["graceful_timeout"] <= config["timeout"]
    assert 2 <= config["keepalive"] < config["timeout"]
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["accesslog"] == "-" and config["errorlog"] == "-"
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert config["control_socket_disable"] is True


def test_gunicorn_takes_its_figures_from_the_environment(monkeypatch):
    config = load_gunicorn_config(
        monkeypatch, PORT="9100", WEB_CONCURRENCY="5", GUNICORN_THREADS="8", GUNICORN_TIMEOUT="45",
        GUNICORN_MAX_REQUESTS="0", FORWARDED_ALLOW_IPS="10.0.0.2", GUNICORN_CONTROL_SOCKET="/run/catalyst.ctl",
    )
    assert config["bind"] == ["0.0.0.0:9100"]
    assert (config["workers"], config["threads"], config["timeout"]) == (5, 8, 45)
    assert config["max_requests"] == 0
    assert config["forwarded_allow_ips"] == "10.0.0.2"
    assert (config["control_socket_disable"], config["control_socket"]) == (False, "/run/catalyst.ctl")
    assert load_gunicorn_config(monkeypatch, GUNICORN_BIND="unix:/run/catalyst.sock")["bind"] == ["unix:/run/catalyst.sock"]


def test_gunicorn_reads_the_procfile_command_with_its_bind_winning(monkeypatch):
    argv = procfile()["web"]
    app = gunicorn_app(monkeypatch, [Path(argv[0]).name, *argv[1:]], PORT="9100")
    assert app.cfg.bind == ["127.0.0.1:8000"]
    assert (app.cfg.workers, app.cfg.threads, app.cfg.worker_class_str) == (2, 4, "gthread")
    assert app.cfg.logger_class.__name__ == "RedactingLogger"
    assert app.app_uri == "config.wsgi"


@pytest.mark.parametrize(
    ("path", "secret"),
    [
        ("/calendar/Zq7sEcReTfeed.ics", "Zq7sEcReTfeed"),
        ("/accounts/reset/MQ/cz3k1p-0a1b2c3d4e5f/", "cz3k1p-0a1b2c3d4e5f"),
        ("/accounts/oidc/callback/?state=s7aTe&code=c0dE5ecret", "c0dE5ecret"),
    ],
)
def test_the_access_log_keeps_secrets_in_addresses_out(monkeypatch, path, secret):
    app = gunicorn_app(monkeypatch, ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"])
    logger = app.cfg.logger_class(app.cfg)
    raw_path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": raw_path, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.9", "HTTP_REFERER": f"https://site{path}",
        "HTTP_USER_AGENT": "test",
    }
    response = type("Response", (), {"status": "200 OK", "headers": [], "sent": 10})()
    request = type("Request", (), {"headers": [("REFERER", f"https://site{path}")]})()
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    line = app.cfg.access_log_format % logger.atoms_wrapper_class(atoms)
    assert secret not in line
    assert "[redacted]" in line and " 200 " in line and "12ms" in line
    assert all(secret not in str(value) for value in atoms.values())


@pytest.mark.parametrize("path", ["/plans/12/", "/accounts/reset/MQ/set-password/", "/alumni/?search=calendar"])
def test_the_access_log_keeps_ordinary_addresses_whole(monkeypatch, path):
    config = load_gunicorn_config(monkeypatch)
    assert config["redact"](f"GET {path} HTTP/1.1") == f"GET {path} HTTP/1.1"


# --- the restore drill ---------------------------------------------------------------------------

DRILL = ROOT / ".ci" / "restore-drill"


def pg_options(command: str) -> set[str]:
    """A pg_dump or pg_restore command's options, less where it reads, writes and connects."""
    location = {"--file", "--dbname", "--username", "--host", "--port"}
    options = {token.split("=", 1)[0] for token in shlex.split(command) if token.startswith("--")}
    return options - location


def commands_of(lines: list[str], program: str, *, anywhere: bool = False) -> list[str]:
    """The lines that run `program` (as their first word, or anywhere, e.g. after `docker compose exec`)."""
    pattern = rf"(^|\s){program}\s+--" if anywhere else rf"{program}\s"
    return [line[line.index(program):] for line in lines if re.match(pattern, line) or (anywhere and re.search(pattern, line))]


def deployment_commands() -> list[str]:
    """The guide's commands: its code blocks' lines and its inline code that runs pg_dump or pg_restore."""
    text = (ROOT / "docs" / "deployment.md").read_text()
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    inline = re.findall(r"`((?:pg_dump|pg_restore) [^`]+)`", text)
    return logical_lines("\n".join(blocks)) + inline


def test_ci_runs_the_drill_on_a_migrated_and_filled_database():
    lines = logical_lines((ROOT / ".ci" / "run").read_text())

    def first(pattern: str) -> int:
        found = [index for index, line in enumerate(lines) if re.search(pattern, line)]
        assert found, pattern
        return found[0]

    migrated = first(r"manage\.py migrate")
    filled = first(r"manage\.py seed_demo --people \d+")
    target = first(r"CREATE DATABASE catalyst_restored")
    drill = first(r"^\.ci/restore-drill \"\$DATABASE_URL\" \S+catalyst_restored")
    assert migrated < filled < drill and target < drill


def test_the_drill_backs_up_and_restores_the_way_the_docs_tell_operators_to():
    script, documented = logical_lines(DRILL.read_text()), deployment_commands()
    for program in ("pg_dump", "pg_restore"):
        drilled = commands_of(script, program)
        assert len(drilled) == 1, program
        in_docs = commands_of(documented, program, anywhere=True)
        assert len(in_docs) >= 3, f"docs/deployment.md: {program} with compose, without, and in the drill"
        for command in in_docs:
            assert pg_options(command) == pg_options(drilled[0]), command
        # The drill's own commands are shown as they are.
        assert drilled[0] in documented


def drill_stubs(tmp_path: Path, databases: dict[str, str], *, restore_status: int = 0) -> dict[str, str]:
    """pg_dump, pg_restore and psql stand-ins: psql prints the counts given for the URL's database."""
    bin_dir, data = tmp_path / "bin", tmp_path / "data"
    bin_dir.mkdir(parents=True)
    data.mkdir(parents=True)
    for name, counts in databases.items():
        (data / name).write_text(counts)
    stubs = {
        "pg_dump": 'for a in "$@"; do case $a in --file=*) echo dump > "${a#--file=}";; esac; done',
        "pg_restore": f"exit {restore_status}",
        "psql": f'cat "{data}/${{1##*/}}"',
    }
    for name, body in stubs.items():
        stub = bin_dir / name
        stub.write_text(f"#!/usr/bin/env bash\n{body}\n")
        stub.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def run_drill(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DRILL), "postgres://ci@db/source", "postgres://ci@db/restored"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )


SOURCE = "sequence public.people_person_id_seq|7\ntable public.people_person|7\ntable public.people_team|2\n"

needs_bash = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("diff") is None,
                                reason="the drill is a bash script")


@needs_bash
def test_the_drill_passes_when_every_table_and_sequence_matches(tmp_path):
    result = run_drill(drill_stubs(tmp_path, {"source": SOURCE, "restored": SOURCE}))
    assert result.returncode == 0, result.stderr
    assert "restore drill passed: 2 tables, 9 rows and 1 sequences identical" in result.stdout


@needs_bash
@pytest.mark.parametrize(
    "restored",
    [
        SOURCE.replace("people_team|2", "people_team|1"),
        SOURCE.replace("people_person_id_seq|7", "people_person_id_seq|unused"),
        SOURCE.replace("table public.people_team|2\n", ""),
    ],
    ids=["a-row-missing", "a-sequence-reset", "a-table-missing"],
)
def test_the_drill_fails_when_the_restored_database_differs(tmp_path, restored):
    result = run_drill(drill_stubs(tmp_path, {"source": SOURCE, "restored": restored}))
    assert result.returncode == 1
    assert "restore drill FAILED" in result.stderr


@needs_bash
def test_the_drill_fails_when_the_restore_fails_or_the_source_proves_nothing(tmp_path):
    assert run_drill(drill_stubs(tmp_path / "a", {"source": SOURCE, "restored": SOURCE}, restore_status=1)).returncode != 0
    empty = "table public.people_person|0\n"
    result = run_drill(drill_stubs(tmp_path / "b", {"source": empty, "restored": empty}))
    assert result.returncode == 1 and "nothing was proved" in result.stderr


# --- docs/deployment.md --------------------------------------------------------------------------

def test_the_deployment_guide_names_every_variable_the_kit_reads():
    guide = (ROOT / "docs" / "deployment.md").read_text()
    production = (ROOT / "config" / "settings" / "production.py").read_text()
    names = set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z_]+)["']""", production))
    names |= set(re.findall(r"""required_env\(\s*["']([A-Z_]+)["']""", production))
    names |= set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "compose.yaml").read_text()))
    gunicorn = (ROOT / "gunicorn.conf.py").read_text()
    names |= set(re.findall(r"""(?:os\.environ(?:\.get\(|\[)|_env_int\()\s*["']([A-Z_]+)["']""", gunicorn))
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG", "WEB_CONCURRENCY", "PORT", "POSTGRES_PASSWORD"} <= names
    assert sorted(name for name in names if not re.search(rf"`{name}[`=]", guide)) == []


def test_the_guide_covers_what_a_newcomer_needs_and_is_linked():
    guide = (ROOT / "docs" / "deployment.md").read_text()
    for heading in ("Configuration", "First start", "Upgrade", "Scaling out", "Health checks", "Logs",
                    "Backup and restore", "The restore drill"):
        assert re.search(rf"^## {heading}$", guide, flags=re.MULTILINE), heading
    assert "setup_catalyst" in guide and "/healthz/" in guide
    for document in ("README.md", "docs/operations.md"):
        assert "docs/deployment.md" in (ROOT / document).read_text(), document
