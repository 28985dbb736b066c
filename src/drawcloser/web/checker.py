"""The check engine for the web app: loaded once per engine name, shared by every request."""

from __future__ import annotations

import threading
from pathlib import Path

from drawcloser import messages
from drawcloser.coach import engines
from drawcloser.coach.check import ENGINES, CheckInputError, check
from drawcloser.coach.report import Report


class Checker:
    """Runs the message check with the app's default engine or one a request names.

    Engines load lazily (the deep one takes a moment and a few hundred MB), once each,
    under a lock so two first requests do not load the same model twice.
    """

    def __init__(self, default: str, home: Path) -> None:
        if default not in ENGINES:
            raise CheckInputError(
                messages.CHECK_UNKNOWN_ENGINE.format(engine=default, known=", ".join(ENGINES))
            )
        self.default = default
        self.home = home
        self._loaded: dict[str, engines.Engine] = {}
        self._lock = threading.Lock()

    def engine(self, name: str | None = None) -> engines.Engine:
        """The engine called ``name`` (the default when None), loading it on first use.

        Raises CheckInputError with the CLI's message when it cannot run here, and
        ``model.ModelMissing`` when the fast model has not been built.
        """
        name = name or self.default
        if name not in ENGINES:
            raise CheckInputError(
                messages.CHECK_UNKNOWN_ENGINE.format(engine=name, known=", ".join(ENGINES))
            )
        found = self._loaded.get(name)
        if found is not None:
            return found
        with self._lock:
            found = self._loaded.get(name)
            if found is None:
                try:
                    found = engines.get(name, self.home)
                except engines.EngineUnavailable as exc:
                    raise CheckInputError(
                        messages.CHECK_ENGINE_UNAVAILABLE.format(reason=exc)
                    ) from None
                self._loaded[name] = found
        return found

    def loaded(self, name: str | None = None) -> engines.Engine | None:
        """The engine called ``name`` if it is loaded already (never loads it)."""
        return self._loaded.get(name or self.default)

    def check(self, text: str, engine: str | None = None) -> Report:
        return check(text, self.engine(engine))

    def check_many(self, texts: list[str]) -> list[Report]:
        """Many messages with the default engine (check-ins, imported chats)."""
        from drawcloser.coach.check import check_many

        return check_many(texts, self.engine())
