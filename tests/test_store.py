"""store: records built by hand from the seed article, on both backends, for real.

Every test that takes ``db`` runs twice: on a SQLite file in tmp_path and on a
fresh database of a real PostgreSQL server (conftest's ``pg_server``; skipped
where no server binaries are installed, but never in CI). The PostgreSQL-only
behaviours are in test_store_postgresql.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from conftest import SEED_TXT
from sqlalchemy import create_engine, text

import claimwatch.store as store_mod
from claimwatch.errors import StoreError
from claimwatch.records import (
    Actor,
    AnalyzedDocument,
    Article,
    Attribution,
    Event,
    EventActor,
    Evidence,
    InputRef,
    RemovedLine,
    Response,
    Span,
    Speaker,
    content_hash,
)
from claimwatch.store import ClaimRow, Store


def find(text: str, needle: str, after: str = "") -> Span:
    """The span of ``needle`` in ``text``, first one after the first ``after``."""
    start = text.index(needle, text.index(after) if after else 0)
    return Span.of(text, start, start + len(needle))


def seed_document() -> AnalyzedDocument:
    """The seed article as analyze would give it: lines removed, four attributions."""
    raw = SEED_TXT.read_text(encoding="utf-8")
    lines = raw.split("\n")
    removed, offset = [], 0
    for i, line in enumerate(lines):
        if line == "Advertisement":
            removed.append(RemovedLine(i, offset, offset + len(line), line, "advertisement"))
        offset += len(line) + 1
    gone = {r.line for r in removed}
    body = "\n".join(line for i, line in enumerate(lines) if i not in gone)
    article = Article(
        id=content_hash(raw.encode("utf-8")),
        input=InputRef(path=str(SEED_TXT), kind="text"),
        text=body,
        title="Russia Claims Ukraine Plans 'Dirty Bomb'",
        published="2022-10-24",
        authors=["Kyiv Post"],
        outlet="Kyiv Post",
        removed=removed,
    )
    t = body
    shoigu = Speaker("Sergei Shoigu", "shoigu")
    zelensky = Speaker("Volodymyr Zelensky", "zelensky")
    actors = [
        Actor(
            "shoigu",
            "Sergei Shoigu",
            "person",
            [find(t, "Sergei Shoigu"), find(t, "Shoigu", "Shoigu alleged")],
            titles=["Defense Minister"],
            represents="Russia",
            role="government",
        ),
        Actor("zelensky", "Volodymyr Zelensky", "person", [find(t, "Volodymyr Zelensky")]),
        Actor("kyiv", "Kyiv", "city", [find(t, "Kyiv")], represents="Ukraine", role="government"),
    ]
    a1 = Attribution(
        id="a1",
        source=find(t, "Shoigu", "Shoigu alleged"),
        speaker=shoigu,
        cue=find(t, "alleged", "Shoigu alleged"),
        content=[
            find(
                t,
                "Ukraine is “planning to use a dirty bomb on its territory to subsequently "
                "blame Russia for the act.”",
            )
        ],
        type="mixed",
        addressees=[Speaker("France"), Speaker("United Kingdom"), Speaker("United States")],
        addressee_span=find(t, "the four NATO member states"),
        evidence=Evidence("none", [find(t, "Shoigu did not provide any evidence")]),
    )
    a2 = Attribution(
        id="a2",
        source=find(t, "President Volodymyr Zelensky"),
        speaker=zelensky,
        cue=find(t, "said", "Zelensky said"),
        content=[find(t, "the Russian accusation is a reflection of what Moscow wants to do")],
        type="indirect",
    )
    quote = find(t, "If Russia calls and says")
    a3 = Attribution(
        id="a3",
        source=find(t, "he", "prepared all this,”"),
        speaker=zelensky,
        cue=find(t, "said", "prepared all this,”"),
        content=[
            Span.of(t, quote.start, t.index("all this,", quote.start) + len("all this")),
        ],
        type="direct",
    )
    a4 = Attribution(
        id="a4",
        source=find(t, "the U.S., France, and the U.K."),
        speaker=Speaker("U.S., France, and the U.K."),
        cue=find(t, "issued a statement"),
        content=[
            find(t, "our countries made clear that we all reject"),
            find(t, "We further reject any pretext for escalation by Russia."),
        ],
        type="direct",
    )
    event = Event(
        type="ACCUSE",
        trigger=find(t, "alleged", "Shoigu alleged"),
        actor=[EventActor("Sergei Shoigu", find(t, "Shoigu", "Shoigu alleged"))],
        target=[EventActor("Ukraine", find(t, "Ukraine", "Shoigu alleged"))],
        mode="verbal",
        date="2022-10-23",
    )
    return AnalyzedDocument(
        article=article,
        sentences=[find(t, "On Oct.23"), find(t, "While making these claims")],
        actors=actors,
        attributions=[a1, a2, a3, a4],
        responses=[Response("a2", "a1", "rejects"), Response("a4", "a1", "rejects")],
        events=[event],
    )


def small_document(body: str, published: str | None, speaker: str) -> AnalyzedDocument:
    """A one-claim article: ``SPEAKER said that ...``."""
    source = find(body, speaker.split()[-1])
    return AnalyzedDocument(
        article=Article(
            id=content_hash(body.encode()),
            input=InputRef(url="https://example.org/x", kind="html"),
            text=body,
            title=f"{speaker} speaks",
            published=published,
            outlet="Example Times",
        ),
        attributions=[
            Attribution(
                id="a1",
                source=source,
                speaker=Speaker(speaker),
                cue=find(body, "said"),
                content=[Span.of(body, body.index("that") + 5, len(body) - 1)],
                type="indirect",
                evidence=Evidence("stated", [find(body, "citing")]),
            )
        ],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """What ``Store.open`` takes: a SQLite file's path, or a PostgreSQL database's URL."""
    if request.param == "sqlite":
        return tmp_path / "claims.sqlite"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def filled(db: Path | str) -> Path | str:
    with Store.open(db) as store:
        assert store.save(seed_document())
        assert store.save(
            small_document(
                "Austin said that 100% of the dirty_bomb talk was false, citing satellite data.",
                "2022-10-20",
                "Lloyd Austin",
            )
        )
        assert store.save(
            small_document(
                "Šmyhal said that Ukraine has no dirty bomb, citing the IAEA.", None, "Denys Šmyhal"
            )
        )
    return db


def test_all_names_exist() -> None:
    for name in store_mod.__all__:
        assert hasattr(store_mod, name)


def test_save_is_idempotent(db: Path | str) -> None:
    doc = seed_document()
    with Store.open(db) as store:
        assert store.save(doc) is True
        assert store.save(doc) is False
        assert store.save(seed_document()) is False
        assert store.count_articles() == 1
        assert len(store.claims()) == 4


def test_article_round_trips_the_output_contract(db: Path | str) -> None:
    doc = seed_document()
    with Store.open(db) as store:
        store.save(doc)
        got = store.article(doc.article.id)
        assert store.article("0" * 64) is None
    assert got is not None
    want = doc.to_json()
    assert {k: got[k] for k in want} == want
    assert got["sentences"] == [[s.start, s.end] for s in doc.sentences]
    analyzed = dt.datetime.fromisoformat(got["analyzed_at"])
    assert analyzed.utcoffset() == dt.timedelta(0)  # UTC, whatever the server's time zone
    assert abs(dt.datetime.now(dt.UTC) - analyzed) < dt.timedelta(minutes=5)
    # The stand-off record traces back: every stored span is the article text there.
    body = got["article"]["text"]
    for a in got["attributions"]:
        for s in [a["cue"], *a["content"]]:
            assert body[s["start"] : s["end"]] == s["text"]


def test_replace_swaps_the_analysis_in_one_go(db: Path | str) -> None:
    doc = seed_document()
    with Store.open(db) as store:
        store.save(doc)
        fewer = dataclasses.replace(doc, attributions=doc.attributions[:2], responses=[])
        assert store.save(fewer, replace=True) is False
        assert store.count_articles() == 1
        assert [r.attribution_id for r in store.claims()] == ["a1", "a2"]
        assert store.article(doc.article.id)["responses"] == []
        assert store.save(doc, replace=True) is False
        assert len(store.claims()) == 4


def test_claim_rows(filled: Path | str) -> None:
    with Store.open(filled) as store:
        rows = store.claims()
    assert [(r.published, r.attribution_id) for r in rows] == [
        ("2022-10-24", "a1"),
        ("2022-10-24", "a2"),
        ("2022-10-24", "a3"),
        ("2022-10-24", "a4"),
        ("2022-10-20", "a1"),
        (None, "a1"),
    ]
    first = rows[0]
    assert isinstance(first, ClaimRow)
    assert first.speaker == "Sergei Shoigu" and first.cue == "alleged"
    assert first.type == "mixed" and first.evidence == "none"
    assert first.outlet == "Kyiv Post" and first.title.startswith("Russia Claims")
    assert first.addressees == ("France", "United Kingdom", "United States")
    assert rows[3].content == (
        "our countries made clear that we all reject … "
        "We further reject any pretext for escalation by Russia."
    )
    assert rows[3].to_json()["addressees"] == []


def test_claim_filters(filled: Path | str) -> None:
    with Store.open(filled) as store:

        def ids(**kw: object) -> list[tuple[str, str]]:
            return [(r.speaker, r.attribution_id) for r in store.claims(**kw)]

        assert ids(speaker="shoigu") == [("Sergei Shoigu", "a1")]
        assert ids(speaker="ZELENSKY") == [
            ("Volodymyr Zelensky", "a2"),
            ("Volodymyr Zelensky", "a3"),
        ]
        assert ids(speaker="šMYHAL") == [("Denys Šmyhal", "a1")]  # Unicode case folding
        assert [s for s, _ in ids(text="DIRTY BOMB")] == [
            "Sergei Shoigu",
            "Denys Šmyhal",
        ]
        assert ids(text="issued a statement") == [("U.S., France, and the U.K.", "a4")]  # cue
        # LIKE wildcards in the query are literal characters.
        assert ids(text="100%") == [("Lloyd Austin", "a1")]
        assert ids(text="dirty_bomb") == [("Lloyd Austin", "a1")]
        assert ids(text="%") == [("Lloyd Austin", "a1")]
        assert ids(speaker="_") == []
        assert len(ids(since="2022-10-21")) == 4
        assert len(ids(since=dt.date(2022, 10, 20))) == 5
        assert ids(since="2030-01-01") == []
        assert len(ids(limit=2)) == 2 and ids(limit=0) == []
        assert ids(speaker="zelensky", text="moscow", since="2022-10-01") == [
            ("Volodymyr Zelensky", "a2")
        ]
        with pytest.raises(StoreError, match="since must be a date YYYY-MM-DD"):
            store.claims(since="last week")


def test_reopening_keeps_the_data(filled: Path | str) -> None:
    with Store.open(filled) as store:
        assert store.count_articles() == 3
        assert len(store.claims()) == 6
        assert store.save(seed_document()) is False
    with Store.open(str(filled)) as store:  # a path given as a string, or the URL again
        assert store.count_articles() == 3


def test_sqlalchemy_url_and_default_path(tmp_path: Path, monkeypatch) -> None:
    with Store.open(tmp_path / "by-path.sqlite") as store:
        assert store.save(seed_document())
    assert (tmp_path / "by-path.sqlite").is_file()
    url = f"sqlite:///{tmp_path / 'by-url.sqlite'}"
    with Store.open(url) as store:
        assert store.save(seed_document())
    assert (tmp_path / "by-url.sqlite").is_file()
    default = tmp_path / "data" / "dir" / "claimwatch.sqlite"
    monkeypatch.setattr(store_mod, "default_db_path", lambda: default)
    with Store.open(None) as store:
        assert store.count_articles() == 0
    assert default.is_file()


def test_unwritable_path_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    target = blocker / "claims.sqlite"
    with pytest.raises(StoreError) as info:
        Store.open(target)
    line = str(info.value)
    assert line.startswith(f"[CW400] cannot open database {target}: ")
    assert "\n" not in line and "Traceback" not in line
    assert info.value.__cause__ is not None

    with pytest.raises(StoreError) as info:
        Store.open(tmp_path)  # a directory, not a database file
    assert str(info.value).startswith(f"[CW400] cannot open database {tmp_path}: ")


def test_a_failed_save_leaves_nothing_behind(db: Path | str) -> None:
    doc = seed_document()
    doc.attributions.append(dataclasses.replace(doc.attributions[0]))  # duplicate id "a1"
    with Store.open(db) as store:
        with pytest.raises(StoreError) as info:
            store.save(doc)
        # SQLite: "UNIQUE constraint failed"; PostgreSQL: "violates unique constraint".
        assert "\n" not in str(info.value) and "unique" in str(info.value).lower()
        assert store.count_articles() == 0 and store.claims() == []


def test_a_span_off_the_text_is_refused(db: Path | str) -> None:
    doc = seed_document()
    doc.attributions[0].cue = Span(0, 7, "alleged")  # the text there is "On Oct."
    with Store.open(db) as store:
        with pytest.raises(StoreError, match="does not match the article text"):
            store.save(doc)
        assert store.count_articles() == 0


def test_newer_schema_is_refused(db: Path | str) -> None:
    Store.open(db).close()
    engine = create_engine(store_mod._resolve(db)[0])  # the URL Store.open uses
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_info SET value = '99' WHERE key = 'version'"))
    engine.dispose()
    with pytest.raises(StoreError, match="schema version 99"):
        Store.open(db)


def test_schema_and_queries_compile_for_postgresql() -> None:
    """No SQLite-only SQL: the DDL and the claims query compile for PostgreSQL."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable

    from claimwatch.store import claims_query, schema

    pg = postgresql.dialect()
    for table in schema.metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=pg))
        assert "CREATE TABLE" in ddl
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=pg))
    sql = str(claims_query(speaker="a", text="b", since="2022-01-01", limit=3).compile(dialect=pg))
    assert "NULLS LAST" in sql and "LIKE" in sql and "ESCAPE" in sql
