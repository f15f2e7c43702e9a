#!/usr/bin/env python3
"""Generate the bad-input fixtures under tests/fixtures/bad/ (committed; tests need no Python).

Run with a venv holding reportlab and pikepdf, kept under target/ so it is never committed:

    python3 -m venv target/gen-venv
    target/gen-venv/bin/pip install reportlab pikepdf
    target/gen-venv/bin/python scripts/gen_bad_inputs.py

Every file is small (a page or two) so it is cheap to test and a good fuzzing seed.

| file | what it is | what yusuan must answer |
|---|---|---|
| budget.pdf | one-page budget PDF: a ruled 三公经费 table (STSong-Light, UniGB-UCS2-H) | a document, no error |
| encrypted-empty-user.pdf | budget.pdf, AES-128, empty user password, owner password set | the same document |
| encrypted-empty-user-rc4.pdf | budget.pdf, RC4 128-bit, empty user password | the same document |
| encrypted-password.pdf | budget.pdf, AES-256, user password "secret" | error `encrypted` |
| broken-xref.pdf | budget.pdf with every xref offset and startxref wrong | recovered by scanning: same document |
| no-xref.pdf | budget.pdf with the xref table and trailer cut off | recovered by scanning: same document |
| scan.pdf | one page holding only an image (a "scan"), no text layer | error `no_text_layer` |
| not-budget.pdf | a one-page letter: prose, no table | error `no_budget_table` |
| html-saved-as.pdf | an HTML error page saved under a .pdf name | error `not_a_pdf` |
| bomb.pdf | budget.pdf plus a page whose content inflates (Flate twice) to 300 MiB of spaces | error `limit_exceeded` (max_decompressed_stream) |
| deep-forms.pdf | budget.pdf plus a page of Form XObjects nested 20 deep | error `limit_exceeded` (max_xobject_depth) |
| gbk.txt | the 三公 table as a GBK-encoded text export | a document, no error |
| budget.txt | the same table as UTF-8 text (fuzzing seed, baseline) | a document, no error |

Truncated PDFs and empty files are made by the tests themselves from these.
"""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "bad"

TITLE = "2025年一般公共预算“三公”经费支出情况表"
ORG = "单位名称：示范县财政局"
UNIT = "单位：万元"
HEADER = ["合计", "因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"]
ROW = ["10.00", "2.00", "3.00", "4.00", "1.00"]
FONT = "STSong-Light"


def budget_pdf() -> bytes:
    """A landscape page: the title, 单位 lines and a fully ruled two-row grid."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    # invariant=1: no creation date or random document ID, so reruns give the same bytes.
    c = canvas.Canvas(buf, pagesize=landscape(A4), invariant=1)
    c.setTitle("示范县财政局2025年部门预算公开")
    width, height = landscape(A4)
    c.setFont(FONT, 16)
    c.drawCentredString(width / 2, height - 80, TITLE)
    c.setFont(FONT, 10)
    c.drawString(60, height - 110, ORG)
    c.drawRightString(width - 60, height - 110, UNIT)
    left, top, row_h = 60.0, height - 120, 24.0
    col_w = (width - 120) / len(HEADER)
    rows = [HEADER, ROW]
    c.setLineWidth(0.5)
    for r in range(len(rows) + 1):
        y = top - r * row_h
        c.line(left, y, left + col_w * len(HEADER), y)
    for k in range(len(HEADER) + 1):
        x = left + k * col_w
        c.line(x, top, x, top - row_h * len(rows))
    for r, cells in enumerate(rows):
        for k, text in enumerate(cells):
            x = left + k * col_w + col_w / 2
            c.drawCentredString(x, top - r * row_h - 16, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def not_budget_pdf() -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(FONT, 12)
    lines = ["关于召开2025年度工作会议的通知", "各科室：", "定于三月五日上午九时在三楼会议室召开全体会议，请准时参加。", "示范县财政局办公室"]
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 24 * i, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def scan_pdf() -> bytes:
    """An image-only page, the way a scanner writes it: one DCT-less gray image, no text."""
    w, h = 64, 64
    # A grey page with a darker band where a "table" would be; Flate-compressed raw samples.
    pixels = bytes(200 if 20 <= y <= 40 else 250 for y in range(h) for _ in range(w))
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, zlib.compress(pixels))
    image.Type = pikepdf.Name.XObject
    image.Subtype = pikepdf.Name.Image
    image.Width, image.Height = w, h
    image.ColorSpace = pikepdf.Name.DeviceGray
    image.BitsPerComponent = 8
    image.Filter = pikepdf.Name.FlateDecode
    content = pikepdf.Stream(pdf, b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
        Contents=content,
    )
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


def encrypted(data: bytes, user: str, owner: str, *, r: int, aes: bool) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    buf = io.BytesIO()
    enc = pikepdf.Encryption(user=user, owner=owner, R=r, aes=aes, metadata=r >= 4)
    # Encryption draws a random ID and salts, so these two files differ on every run.
    pdf.save(buf, encryption=enc)
    return buf.getvalue()


def broken_xref(data: bytes) -> bytes:
    """Every 10-digit offset in the xref table and the startxref value point to the wrong place."""
    def shift(m: re.Match) -> bytes:
        return b"%010d" % (int(m.group(1)) + 7) + m.group(2)

    start = data.rindex(b"\nxref")
    head, tail = data[:start], data[start:]
    tail = re.sub(rb"(\d{10})( \d{5} n)", shift, tail)
    tail = re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % (int(m.group(1)) + 3), tail)
    return head + tail


def no_xref(data: bytes) -> bytes:
    """Cut just before the xref table: every object is there, the index to them is not."""
    return data[: data.rindex(b"\nxref") + 1]


def with_extra_page(data: bytes, build) -> bytes:
    """budget.pdf with one more page, whose content `build(pdf)` returns as a stream."""
    pdf = pikepdf.open(io.BytesIO(data))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842])
    page.Resources, page.Contents = build(pdf)
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True, compress_streams=False)
    return buf.getvalue()


def bomb(pdf):
    """A 1 KB stream that inflates to 300 MiB: zeros compress 1000:1, and again 1000:1."""
    inner = zlib.compress(b" " * (300 * 1024 * 1024), 9)
    stream = pikepdf.Stream(pdf, zlib.compress(inner, 9))
    stream.Filter = pikepdf.Array([pikepdf.Name.FlateDecode, pikepdf.Name.FlateDecode])
    return pikepdf.Dictionary(), stream


def deep_forms(pdf):
    """Form 0 draws form 1 … draws form 19, which draws a line: a chain, not a cycle."""
    inner = None
    for _ in range(20):
        form = pikepdf.Stream(pdf, b"/X Do" if inner is not None else b"0 0 m 100 0 l S")
        form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        form.BBox = [0, 0, 595, 842]
        if inner is not None:
            form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=inner))
        inner = form
    resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=inner))
    return resources, pikepdf.Stream(pdf, b"/X Do")


def text_export() -> str:
    # The layout of samples/lingbao-gxj-2025.txt: title, 单位名称 and 单位 lines, header, body.
    lines = ["示范县财政局2025年度部门预算公开", "", TITLE, "", ORG, "", UNIT, "", "\t".join(HEADER), "\t".join(ROW), ""]
    return "\n".join(lines)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    budget = budget_pdf()
    files = {
        "budget.pdf": budget,
        "encrypted-empty-user.pdf": encrypted(budget, "", "owner-pass", r=4, aes=True),
        "encrypted-empty-user-rc4.pdf": encrypted(budget, "", "owner-pass", r=3, aes=False),
        "encrypted-password.pdf": encrypted(budget, "secret", "owner-pass", r=6, aes=True),
        "broken-xref.pdf": broken_xref(budget),
        "no-xref.pdf": no_xref(budget),
        "scan.pdf": scan_pdf(),
        "not-budget.pdf": not_budget_pdf(),
        "html-saved-as.pdf": b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n"
        b"<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n",
        "bomb.pdf": with_extra_page(budget, bomb),
        "deep-forms.pdf": with_extra_page(budget, deep_forms),
        "gbk.txt": text_export().encode("gbk"),
        "budget.txt": text_export().encode("utf-8"),
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
