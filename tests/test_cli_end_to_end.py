"""The whole pipeline through the real CLI: seed article, offsets, store, claims, bad input."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimwatch.serve.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_TXT = EXAMPLES / "kyivpost-2022-10-24-dirty-bomb.txt"
SEED_GOLD = EXAMPLES / "kyivpost-2022-10-24-dirty-bomb.gold.json"

runner = CliRunner()
WORD = re.compile(r"\w+")


def analyze_json(*args: str, db: Path) -> tuple[list[dict], CliRunner]:
    result = runner.invoke(app, ["analyze", *args, "--format", "jsonl", "--db", str(db)])
    docs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return docs, result


def input_to_article_offsets(input_text: str, removed: set[int]) -> dict[int, int]:
    """Map each input offset on a kept line to its offset in article.text."""
    mapping: dict[int, int] = {}
    in_pos = out_pos = 0
    first = True
    for i, line in enumerate(input_text.split("\n")):
        if i not in removed:
            if not first:
                out_pos += 1  # the joining "\n"
            for k in range(len(line) + 1):
                mapping[in_pos + k] = out_pos + k
            out_pos += len(line)
            first = False
        in_pos += len(line) + 1
    return mapping


def overlap_dice(a: tuple[int, int], b: tuple[int, int], text: str) -> float:
    ta = {m.start() for m in WORD.finditer(text) if a[0] <= m.start() < a[1]}
    tb = {m.start() for m in WORD.finditer(text) if b[0] <= m.start() < b[1]}
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> tuple[dict, Path]:
    db = tmp_path_factory.mktemp("db") / "claims.sqlite"
    docs, result = analyze_json(str(SEED_TXT), db=db)
    assert result.exit_code == 0, result.output
    assert len(docs) == 1
    return docs[0], db


def test_seed_removes_exactly_the_gold_furniture(seed_run) -> None:
    doc, _ = seed_run
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert sorted(r["line"] for r in doc["removed"]) == gold["boilerplate_lines"]
    source = SEED_TXT.read_text(encoding="utf-8")
    lines = source.split("\n")
    removed = {r["line"] for r in doc["removed"]}
    assert doc["article"]["text"] == "\n".join(
        line for i, line in enumerate(lines) if i not in removed
    )
    for r in doc["removed"]:
        assert source[r["start"] : r["end"]] == r["text"] == lines[r["line"]]
        assert r["reason"]


def test_seed_every_span_matches_article_text(seed_run) -> None:
    doc, _ = seed_run
    text = doc["article"]["text"]
    assert doc["id"] == hashlib.sha256(SEED_TXT.read_bytes()).hexdigest()
    spans = []
    for a in doc["attributions"]:
        spans += [a["cue"], *a["content"]] + ([a["source"]] if a["source"] else [])
        if a.get("evidence"):
            spans += a["evidence"]["stated_by"]
    for actor in doc.get("actors", []):
        spans += actor["mentions"]
    for e in doc["events"]:
        spans += [e["trigger"], *e["actor"], *e["target"]]
    assert spans
    for s in spans:
        assert text[s["start"] : s["end"]] == s["text"]


def missing_core_attributions(doc: dict) -> list[str]:
    """Gold core attributions with no predicted one matching cue, content and speaker."""
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    source = SEED_TXT.read_text(encoding="utf-8")
    text = doc["article"]["text"]
    to_article = input_to_article_offsets(source, set(gold["boilerplate_lines"]))
    missing = []
    for g in (g for g in gold["attributions"] if g["core"]):
        g_cue = (to_article[g["cue"]["start"]], to_article[g["cue"]["end"]])
        g_content = (to_article[g["content"]["start"]], to_article[g["content"]["end"]])
        found = [
            a
            for a in doc["attributions"]
            if overlap_dice((a["cue"]["start"], a["cue"]["end"]), g_cue, text) >= 0.5
            and overlap_dice(
                (min(c["start"] for c in a["content"]), max(c["end"] for c in a["content"])),
                g_content,
                text,
            )
            >= 0.5
            and a["speaker"]
            and a["speaker"]["name"] == g["speaker"]
        ]
        if not found:
            missing.append(f"{g['id']} {g['speaker']}: {g['cue']['text']}")
    return missing


def test_seed_claim_leaves_out_its_audience(seed_run) -> None:
    # "Shoigu alleged to the four NATO member states, all of which [...], that Ukraine
    # is “planning ...”": the tagger's content opens with the audience; the claim is
    # the gold's content exactly, and the audience is its addressee.
    doc, _ = seed_run
    gold = next(
        g
        for g in json.loads(SEED_GOLD.read_text(encoding="utf-8"))["attributions"]
        if g["id"] == "a1"
    )
    (alleged,) = [a for a in doc["attributions"] if a["cue"]["text"] == "alleged"]
    assert [c["text"] for c in alleged["content"]] == [gold["content"]["text"]]
    assert alleged["type"] == gold["type"] == "mixed"
    assert alleged["addressee"]["span"]["text"] == "the four NATO member states"


def test_seed_sources_are_whole_noun_phrases(seed_run) -> None:
    # The tagger ends the source of "Commenting on the motives of Shoigu’s act, the
    # Institute for the Study of War believes ..." on "the"; it is completed.
    doc, _ = seed_run
    sources = [a["source"]["text"] for a in doc["attributions"] if a["source"]]
    assert not [s for s in sources if s.lower() in {"the", "a", "an"}]
    (commenting,) = [a for a in doc["attributions"] if a["cue"]["text"] == "Commenting on"]
    assert commenting["source"]["text"] == "the Institute for the Study of War"
    assert commenting["speaker"]["name"] == "Institute for the Study of War"
    # "... General Richard Dannatt, for example, agreed with": the adverbial is not his.
    (agreed,) = [a for a in doc["attributions"] if a["cue"]["text"] == "agreed with"]
    assert (
        agreed["source"]["text"]
        == "the former chief of U.K.’s general staff General Richard Dannatt"
    )


def test_seed_fast_mode_finds_all_core_attributions_with_speakers(tmp_path) -> None:
    docs, result = analyze_json(str(SEED_TXT), "--fast", db=tmp_path / "fast.sqlite")
    assert result.exit_code == 0, result.output
    assert missing_core_attributions(docs[0]) == []


def test_seed_full_mode_finds_all_core_attributions_with_speakers(seed_run) -> None:
    # a12, "a supposition [...] Dannatt, for example, agreed with", puts the content
    # before its cue. The one-pass tagger reads it; the cross tagger read "believes
    # that ... a supposition", which the merge now replaces (analyze/merge.py).
    doc, _ = seed_run
    assert missing_core_attributions(doc) == []


def test_reanalysing_is_idempotent_and_claims_are_queryable(seed_run) -> None:
    doc, db = seed_run
    again, result = analyze_json(str(SEED_TXT), db=db)
    assert result.exit_code == 0
    assert again[0]["id"] == doc["id"]
    listed = runner.invoke(app, ["claims", "--db", str(db), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert len(rows) == len(doc["attributions"])  # not doubled by the second run
    shoigu = runner.invoke(
        app, ["claims", "--db", str(db), "--speaker", "shoigu", "--format", "json"]
    )
    names = {r["speaker"] for r in json.loads(shoigu.stdout)}
    assert "Sergei Shoigu" in names and all("Shoigu" in n for n in names)
    dirty = json.loads(
        runner.invoke(
            app, ["claims", "--db", str(db), "--text", "dirty bomb", "--format", "json"]
        ).stdout
    )
    assert dirty and all("dirty bomb" in r["content"].lower() for r in dirty)


def test_batch_finishes_good_inputs_and_lists_failures(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    missing = tmp_path / "nowhere.txt"
    no_article = tmp_path / "menu.html"
    no_article.write_text(
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/news'>News</a></nav></body></html>"
    )
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, no disk used
    # The real console script, so that "never a traceback" is checked as a user sees it.
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimwatch.serve.cli",
            "analyze",
            str(empty),
            str(SEED_TXT),
            str(binary),
            str(missing),
            str(no_article),
            str(huge),
            "--format",
            "jsonl",
            "--db",
            str(tmp_path / "db.sqlite"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["input"]["path"] for d in docs] == [str(SEED_TXT)]
    assert "Traceback" not in proc.stderr
    for bad in (empty, binary, missing, no_article, huge):
        lines = [line for line in proc.stderr.splitlines() if str(bad) in line]
        assert len(lines) == 1, proc.stderr
    assert "5 input(s) failed, 1 analyzed" in proc.stderr


def test_report_format_names_speakers_and_furniture(tmp_path) -> None:
    result = runner.invoke(
        app, ["analyze", str(SEED_TXT), "--db", str(tmp_path / "r.sqlite")], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    for expected in ("Sergei Shoigu", "Volodymyr Zelensky", "Advertisement", "Other Topics"):
        assert expected in result.stdout


def test_missing_polnear_dir_is_one_line(tmp_path) -> None:
    result = runner.invoke(app, ["eval", "polnear", str(tmp_path)])
    assert result.exit_code == 2
    assert "CW5" in result.output
    assert "Traceback" not in result.output


def test_examples_are_bundled() -> None:
    assert SEED_TXT.is_file() and SEED_GOLD.is_file()


def test_eval_polnear_bootstrap_gives_intervals(tmp_path, shared_dir) -> None:
    dev = shared_dir / "polnear" / "dev"
    names = [
        "breitbart_2016-09-12_stealth-over-health-hillary-clin",
        "politico_2016-09-08_flynn-says-trump-absolutely-righ",
    ]
    split = tmp_path / "polnear" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    for name in names:
        shutil.copy(dev / "text" / f"{name}.txt", split / "text")
        for ann in (dev / "attributions").glob(f"{name}_*.ann"):
            shutil.copy(ann, split / "attributions")
    shutil.copy(shared_dir / "polnear" / "metadata.tsv", split.parent)
    args = ["eval", "polnear", str(split), "--fast", "--bootstrap"]
    result = runner.invoke(app, [*args, "200", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == 2
    rows = report["f1_intervals"]["rows"]
    assert set(rows) == {
        f"{k} {r}" for k in ("exact", "overlap") for r in ("source", "cue", "content")
    } | {"attribution"}
    lo, hi = rows["attribution"]
    assert lo <= report["attribution"]["f1"] <= hi and lo < hi
    table = runner.invoke(app, [*args, "50"])
    assert "95% interval" in table.stdout
