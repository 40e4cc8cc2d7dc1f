"""Make the CJK font the widgets ship: a subset of Noto Sans SC with TrueType outlines.

Why: Chinese plot labels must render on a pip-only install with no system fonts (no
missing-glyph boxes, no matplotlib warnings).  The full Noto Sans SC is 8 MB (CFF outlines,
which matplotlib's PDF/PS backends cannot embed); this subset keeps every character of
GB 2312 (the 6,763 most used simplified hanzi), CJK punctuation, full-width forms, Latin,
Greek and the math signs the labels use, converted to TrueType (glyf) outlines, and is
renamed as the SIL Open Font License asks of modified versions.

Source: ``NotoSansSC-Regular.otf`` (Noto CJK 2.004, SIL OFL 1.1), as shipped in the
``pylopdf-fonts-zh-cn`` wheel on PyPI (or any copy of the same file)::

    pip download --no-deps pylopdf-fonts-zh-cn -d /tmp/src && unzip /tmp/src/*.whl -d /tmp/src
    pip install fonttools
    python tools/make_cjk_font.py /tmp/src/pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf

Writes ``tapekit/widgets/fonts/TapekitSansSC-Regular.ttf``; the licence next to it is
``OFL.txt``.  Re-run it (and commit the result) when the message catalog gains characters
outside GB 2312: ``tests/widgets/test_fonts.py`` checks every Chinese message is covered.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tapekit" / "widgets" / "fonts" / "TapekitSansSC-Regular.ttf"
FAMILY = "Tapekit Sans SC"


def gb2312() -> set[str]:
    """Every character of GB 2312 (rows 1-9 symbols, rows 16-87 hanzi)."""
    chars = set()
    for row in range(0xA1, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def catalog_chars() -> set[str]:
    sys.path.insert(0, str(ROOT))
    import tapekit.notebook  # each subsystem registers its catalog when imported
    import tapekit.optimizers
    import tapekit.widgets  # noqa: F401
    from tapekit._messages import CATALOG

    return {ch for entry in CATALOG.values() for ch in entry.get("zh", "")}


def wanted() -> str:
    chars = gb2312() | catalog_chars()
    chars |= {chr(c) for c in range(0x20, 0x7F)}  # ASCII
    chars |= {chr(c) for c in range(0xA0, 0x180)}  # Latin-1, Latin Extended-A
    chars |= {chr(c) for c in range(0x391, 0x3CA)}  # Greek
    chars |= {chr(c) for c in range(0x2000, 0x2070)}  # punctuation: – — ‘ ’ “ ” … ‰
    chars |= {chr(c) for c in range(0x2070, 0x20A0)}  # super/subscripts
    chars |= {chr(c) for c in range(0x2190, 0x2200)}  # arrows
    chars |= {chr(c) for c in range(0x2200, 0x2300)}  # math operators ∂ ∑ √ ∞ ≈ ≤
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    return "".join(sorted(chars))


def to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by quadratic TrueType ones (glyf/loca), as otf2ttf does."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont) -> None:
    """A modified OFL font takes a new name (nameIDs 1, 3, 4, 6, 16)."""
    name = font["name"]
    ps = FAMILY.replace(" ", "") + "-Regular"
    for rec in list(name.names):
        if rec.nameID in (16, 17):
            name.removeNames(nameID=rec.nameID)
    for rec in name.names:
        if rec.nameID == 1:
            rec.string = FAMILY
        elif rec.nameID == 3:
            rec.string = f"2.004;tapekit-subset;{ps}"
        elif rec.nameID == 4:
            rec.string = f"{FAMILY} Regular" if rec.langID == 0x409 else FAMILY
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 5:
            rec.string = "Version 2.004; subset of Noto Sans SC for tapekit"
    name.setName(
        "Subset of Noto Sans SC 2.004 (GB 2312 and Latin), TrueType outlines, made by "
        "tapekit's tools/make_cjk_font.py",
        10,
        3,
        1,
        0x409,
    )


def main(src: str) -> None:
    font = TTFont(src)
    opts = subset.Options()
    opts.layout_features = ["kern", "liga", "locl", "fwid", "hwid", "pwid"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.desubroutinize = True
    sub = subset.Subsetter(opts)
    sub.populate(text=wanted())
    sub.subset(font)
    to_truetype(font)
    for tag in ("DSIG", "BASE", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    rename(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(
        f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size / 1e6:.2f} MB, {len(font.getBestCmap())} chars"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
