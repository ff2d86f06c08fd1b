"""Draw the logo of the demo lab, quality_complaint/demo/lab_logo.png.

A made-up lab needs a made-up logo: drawn here with Pillow and Debian's
Noto Sans CJK (fonts-noto-cjk), never downloaded. Run it again only to change
the logo; the PNG is committed.

    "$VENV/bin/python" scripts/demo_logo.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
SIMPLIFIED_CHINESE = 2  # the face "Noto Sans CJK SC" of the collection
NAVY = (22, 58, 112, 255)
TEAL = (0, 150, 136, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "quality_complaint" / "demo" / "lab_logo.png"


def font(size):
    return ImageFont.truetype(FONT, size, index=SIMPLIFIED_CHINESE)


def main():
    image = Image.new("RGBA", (640, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # The mark: a balance beam over the character 衡 (measure, balance).
    draw.rounded_rectangle((10, 10, 190, 190), radius=36, fill=NAVY)
    draw.arc((30, 26, 170, 150), start=205, end=335, fill=TEAL, width=10)
    draw.text((100, 122), "衡", font=font(96), fill=WHITE, anchor="mm")
    draw.text((214, 92), "明衡检测", font=font(78), fill=NAVY, anchor="ls")
    draw.text((218, 150), "MINGHENG TESTING", font=font(36), fill=TEAL, anchor="ls")
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(OUT, optimize=True)
    print(OUT)


if __name__ == "__main__":
    main()
