"""Domain errors that reach the person: each carries a message from ``messages``."""


class DrawcloserError(Exception):
    """Something she asked for cannot be done; ``str(err)`` says why, in plain words."""

    exit_code = 2


class BadInput(DrawcloserError):
    """Input that cannot be used: empty, binary, not UTF-8, malformed, too large."""


class NotReady(DrawcloserError):
    """A derived file (a trained model) has not been built yet."""
