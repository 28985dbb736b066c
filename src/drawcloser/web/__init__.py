"""The web app: server-rendered pages (Jinja2 + HTMX) and the JSON API under /api/v1.

``drawcloser.web.app.create_app`` builds the FastAPI application; ``drawcloser.web.server.serve``
runs it with uvicorn. Importing this package imports neither.
"""

import os

# One BLAS thread per process, set before numpy loads. A server answers many small requests
# at once: OpenBLAS's own threads gain nothing on a one-message check, and they spin after
# each one, taking the CPU the other requests (and the other workers) need. Measured with
# benchmarks/bench_web.py: the Today page 70 -> 259 requests/s with 2 workers (BENCHMARKS.md).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
