"""Draw the app icon (resources/icons/tsunagari.png and .ico) from the bundled font.

Run once after changing the design: .venv/bin/python tools/make_icon.py
Two linked rings (つながり, connection) under the kana つ, in colours that keep their
contrast for older eyes.
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "BIZUDGothic-Bold.ttf"


def draw(size: int = 512) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    r = size // 8
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=r, fill=(20, 96, 160, 255))
    ring = size // 9
    w = max(2, size // 28)
    cy = int(size * 0.76)
    for cx, colour in ((int(size * 0.42), (255, 200, 60, 255)), (int(size * 0.58), (255, 255, 255, 255))):
        d.ellipse((cx - ring, cy - ring, cx + ring, cy + ring), outline=colour, width=w)
    font = ImageFont.truetype(str(FONT), int(size * 0.56))
    d.text((size / 2, size * 0.38), "つ", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.resize((256, 256), Image.LANCZOS).save(OUT / "tsunagari.png")
    img.save(OUT / "tsunagari.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print("wrote", OUT / "tsunagari.png", OUT / "tsunagari.ico")


if __name__ == "__main__":
    main()
