"""The journal's database: SQLite by default, PostgreSQL by URL, always migrated to head.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE``: two processes writing at once then queue instead of failing half-way
with "database is locked". ``secure_delete`` overwrites freed pages, so text she deletes or
locks does not linger in the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from drawcloser import messages
from drawcloser.errors import DrawcloserError
from drawcloser.store.schema import User

MIGRATIONS = Path(__file__).with_name("migrations")
POOL_SIZE = 15  # connections kept open per process (see Database.__init__)
POOL_OVERFLOW = 5  # opened beyond those while busy, then closed: 20 at most
LOCAL_USER = "local"


class StoreError(DrawcloserError):
    """The journal's database cannot be used as it is."""


class Database:
    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise StoreError(messages.DB_BAD_URL.format(url=url)) from None
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.path = Path(parsed.database) if self.is_sqlite and parsed.database else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Connections kept open: the web app's worker threads hold one each while they read
        # or write. With SQLAlchemy's default of 5, a busy server opened and closed a new
        # one (a PostgreSQL backend; a SQLite file and its pragmas) for most requests beyond
        # the fifth. 20 per process at most: PostgreSQL's default of 100 allows 4 workers.
        kwargs: dict[str, Any] = {}
        if not self.is_sqlite or self.path is not None:  # not an in-memory SQLite
            kwargs.update(pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(messages.DB_BAD_URL.format(url=f"{url} ({exc})")) from None
        if self.is_sqlite:
            _sqlite_pragmas(self.engine)
        self._writer = self.engine.execution_options(drawcloser_write=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that writes: all of it lands, or none of it."""
        with (
            _errors(self),
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with (
            _errors(self),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def migrate(self) -> None:
        """Bring the schema to this version's head; refuse a database from a newer one."""
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        scripts = ScriptDirectory.from_config(cfg)
        head = scripts.get_current_head()
        with _errors(self), self._writer.begin() as conn:
            if not self.is_sqlite:
                # Two workers starting at once on an empty database must not both migrate.
                conn.execute(text("SELECT pg_advisory_xact_lock(74201)"))
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return
            if current is not None and not _known(scripts, current):
                raise StoreError(messages.DB_NEWER.format(revision=current))
            from alembic import command

            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def local_owner(self) -> int:
        """The one person of local mode, created on first use."""
        with self.write() as s:
            if not self.is_sqlite:
                # Two processes opening a new journal at once must not both create her
                # (SQLite's write lock already serialises them).
                s.execute(text("SELECT pg_advisory_xact_lock(74202)"))
            found = s.scalar(select(User.id).where(User.name == LOCAL_USER))
            if found is not None:
                return found
            user = User(name=LOCAL_USER, created_at=datetime.now())
            s.add(user)
            s.flush()
            return user.id

    def compact(self) -> None:
        """Give freed space back and fold the write-ahead log into the file."""
        if self.is_sqlite:
            with _errors(self), self.engine.connect() as conn:
                # Straight to the driver: SQLAlchemy would wrap VACUUM in a transaction.
                raw = conn.connection.dbapi_connection
                assert raw is not None
                raw.execute("VACUUM")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            with _errors(self), self.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                conn.exec_driver_sql("VACUUM")

    def dispose(self) -> None:
        self.engine.dispose()


def _known(scripts: Any, revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the driver so BEGIN IMMEDIATE can be issued.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA secure_delete=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("drawcloser_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def _errors(db: Database) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        raise StoreError(
            messages.DB_UNAVAILABLE.format(where=_where(db), reason=_first_line(exc))
        ) from None
    except SQLAlchemyError as exc:
        if isinstance(exc.__cause__, DrawcloserError):
            raise exc.__cause__ from None
        raise


def _where(db: Database) -> str:
    if db.path is not None:
        return str(db.path)
    return make_url(db.url).render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def open_database(url: str) -> Database:
    db = Database(url)
    db.migrate()
    if db.path is not None:
        os.chmod(db.path, 0o600)
    return db
