"""Every command and setting is documented (docs/cli.md), and the README shows the two commands."""

from pathlib import Path

import click

from drawcloser import config
from drawcloser.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _commands(group: click.Group, prefix: str = "drawcloser") -> list[str]:
    out = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(_commands(command, path))
    return out


def test_every_command_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    missing = [c for c in _commands(cli) if c not in doc]
    assert not missing, f"undocumented commands: {missing}"


def _all(group: click.Group) -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        out.append((name, command))
        if isinstance(command, click.Group):
            out.extend((f"{name} {n}", c) for n, c in _all(command))
    return out


def test_every_option_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    ctx = click.Context(cli)
    for name, command in _all(cli):
        for param in command.get_params(ctx):
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in doc, f"{name} {opt} is not in docs/cli.md"


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    for setting in config.SETTINGS:
        assert setting in doc


def test_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
