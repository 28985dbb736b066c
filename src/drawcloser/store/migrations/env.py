"""Alembic runs inside drawcloser: the connection comes from ``Database.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from drawcloser.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    # `alembic revision --autogenerate` during development, against a scratch database.
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///:memory:"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
