"""Draws the app's icons: an SVG and PNGs from the same geometry.

Two soft circles drawing closer on a warm tile. Run ``python -m drawcloser.web.icons``
after changing the drawing; the results are committed under static/icons/.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent / "static" / "icons"

TILE = (180, 85, 63)  # #b4553f
CREAM = (255, 246, 236)  # #fff6ec
CREAM_ALPHA = 0.72
# On a 64-unit tile: corner radius and the two circles (cx, cy, r).
RADIUS = 15.0
CIRCLES = ((26.0, 35.5, 13.5), (39.5, 28.0, 10.5))


def svg() -> str:
    circles = "".join(
        f'<circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="#fff6ec" fill-opacity="{CREAM_ALPHA:g}"/>'
        for cx, cy, r in CIRCLES
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<rect width="64" height="64" rx="{RADIUS:g}" fill="#b4553f"/>{circles}</svg>\n'
    )


def png(size: int, *, maskable: bool = False) -> Image.Image:
    """The icon at ``size`` pixels. Maskable icons fill the square (the launcher cuts the
    shape) and keep the circles inside the central safe zone."""
    scale = 4  # draw large, then shrink: smooth edges without an SVG renderer
    big = size * scale
    unit = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=(*TILE, 255))
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=RADIUS * unit, fill=(*TILE, 255))
    shrink = 0.8 if maskable else 1.0  # the safe zone is the central 80 %
    for cx, cy, r in CIRCLES:
        layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
        x = (32 + (cx - 32) * shrink) * unit
        y = (32 + (cy - 32) * shrink) * unit
        rr = r * shrink * unit
        ImageDraw.Draw(layer).ellipse(
            (x - rr, y - rr, x + rr, y + rr), fill=(*CREAM, round(255 * CREAM_ALPHA))
        )
        image = Image.alpha_composite(image, layer)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def build(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "icon.svg"]
    written[0].write_text(svg(), encoding="utf-8")
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
        ("apple-touch-icon.png", 180, True),  # iOS rounds the corners itself
    ):
        path = out / name
        png(size, maskable=maskable).save(path, optimize=True)
        written.append(path)
    ico = out / "favicon.ico"
    png(64).save(ico, sizes=[(16, 16), (32, 32), (48, 48)])
    written.append(ico)
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
