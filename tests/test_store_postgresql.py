"""store on a real PostgreSQL server: what only PostgreSQL shows, and the CLI end to end.

test_store.py runs every store behaviour on both backends; this file adds the
PostgreSQL-only ones: URL forms and the driver, real tables and JSON, errors of
a server (password, missing database, nothing listening) as one line, two
processes at once, and ``claimwatch analyze/claims --db postgresql://...``.
The server is conftest's ``pg_server``, started for real for the session.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest
from conftest import SEED_TXT
from pgserver import PASSWORD, TIMEZONE, PostgresServer, free_port
from test_store import seed_document, small_document
from typer.testing import CliRunner

from claimwatch.errors import StoreError
from claimwatch.serve.cli import app
from claimwatch.store import Store

TABLES = {"schema_info", "articles", "removed_lines", "actors", "attributions", "responses"}


def database(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_every_url_form_opens_with_psycopg(pg_server: PostgresServer, pg_url: str) -> None:
    name = database(pg_url)
    forms = [
        pg_url,  # postgresql://: psycopg, not SQLAlchemy 2.0's default psycopg2
        pg_url.replace("postgresql://", "postgres://", 1),  # as hosting services write it
        pg_url.replace("postgresql://", "postgresql+psycopg://", 1),
        pg_server.socket_url(name),  # the Unix socket
    ]
    for i, url in enumerate(forms):
        with Store.open(url) as store:
            assert store._engine.dialect.name == "postgresql"
            assert store._engine.dialect.driver == "psycopg"
            assert PASSWORD not in store.label and "***" in store.label
            assert store.count_articles() == i
            body = f"Ann Lee said that form {i} works, citing this test."
            assert store.save(small_document(body, "2026-01-01", "Ann Lee"))
    # Real tables and real JSON in the server, readable by any client.
    with pg_server.connect(name) as conn:
        found = {
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        }
        assert TABLES <= found
        assert conn.execute("SELECT value FROM schema_info").fetchall() == [("1",)]
        kinds = conn.execute(
            "SELECT DISTINCT json_typeof(evidence_spans), json_typeof(addressees) FROM attributions"
        ).fetchall()
        assert kinds == [("array", "array")]
        # test_store.py's round trip checks that analyzed_at comes back in UTC: it
        # means something only because the server's zone is not UTC.
        assert conn.execute("SHOW timezone").fetchone() == (TIMEZONE,)


def test_server_errors_are_one_clear_line(pg_server: PostgresServer, pg_url: str) -> None:
    closed = free_port()  # nothing listens there
    bad = {
        pg_url.replace(PASSWORD, "wrong-password"): "password authentication failed",
        pg_server.url("no_such_database"): 'database "no_such_database" does not exist',
        f"postgresql://claimwatch:{PASSWORD}@127.0.0.1:{closed}/x": "Connection refused",
        pg_url.replace("postgresql://", "postgresql+psycopg2://", 1): "No module named",
        pg_url.replace("postgresql://", "postgresql+nodriver://", 1): "Can't load plugin",
        f"postgresql://claimwatch:{PASSWORD}@127.0.0.1:port/x": "not a valid database URL",
    }
    for url, reason in bad.items():
        started = time.monotonic()
        with pytest.raises(StoreError) as info:
            Store.open(url)
        line = str(info.value)
        assert line.startswith("[CW400] cannot open database postgres"), line
        assert reason in line, line
        assert "\n" not in line and "Traceback" not in line
        assert PASSWORD not in line and "wrong-password" not in line
        assert info.value.__cause__ is not None
        assert time.monotonic() - started < 30


def test_a_new_database_opened_by_several_processes_at_once(pg_url: str) -> None:
    """Each creates the schema if it is missing: they must not collide doing it."""
    start = threading.Barrier(4)
    errors: list[Exception] = []

    def open_it() -> None:
        start.wait()
        try:
            Store.open(pg_url).close()
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with Store.open(pg_url) as store:
        assert store.count_articles() == 0


def test_two_writers_of_one_article_the_later_finds_it_stored(
    pg_server: PostgresServer, pg_url: str
) -> None:
    """The race save() handles: both see no article, one commits first, the other loses."""
    doc = seed_document()
    store = Store.open(pg_url)
    name = database(pg_url)
    other = pg_server.connect(name)
    other.autocommit = False
    try:
        # The first writer has inserted the article and not yet committed.
        other.execute(
            "INSERT INTO articles (id, input_kind, language, text, authors, sentences,"
            " analyzed_at) VALUES (%s, 'text', 'en', %s, '[]', '[]', now())",
            (doc.article.id, doc.article.text),
        )
        result: list[object] = []
        saver = threading.Thread(target=lambda: result.append(_save(store, doc)))
        saver.start()
        with pg_server.connect(name) as watch:  # until save() waits on the first writer
            for _ in range(200):
                waiting = watch.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = %s AND wait_event_type = 'Lock'",
                    (name,),
                ).fetchone()[0]
                if waiting:
                    break
                time.sleep(0.05)
            assert waiting, "save() never waited on the first writer"
        other.commit()
        saver.join(30)
        assert result == [False]  # stored already: not an error, nothing added
        assert store.count_articles() == 1
        assert store.claims() == []  # the first writer's rows, not a mix of both
    finally:
        other.close()
        store.close()


def _save(store: Store, doc) -> object:
    try:
        return store.save(doc)
    except StoreError as exc:
        return exc


# --- the CLI, end to end -----------------------------------------------------------

runner = CliRunner()


def test_cli_analyze_and_claims_on_postgresql(pg_url: str) -> None:
    seed = [str(SEED_TXT), "--fast", "--outlet", "Kyiv Post", "--published", "2022-10-24"]
    first = runner.invoke(app, ["analyze", *seed, "--format", "jsonl", "--db", pg_url])
    assert first.exit_code == 0, first.output
    (doc,) = [json.loads(line) for line in first.stdout.splitlines() if line.strip()]
    assert doc["attributions"]

    # Again, as a report: nothing new stored, and the message shows no password.
    again = runner.invoke(app, ["analyze", *seed, "--db", pg_url])
    assert again.exit_code == 0, again.output
    assert "stored 0 new, 1 already stored article(s) in postgresql://" in again.stderr
    assert PASSWORD not in again.output

    listed = runner.invoke(app, ["claims", "--db", pg_url, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert len(rows) == len(doc["attributions"])  # not doubled by the second run
    assert {r["article_id"] for r in rows} == {doc["id"]}
    assert [r["content"] for r in rows] == [
        " … ".join(c["text"] for c in a["content"]) for a in doc["attributions"]
    ]
    # CLAIMWATCH_DB names the database when --db does not; the filters run in the server.
    shoigu = runner.invoke(
        app,
        ["claims", "--speaker", "shoigu", "--since", "2022-10-01", "--format", "jsonl"],
        env={"CLAIMWATCH_DB": pg_url},
    )
    assert shoigu.exit_code == 0, shoigu.output
    names = {json.loads(line)["speaker"] for line in shoigu.stdout.splitlines()}
    assert "Sergei Shoigu" in names and all("Shoigu" in n for n in names)
    dirty = json.loads(
        runner.invoke(app, ["claims", "--db", pg_url, "--text", "dirty bomb", "-f", "json"]).stdout
    )
    assert dirty and all("dirty bomb" in r["content"].lower() for r in dirty)


def test_cli_unreachable_server_is_one_line() -> None:
    """The real console script, as a user sees it: exit 2, one line, no password."""
    url = f"postgresql://claimwatch:{PASSWORD}@127.0.0.1:{free_port()}/claims"
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch.serve.cli", "claims", "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("claimwatch: [CW400] cannot open database postgresql://")
    assert "Connection refused" in lines[0] and PASSWORD not in lines[0]


def test_a_server_that_never_answers_fails_within_the_connect_timeout(monkeypatch) -> None:
    """A host that accepts the connection and then says nothing (a stuck proxy, a
    dropped route) ends in one error after the timeout, not a hung command."""
    import socket

    import claimwatch.store as store_module

    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    try:
        monkeypatch.setattr(store_module, "CONNECT_TIMEOUT_S", 1)
        for url in (
            f"postgresql://u:{PASSWORD}@127.0.0.1:{port}/db",
            f"postgresql://u:{PASSWORD}@127.0.0.1:{port}/db?connect_timeout=2",
        ):
            errors: list[BaseException] = []

            def open_store(url: str = url, errors: list[BaseException] = errors) -> None:
                try:
                    Store.open(url)
                except BaseException as exc:  # noqa: BLE001 - the test reads it
                    errors.append(exc)

            opener = threading.Thread(target=open_store, daemon=True)
            opener.start()
            opener.join(timeout=8)  # without a timeout it would wait for ever
            assert not opener.is_alive(), f"{url}: still waiting after 8 s"
            assert len(errors) == 1 and isinstance(errors[0], StoreError), errors
            assert PASSWORD not in str(errors[0])
    finally:
        silent.close()
