"""Imported chats from the command line: import, list, report, delete."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from drawcloser import messages
from drawcloser.errors import BadInput

if TYPE_CHECKING:
    from drawcloser.chats.reading import Reader
    from drawcloser.practice.journal import Journal


def import_chat(file: Path, me: str | None, conversation: str | None, yes: bool) -> None:
    from drawcloser.chats import store
    from drawcloser.cli_practice import _interactive, open_journal

    try:
        plan = store.plan(file, conversation)
    except store.ChoiceNeeded as exc:
        if not _interactive():
            raise
        conversation = _choose(str(exc), exc.options)
        plan = store.plan(file, conversation)
    try:
        her, him = store.who_is_who(plan, me)
    except store.ChoiceNeeded as exc:
        if not _interactive():
            raise
        her, him = store.who_is_who(plan, _choose(str(exc), exc.options))
    j = open_journal()
    click.echo(
        f"Importing {plan.total:,} messages ({plan.source.format}): you are {her}, he is {him}.",
        err=True,
    )
    with click.progressbar(
        length=plan.total,
        label="Reading and checking",
        file=sys.stderr,
        hidden=not sys.stderr.isatty(),
    ) as bar:
        done = store.import_chat(j, plan, her, him, bar.update, _reader(j, plan.total))
    what = "New chat" if done.new_chat else "Chat"
    click.echo(
        f"{what} #{done.chat.id}: {done.added:,} messages added"
        + (f", {done.already_there:,} were already there" if done.already_there else "")
        + f". See it with: drawcloser chat report {done.chat.id}"
    )
    if done.safety_flagged:
        click.echo(messages.CHAT_SAFETY_NOTE.format(count=done.safety_flagged))


def _reader(j: Journal, total: int) -> Reader:
    """Every core for a big import with the fast engine (see chats.reading)."""
    from drawcloser.chats.reading import reader_for
    from drawcloser.cli import _settings
    from drawcloser.coach.check import resolve_engine

    try:
        engine = resolve_engine(_settings().engine).name
    except Exception:  # the check itself will say what is wrong, in the serial reader
        engine = ""
    return reader_for(j.check, engine, total)


def _choose(question: str, options: list[str]) -> str:
    click.echo(question, err=True)
    for n, option in enumerate(options, 1):
        click.echo(f"  {n}. {option}", err=True)
    picked = click.prompt("Number", type=click.IntRange(1, len(options)), err=True)
    return options[int(picked) - 1]


@click.command("chats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def chats_cmd(as_json: bool) -> None:
    """List the chats you imported."""
    from drawcloser.chats import store
    from drawcloser.cli_practice import open_journal

    found = store.chats(open_journal())
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(messages.CHAT_NONE)
    for c in found:
        span = f"{c.first:%d %b %Y} – {c.last:%d %b %Y}" if c.first and c.last else "empty"
        click.echo(f"#{c.id:<3} {c.format:<9} with {c.him}  ({c.messages:,} messages, {span})")


@click.group("chat")
def chat() -> None:
    """One imported chat: its report, or delete it."""


@chat.command("report")
@click.argument("chat_id", type=int)
@click.option(
    "--chart", type=click.Path(path_type=Path, dir_okay=False), help="Draw FILE.png or FILE.svg."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def chat_report(chat_id: int, chart: Path | None, as_json: bool) -> None:
    """The pattern the chat shows: your pull : push per week, his warmth, chasing, who
    reaches out first, reply times, the moments that pushed and pulled most."""
    from drawcloser.chats import analysis
    from drawcloser.cli_practice import _emit, _write_atomic, open_journal

    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise BadInput(messages.CHART_FORMAT.format(path=chart))
    r = analysis.report(open_journal(), chat_id)
    if chart is not None:
        from drawcloser.chats.charts import render

        _write_atomic(chart, render(r, chart.suffix.lower().lstrip(".")))
    if as_json:
        _emit(r.to_dict())
        return
    from drawcloser.render_chats import render_report

    click.echo(render_report(r))
    if chart is not None:
        click.echo(f"\nChart drawn in {chart}.")


@chat.command("delete")
@click.argument("chat_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def chat_delete(chat_id: int, yes: bool) -> None:
    """Delete an imported chat and its messages."""
    from drawcloser.chats import store
    from drawcloser.cli_practice import _confirm, open_journal

    j = open_journal()
    c = store.get_chat(j, chat_id)
    _confirm(f"Delete the chat with {c.him} ({c.messages:,} messages)?", yes)
    store.delete_chat(j, chat_id)
    click.echo(f"Deleted chat #{chat_id}.")


COMMANDS = [chats_cmd, chat]
