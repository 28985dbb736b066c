"""The frame of the app: home redirect, the PWA files at the root, icons, favicon."""

from __future__ import annotations

import io
import json

from fastapi.testclient import TestClient
from PIL import Image

from drawcloser.web import icons
from drawcloser.web.templating import STATIC, static_version


def test_manifest_makes_the_app_installable(client: TestClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text)
    assert manifest["name"] == "drawcloser" and manifest["short_name"]
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    purposes = set()
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200, icon["src"]
        assert served.headers["content-type"].startswith(icon["type"])
        purposes.add((icon["sizes"], icon["purpose"]))
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(served.content)).size
            assert f"{width}x{height}" == icon["sizes"]
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_pages_link_the_manifest_and_icons(client: TestClient) -> None:
    page = client.get("/check").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'rel="apple-touch-icon"' in page and 'rel="icon"' in page
    assert page.count('name="theme-color"') == 2  # light and dark


def test_service_worker_is_served_from_the_root_with_the_static_version(
    client: TestClient,
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    source = response.text
    assert f'VERSION = "{static_version()}"' in source
    assert "__STATIC_VERSION__" not in source
    # Every cached URL is a static one; nothing under /api or a page is ever put in a cache.
    assert source.count("cache.put(") == 1 and "isStatic(url)" in source
    assert all(line.strip().startswith(('"/static/', "OFFLINE")) for line in _precache(source))


def _precache(source: str) -> list[str]:
    block = source.split("var PRECACHE = [", 1)[1].split("];", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_favicon(client: TestClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).format == "ICO"


def test_committed_icons_are_what_the_drawing_makes() -> None:
    folder = STATIC / "icons"
    assert (folder / "icon.svg").read_text(encoding="utf-8") == icons.svg()
    for name, size in (
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("icon-maskable-512.png", 512),
        ("apple-touch-icon.png", 180),
    ):
        image = Image.open(folder / name)
        assert image.size == (size, size)
    # Maskable icons fill every corner (the launcher cuts the shape); the others are rounded.
    assert Image.open(folder / "icon-maskable-512.png").convert("RGBA").getpixel((0, 0))[3] == 255
    assert Image.open(folder / "icon-512.png").convert("RGBA").getpixel((0, 0))[3] == 0
