"""Errors as she should see them: JSON ``{"error": ...}`` under /api, a page like the app's
everywhere else. Never a traceback, never a framework's bare "Not Found".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from drawcloser import messages
from drawcloser.coach.check import ENGINES
from drawcloser.web.templating import render

API_PREFIX = "/api/"
MAX_BODY_BYTES = 1024 * 1024  # ample for 20,000 characters, however they are encoded


class WebError(HTTPException):
    """An error whose message is written for her (``detail`` comes from ``messages``)."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(status_code=status_code, detail=message)


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIX) or path == API_PREFIX.rstrip("/")


def error_response(request: Request, status: int, message: str) -> Response:
    if is_api(request.url.path):
        return JSONResponse({"error": message}, status_code=status)
    if status == 404:
        return render(request, "errors/404.html", {"path": request.url.path}, status_code=404)
    return render(
        request, "errors/error.html", {"status": status, "message": message}, status_code=status
    )


def _framework_message(request: Request, status: int) -> str:
    if status == 404:
        return messages.WEB_NOT_FOUND.format(path=request.url.path)
    if status == 405:
        return messages.WEB_METHOD_NOT_ALLOWED.format(path=request.url.path, method=request.method)
    if status == 413:
        return messages.WEB_BODY_TOO_LARGE.format(limit=MAX_BODY_BYTES)
    if status >= 500:
        return messages.WEB_SERVER_ERROR
    return messages.WEB_BAD_REQUEST


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, WebError):
        message = str(exc.detail)
    else:
        message = _framework_message(request, exc.status_code)
    response = error_response(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def validation_message(errors: Sequence[Any], content_type: str | None) -> tuple[int, str]:
    """(status, plain message) for the first thing wrong with a request."""
    if not errors:
        return 422, messages.WEB_BAD_REQUEST
    first = errors[0]
    kind = str(first.get("type", ""))
    loc = tuple(first.get("loc", ()))
    field = ".".join(str(part) for part in loc[1:]) if len(loc) > 1 else ""
    if kind == "json_invalid":
        return 400, messages.WEB_BAD_JSON
    if not field:
        if content_type is not None and "json" not in content_type.lower():
            return 415, messages.WEB_UNSUPPORTED_MEDIA
        return 422, messages.WEB_BODY_NOT_OBJECT
    if kind == "missing":
        return 422, messages.WEB_MISSING_FIELD.format(field=field)
    if kind == "string_type":
        return 422, messages.WEB_FIELD_NOT_TEXT.format(field=field)
    if field == "engine":
        return 422, messages.CHECK_UNKNOWN_ENGINE.format(
            engine=first.get("input"), known=", ".join(ENGINES)
        )
    return 422, messages.WEB_INVALID_FIELD.format(field=field, reason=first.get("msg", ""))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    status, message = validation_message(exc.errors(), request.headers.get("content-type"))
    return error_response(request, status, message)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    # Unexpected exceptions are answered by security.SecurityMiddleware, which sits inside
    # Starlette's last-resort handler, so even a 500 carries the security headers.
