"""Settings from environment variables, with sensible defaults.

DRAWCLOSER_HOME        where drawcloser keeps its data (default: the user data dir)
DRAWCLOSER_ENGINE      the default engine for the check: auto (default) or fast
DRAWCLOSER_HELP_FILE   a TOML file of help resources shown by the safety screen
                       (default: HOME/help.toml if it exists, else built-in resources)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_HOME = "DRAWCLOSER_HOME"
ENV_ENGINE = "DRAWCLOSER_ENGINE"
ENV_HELP_FILE = "DRAWCLOSER_HELP_FILE"
SETTINGS = (ENV_HOME, ENV_ENGINE, ENV_HELP_FILE)


@dataclass(frozen=True)
class Settings:
    home: Path
    engine: str
    help_file: Path | None


def data_home() -> Path:
    if os.environ.get(ENV_HOME):
        return Path(os.environ[ENV_HOME]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("drawcloser", appauthor=False))


def load() -> Settings:
    home = data_home()
    help_file: Path | None = None
    if os.environ.get(ENV_HELP_FILE):
        help_file = Path(os.environ[ENV_HELP_FILE]).expanduser()
    elif (home / "help.toml").is_file():
        help_file = home / "help.toml"
    return Settings(home, os.environ.get(ENV_ENGINE) or "auto", help_file)
