#!/usr/bin/env python3
"""Build src/pdf/font/adobe_gb1.bin: Adobe-GB1 CID -> Unicode, from poppler-data.

Source: Debian package `poppler-data`, file
/usr/share/poppler/cMap/Adobe-GB1/Adobe-GB1-UCS2 (Adobe-GB1-5, "Copyright 1990-2020 Adobe.
All rights reserved.", BSD-3-Clause; the licence text is kept in the header comment of
src/pdf/font/adobe_gb1.rs).

Output format (all big-endian):
  b"GB1U", u16 n, n x u16      -- BMP code point per CID 0..n-1 (0 = unmapped)
  u16 m, m x (u16 cid, u32 cp) -- CIDs whose target is outside the BMP
A trailing variation selector (U+FE00..U+FE0F) in a target is dropped.

Usage: apt-get install -y poppler-data && python3 scripts/gen_adobe_gb1.py
"""
import re
import struct
import sys

SRC = "/usr/share/poppler/cMap/Adobe-GB1/Adobe-GB1-UCS2"
OUT = "src/pdf/font/adobe_gb1.bin"


def utf16_to_cp(hexstr):
    units = [int(hexstr[i:i + 4], 16) for i in range(0, len(hexstr), 4)]
    text = b"".join(struct.pack(">H", u) for u in units).decode("utf-16-be")
    text = "".join(ch for ch in text if not 0xFE00 <= ord(ch) <= 0xFE0F)
    return ord(text[0]) if text else 0


def main():
    table = {}
    mode = None
    with open(SRC, encoding="latin-1") as f:
        for line in f:
            if "beginbfchar" in line:
                mode = "char"
                continue
            if "beginbfrange" in line:
                mode = "range"
                continue
            if "endbfchar" in line or "endbfrange" in line:
                mode = None
                continue
            hexes = re.findall(r"<([0-9a-fA-F]+)>", line)
            if mode == "char" and len(hexes) == 2:
                table[int(hexes[0], 16)] = utf16_to_cp(hexes[1])
            elif mode == "range" and len(hexes) == 3:
                lo, hi, dst = int(hexes[0], 16), int(hexes[1], 16), utf16_to_cp(hexes[2])
                for i, cid in enumerate(range(lo, hi + 1)):
                    table[cid] = dst + i
    n = max(table) + 1
    bmp = [0] * n
    wide = []
    for cid, cp in sorted(table.items()):
        if cp == 0xFFFD:
            continue
        if cp > 0xFFFF:
            wide.append((cid, cp))
        else:
            bmp[cid] = cp
    out = bytearray(b"GB1U")
    out += struct.pack(">H", n)
    out += b"".join(struct.pack(">H", v) for v in bmp)
    out += struct.pack(">H", len(wide))
    out += b"".join(struct.pack(">HI", c, p) for c, p in wide)
    with open(OUT, "wb") as f:
        f.write(out)
    print(f"{OUT}: {n} CIDs, {len(wide)} outside the BMP, {len(out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
