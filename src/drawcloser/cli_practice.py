"""The practice from the command line: check-ins, the journal, remembering, today's small
action, progress, the weekly review, export/import, the lock and delete-all.

Thin over ``drawcloser.practice``: every command opens her journal, calls one library
function and prints the result (as text, or as JSON with ``--json``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from drawcloser import config, messages
from drawcloser.errors import BadInput

if TYPE_CHECKING:  # importing the practice at start-up would slow `drawcloser check`
    from drawcloser.practice.journal import Journal


def _interactive() -> bool:
    return sys.stdin.isatty()


def _passphrase() -> str:
    given = os.environ.get(config.ENV_PASSPHRASE)
    if given:
        return given
    if _interactive():
        return str(click.prompt("Passphrase", hide_input=True, err=True))
    return ""


def open_journal() -> Journal:
    from drawcloser.cli import _run_check, _settings
    from drawcloser.practice.journal import open_journal as _open

    settings = _settings()
    return _open(
        settings.journal_url,
        passphrase=_passphrase,
        check=lambda texts: _run_check(texts, settings.engine),
    )


def _day(value: str | None) -> date | None:
    from drawcloser.practice import fields

    return fields.parse_day(value) if value else None


def _emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not _interactive():
        raise BadInput(messages.CONFIRM_NEEDS_YES)
    if not click.confirm(question, default=False, err=True):
        raise click.Abort()


def _safety_note(safety: Any) -> None:
    if safety is None:
        return
    from drawcloser.render_practice import wrap

    click.echo("")
    click.echo(click.style("  Your safety comes first", fg="yellow", bold=True))
    click.echo(wrap(safety.message))
    for r in safety.resources:
        click.echo(f"  - {r.name}: {r.contact}")


# -- check-ins -------------------------------------------------------------------------------

RATING_HELP = "-2 (weary/tense) … +2 (warm/open)"


@click.command()
@click.option("--when", help="When it happened: YYYY-MM-DD HH:MM, a date, or HH:MM today.")
@click.option("--happened", help="What happened, in a few words.")
@click.option("--said", help="What you said (it is read by the check).")
@click.option("--response", help="How he responded.")
@click.option("--warmth", type=int, help=f"Warm ↔ weary: {RATING_HELP}.")
@click.option("--openness", type=int, help=f"Open ↔ tense: {RATING_HELP}.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@click.option("--json", "as_json", is_flag=True, help="Print the saved check-in as JSON.")
def checkin(
    when: str | None,
    happened: str | None,
    said: str | None,
    response: str | None,
    warmth: int | None,
    openness: int | None,
    tags: tuple[str, ...],
    as_json: bool,
) -> None:
    """Note how a moment with him felt: what happened, what you said, how he responded.

    In a terminal you are asked for what you leave out; in scripts give --warmth and
    --openness and at least one of --happened, --said, --response.
    """
    from drawcloser.practice import checkins

    if warmth is None or openness is None:
        if not _interactive():
            raise click.UsageError("Give --warmth and --openness (each -2 … +2).")
        happened = happened if happened is not None else _ask("What happened")
        said = said if said is not None else _ask("What did you say (optional)")
        response = response if response is not None else _ask("How did he respond (optional)")
        warmth = warmth if warmth is not None else _rating("Warmth, -2 weary … +2 warm")
        openness = openness if openness is not None else _rating("Openness, -2 tense … +2 open")
        if not tags:
            tags = tuple(t for t in _ask("Tags, separated by spaces (optional)").split() if t)
    j = open_journal()
    saved = checkins.add(
        j,
        at=when,
        happened=happened or "",
        said=said or "",
        response=response or "",
        warmth=warmth,
        openness=openness,
        tags=list(tags),
    )
    if as_json:
        _emit({"entry": saved.entry.to_dict(), "safety": _plain(saved.safety)})
        return
    from drawcloser.render_practice import entry

    click.echo(f"Saved check-in #{saved.entry.id}.")
    click.echo(entry(saved.entry))
    if saved.safety is not None:
        _safety_note(saved.safety)
    elif saved.report is not None and saved.report.push_findings:
        first = saved.report.push_findings[0]
        if first.alternatives:
            click.echo("")
            click.echo(f"  Next time, you might say: “{first.alternatives[0]}”")


def _ask(question: str) -> str:
    return str(click.prompt(question, default="", show_default=False, err=True)).strip()


def _rating(question: str) -> int:
    return int(click.prompt(question, type=click.IntRange(-2, 2), err=True))


def _plain(obj: Any) -> Any:
    from drawcloser.coach.report import _plain as plain

    return None if obj is None else plain(obj)


class _DefaultGroup(click.Group):
    """A group that runs its first command when called bare (`journal` lists)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0].startswith("-") and args[0] not in ("-h", "--help")):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultGroup)
def journal() -> None:
    """Your check-ins: list (the default), show, edit, delete."""


@journal.command("list")
@click.option("--from", "since", help="From this day (YYYY-MM-DD).")
@click.option("--to", "until", help="Up to this day (YYYY-MM-DD).")
@click.option("--tag", help="Only check-ins with this tag.")
@click.option("--search", help="Only check-ins whose text holds these words.")
@click.option("--limit", type=click.IntRange(1), help="At most this many, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def journal_list(
    since: str | None,
    until: str | None,
    tag: str | None,
    search: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """List check-ins, newest first."""
    from drawcloser.practice import checkins
    from drawcloser.render_practice import entry_line

    found = checkins.entries(
        open_journal(), since=_day(since), until=_day(until), tag=tag, contains=search, limit=limit
    )
    if as_json:
        _emit([e.to_dict() for e in found])
    elif not found:
        click.echo(messages.JOURNAL_EMPTY)
    else:
        for e in found:
            click.echo(entry_line(e))


@journal.command("show")
@click.argument("entry_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def journal_show(entry_id: int, as_json: bool) -> None:
    """Show one check-in in full."""
    from drawcloser.practice import checkins
    from drawcloser.render_practice import entry

    e = checkins.get(open_journal(), entry_id)
    click.echo(json.dumps(e.to_dict(), ensure_ascii=False, indent=2) if as_json else entry(e))


@journal.command("edit")
@click.argument("entry_id", type=int)
@click.option("--when", help="When it happened.")
@click.option("--happened", help="What happened.")
@click.option("--said", help="What you said (read again by the check).")
@click.option("--response", help="How he responded.")
@click.option("--warmth", type=int, help=f"{RATING_HELP}.")
@click.option("--openness", type=int, help=f"{RATING_HELP}.")
@click.option("--tag", "tags", multiple=True, help="Replace the tags (repeat for more).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def journal_edit(entry_id: int, tags: tuple[str, ...], as_json: bool, **changes: Any) -> None:
    """Change a check-in; what you leave out stays as it is."""
    from drawcloser.practice import checkins
    from drawcloser.render_practice import entry

    changes["at"] = changes.pop("when")
    changes["tags"] = list(tags) if tags else None
    saved = checkins.edit(open_journal(), entry_id, **changes)
    if as_json:
        _emit(saved.entry.to_dict())
    else:
        click.echo(f"Updated check-in #{entry_id}.")
        click.echo(entry(saved.entry))


@journal.command("delete")
@click.argument("entry_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def journal_delete(entry_id: int, yes: bool) -> None:
    """Delete a check-in."""
    from drawcloser.practice import checkins

    j = open_journal()
    e = checkins.get(j, entry_id)
    _confirm(f"Delete check-in #{e.id} from {e.at:%d %b %Y}?", yes)
    checkins.delete(j, entry_id)
    click.echo(f"Deleted check-in #{entry_id}.")


# -- remember --------------------------------------------------------------------------------

KIND_CHOICE = click.Choice(["he-loved", "i-love", "memory"])


@click.group(cls=_DefaultGroup)
def remember() -> None:
    """Remember who you were: qualities he adored in you (he-loved), qualities you love in
    him (i-love), and memories you share (memory)."""


@remember.command("list")
@click.option("--kind", type=KIND_CHOICE, help="Only this list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def remember_list(kind: str | None, as_json: bool) -> None:
    """Show the three lists."""
    from drawcloser.practice import remember as rem

    found = rem.items(open_journal(), kind)
    if as_json:
        _emit([i.to_dict() for i in found])
        return
    if not found:
        click.echo(messages.REMEMBER_NONE)
        return
    for k, title in rem.KINDS.items():
        mine = [i for i in found if i.kind == k]
        if mine:
            click.echo(click.style(title, bold=True))
            for i in mine:
                click.echo(f"  #{i.id:<4} {i.text}")


@remember.command("add")
@click.argument("kind", type=KIND_CHOICE)
@click.argument("text")
def remember_add(kind: str, text: str) -> None:
    """Add a quality or a memory, e.g.: remember add i-love "how he hums while cooking"."""
    from drawcloser.practice import remember as rem

    item = rem.add(open_journal(), kind, text)
    click.echo(f"Kept #{item.id} under “{item.heading}”.")


@remember.command("edit")
@click.argument("item_id", type=int)
@click.argument("text")
def remember_edit(item_id: int, text: str) -> None:
    """Rewrite an item."""
    from drawcloser.practice import remember as rem

    rem.edit(open_journal(), item_id, text=text)
    click.echo(f"Updated #{item_id}.")


@remember.command("delete")
@click.argument("item_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def remember_delete(item_id: int, yes: bool) -> None:
    """Delete an item."""
    from drawcloser.practice import remember as rem

    j = open_journal()
    found = [i for i in rem.items(j) if i.id == item_id]
    if not found:
        raise BadInput(messages.REMEMBER_UNKNOWN.format(id=item_id))
    _confirm(f"Delete “{found[0].text}”?", yes)
    rem.delete(j, item_id)
    click.echo(f"Deleted #{item_id}.")


# -- actions and today -----------------------------------------------------------------------

NEED_CHOICE = click.Choice(["important", "seen", "valued", "respected", "loved"])
EFFORT_CHOICE = click.Choice(["minute", "ten-minutes", "evening"])


@click.group(cls=_DefaultGroup)
def actions() -> None:
    """The small actions library: list (the default), add your own, hide what doesn't fit."""


@actions.command("list")
@click.option("--need", type=NEED_CHOICE, help="Only actions serving this need.")
@click.option("--effort", type=EFFORT_CHOICE, help="Only actions of this effort.")
@click.option("--hidden", is_flag=True, help="Show only the ones you hid.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def actions_list(need: str | None, effort: str | None, hidden: bool, as_json: bool) -> None:
    """List actions with their key, needs and effort."""
    from drawcloser.practice import actions as act

    found = [
        a for a in act.catalogue(open_journal(), need=need, effort=effort) if a.hidden == hidden
    ]
    if as_json:
        _emit([a.to_dict() for a in found])
        return
    if not found:
        click.echo("No actions match." if not hidden else "You have not hidden any actions.")
    for a in found:
        mark = " (yours)" if a.own else ""
        click.echo(click.style(a.key, bold=True) + f"{mark}  [{', '.join(a.needs)}; {a.effort}]")
        click.echo(f"    {a.text}")


@actions.command("add")
@click.argument("text")
@click.option("--need", "needs", type=NEED_CHOICE, multiple=True, help="A need it serves.")
@click.option("--effort", type=EFFORT_CHOICE, default="minute", show_default=True)
def actions_add(text: str, needs: tuple[str, ...], effort: str) -> None:
    """Add your own action, e.g.: actions add "Leave a note in his lunch" --need loved."""
    from drawcloser.practice import actions as act

    a = act.add_own(open_journal(), text, list(needs), effort)
    click.echo(f"Added {a.key}: {a.text}")


@actions.command("hide")
@click.argument("key")
def actions_hide(key: str) -> None:
    """Never suggest this action."""
    from drawcloser.practice import actions as act

    act.hide(open_journal(), key)
    click.echo(f"Hidden: {key}. (actions unhide {key} brings it back.)")


@actions.command("unhide")
@click.argument("key")
def actions_unhide(key: str) -> None:
    """Suggest this action again."""
    from drawcloser.practice import actions as act

    act.hide(open_journal(), key, hidden=False)
    click.echo(f"Back in the suggestions: {key}.")


@actions.command("delete")
@click.argument("key")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def actions_delete(key: str, yes: bool) -> None:
    """Delete one of your own actions."""
    from drawcloser.practice import actions as act

    j = open_journal()
    found = act.find(j, key)
    _confirm(f"Delete your action “{found.text}”?", yes)
    act.delete_own(j, key)
    click.echo(f"Deleted {key}.")


@click.command()
@click.option("--done", is_flag=True, help="Log today's action as done.")
@click.option("--skip", is_flag=True, help="Log today's action as skipped.")
@click.option("--response", default="", help="With --done: how he responded.")
@click.option("--reaction", type=int, help="With --done: his reaction, -2 … +2.")
@click.option("--another", is_flag=True, help="Suggest a different action for today.")
@click.option("--date", "day", help="Another day than today (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def today(
    done: bool,
    skip: bool,
    response: str,
    reaction: int | None,
    another: bool,
    day: str | None,
    as_json: bool,
) -> None:
    """Today's one small thing, and something to remember."""
    from drawcloser.practice import actions as act
    from drawcloser.practice import remember as rem

    if done and skip:
        raise click.UsageError("Choose --done or --skip, not both.")
    if (response or reaction is not None) and not (done or skip):
        raise click.UsageError("--response and --reaction go with --done (or --skip).")
    j = open_journal()
    when = _day(day)
    suggestion = act.suggest(j, when, another=another)
    if done or skip:
        act.log(
            j,
            "done" if done else "skipped",
            day=when,
            key=suggestion.action.key,
            response=response,
            reaction=reaction,
        )
        suggestion = act.suggest(j, when)
    item = rem.resurface(j, when)
    if as_json:
        _emit({**suggestion.to_dict(), "remember": item.to_dict() if item else None})
        return
    from drawcloser.render_practice import today as render

    click.echo(render(suggestion, item))


# -- progress and review ---------------------------------------------------------------------


@click.command()
@click.option("--weeks", type=click.IntRange(1, 104), default=8, show_default=True)
@click.option("--date", "day", help="As of this day (YYYY-MM-DD), default today.")
@click.option(
    "--chart",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Draw the charts into FILE.png or FILE.svg.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def progress(weeks: int, day: str | None, chart: Path | None, as_json: bool) -> None:
    """Pull : push per week against 5 : 1, warmth and openness, needs, your streak."""
    from drawcloser.practice import progress as prog

    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise BadInput(messages.CHART_FORMAT.format(path=chart))
    p = prog.summary(open_journal(), weeks=weeks, day=_day(day))
    if chart is not None:
        from drawcloser.practice.charts import render

        _write_atomic(chart, render(p, chart.suffix.lower().lstrip(".")))
    if as_json:
        _emit(p.to_dict())
        return
    from drawcloser.render_practice import progress as render_progress

    click.echo(render_progress(p))
    if chart is not None:
        click.echo(f"\nCharts drawn in {chart}.")


@click.command()
@click.option("--date", "day", help="A day in the week to review (default: this week).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def review(day: str | None, as_json: bool) -> None:
    """The weekly review: what went well, the ratio against last week, needs, the moment
    that pulled most."""
    from drawcloser.practice import review as rev

    r = rev.weekly(open_journal(), _day(day))
    if as_json:
        _emit(r.to_dict())
        return
    from drawcloser.render_practice import review as render_review

    click.echo(render_review(r))


# -- export, import, delete-all, lock --------------------------------------------------------


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "wb", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o600)
    Path(tmp.name).replace(path)


FORMATS = {".json": "json", ".zip": "csv", ".csv": "csv", ".md": "markdown"}


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "markdown"]),
    help="json (everything, re-importable), csv (a zip of tables) or markdown (to read). "
    "Default: from the file name, else json.",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE."
)
def export(fmt: str | None, output: Path | None) -> None:
    """Export everything you wrote. The file is not encrypted: keep it somewhere safe."""
    from drawcloser.practice import transfer

    fmt = fmt or (FORMATS.get(output.suffix.lower(), "json") if output else "json")
    data = transfer.EXPORTERS[fmt](open_journal())
    if output is None:
        if fmt == "csv":
            raise click.UsageError("A CSV export is a zip of tables: give --output FILE.zip.")
        click.echo(data.decode("utf-8"), nl=False)
        return
    _write_atomic(output, data)
    click.echo(f"Exported to {output} ({fmt}).", err=True)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Replace everything in your journal (a drawcloser export)."
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--me", help="For a chat export: your name as the chat shows it.")
@click.option(
    "--conversation",
    help="For an SMS backup of several conversations: the one with him (name or number).",
)
def import_(file: Path, replace: bool, yes: bool, me: str | None, conversation: str | None) -> None:
    """Import a drawcloser export (JSON) or a chat export (WhatsApp, Telegram, SMS)."""
    from drawcloser.inputs import open_file
    from drawcloser.practice import transfer

    with open_file(file) as fh:
        head = fh.read(4096)
    if transfer.is_export(head):
        j = open_journal()
        if replace and not transfer.is_empty(j):
            _confirm("Replace everything in your journal with this file?", yes)
        counts = transfer.import_file(j, file, replace=replace)
        click.echo(messages.IMPORT_DONE_COUNTS.format(counts=transfer.describe_counts(counts)))
        return
    from drawcloser.cli_chats import import_chat

    import_chat(file, me, conversation, yes)


@click.command("delete-all")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
def delete_all(yes: bool) -> None:
    """Delete everything: check-ins, remembered items, actions, logs, the lock."""
    from drawcloser.practice import transfer

    j = open_journal()
    if not yes:
        if not _interactive():
            raise BadInput(messages.CONFIRM_NEEDS_YES)
        click.echo(messages.DELETE_ALL_WARNING, err=True)
        typed = click.prompt("Type delete to confirm", default="", show_default=False, err=True)
        if typed.strip().lower() != "delete":
            click.echo("Nothing was deleted.", err=True)
            sys.exit(1)
    transfer.delete_all(j)
    click.echo(messages.DELETE_ALL_DONE)


def _new_passphrase() -> str:
    given = os.environ.get(config.ENV_NEW_PASSPHRASE)
    if given:
        return given
    if not _interactive():
        raise BadInput(messages.LOCK_NEEDS_NEW)
    first = str(click.prompt("New passphrase", hide_input=True, err=True))
    second = str(click.prompt("The same again", hide_input=True, err=True))
    if first != second:
        raise BadInput(messages.LOCK_MISMATCH)
    return first


@click.command("lock")
@click.option("--change", is_flag=True, help="Change the passphrase of a locked journal.")
def lock_cmd(change: bool) -> None:
    """Lock your journal with a passphrase: your text is encrypted at rest."""
    from drawcloser.practice import lock

    j = open_journal()
    if change:
        if not j.locked:
            raise BadInput(messages.LOCK_NOT_LOCKED)
        current = _passphrase()
        lock.change(j, current, _new_passphrase())
        click.echo(messages.LOCK_CHANGED)
        return
    if j.locked:
        raise BadInput(messages.LOCK_ALREADY)
    lock.lock(j, _new_passphrase())
    click.echo(messages.LOCK_DONE)


@click.command("unlock")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def unlock_cmd(yes: bool) -> None:
    """Take the passphrase off: your text is stored unencrypted again."""
    from drawcloser.practice import lock

    j = open_journal()
    if not j.locked:
        raise BadInput(messages.LOCK_NOT_LOCKED)
    _confirm("Remove the passphrase and store your journal unencrypted?", yes)
    lock.unlock(j, _passphrase())
    click.echo(messages.UNLOCK_DONE)


COMMANDS = [
    checkin,
    journal,
    remember,
    actions,
    today,
    progress,
    review,
    export,
    import_,
    lock_cmd,
    unlock_cmd,
    delete_all,
]
