"""The check page, its HTMX results and the JSON API, in-process over ASGI."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from drawcloser import config, messages
from drawcloser.coach import engines
from drawcloser.coach.check import MAX_CHARS, check
from drawcloser.coach.model import ModelMissing
from drawcloser.web import check_routes, nav
from drawcloser.web.api_models import ReportOut
from drawcloser.web.app import create_app
from tests.web.conftest import BASE, marks, message_text, with_csrf

PUSH = "Why are you doing this to me? We need to talk tonight."
MIXED = (
    "I really appreciate you fixing the sink. But why are you always on your phone "
    "when I talk to you?"
)
NEUTRAL = "I will pick up the kids at five."
UNSAFE = "He hit me last night and I am scared to go home."


def esc(text: str) -> str:
    """As the templates write it."""
    return str(escape(text))


def result(client: TestClient, text: str) -> Any:
    return client.post("/check/result", data={"text": text})


# ---- the page ------------------------------------------------------------------------------


def test_check_page_has_a_labelled_box_and_says_what_it_does(client: TestClient) -> None:
    page = client.get("/check")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    body = page.text
    assert '<label class="field-label" for="message">' in body
    assert 'id="message" name="text"' in body and 'aria-describedby="message-help"' in body
    assert "How it works" in body and "Tap a marked phrase" in body
    # The form works without JavaScript; HTMX posts to the partial as she types.
    assert 'method="post" action="/check"' in body
    assert 'hx-post="/check/result"' in body and "delay:400ms" in body
    assert 'aria-current="page"' in body.split('href="/check"', 1)[1][:40]


def test_tab_bar_links_every_place(client: TestClient) -> None:
    body = client.get("/check").text
    for path in ("/today", "/check", "/journal", "/remember", "/progress", "/settings"):
        assert f'href="{path}"' in body


def test_partial_marks_pushing_words_red_and_pulling_words_green(client: TestClient) -> None:
    response = result(client, MIXED)
    assert response.status_code == 200
    found = marks(response.text)
    assert ("pull", "I really appreciate") in found
    assert any(kind == "push" and "always" in words for kind, words in found)
    assert "<html" not in response.text  # a fragment, not a page
    assert 'id="check-status" hx-swap-oob="innerHTML"' in response.text


def test_marked_pieces_rebuild_the_message_exactly(client: TestClient) -> None:
    text = "Thank you for dinner.\n\nBut you NEVER listen & it's <always> the same!!"
    assert message_text(result(client, text).text) == text


def test_every_highlight_explains_what_he_may_hear_and_the_principle(
    client: TestClient,
) -> None:
    body = result(client, PUSH).text
    report = check(PUSH, "fast")
    for i, finding in enumerate(report.findings):
        panel = body.split(f'id="explain-{i}"', 1)[1].split("</div>", 1)[0]
        assert "He may hear" in panel and "The principle" in panel
        assert esc(finding.principle) in panel and esc(finding.hears) in panel
    assert 'data-explain="explain-0"' in body


def test_push_findings_offer_one_to_three_alternatives_to_copy(client: TestClient) -> None:
    body = result(client, PUSH).text
    report = check(PUSH, "fast")
    pushes = [(i, f) for i, f in enumerate(report.findings) if f.polarity == "push"]
    assert pushes
    for i, finding in pushes:
        card = body.split(f'id="finding-{i}"', 1)[1].split("</article>", 1)[0]
        shown = card.count('class="alt-text"')
        assert 1 <= shown <= 3
        assert card.count('class="button button-quiet copy"') == shown
        assert esc(finding.alternatives[0]) in card


def test_the_verdict_is_in_plain_words(client: TestClient) -> None:
    assert "This may push him away" in result(client, PUSH).text
    assert "Warm, with some push" in result(client, MIXED).text
    assert "Plain and easy to hear" in result(client, NEUTRAL).text


def test_her_words_are_escaped(client: TestClient) -> None:
    text = '<script>alert("x")</script> you never <b>listen</b> & "why"'
    body = result(client, text).text
    assert "<script>alert" not in body and "<b>listen" not in body
    assert "&lt;script&gt;" in body
    assert message_text(body) == text


def test_safety_replaces_coaching(client: TestClient) -> None:
    body = result(client, UNSAFE).text
    report = check(UNSAFE, "fast")
    assert report.safety is not None
    assert "Your safety comes first" in body
    for resource in report.safety.resources:
        assert esc(resource.name) in body and esc(resource.contact) in body
    assert 'class="alt-text"' not in body and "mark mark-" not in body
    assert "Gentler ways to say it" not in body
    assert messages.CHECK_SAFETY_PAUSES_COACHING in body


def test_empty_box_shows_the_introduction_again(client: TestClient) -> None:
    response = result(client, "   \n ")
    assert response.status_code == 200
    assert "How it works" in response.text


def test_too_long_says_so_with_413(client: TestClient) -> None:
    response = result(client, "a" * (MAX_CHARS + 1))
    assert response.status_code == 413
    expected = messages.CHECK_TOO_LONG.format(limit=MAX_CHARS, size=MAX_CHARS + 1)
    assert expected in response.text


def test_line_breaks_from_the_form_are_hers(client: TestClient) -> None:
    body = result(client, "Thank you.\r\nYou never call.").text
    assert message_text(body) == "Thank you.\nYou never call."


def test_form_post_without_javascript_returns_the_whole_page(client: TestClient) -> None:
    response = client.post("/check", data={"text": PUSH})
    assert response.status_code == 200
    body = response.text
    assert body.startswith("<!doctype html>") and 'class="tabs"' in body
    assert f">{esc(PUSH)}</textarea>" in body
    assert marks(body) and "This may push him away" in body
    assert "hx-swap-oob" not in body


def test_form_post_of_nothing_says_the_message_is_empty(client: TestClient) -> None:
    response = client.post("/check", data={"text": ""})
    assert response.status_code == 422
    assert messages.CHECK_EMPTY in response.text and "<textarea" in response.text


# ---- the API -------------------------------------------------------------------------------


def test_api_returns_the_report_as_the_cli_does(client: TestClient) -> None:
    response = client.post("/api/v1/check", json={"text": MIXED})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == check(MIXED, "fast").to_dict()


def test_api_long_message_is_checked_in_a_thread_the_same(client: TestClient) -> None:
    # Short messages are checked on the event loop, long ones in a worker thread.
    long = " ".join([MIXED] * (check_routes.INLINE_CHARS // len(MIXED) + 1))
    assert len(long) > check_routes.INLINE_CHARS >= len(MIXED)
    for text in (MIXED, long):
        response = client.post("/api/v1/check", json={"text": text})
        assert response.status_code == 200
        assert response.json() == check(text, "fast").to_dict()
    checker = client.app.state.checker  # type: ignore[attr-defined]
    assert check_routes._inline(checker, MIXED, None)
    assert not check_routes._inline(checker, long, None)


def test_api_takes_an_engine(client: TestClient) -> None:
    response = client.post("/api/v1/check", json={"text": PUSH, "engine": "fast"})
    assert response.status_code == 200 and response.json()["engine"] == "fast"


def test_api_safety_has_no_alternatives(client: TestClient) -> None:
    data = client.post("/api/v1/check", json={"text": UNSAFE}).json()
    assert data["safety"]["resources"]
    assert all(not f["alternatives"] for f in data["findings"])


def _fields(model: Any) -> set[str]:
    return set(model.model_fields)


def test_the_response_model_keeps_every_field_of_the_report(client: TestClient) -> None:
    data = client.post("/api/v1/check", json={"text": MIXED}).json()
    assert set(data) == _fields(ReportOut)
    assert ReportOut.model_validate(data).model_dump() == data


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ('{"text": ""}', "application/json", 422, messages.CHECK_EMPTY),
        ('{"text": " \\n "}', "application/json", 422, messages.CHECK_EMPTY),
        ('{"text": "hi\\u0000there"}', "application/json", 422, messages.CHECK_BINARY),
        ('{"text": 5}', "application/json", 422,
         messages.WEB_FIELD_NOT_TEXT.format(field="text")),
        ("{}", "application/json", 422, messages.WEB_MISSING_FIELD.format(field="text")),
        ("[1, 2]", "application/json", 422, messages.WEB_BODY_NOT_OBJECT),
        ("not json", "application/json", 400, messages.WEB_BAD_JSON),
        ('{"text": "hi"', "application/json", 400, messages.WEB_BAD_JSON),
        ('{"text": "hi"}', "text/plain", 415, messages.WEB_UNSUPPORTED_MEDIA),
        ('{"text": "hi", "engine": "turbo"}', "application/json", 422,
         messages.CHECK_UNKNOWN_ENGINE.format(engine="turbo", known="auto, fast, deep")),
    ],
)  # fmt: skip
def test_api_errors_are_json_with_a_clear_message(
    client: TestClient, body: str, content_type: str, status: int, message: str
) -> None:
    response = client.post(
        "/api/v1/check", content=body.encode(), headers={"Content-Type": content_type}
    )
    assert response.status_code == status
    assert response.json() == {"error": message}


def test_api_binary_body_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/v1/check", content=b"\xff\xfe\x00\x01", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"error": messages.WEB_BAD_JSON}


def test_api_too_long_is_413_with_the_cli_message(client: TestClient) -> None:
    text = "é" * (MAX_CHARS + 5)
    response = client.post("/api/v1/check", json={"text": text})
    assert response.status_code == 413
    assert response.json() == {
        "error": messages.CHECK_TOO_LONG.format(limit=MAX_CHARS, size=MAX_CHARS + 5)
    }


def test_api_huge_body_is_refused_before_it_is_read(client: TestClient) -> None:
    from drawcloser.web.errors import MAX_BODY_BYTES

    body = b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}'
    response = client.post(
        "/api/v1/check", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json() == {"error": messages.WEB_BODY_TOO_LARGE.format(limit=MAX_BODY_BYTES)}


def test_api_deep_engine_not_built_is_422(client: TestClient) -> None:
    # The session's home is a fresh temp dir: the deep engine is never built there.
    response = client.post("/api/v1/check", json={"text": PUSH, "engine": "deep"})
    assert response.status_code == 422
    assert response.json()["error"].startswith(messages.CHECK_ENGINE_UNAVAILABLE.split("{", 1)[0])


def test_model_missing_is_503_with_what_to_do(
    settings: config.Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(*_: object, **__: object) -> engines.Engine:
        raise ModelMissing("no model")

    monkeypatch.setattr(engines, "get", missing)
    with TestClient(create_app(settings, engine="fast"), base_url=BASE) as plain:
        fresh = with_csrf(plain)
        api = fresh.post("/api/v1/check", json={"text": PUSH})
        assert api.status_code == 503
        assert api.json() == {"error": messages.MODEL_MISSING}
        page = fresh.post("/check/result", data={"text": PUSH})
        assert page.status_code == 503 and esc(messages.MODEL_MISSING) in page.text
        assert fresh.get("/check").status_code == 200  # the page still opens


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": messages.WEB_NOT_FOUND.format(path="/api/v1/nothing-here")}


def test_wrong_method_on_the_api_is_json_405(client: TestClient) -> None:
    response = client.get("/api/v1/check")
    assert response.status_code == 405
    assert response.json() == {
        "error": messages.WEB_METHOD_NOT_ALLOWED.format(path="/api/v1/check", method="GET")
    }


# ---- errors as pages ------------------------------------------------------------------------


def test_unknown_page_is_a_friendly_404_that_looks_like_the_app(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    body = response.text
    assert "This page isn’t here" in body and 'class="tabs"' in body
    assert "/no/such/page" in body and 'href="/check"' in body


def test_every_place_in_the_tab_bar_is_a_page(client: TestClient) -> None:
    for path, place in nav.PLACES.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'href="{place.under or path}" aria-current="page"' in response.text, path


def test_openapi_lists_the_api_and_not_the_pages(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/check" in spec["paths"]
    assert all(path.startswith("/api/") for path in spec["paths"])
    responses = spec["paths"]["/api/v1/check"]["post"]["responses"]
    assert {"200", "400", "413", "415", "422", "503"} <= set(responses)


def test_docs_use_the_vendored_swagger_ui(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js?v=" in response.text
    assert "/static/vendor/swagger-ui/swagger-ui.css?v=" in response.text
    assert 'data-spec="/openapi.json"' in response.text
    assert client.get("/redoc").status_code == 404
