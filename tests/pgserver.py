"""A real PostgreSQL server for the tests: Debian's ``initdb`` and ``pg_ctl`` in a temporary dir.

The server listens on 127.0.0.1 on a free port and on a Unix socket in its own
directory, with password (SCRAM) authentication, and runs with a non-UTC time
zone so that the store's time handling is checked. PostgreSQL refuses to run as
root: as root, the server runs as the ``postgres`` user (``runuser``), owner of
the directory. Each test gets a database of its own (``create_database``).
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "claimwatch"
PASSWORD = "pg-test-secret"
# Not UTC, and not a whole hour: a timestamp read back in the server's zone shows.
TIMEZONE = "Asia/Kathmandu"
BINARIES = ("initdb", "pg_ctl", "postgres")


def ci() -> bool:
    """True in CI (``CI=true``), where the PostgreSQL tests must run, not skip."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_bindir() -> Path | None:
    """The directory of the server binaries: Debian's newest, else the one of ``pg_ctl`` on PATH.

    ``CLAIMWATCH_PG_BINDIR`` names one explicitly. A ``pg_ctl`` on PATH may be a
    link or a wrapper script: the directory counts only if it holds all of
    ``initdb``, ``pg_ctl`` and ``postgres`` as real files.
    """
    candidates: list[Path] = []
    if os.environ.get("CLAIMWATCH_PG_BINDIR"):
        candidates.append(Path(os.environ["CLAIMWATCH_PG_BINDIR"]))
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(debian, key=lambda p: _version(p.parent.name), reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for bindir in candidates:
        if all(_executable(bindir / name) for name in BINARIES):
            return bindir
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", name)) or (0,)


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One PostgreSQL cluster in a temporary directory, started and stopped for real."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.base = Path(tempfile.mkdtemp(prefix="claimwatch-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = 0
        self._names = itertools.count(1)
        # PostgreSQL will not run as root: hand the directory to an unprivileged user.
        self.run_as: str | None = None
        if os.geteuid() == 0:
            self.run_as = "postgres" if _user_exists("postgres") else "nobody"
            entry = pwd.getpwnam(self.run_as)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        self.base.chmod(0o700)

    # --- running the server's own tools ----------------------------------------

    def _run(self, name: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / name), *args]
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        return subprocess.run(
            cmd,
            cwd=self.base,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        )

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> None:
        pwfile = self.base / "pwfile"
        self._write(pwfile, PASSWORD + "\n")
        pwfile.chmod(0o600)
        done = self._run(
            "initdb",
            *("-D", str(self.data), "-U", USER, "--pwfile", str(pwfile)),
            *("--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"),
        )
        pwfile.unlink()
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed ({done.returncode}): {done.stdout}{done.stderr}")
        for attempt in range(3):  # the free port may be taken between looking and binding
            self.port = free_port()
            conf = self.data / "postgresql.auto.conf"
            self._write(
                conf,
                "\n".join(
                    [
                        "listen_addresses = '127.0.0.1'",
                        f"port = {self.port}",
                        f"unix_socket_directories = '{self.base}'",
                        f"timezone = '{TIMEZONE}'",
                        # A throw-away cluster: durability off for speed.
                        "fsync = off",
                        "synchronous_commit = off",
                        "full_page_writes = off",
                        "",
                    ]
                ),
            )
            done = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start"
            )
            if done.returncode == 0:
                return
            if attempt == 2 or "could not bind" not in self.log_tail():
                break
        raise RuntimeError(
            f"pg_ctl start failed ({done.returncode}): {done.stdout}{done.stderr}\n"
            f"server log:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    # --- databases -------------------------------------------------------------

    def url(self, database: str = "postgres", *, scheme: str = "postgresql") -> str:
        """A TCP URL as a user would write it: ``postgresql://user:password@host:port/db``."""
        return f"{scheme}://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def socket_url(self, database: str) -> str:
        """The same database over the Unix socket, as SQLAlchemy spells it."""
        return (
            f"postgresql+psycopg://{USER}:{PASSWORD}@/{database}?host={self.base}&port={self.port}"
        )

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=USER,
            password=PASSWORD,
            dbname=database,
            autocommit=True,
        )

    def create_database(self) -> str:
        name = f"test_{os.getpid()}_{next(self._names)}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
