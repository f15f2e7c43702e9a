#!/usr/bin/env python3
"""Rewrites a PDF's embedded Type0 / Identity-H fonts into a non-embedded STSong-Light
with the predefined CMap UniGB-UCS2-H, as iText (itext-asian) and Chinese government
report tools write it:

  Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H, no /ToUnicode
    └ CIDFontType0 /STSong-Light, /CIDSystemInfo Adobe-GB1-4, /DW 1000, /W of the CIDs shown,
      a font descriptor without a font program

Every string shown with such a font (Tj, TJ, ', ") is re-encoded from the embedded font's
codes to UCS-2 big-endian (the code's Unicode, read from the font's ToUnicode). `/W` gives
each Adobe-GB1 CID the advance the page was laid out with — the embedded font's, or from
`convert(..., advance=)` STSong-Light's own when the layout measured strings in those —
so right-aligned figures stay right-aligned. The CID of a Unicode code is read from
poppler-data's UniGB-UCS2-H, the CMap a reader uses (the same data as
src/pdf/font/adobe_gb1.bin, see scripts/gen_adobe_gb1.py).

  python3 scripts/pdf_stsong.py IN.pdf OUT.pdf

Deterministic: the same input gives the same bytes (the file ID is derived from content).
Checked on every run: pdfplumber (pdfminer, which reads the font through UniGB-UCS2-H and
/W as any reader must) finds the same characters on the same baselines in both files, at
the same places (or each exactly as wide as `advance` says).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable

import pikepdf
from pikepdf import Array, Dictionary, Name, String

UNIGB_UCS2_H = Path("/usr/share/poppler/cMap/Adobe-GB1/UniGB-UCS2-H")
HEX = re.compile(rb"<([0-9a-fA-F]+)>")


def unigb_ucs2_h(path: Path = UNIGB_UCS2_H) -> dict[int, int]:
    """Unicode (BMP) -> Adobe-GB1 CID, from the CMap's cidchar and cidrange sections."""
    if not path.exists():
        raise SystemExit(f"missing {path}: install the Debian package poppler-data")
    table: dict[int, int] = {}
    mode = None
    for line in path.read_bytes().splitlines():
        if line.endswith(b"begincidrange"):
            mode = "range"
        elif line.endswith(b"begincidchar"):
            mode = "char"
        elif line.startswith(b"endcid"):
            mode = None
        elif mode:
            hexes = HEX.findall(line)
            cid = int(line.split()[-1])
            if mode == "range" and len(hexes) == 2:
                lo, hi = int(hexes[0], 16), int(hexes[1], 16)
                for i, code in enumerate(range(lo, hi + 1)):
                    table[code] = cid + i
            elif mode == "char" and len(hexes) == 1:
                table[int(hexes[0], 16)] = cid
    return table


def to_unicode_map(stream: pikepdf.Stream) -> dict[int, str]:
    """Code -> text of a ToUnicode CMap (bfchar and bfrange, the forms fpdf2 writes)."""
    out: dict[int, str] = {}
    mode = None
    for line in stream.read_bytes().splitlines():
        line = line.strip()
        if line.endswith(b"beginbfchar"):
            mode = "char"
        elif line.endswith(b"beginbfrange"):
            mode = "range"
        elif line.startswith(b"endbf"):
            mode = None
        elif mode:
            hexes = [bytes.fromhex(h.decode()) for h in HEX.findall(line)]
            if mode == "char" and len(hexes) == 2:
                out[int.from_bytes(hexes[0], "big")] = hexes[1].decode("utf-16-be")
            elif mode == "range" and len(hexes) == 3 and b"[" not in line:
                lo, hi = int.from_bytes(hexes[0], "big"), int.from_bytes(hexes[1], "big")
                first = hexes[2].decode("utf-16-be")
                for i, code in enumerate(range(lo, hi + 1)):
                    out[code] = first[:-1] + chr(ord(first[-1]) + i)
            elif mode == "range" and len(hexes) >= 3:
                lo = int.from_bytes(hexes[0], "big")
                for i, h in enumerate(hexes[2:]):
                    out[lo + i] = h.decode("utf-16-be")
    return out


def cid_widths(cid_font: Dictionary) -> tuple[dict[int, float], float]:
    """The `/W` array of a CIDFont as a map, and its `/DW`."""
    widths: dict[int, float] = {}
    w = list(cid_font.get("/W", Array()))
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], Array):
            for k, v in enumerate(w[i + 1]):
                widths[first + k] = float(v)
            i += 2
        else:
            last, v = int(w[i + 1]), float(w[i + 2])
            for c in range(first, last + 1):
                widths[c] = v
            i += 3
    return widths, float(cid_font.get("/DW", 1000))


class Source:
    """One embedded Type0 / Identity-H font: code -> (Unicode character, advance)."""

    def __init__(self, font: Dictionary):
        cid_font = font.DescendantFonts[0]
        self.name = str(font.BaseFont)
        self.text = to_unicode_map(font.ToUnicode)
        self.widths, self.dw = cid_widths(cid_font)

    def char(self, code: int) -> tuple[str, float]:
        text = self.text.get(code)
        if text is None or len(text) != 1 or ord(text) > 0xFFFF:
            raise SystemExit(f"{self.name}: code {code:04X} maps to {text!r}, not one BMP character")
        return text, self.widths.get(code, self.dw)


def convertible(font: object) -> bool:
    return (
        isinstance(font, Dictionary)
        and font.get("/Subtype") == Name.Type0
        and font.get("/Encoding") == Name("/Identity-H")
        and "/ToUnicode" in font
    )


class Converter:
    def __init__(self, pdf: pikepdf.Pdf, advance: Callable[[str], float] | None):
        self.pdf = pdf
        self.advance = advance
        self.cids = unigb_ucs2_h()
        self.sources: dict[tuple[int, int], Source] = {}
        self.used: dict[int, tuple[float, str]] = {}  # CID -> (advance, character)
        self.fonts: list[Dictionary] = []  # the fonts to replace

    def reencode(self, src: Source, s: String) -> String:
        out = bytearray()
        raw = bytes(s)
        if len(raw) % 2:
            raise SystemExit(f"{src.name}: odd-length Identity-H string {raw.hex()}")
        for i in range(0, len(raw), 2):
            ch, width = src.char(int.from_bytes(raw[i : i + 2], "big"))
            if self.advance:
                width = float(self.advance(ch))
            cid = self.cids.get(ord(ch))
            if cid is None:
                raise SystemExit(f"{ch!r} (U+{ord(ch):04X}) has no CID in UniGB-UCS2-H")
            seen = self.used.setdefault(cid, (width, ch))
            if seen[0] != width:
                raise SystemExit(f"CID {cid} ({seen[1]!r}, {ch!r}) shown with advances {seen[0]} and {width}")
            out += ord(ch).to_bytes(2, "big")
        return String(bytes(out))

    def page(self, page: pikepdf.Page) -> None:
        fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        by_name: dict[str, Source] = {}
        for key, font in fonts.items():
            if convertible(font):
                og = font.objgen
                if og not in self.sources:
                    self.sources[og] = Source(font)
                    self.fonts.append(font)
                by_name[key] = self.sources[og]
        if not by_name:
            return
        current: Source | None = None
        ops = []
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name == "Tf":
                current = by_name.get(str(operands[0]))
            elif current is not None and name in ("Tj", "'", '"'):
                operands = list(operands)
                operands[-1] = self.reencode(current, operands[-1])
            elif current is not None and name == "TJ":
                items = [self.reencode(current, x) if isinstance(x, String) else x for x in operands[0]]
                operands = [Array(items)]
            ops.append((operands, op))
        page.obj.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(ops))

    def w_array(self) -> Array:
        """`/W` in runs of consecutive CIDs: `c [w1 w2 ...]`, integral widths as integers."""
        out: list = []
        for cid in sorted(self.used):
            w = self.used[cid][0]
            w = int(w) if w.is_integer() else w
            if out and cid == out[-2] + len(out[-1]):
                out[-1].append(w)
            else:
                out += [cid, [w]]
        return Array([Array(x) if isinstance(x, list) else x for x in out])

    def replace_fonts(self) -> None:
        descriptor = self.pdf.make_indirect(
            Dictionary(
                Type=Name.FontDescriptor, FontName=Name("/STSong-Light"), Flags=6,
                FontBBox=Array([-25, -254, 1000, 880]), ItalicAngle=0, Ascent=880,
                Descent=-120, CapHeight=880, StemV=93,
            )
        )
        cid_font = self.pdf.make_indirect(
            Dictionary(
                Type=Name.Font, Subtype=Name.CIDFontType0, BaseFont=Name("/STSong-Light"),
                CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("GB1"), Supplement=4),
                FontDescriptor=descriptor, DW=1000, W=self.w_array(),
            )
        )
        for font in self.fonts:
            for key in list(font.keys()):
                del font[key]
            font.Type = Name.Font
            font.Subtype = Name.Type0
            font.BaseFont = Name("/STSong-Light")
            font.Encoding = Name("/UniGB-UCS2-H")
            font.DescendantFonts = Array([cid_font])


def glyph_places(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page: (character, left, right, baseline, size) of every glyph, to 0.01pt."""
    import pdfplumber

    with pdfplumber.open(str(path)) as doc:
        return [
            [
                (c["text"], round(c["x0"], 2), round(c["x1"], 2), round(c["matrix"][5], 2), round(c["size"], 2))
                for c in page.chars
            ]
            for page in doc.pages
        ]


def verify(src: Path, dst: Path, advance: Callable[[str], float] | None) -> None:
    """The rewritten file shows the same characters on the same baselines; at the same
    places, or, with `advance`, each as wide as `advance` says."""
    before, after = glyph_places(src), glyph_places(dst)
    if len(before) != len(after):
        raise SystemExit(f"{dst}: {len(after)} pages, {src} has {len(before)}")
    for n, (a, b) in enumerate(zip(before, after), 1):
        if advance is not None:
            wrong = [g for g in b if abs(g[2] - g[1] - advance(g[0]) * g[4] / 1000) > 0.02]
            if wrong:
                raise SystemExit(f"{dst} p. {n}: glyph {wrong[0]} is not as wide as STSong-Light's")
            a = [(g[0], g[3]) for g in a]
            b = [(g[0], g[3]) for g in b]
        if a != b:
            diff = next((x, y) for x, y in zip(a + [None], b + [None]) if x != y)
            raise SystemExit(f"{dst} p. {n}: glyph {diff[1]} where {src} has {diff[0]}")


def convert(src: Path, dst: Path, advance: Callable[[str], float] | None = None) -> None:
    """`advance`: each character's advance in 1/1000 em for `/W`, when the page was laid
    out in other metrics than the embedded font's (default: the embedded font's)."""
    with pikepdf.open(src) as pdf:
        conv = Converter(pdf, advance)
        for page in pdf.pages:
            conv.page(page)
        if not conv.fonts:
            raise SystemExit(f"{src}: no embedded Type0 / Identity-H font with ToUnicode to replace")
        conv.replace_fonts()
        pdf.remove_unreferenced_resources()
        pdf.save(dst, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    verify(src, dst, advance)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
