"""Browser tests: a real server on its own SQLite database, driven by Debian's Chromium.

pytest-django's `live_server` is not used: it flushes the database between tests, and the
access log refuses deletes. Instead a session fixture builds a throwaway SQLite database
with the demo data (migrate + load_demo, as `make demo` does) and serves it with gunicorn
and the development settings, DEBUG off, static files served by WhiteNoise.

Nothing here touches the Django test database: the tests read the server's database file
with the standard library's sqlite3 when they need a record's UUID.
"""

import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
CHROMIUM = os.environ.get("APPRODI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
SERVER_START_TIMEOUT = 30.0
DEFAULT_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Server:
    """A running server and the SQLite file behind it."""

    base_url: str
    database: Path

    def person(self, code: str) -> tuple[str, str]:
        """(dashed UUID, organisation slug) of the person with pseudonymous `code`."""
        with closing(sqlite3.connect(self.database, timeout=20)) as connection:
            row = connection.execute(
                "SELECT p.uuid, o.slug FROM people_person p "
                "JOIN accounts_organisation o ON o.id = p.organisation_id WHERE p.code = ?",
                (code,),
            ).fetchone()
        assert row is not None, f"no person {code} in {self.database}"
        # SQLite stores a UUIDField as 32 hex digits without dashes.
        return str(uuid.UUID(hex=row[0])), row[1]


@dataclass(frozen=True)
class Prepared:
    """The environment of the servers and a pristine copy of the demo database."""

    directory: Path
    env: dict[str, str]
    pristine: Path


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}",
            pytrace=False,
        )


def _server_env(
    base: dict[str, str], database: Path, *, relax_second_factor: bool
) -> dict[str, str]:
    env = dict(base)
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["APPRODI_RELAX_SECOND_FACTOR"] = "true" if relax_second_factor else "false"
    return env


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy with SQLite's backup API (the file may be in WAL mode)."""
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serve(env: dict[str, str], database: Path, log: Path) -> Iterator[Server]:
    """gunicorn on a free port; yields once /healthz answers, stops it afterwards."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "approdi.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        # Threads: an idle connection Chromium opens ahead of time must not hold a worker.
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--graceful-timeout",
        "5",
        "--access-logfile",
        "-",
    ]
    base_url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            while True:
                if process.poll() is not None:
                    pytest.fail(
                        f"the server exited with {process.returncode}:\n{log.read_text()[-4000:]}",
                        pytrace=False,
                    )
                try:
                    # Our own loopback http:// address, never a user-supplied scheme.
                    with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                        if response.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"the server did not answer within {SERVER_START_TIMEOUT:.0f} s:\n"
                        f"{log.read_text()[-4000:]}",
                        pytrace=False,
                    )
                time.sleep(0.1)
            yield Server(base_url=base_url, database=database)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """Fresh keys, a migrated database with the demo data, and the collected static files."""
    directory = tmp_path_factory.mktemp("browser")
    env = os.environ.copy()
    # Whatever database the rest of the suite uses, the browser suite has its own SQLite file.
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "approdi.settings.dev",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode("ascii"),
            "FIELD_HASH_KEY": secrets.token_urlsafe(32),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
        }
    )
    pristine = directory / "demo.sqlite3"
    build_env = _server_env(env, pristine, relax_second_factor=True)
    _run(["migrate", "--no-input"], build_env)
    _run(["load_demo"], build_env)
    # DEBUG is off: WhiteNoise serves STATIC_ROOT (gitignored) with the manifest storage.
    _run(["collectstatic", "--no-input", "--verbosity", "0"], build_env)
    return Prepared(directory=directory, env=env, pristine=pristine)


@pytest.fixture(scope="session")
def server(prepared: Prepared) -> Iterator[Server]:
    """The demo server, second factor relaxed (the demo logins need no TOTP code)."""
    database = prepared.directory / "browser.sqlite3"
    _copy_database(prepared.pristine, database)
    env = _server_env(prepared.env, database, relax_second_factor=True)
    with _serve(env, database, prepared.directory / "server.log") as running:
        yield running


@pytest.fixture(scope="module")
def strict_server(prepared: Prepared) -> Iterator[Server]:
    """A second server on its own copy of the demo database, second factor enforced."""
    database = prepared.directory / "strict.sqlite3"
    _copy_database(prepared.pristine, database)
    env = _server_env(prepared.env, database, relax_second_factor=False)
    with _serve(env, database, prepared.directory / "strict-server.log") as running:
        yield running


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (scripts/ensure-chromium.sh) "
            "or set APPRODI_CHROMIUM.",
            pytrace=False,
        )
    instance = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator:
    """Make browser contexts (closed after the test): `new_context(server, viewport=...)`."""
    contexts: list[BrowserContext] = []

    def make(on: Server, **options: object) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=on.base_url, **options)  # type: ignore[arg-type]
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, server: Server) -> Page:  # type: ignore[no-untyped-def]
    """A page in a fresh desktop context on the demo server."""
    return new_context(server).new_page()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
