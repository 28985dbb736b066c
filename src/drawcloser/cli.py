"""The command line: one entry point, thin over the library.

Every domain error ends here, in ``main``: its message goes to stderr as one line and the
process exits 2. Nothing below prints a traceback at her.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

import click

from drawcloser import __version__, config, messages
from drawcloser.errors import BadInput, DrawcloserError, NotReady

ENGINE_CHOICES = ("auto", "fast", "deep")


def main() -> None:
    try:
        cli.main()
    except BrokenPipeError:
        sys.exit(0)


class _Group(click.Group):
    """The one exit point for domain errors: a one-line reason on stderr, exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DrawcloserError as exc:
            click.echo(f"drawcloser: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="drawcloser")
def cli() -> None:
    """drawcloser: a private coach for drawing a distant partner closer.

    Nothing you write leaves this machine.
    """


def _settings() -> config.Settings:
    settings = config.load()
    if settings.help_file is not None:
        from drawcloser.coach.safety import ResourcesFileError, use_resources

        try:
            use_resources(settings.help_file)
        except ResourcesFileError as exc:
            raise BadInput(messages.HELP_FILE_INVALID.format(reason=exc)) from None
    return settings


@cli.command()
@click.argument("text", required=False)
@click.option(
    "--batch",
    "batch",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Check one message per line of FILE (plain text, or JSON Lines with a "
    '"text" field; - for stdin) and write one JSON report per line.',
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="With --batch: write the reports to this file (atomically) instead of stdout.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--log",
    "log_sent",
    is_flag=True,
    help="Record it in your journal as a message you sent (it counts in your pull : push ratio).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINE_CHOICES),
    default=None,
    help="Which engine checks the text (default: auto, or $DRAWCLOSER_ENGINE).",
)
def check(
    text: str | None,
    batch: Path | None,
    output: Path | None,
    as_json: bool,
    log_sent: bool,
    engine: str | None,
) -> None:
    """Check a message before you send it.

    TEXT is the message; use - to read it from stdin. Shows what pushes and what pulls,
    the words that do it, what he may hear, and gentler ways to say it.
    """
    settings = _settings()
    engine = engine or settings.engine
    from drawcloser.inputs import checked_text, decode

    if batch is not None:
        if text is not None:
            raise click.UsageError("Give either TEXT or --batch FILE, not both.")
        if log_sent:
            raise click.UsageError("--log records one message; it does not go with --batch.")
        _check_batch(batch, output, engine)
        return
    if output is not None:
        raise click.UsageError("--output goes with --batch.")
    if text is None:
        raise click.UsageError(
            'Give the message to check, e.g. drawcloser check "..." (or - to read stdin).'
        )
    if text == "-":
        text = decode(sys.stdin.buffer.read(), "stdin")
    report = _run_check([checked_text(text)], engine)[0]
    if log_sent:
        from drawcloser.cli_practice import open_journal
        from drawcloser.practice.sent import log_sent as record

        record(open_journal(), report)
        click.echo("Recorded in your journal as a message you sent.", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        from drawcloser.render import render_report

        click.echo(render_report(report))


def _run_check(texts: list[str], engine: str, progress: Any = None) -> list[Any]:
    from drawcloser.coach.check import CheckInputError, check_many
    from drawcloser.coach.model import ModelMissing

    try:
        return check_many(texts, engine, progress)
    except ModelMissing:
        raise NotReady(messages.MODEL_MISSING) from None
    except CheckInputError as exc:
        raise BadInput(str(exc)) from None


def _check_batch(path: Path, output: Path | None, engine: str) -> None:
    from drawcloser.inputs import batch_lines, open_file

    if str(path) == "-":
        import io

        data = sys.stdin.buffer.read()
        where = "stdin"
        texts = list(batch_lines(io.BytesIO(data), where))
    else:
        where = str(path)
        with open_file(path) as fh:
            texts = list(batch_lines(fh, where))  # validate everything before writing
    if output is None:
        _write_reports(texts, engine, sys.stdout)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=output.parent, prefix=f".{output.name}.", delete=False
    ) as tmp:
        try:
            _write_reports(texts, engine, tmp)
        except BaseException:
            Path(tmp.name).unlink(missing_ok=True)
            raise
    Path(tmp.name).replace(output)


def _write_reports(texts: list[str], engine: str, out: TextIO) -> None:
    chunk = 2048
    show = sys.stderr.isatty()
    with click.progressbar(
        length=len(texts), label="Checking", file=sys.stderr, hidden=not show
    ) as bar:
        for begin in range(0, len(texts), chunk):
            reports = _run_check(texts[begin : begin + chunk], engine, bar.update)
            out.write("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in reports))


@cli.command()
def labels() -> None:
    """List the labels of the check: what each means, what he may hear, what to do instead."""
    from drawcloser.coach.taxonomy import taxonomy

    for label in taxonomy().labels.values():
        colour = {"push": "red", "pull": "green"}.get(label.polarity, "white")
        click.echo(click.style(f"{label.name} ({label.polarity})", fg=colour, bold=True))
        click.echo(f"  {label.definition}")
        click.echo(f"  He may hear: {label.hears}")
        click.echo(f"  Principle: {label.principle.text}")
        if label.antidote_hint:
            click.echo(f"  Instead ({label.antidote}): {label.antidote_hint}")
        if label.why and label.polarity == "pull":
            click.echo(f"  Why it works: {label.why}")
        click.echo()


@cli.group()
def model() -> None:
    """Build, inspect and evaluate the check's trained model."""


@model.command("build")
@click.option(
    "--engine",
    type=click.Choice(["all", "fast", "deep"]),
    default="all",
    show_default=True,
    help="Which engine to build.",
)
def model_build(engine: str) -> None:
    """Build the engines from the corpus (needs the build dependencies: `make model`)."""
    if engine in ("all", "fast"):
        try:
            from drawcloser.coach import training
        except ImportError:
            raise NotReady("Building the model needs scikit-learn: run `make model`.") from None
        click.echo("Training the fast engine on the corpus ...", err=True)
        built = training.build()
        click.echo(
            f"Fast engine: {built.meta['train_items']} examples (corpus {built.meta['corpus']})."
        )
        from drawcloser.coach import safety_model

        screen = safety_model.load()
        if screen is not None:
            click.echo(
                f"Learned safety screen: {screen.meta['train_cases']} cases, threshold "
                f"{screen.threshold} (dev: {screen.meta['dev']})."
            )
    if engine in ("all", "deep"):
        from drawcloser.coach import deep_build

        settings = config.load()
        try:
            meta = deep_build.build(settings.home, say=lambda m: click.echo(m, err=True))
        except deep_build.BuildError as exc:
            raise NotReady(f"The deep engine could not be built: {exc}") from None
        except ImportError as exc:
            raise NotReady(
                f"Building the deep engine needs torch and transformers "
                f"(`make model` installs them): {exc}"
            ) from None
        click.echo(
            f"Deep engine: fine-tuned {meta['model']} built in "
            f"{settings.home / 'models'} (ONNX cosine {meta['onnx_min_cosine']}; "
            f"ships {meta['precision']}, dev macro-F1 fp32 {meta['dev_fp32']['macro_f1']} / "
            f"int8 {meta['dev_int8']['macro_f1']})."
        )


@model.command("status")
def model_status() -> None:
    """Say which engine is active and why."""
    from drawcloser.coach import engines
    from drawcloser.coach import model as fast_model

    try:
        m = fast_model.load()
    except fast_model.ModelMissing:
        click.echo("Active engine: none. The fast engine's model is not built yet.")
        click.echo("Build it with `make model` (or `drawcloser model build`).")
        sys.exit(2)
    settings = config.load()
    active, why = engines.status(settings.home)
    click.echo(f"Active engine (auto): {active}, because {why}.")
    click.echo(
        f"Fast engine: {fast_model.model_path()}, built {m.meta.get('built')} from "
        f"corpus {m.meta.get('corpus')} ({m.meta.get('train_items')} examples)."
    )
    from drawcloser.coach import safety_model

    screen = safety_model.load()
    if screen is None:
        click.echo("Safety screen: patterns only (the learned screen is not built).")
    else:
        click.echo(
            f"Safety screen: patterns and a learned model (built {screen.meta.get('built')}, "
            f"threshold {screen.threshold})."
        )
    if active == "deep":
        from drawcloser.coach import deep

        _, heads = deep.load(settings.home)
        click.echo(
            f"Deep engine: fine-tuned {heads.meta.get('model')}, built "
            f"{heads.meta.get('built')}, weights SHA-256 "
            f"{str(heads.meta.get('weights_sha256'))[:16]}..., "
            f"graph {heads.meta.get('precision', 'fp32')}."
        )


@model.command("eval")
@click.option("--split", type=click.Choice(["test", "dev"]), default="test", show_default=True)
@click.option(
    "--goemotions",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the GoEmotions test split (emotions.txt, test.tsv).",
)
@click.option(
    "--safety-cases",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    multiple=True,
    help="JSON Lines of safety screen cases (text, safety, kind).",
)
def model_eval(split: str, goemotions: Path | None, safety_cases: tuple[Path, ...]) -> None:
    """Print precision, recall, F1 and confusion matrices on a held-out split, per engine."""
    from drawcloser.coach import corpus, engines
    from drawcloser.coach.evaluate import (
        false_alarm_rate,
        format_scores,
        goemotions_warm,
        score_items,
    )

    settings = config.load()
    names = ["fast"] + (["deep"] if engines.status(settings.home)[0] == "deep" else [])
    items = corpus.evaluation_items(split)  # type: ignore[arg-type]
    warm = goemotions_warm(goemotions) if goemotions is not None else []
    for name in names:
        engine = engines.get(name, settings.home)
        click.echo(format_scores(f"{name} engine, {split} split", score_items(items, engine)))
        if warm:
            rate, _ = false_alarm_rate(warm, engine)
            click.echo(
                f"GoEmotions test comments whose only emotions are warm ({len(warm)}), "
                f"flagged as push: {rate:.1%}"
            )
        click.echo("")
    if len(names) == 1:
        click.echo("(The deep engine is not built, so only the fast engine was evaluated.)")
    from drawcloser.coach import safety_model
    from drawcloser.coach.evaluate import safety_scores

    learned = safety_model.load() is not None
    for path in safety_cases:
        click.echo(f"== safety screen, {path.name} ==")
        for label, with_model in (("patterns alone", False), ("patterns + learned", True)):
            if with_model and not learned:
                click.echo("(the learned screen is not built: `make model` builds it)")
                continue
            caught, positives, flagged, negatives, _ = safety_scores(path, learned=with_model)
            click.echo(
                f"{label:>19}: danger recognised {caught}/{positives} "
                f"({caught / max(positives, 1):.1%})   "
                f"false alarms {flagged}/{negatives} ({flagged / max(negatives, 1):.1%})"
            )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--server",
    "server_mode",
    is_flag=True,
    help="Server mode: accounts, for hosting behind a TLS reverse proxy (see docs/web.md).",
)
@click.option("--workers", default=1, show_default=True, type=int, help="Worker processes.")
def serve(host: str, port: int, server_mode: bool, workers: int) -> None:
    """Start the web app (http://127.0.0.1:8000 by default; local mode, one person)."""
    _settings()
    from drawcloser.web.server import serve as run

    run(host, port, server_mode=server_mode, workers=workers)


def _register_practice() -> None:
    from drawcloser import cli_chats, cli_practice

    for command in [*cli_practice.COMMANDS, *cli_chats.COMMANDS]:
        cli.add_command(command)


_register_practice()
