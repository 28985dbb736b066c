"""The app factory: settings it takes, settings it refuses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from drawcloser import config, messages
from drawcloser.coach.safety import use_resources
from drawcloser.errors import BadInput
from drawcloser.web.app import create_app
from tests.web.conftest import BASE, with_csrf

UNSAFE = "He hit me last night and I am scared to go home."


@pytest.fixture
def restore_help() -> Iterator[None]:
    yield
    use_resources(None)  # the resources are process-wide: leave the built-in list behind


def test_an_unknown_engine_is_refused_plainly(home: Path) -> None:
    with pytest.raises(BadInput) as caught:
        create_app(config.Settings(home=home, engine="turbo", help_file=None))
    assert str(caught.value) == messages.CHECK_UNKNOWN_ENGINE.format(
        engine="turbo", known="auto, fast, deep"
    )


def test_the_engine_argument_wins_over_the_setting(home: Path) -> None:
    app = create_app(config.Settings(home=home, engine="deep", help_file=None), engine="fast")
    assert app.state.checker.default == "fast"
    assert create_app(config.Settings(home, "fast", None)).state.checker.default == "fast"


def test_an_unusable_help_file_is_refused(home: Path, tmp_path: Path, restore_help: None) -> None:
    broken = tmp_path / "help.toml"
    broken.write_text("[[resource]]\nname = 'no contact'\n", encoding="utf-8")
    with pytest.raises(BadInput, match="help-resources file"):
        create_app(config.Settings(home=home, engine="fast", help_file=broken))


def test_her_own_help_file_is_what_the_safety_section_shows(
    home: Path, tmp_path: Path, restore_help: None
) -> None:
    custom = tmp_path / "help.toml"
    custom.write_text(
        '[[resource]]\nname = "Riverside women\'s centre"\ncontact = "0100 000 000"\n',
        encoding="utf-8",
    )
    app = create_app(config.Settings(home=home, engine="fast", help_file=custom))
    with TestClient(app, base_url=BASE) as plain:
        client = with_csrf(plain)
        page = client.post("/check/result", data={"text": UNSAFE}).text
        assert "Riverside women&#39;s centre" in page and "0100 000 000" in page
        data = client.post("/api/v1/check", json={"text": UNSAFE}).json()
        assert [r["name"] for r in data["safety"]["resources"]] == ["Riverside women's centre"]
