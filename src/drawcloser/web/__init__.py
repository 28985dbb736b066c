"""The web app: server-rendered pages (Jinja2 + HTMX) and the JSON API under /api/v1.

``drawcloser.web.app.create_app`` builds the FastAPI application; ``drawcloser.web.server.serve``
runs it with uvicorn. Importing this package imports neither.
"""
