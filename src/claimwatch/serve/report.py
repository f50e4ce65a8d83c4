"""The readable terminal report of one analyzed article (Rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimwatch.records import AnalyzedDocument, Attribution

_TYPE_STYLE = {"direct": "green", "indirect": "yellow", "mixed": "cyan"}
_STANCE_STYLE = {"rejects": "red", "supports": "green", "questions": "yellow"}


def _one_line(text: str, width: int = 220) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _claim_panel(attr: Attribution, number: int) -> Panel:
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    speaker = attr.speaker.name if attr.speaker else "(unresolved)"
    source = f' as "{attr.source.text}"' if attr.source and attr.speaker else ""
    if attr.source and not attr.speaker:
        speaker = f'"{attr.source.text}" (unresolved)'
    rows.add_row("speaker", Text(speaker + source))
    rows.add_row("cue", Text(f"{attr.cue.text}  [{attr.cue.start}:{attr.cue.end}]"))
    if attr.addressees or attr.addressee_span:
        names = ", ".join(a.name for a in attr.addressees)
        said = f' ("{attr.addressee_span.text}")' if attr.addressee_span else ""
        rows.add_row("to", Text(f"{names}{said}".strip()))
    if attr.evidence:
        by = "; ".join(f'"{s.text}"' for s in attr.evidence.stated_by[:2])
        style = "bold red" if attr.evidence.status == "none" else ""
        rows.add_row("evidence", Text(f"{attr.evidence.status}  {by}".strip(), style=style))
    for piece in attr.content:
        rows.add_row("content", Text(f"{_one_line(piece.text)}  [{piece.start}:{piece.end}]"))
    style = _TYPE_STYLE.get(attr.type, "white")
    return Panel(
        rows,
        title=f"[{style}]{attr.id}  {attr.type}[/{style}]",
        title_align="left",
        subtitle=f"claim {number}",
        subtitle_align="right",
    )


def render(doc: AnalyzedDocument, console: Console) -> None:
    """Print the article, the removed furniture, and each claim with who, to whom, evidence."""
    art = doc.article
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("title", art.title or "(none)")
    head.add_row("outlet", art.outlet or "(unknown)")
    head.add_row("published", art.published or "(unknown)")
    if art.authors:
        head.add_row("authors", ", ".join(art.authors))
    head.add_row("input", art.input.label)
    head.add_row("id", art.id[:16] + "…")
    words = len(art.text.split())
    head.add_row(
        "size",
        f"{words} words, {len(doc.sentences)} sentences, {len(doc.actors)} actors, "
        f"{len(doc.attributions)} claims, {len(doc.responses)} responses",
    )
    console.print(Panel(head, title="[bold]claimwatch[/bold] article", title_align="left"))

    if art.removed:
        removed = Table(
            title=f"Removed page furniture ({len(art.removed)} lines)", show_lines=False
        )
        removed.add_column("line", justify="right")
        removed.add_column("reason")
        removed.add_column("text")
        for r in art.removed:
            removed.add_row(str(r.line), r.reason, _one_line(r.text, 90))
        console.print(removed)

    if doc.actors:
        actors = Table(title="Actors")
        actors.add_column("id")
        actors.add_column("name")
        actors.add_column("kind")
        actors.add_column("title / stands for")
        actors.add_column("mentions", justify="right")
        for a in doc.actors:
            extra = "; ".join(a.titles)
            if a.represents:
                extra = (extra + "; " if extra else "") + f"{a.represents} ({a.role or 'metonym'})"
            actors.add_row(a.id, a.name, a.kind, extra, str(len(a.mentions)))
        console.print(actors)

    claims = [_claim_panel(a, i) for i, a in enumerate(doc.attributions, 1)]
    if claims:
        console.print(Panel(Group(*claims), title="[bold]Claims[/bold]", title_align="left"))
    else:
        console.print("[dim]No claims found.[/dim]")

    if doc.responses:
        by_id = {a.id: a for a in doc.attributions}
        responses = Table(title="Responses")
        responses.add_column("who")
        responses.add_column("stance")
        responses.add_column("to whom")
        for r in doc.responses:
            src, dst = by_id.get(r.from_id), by_id.get(r.to_id)
            who = src.speaker.name if src and src.speaker else r.from_id
            whom = dst.speaker.name if dst and dst.speaker else r.to_id
            style = _STANCE_STYLE.get(r.stance, "")
            responses.add_row(
                f"{who} ({r.from_id})", Text(r.stance, style=style), f"{whom} ({r.to_id})"
            )
        console.print(responses)
