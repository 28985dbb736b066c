"""Settings from environment variables, with sensible defaults.

DRAWCLOSER_HOME        where drawcloser keeps its data (default: the user data dir)
DRAWCLOSER_ENGINE      the default engine for the check: auto (default) or fast
DRAWCLOSER_HELP_FILE   a TOML file of help resources shown by the safety screen
                       (default: HOME/help.toml if it exists, else built-in resources)
DRAWCLOSER_DATABASE_URL  where the journal lives: a SQLAlchemy URL such as
                       postgresql+psycopg://user@host/db (default: SQLite file HOME/journal.db)
DRAWCLOSER_PASSPHRASE  the journal's passphrase, for scripts (a terminal is asked instead)
DRAWCLOSER_NEW_PASSPHRASE  the new passphrase for `lock`, for scripts
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_HOME = "DRAWCLOSER_HOME"
ENV_ENGINE = "DRAWCLOSER_ENGINE"
ENV_HELP_FILE = "DRAWCLOSER_HELP_FILE"
ENV_DATABASE_URL = "DRAWCLOSER_DATABASE_URL"
ENV_PASSPHRASE = "DRAWCLOSER_PASSPHRASE"
ENV_NEW_PASSPHRASE = "DRAWCLOSER_NEW_PASSPHRASE"
SETTINGS = (
    ENV_HOME,
    ENV_ENGINE,
    ENV_HELP_FILE,
    ENV_DATABASE_URL,
    ENV_PASSPHRASE,
    ENV_NEW_PASSPHRASE,
)


@dataclass(frozen=True)
class Settings:
    home: Path
    engine: str
    help_file: Path | None
    database_url: str = ""

    @property
    def journal_url(self) -> str:
        """The journal's database: the configured URL, else a SQLite file in the home."""
        return self.database_url or f"sqlite:///{self.home / 'journal.db'}"


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
    return Settings(
        home,
        os.environ.get(ENV_ENGINE) or "auto",
        help_file,
        os.environ.get(ENV_DATABASE_URL, "").strip(),
    )
