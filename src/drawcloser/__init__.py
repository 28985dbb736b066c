"""drawcloser: a private coach for drawing a distant partner closer."""

__version__ = "0.1.0"
