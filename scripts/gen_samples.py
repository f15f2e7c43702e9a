#!/usr/bin/env python3
"""Render yusuan test-fixture PDFs from an expected JSON.

Input: a document in the shape of `lingbao-gxj-2025.expected.json` (metadata + tables with
`columns` header paths, `rows`, `notes`, `org`, `unit`).  Output, per style:
`samples/pdf/<style>.pdf` and `samples/pdf/<style>.expected.json`, the latter holding
`schema`, `source` {format, pages}, `document` and per table `kind, number, title, org,
unit, pages, columns, rows, notes`, with `pages` the 1-based pages the table was drawn on.

The header of each table is rebuilt from the `columns` paths: a header cell spans every
leaf column sharing its path prefix, and a path shorter than the header depth spans down.
Everything is laid out first (a plan of pages holding drawing operations and the text
regions each cell occupies), then drawn with reportlab.  `--verify` reads every generated
PDF back with pdfplumber and compares the text found inside each planned region with the
expected string (after the contract's whitespace rule), so a fixture never disagrees with
its own expected JSON.

Styles:
  lingbao-ruled-ttf  reference document, embedded TrueType subset (WenQuanYi Zen Hei),
                     stroked ruling, merged headers, landscape tables, header repeated on
                     continuation pages.
  stsong-unruled     non-embedded STSong-Light / UniGB-UCS2-H, no ruling at all, amounts
                     right-aligned, continuation pages without a repeated header.
  three-line-repeated  the synthesised 元 document as a three-line table (rules above and
                     under the header and under the table, none between cells), embedded
                     TrueType (WenQuanYi Micro Hei), the header repeated on continuation
                     pages, "第N页，共M页".
  rotated-wps        portrait pages with /Rotate 90 and the table drawn sideways, borders as
                     0.5pt filled rectangles, header text forced onto two lines, letter-
                     spaced labels.
  labelled-cut-rows  the reference document with a "公开NN表" line under each title (the
                     table's `label`) and table 7's 机关事业单位基本养老保险缴费 wrapped over a
                     page break: 机关事业单位基本 with the row's figures at the foot of one
                     page, 养老保险缴费 alone under the repeated header of the next.
  final-accounts-forms  a 决算 set: tables 1–3 under 收入支出决算总表 / 收入决算表 / 支出决算表
                     with a "公开NN表" line under each title and a 栏次 row under each header
                     (drawn, not expected), then two 项目支出绩效自评表 printed as forms (no
                     header; 项目名称 / 主管部门 / 年度资金总额 / 绩效指标 label rows).
  yuan-and-wanyuan   synthesised document: amounts in 元 (三公 table in 万元), Beijing-style
                     "预算NN表 …" titles drawn in fake bold (each glyph twice, 0.3pt apart).
  xlsx-libreoffice   the reference tables written to .xlsx (openpyxl) and converted with
                     LibreOffice Calc (needs `libreoffice`); skipped when it is missing.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_NAME = "lingbao-gxj-2025.expected.json"
REFERENCE_CANDIDATES = [
    ROOT / "samples" / REFERENCE_NAME,
    ROOT.parent / "shared" / "samples" / REFERENCE_NAME,
    Path("/work/shared/samples") / REFERENCE_NAME,
]
DEFAULT_REFERENCE = next((p for p in REFERENCE_CANDIDATES if p.exists()), REFERENCE_CANDIDATES[-1])

A4_SHORT, A4_LONG = 595.0, 842.0

FONT_FILES = {
    # name -> (path, subfont index)
    "WQYZenHei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "WQYMicroHei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "ARPLUMingCN": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
}

# ----------------------------------------------------------------------------- text rules


def is_cjk(ch: str) -> bool:
    """CJK as the contract defines it for the whitespace rule."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or ch in "“”‘’"
        or 0x2E80 <= o <= 0x2FDF
    )


def normalize(s: str) -> str:
    """The contract's cell-text rule (full-width fold + whitespace), radicals excepted."""
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
            ch = chr(o - 0xFEE0)
        out.append(ch)
    s = "".join(out)
    s = re.sub(r"\s+", " ", s).strip()
    # drop a space with a CJK character on either side
    res = []
    for i, ch in enumerate(s):
        if ch == " ":
            prev = res[-1] if res else ""
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if (prev and is_cjk(prev)) or (nxt and is_cjk(nxt)):
                continue
        res.append(ch)
    return "".join(res)


def tokens(text: str) -> list[str]:
    """Units a line may break between: each CJK character alone, non-CJK runs whole.

    Breaking only next to a CJK character means joining the lines of a wrapped cell gives
    the same text whether the reader joins them with or without a space.
    """
    out, buf = [], ""
    for ch in text:
        if is_cjk(ch):
            if buf:
                out.append(buf)
                buf = ""
            out.append(ch)
        else:
            buf += ch
    if buf:
        out.append(buf)
    return out


def text_width(s: str, font: str, size: float, cs: float = 0.0) -> float:
    return pdfmetrics.stringWidth(s, font, size) + cs * len(s)


NO_LINE_START = "，。、；：？！）》」』】”’"


def wrap(text: str, font: str, size: float, width: float, cs: float = 0.0, kinsoku: bool = False) -> list[str]:
    """Greedy wrap at token boundaries; `kinsoku` keeps closing punctuation off line starts
    (prose only: it lets a line overrun by one character)."""
    if not text:
        return []
    lines, cur = [], ""
    for tok in tokens(text):
        cand = cur + tok
        if kinsoku and tok in NO_LINE_START:
            cur = cand
            continue
        if cur and text_width(cand, font, size, cs) > width:
            lines.append(cur)
            cur = tok.lstrip() if not is_cjk(tok[0]) and cur[-1:] != " " else tok
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def split_two(text: str) -> list[str]:
    """Split a label into two lines at a CJK-safe point near its middle."""
    toks = tokens(text)
    if len(toks) < 4:
        return [text]
    mid = (len(toks) + 1) // 2
    return ["".join(toks[:mid]), "".join(toks[mid:])]


AMOUNT_RE = re.compile(r"^-?[\d,]*\.\d+$|^0$")


def is_amount(s: str) -> bool:
    return bool(AMOUNT_RE.match(s))


CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十一, 二十一)."""
    tens, ones = divmod(n, 10)
    s = ""
    if tens:
        s += ("" if tens == 1 else CN_DIGITS[tens]) + "十"
    if ones:
        s += CN_DIGITS[ones]
    return s


def cn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return "".join(CN_DIGITS[int(ch)] for ch in y) + "年" + cn_number(int(m)) + "月" + cn_number(int(d)) + "日"


# ----------------------------------------------------------------------------- styles


@dataclass
class Style:
    name: str
    body_font: str
    title_font: str
    ruling: str = "stroke"  # stroke | fill | three-line (rules above and under the header and under the table) | none

    @property
    def boxed(self) -> bool:
        """Every cell has its borders, so merged cells can be seen."""
        return self.ruling in ("stroke", "fill")
    line_width: float = 0.5
    rotated: bool = False  # tables drawn sideways on portrait pages carrying /Rotate 90
    repeat_header: bool = True
    letter_space: bool = False
    header_two_lines: bool = False
    fake_bold: bool = False
    footer: str | None = "dash"  # dash: "- 5 -"; of: "第5页，共9页"; None
    body_size: float = 9.0
    source: str = "reference"  # reference | yuan
    creator: str = "yusuan gen_samples.py"
    # a line numbering each table ("公开07表") printed under its title: the table's `label`
    label_below: bool = False
    # (table number, row, column, characters kept): that cell wrapped over a page break,
    # its first characters (and the row's figures) at the foot of one page, the rest alone
    # at the top of the next; the expected row is the whole row
    cut_row: tuple[int, int, int, int] | None = None
    # a 栏次 row (栏次 | 1 | 2 …) drawn under each header, as 决算 tables print it: not a body row
    column_numbers: bool = False


STYLES = {
    "lingbao-ruled-ttf": Style("lingbao-ruled-ttf", "WQYZenHei", "WQYZenHei"),
    "stsong-unruled": Style(
        "stsong-unruled", "STSong-Light", "STSong-Light", ruling="none", repeat_header=False,
        footer=None, body_size=9.5,
    ),
    "three-line-repeated": Style(
        "three-line-repeated", "WQYMicroHei", "WQYMicroHei", ruling="three-line", repeat_header=True,
        footer="of", source="yuan",
    ),
    "rotated-wps": Style(
        "rotated-wps", "WQYMicroHei", "WQYMicroHei", ruling="fill", rotated=True,
        letter_space=True, header_two_lines=True, footer="of", creator="WPS 表格",
    ),
    "labelled-cut-rows": Style(
        "labelled-cut-rows", "WQYZenHei", "WQYZenHei", label_below=True, cut_row=(7, 5, 2, 8),
        footer="of",
    ),
    "final-accounts-forms": Style(
        "final-accounts-forms", "WQYZenHei", "WQYZenHei", label_below=True, column_numbers=True,
        source="final",
    ),
    "yuan-and-wanyuan": Style(
        "yuan-and-wanyuan", "STSong-Light", "ARPLUMingCN", ruling="stroke", line_width=0.75,
        fake_bold=True, source="yuan",
    ),
}


def register_fonts() -> None:
    for name, (path, idx) in FONT_FILES.items():
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=idx))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def check_glyphs(font: str, texts: list[str]) -> list[str]:
    f = pdfmetrics.getFont(font)
    face = getattr(f, "face", None)
    if face is None or not hasattr(face, "charToGlyph"):
        return []
    missing = sorted({ch for t in texts for ch in t if ch.strip() and ord(ch) not in face.charToGlyph})
    return missing


# ----------------------------------------------------------------------------- page plan


@dataclass
class Region:
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in frame coordinates
    text: str  # expected text (normalised)
    label: str


@dataclass
class Page:
    landscape: bool
    rotated: bool = False
    ops: list = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)

    @property
    def size(self) -> tuple[float, float]:
        """Frame (drawing) size: what a reader sees."""
        return (A4_LONG, A4_SHORT) if self.landscape else (A4_SHORT, A4_LONG)

    def text(self, x, y, s, font, size, cs=0.0):
        self.ops.append(("text", x, y, s, font, size, cs))

    def line(self, x0, y0, x1, y1, w):
        self.ops.append(("line", x0, y0, x1, y1, w))

    def bar(self, x, y, w, h):
        self.ops.append(("bar", x, y, w, h))


@dataclass
class Cell:
    r0: int
    c0: int
    rs: int
    cs: int
    text: str


def header_cells(columns: list[list[str]]) -> tuple[int, list[Cell]]:
    """Header cells with their merges, rebuilt from the leaf header paths."""
    n = len(columns)
    depth = max((len(p) for p in columns), default=0)
    cells = []
    for lvl in range(depth):
        c = 0
        while c < n:
            p = columns[c]
            if len(p) <= lvl:
                c += 1
                continue
            prefix = p[: lvl + 1]
            e = c
            while e + 1 < n and len(columns[e + 1]) > lvl and columns[e + 1][: lvl + 1] == prefix:
                e += 1
            ends = all(len(columns[k]) == lvl + 1 for k in range(c, e + 1))
            cells.append(Cell(lvl, c, depth - lvl if ends else 1, e - c + 1, prefix[-1]))
            c = e + 1
    return depth, cells


def body_cells(table: dict, vertical_merges: bool = True) -> list[Cell]:
    """Body cells. Form tables (no header) merge a text rightwards over 2+ empty cells;
    performance-target tables merge equal texts downwards, hierarchically from column 0
    (a cell merges with the one above only when its left neighbour did too)."""
    rows = table["rows"]
    n = len(table["columns"])
    form = all(len(p) == 0 for p in table["columns"])
    vertical = vertical_merges and table["kind"] in (
        "department_performance_targets", "project_performance_targets")
    owner: list[list[Cell]] = []
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        line: list[Cell] = []
        empties = sum(1 for v in row if v == "")
        c = 0
        while c < n:
            e = c
            if form and empties >= 2 and row[c] != "":
                while e + 1 < n and row[e + 1] == "":
                    e += 1
            cell = Cell(r, c, 1, e - c + 1, row[c])
            cells.append(cell)
            line.extend([cell] * (e - c + 1))
            c = e + 1
        owner.append(line)
    if vertical:
        for r in range(1, len(rows)):
            for c in range(n):
                cell, up = owner[r][c], owner[r - 1][c]
                if cell.c0 != c or cell.cs != 1 or cell.text == "" or cell is up:
                    continue
                if up.c0 != c or up.cs != 1 or up.text != cell.text:
                    continue
                if c > 0 and owner[r][c - 1] is not owner[r - 1][c - 1]:
                    continue
                up.rs += 1
                owner[r][c] = up
                cells.remove(cell)
    return cells


@dataclass
class TableLayout:
    fs: float
    leading: float
    pad: float
    widths: list[float]
    head_h: list[float]
    row_h: list[float]
    head: list[Cell]
    body: list[Cell]
    depth: int
    head_lines: dict
    body_lines: dict


def cell_label_text(text: str, style: Style) -> tuple[str, float]:
    """How a body label is drawn: letter-spaced styles insert spaces into short CJK labels."""
    if style.letter_space and 2 <= len(text) <= 6 and all(is_cjk(ch) for ch in text) and (
        "合计" in text or "总计" in text or text in ("项目", "金额", "上年结转结余")
    ):
        return " ".join(text), 0.0
    return text, 0.0


def layout_table(table: dict, style: Style, avail: float) -> TableLayout:
    depth, head = header_cells(table["columns"])
    # without ruling a merge cannot be seen: unruled tables print the text in every row
    body = body_cells(table, vertical_merges=style.boxed)
    n = len(table["columns"])
    font = style.body_font
    fs = style.body_size if n <= 10 else (8.5 if n <= 14 else 7.5)
    while True:
        pad = 3.0 if style.boxed else 6.0  # unruled: wider gutters
        mn = [2 * fs] * n
        nat = [2 * fs] * n
        for cell in body:
            s, cs = cell_label_text(cell.text, style)
            if not s:
                continue
            tw = max(text_width(t, font, fs, cs) for t in tokens(s))
            w = text_width(s, font, fs, cs)
            if cell.cs == 1:
                mn[cell.c0] = max(mn[cell.c0], tw)
                nat[cell.c0] = max(nat[cell.c0], min(w, 16 * fs))
        for cell in head:
            tw = max(text_width(t, font, fs) for t in tokens(cell.text))
            if cell.cs == 1:
                mn[cell.c0] = max(mn[cell.c0], tw * (2 if len(cell.text) >= 2 else 1))
                nat[cell.c0] = max(nat[cell.c0], min(text_width(cell.text, font, fs), 6 * fs))
        mn = [m + 2 * pad for m in mn]
        nat = [max(a, m + 2 * pad) for a, m in zip(nat, mn)]
        if sum(mn) <= avail or fs <= 6:
            break
        fs -= 0.5
    if sum(nat) <= avail:
        widths = [w * avail / sum(nat) for w in nat]
    else:
        k = (avail - sum(mn)) / (sum(nat) - sum(mn))
        widths = [m + (a - m) * k for a, m in zip(nat, mn)]
    leading = fs * 1.3

    def span_w(cell):
        return sum(widths[cell.c0 : cell.c0 + cell.cs]) - 2 * pad

    head_lines = {}
    for cell in head:
        lines = wrap(cell.text, font, fs, span_w(cell))
        if style.header_two_lines and len(lines) == 1:
            two = split_two(cell.text)
            if all(text_width(t, font, fs) <= span_w(cell) for t in two):
                lines = two
        head_lines[id(cell)] = lines
    body_lines = {}
    for cell in body:
        s, cs = cell_label_text(cell.text, style)
        body_lines[id(cell)] = (wrap(s, font, fs, span_w(cell), cs), cs)

    def heights(cells, count, lines_of):
        h = [leading + 2 * pad] * count
        for cell in sorted(cells, key=lambda c: c.rs):
            need = len(lines_of(cell)) * leading + 2 * pad
            have = sum(h[cell.r0 : cell.r0 + cell.rs])
            if need > have:
                h[cell.r0 + cell.rs - 1] += need - have
        return h

    head_h = heights(head, depth, lambda c: head_lines[id(c)])
    row_h = heights(body, len(table["rows"]), lambda c: body_lines[id(c)][0])
    return TableLayout(fs, leading, pad, widths, head_h, row_h, head, body, depth, head_lines, body_lines)


# ----------------------------------------------------------------------------- drawing into a plan


class Planner:
    MARGIN = 40.0

    def __init__(self, style: Style, doc: dict):
        self.style = style
        self.doc = doc
        self.pages: list[Page] = []

    # -- helpers
    def new_page(self, landscape: bool) -> Page:
        rotated = landscape and self.style.rotated
        p = Page(landscape=landscape, rotated=rotated)
        self.pages.append(p)
        return p

    def text_line(self, page: Page, x, y, s, font, size, align="left", bold=False, cs=0.0, label=None, expect=None):
        w = text_width(s, font, size, cs)
        if align == "center":
            x = x - w / 2
        elif align == "right":
            x = x - w
        page.text(x, y, s, font, size, cs)
        if bold:
            page.text(x + 0.3, y, s, font, size, cs)
        if label:
            page.regions.append(Region((x - 1, y - size * 0.3, x + w + 1, y + size * 0.95), expect if expect is not None else normalize(s), label))
        return w

    def paragraph(self, page: Page | None, y: float, text: str, font: str, size: float, x0: float, width: float, indent: bool, landscape=False) -> tuple[Page, float]:
        leading = size * 1.7
        first = "\u3000\u3000" + text if indent else text
        for line in wrap(first, font, size, width, kinsoku=True):
            if page is None or y < self.MARGIN + 30:
                page = self.new_page(landscape)
                y = page.size[1] - self.MARGIN - size
            page.text(x0, y, line, font, size)
            y -= leading
        return page, y

    # -- prose
    def prose(self, tables: list[dict]) -> None:
        doc, st = self.doc, self.style
        tf, bf = st.title_font, st.body_font
        p = self.new_page(False)
        W, H = p.size
        title = doc["title"]
        dept = doc["department"]
        year = str(doc["year"])
        rest = title[len(dept):] if title.startswith(dept) else ""
        if rest:
            self.text_line(p, W / 2, H - 300, dept, tf, 24, "center", bold=st.fake_bold)
            self.text_line(p, W / 2, H - 340, rest, tf, 24, "center", bold=st.fake_bold)
        else:
            self.text_line(p, W / 2, H - 320, title, tf, 22, "center", bold=st.fake_bold)
        if doc.get("date"):
            self.text_line(p, W / 2, 200, cn_date(doc["date"]), bf, 16, "center")
        # contents
        p = self.new_page(False)
        y = H - 90
        self.text_line(p, W / 2, y, f"{year}年{dept}部门预算公开 目录", tf, 18, "center", bold=st.fake_bold)
        y -= 50
        for line in (f"第一部分 {dept}部门概况", f"第二部分 {dept}{year}年度部门预算情况说明", f"附件：{dept}{year}年度部门预算表"):
            p.text(80, y, line, bf, 13)
            y -= 28
        for i, t in enumerate(tables, 1):
            p.text(110, y, f"{cn_number(i)}、{t['title']}", bf, 12)
            y -= 24
        # explanation pages
        unit = doc.get("unit") or "万元"
        figs = summary_figures(tables)
        paras = [
            ("第一部分", None),
            (f"{dept}部门概况", None),
            ("一、主要职责", None),
            (None, f"{dept}是负责本行政区域内相关行业管理的政府工作部门，主要承担拟定行业发展规划和产业政策并组织实施、监测分析行业运行态势、推进信息化建设等职责。"),
            ("二、机构设置", None),
            (None, f"{dept}内设办公室、规划财务股、产业发展股等职能股室，本部门预算为本级预算，无下属预算单位。"),
            ("第二部分", None),
            (f"{dept}{year}年度部门预算情况说明", None),
            ("一、收支预算总体情况说明", None),
            (None, f"{dept}{year}年收入总计{figs['total']}{unit}，支出总计{figs['total']}{unit}。收入全部为一般公共预算拨款收入。"),
            ("二、支出预算情况说明", None),
            (None, f"{dept}{year}年支出预算{figs['total']}{unit}，其中基本支出{figs['basic']}{unit}，项目支出{figs['project']}{unit}。基本支出中人员经费{figs['personnel']}{unit}，公用经费{figs['public']}{unit}。"),
            ("三、“三公”经费支出预算情况说明", None),
            (None, f"{dept}{year}年“三公”经费预算情况详见附表“三公”经费支出情况表。"),
            ("四、其他重要事项的情况说明", None),
            (None, "本部门预算项目均按要求编制了绩效目标，从项目产出、项目效益、满意度等方面设置了绩效目标。政府采购预算、国有资产占用情况等按规定另行公开。"),
        ]
        page, y = None, 0.0
        for head, body in paras:
            if head:
                if page is None or y < self.MARGIN + 60:
                    page = self.new_page(False)
                    y = page.size[1] - self.MARGIN - 30
                big = head.startswith("第")
                if big:
                    self.text_line(page, W / 2, y, head, tf, 16, "center", bold=st.fake_bold)
                else:
                    page.text(70, y, head, tf, 13)
                y -= 30
            if body:
                page, y = self.paragraph(page, y, body, bf, 12, 70, W - 140, True)
                y -= 8

    # -- tables
    def table(self, table: dict, display_title: str) -> list[int]:
        st = self.style
        frame_w, frame_h = A4_LONG, A4_SHORT
        m = self.MARGIN
        avail = frame_w - 2 * m
        lay = layout_table(table, st, avail)
        x0 = m
        gw = sum(lay.widths)
        xs = [x0]
        for w in lay.widths:
            xs.append(xs[-1] + w)
        bottom = m + 10
        nfs = 9.0
        note_lines = [wrap(nt, st.body_font, nfs, gw) for nt in table["notes"]]
        notes_h = sum(len(ls) for ls in note_lines) * nfs * 1.5 + (8 if note_lines else 0)
        head_total = sum(lay.head_h)
        nrows = len(table["rows"])
        # rows that may not be separated (vertically merged body cells)
        glued = set()
        for cell in lay.body:
            for r in range(cell.r0 + 1, cell.r0 + cell.rs):
                glued.add(r)
        pages_used = []
        r = 0
        first = True
        while first or r < nrows:
            page = self.new_page(True)
            pages_used.append(len(self.pages))
            y = frame_h - m
            if first:
                y -= 8
                self.text_line(page, frame_w / 2, y - 12, display_title, st.title_font, 16, "center", bold=st.fake_bold, label="title", expect=normalize(table["title"]))
                y -= 30
                if st.label_below and table["number"]:
                    self.text_line(page, frame_w / 2, y - 8, table_label(table), st.body_font, 10, "center", label="label")
                    y -= 16
                if table["org"] is not None or table["unit"] is not None:
                    if table["org"] is not None:
                        self.text_line(page, x0, y - 10, f"单位名称：{table['org']}", st.body_font, 10, label="org")
                    if table["unit"] is not None:
                        self.text_line(page, x0 + gw, y - 10, f"单位：{table['unit']}", st.body_font, 10, "right", label="unit")
                    y -= 18
                y -= 4
            show_head = first or st.repeat_header
            if show_head:
                if st.ruling == "three-line":
                    page.line(xs[0], y, xs[-1], y, 1.0)
                self.draw_cells(page, lay, lay.head, lay.head_lines, xs, y, lay.head_h, 0, lay.depth, header=True)
                y -= head_total
                if st.ruling == "three-line":
                    page.line(xs[0], y, xs[-1], y, 0.5)
            # choose the rows for this page
            space = y - bottom
            end = r
            used = 0.0
            while end < nrows and used + lay.row_h[end] <= space:
                used += lay.row_h[end]
                end += 1
            if end < nrows:
                # back off to a row that may start a page
                e2 = end
                while e2 > r and e2 in glued:
                    e2 -= 1
                if e2 > r:
                    end = e2
            elif used + notes_h > space and end > r + 1:
                end -= 1
                while end > r + 1 and end in glued:
                    end -= 1
            if end == r and r < nrows:
                end = r + 1  # a row taller than a page: draw it anyway
            forced = table.get("_break_before")
            if forced is not None and r < forced < end:
                end = forced  # the page break that cuts a wrapped cell
            row_y = self.draw_body(page, lay, xs, y, r, end)
            if st.ruling == "three-line" and end >= nrows:
                page.line(xs[0], row_y, xs[-1], row_y, 1.0)
            if end >= nrows:
                ny = row_y - 14
                for ls in note_lines:
                    for i, ln in enumerate(ls):
                        page.text(x0, ny, ln, st.body_font, nfs)
                        ny -= nfs * 1.5
                    joined = "".join(ls)
                    top = ny + nfs * 1.5 * (len(ls) + 1)
                    page.regions.append(Region((x0 - 1, ny + nfs * 1.5 - 3, x0 + gw + 1, top - 2), normalize(joined), "note"))
            r = end
            first = False
        return pages_used

    def draw_body(self, page: Page, lay: TableLayout, xs, y_top, r0, r1) -> float:
        ys = [y_top]
        for r in range(r0, r1):
            ys.append(ys[-1] - lay.row_h[r])
        segs = []
        for cell in lay.body:
            a, b = max(cell.r0, r0), min(cell.r0 + cell.rs, r1)
            if a >= b:
                continue
            segs.append((cell, a, b))
        for cell, a, b in segs:
            rect = (xs[cell.c0], ys[b - r0], xs[cell.c0 + cell.cs], ys[a - r0])
            lines, cs = lay.body_lines[id(cell)]
            self.cell_box(page, rect, lines, lay, cs, header=False, text=cell.text, merged=cell.cs > 1)
        return ys[-1]

    def draw_cells(self, page, lay, cells, lines_of, xs, y_top, hs, r0, r1, header):
        ys = [y_top]
        for h in hs:
            ys.append(ys[-1] - h)
        for cell in cells:
            rect = (xs[cell.c0], ys[cell.r0 + cell.rs], xs[cell.c0 + cell.cs], ys[cell.r0])
            cs = 0.0
            text = cell.text
            lines = lines_of[id(cell)]
            if self.style.letter_space and len(lines) == 1 and len(text) <= 4 and all(is_cjk(ch) for ch in text):
                cs = lay.fs * 0.6
                if text_width(text, self.style.body_font, lay.fs, cs) > rect[2] - rect[0] - 2 * lay.pad:
                    cs = 0.0
            self.cell_box(page, rect, lines, lay, cs, header=True, text=text)

    def cell_box(self, page: Page, rect, lines, lay: TableLayout, cs, header, text, merged=False):
        st = self.style
        x0, y0, x1, y1 = rect
        if st.boxed:
            for (ax, ay, bx, by) in ((x0, y1, x1, y1), (x0, y0, x1, y0), (x0, y0, x0, y1), (x1, y0, x1, y1)):
                key = (round(ax, 2), round(ay, 2), round(bx, 2), round(by, 2))
                seen = page.__dict__.setdefault("_edges", set())
                if key in seen:
                    continue
                seen.add(key)
                if st.ruling == "stroke":
                    page.line(ax, ay, bx, by, st.line_width)
                else:
                    h = st.line_width / 2
                    page.bar(ax - h, ay - h, bx - ax + 2 * h, by - ay + 2 * h)
        if not lines:
            return
        fs, lead, pad = lay.fs, lay.leading, lay.pad
        total = len(lines) * lead
        base = y1 - (y1 - y0 - total) / 2 - lead + (lead - fs) / 2 + fs * 0.18
        # With no ruling a merged cell cannot be seen: a figure set flush right in one
        # would read as sitting in the merge's last column, so it starts where its cell does.
        flush_right = is_amount(text) and not (merged and not st.boxed)
        align = "center" if header else ("right" if flush_right else "left")
        for ln in lines:
            w = text_width(ln, st.body_font, fs, cs)
            if align == "center":
                x = (x0 + x1) / 2 - w / 2
            elif align == "right":
                x = x1 - pad - w
            else:
                x = x0 + pad
            page.text(x, base, ln, st.body_font, fs, cs)
            base -= lead
        page.regions.append(Region((x0 + 0.5, y0 + 0.5, x1 - 0.5, y1 - 0.5), normalize(text), "header" if header else "cell"))


def summary_figures(tables: list[dict]) -> dict:
    figs = {"total": "0", "basic": "0", "project": "0", "personnel": "0", "public": "0"}
    t3 = next((t for t in tables if t["kind"] == "expenditure_summary"), None)
    if not t3 or not t3["rows"]:
        return figs
    cols = t3["columns"]
    row = t3["rows"][0]

    def col(pred):
        for i, p in enumerate(cols):
            if pred(p):
                return row[i] or "0"
        return "0"

    figs["total"] = col(lambda p: p == ["合计"])
    figs["basic"] = col(lambda p: p == ["基本支出", "小计"])
    figs["project"] = col(lambda p: p == ["项目支出", "小计"])
    pers = [row[i] for i, p in enumerate(cols) if p[:2] == ["基本支出", "人员经费"] and row[i]]
    pub = [row[i] for i, p in enumerate(cols) if p[:2] == ["基本支出", "公用经费"] and row[i]]
    fmt = "{:,.2f}" if any("," in v for v in row) else "{:.2f}"
    figs["personnel"] = fmt.format(sum(Decimal(v.replace(",", "")) for v in pers))
    figs["public"] = fmt.format(sum(Decimal(v.replace(",", "")) for v in pub))
    return figs


# ----------------------------------------------------------------------------- rendering


def render(pages: list[Page], path: Path, title: str, creator: str) -> None:
    c = canvas.Canvas(str(path), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("")
    c.setCreator(creator)
    c.setSubject("")
    for p in pages:
        if p.rotated:
            # reportlab swaps the MediaBox of a /Rotate 90 page: this gives [0 0 595 842]
            c.setPageSize((A4_LONG, A4_SHORT))
            c.setPageRotation(90)
        else:
            c.setPageSize(p.size)
            c.setPageRotation(0)
        c.saveState()
        if p.rotated:
            # frame (X, Y) on a landscape frame -> user space of the portrait page
            c.transform(0, 1, -1, 0, A4_SHORT, 0)
        c.setFillColorRGB(0, 0, 0)
        c.setStrokeColorRGB(0, 0, 0)
        for op in p.ops:
            kind = op[0]
            if kind == "text":
                _, x, y, s, font, size, cs = op
                if cs:
                    c.saveState()  # Tc is graphics state: keep it to this string
                t = c.beginText(x, y)
                t.setFont(font, size)
                if cs:
                    t.setCharSpace(cs)
                t.textOut(s)
                c.drawText(t)
                if cs:
                    c.restoreState()
            elif kind == "line":
                _, ax, ay, bx, by, w = op
                c.setLineWidth(w)
                c.line(ax, ay, bx, by)
            elif kind == "bar":
                _, x, y, w, h = op
                c.rect(x, y, w, h, stroke=0, fill=1)
        c.restoreState()
        c.showPage()
    c.save()


def add_footers(pages: list[Page], style: Style) -> None:
    n = len(pages)
    for i, p in enumerate(pages, 1):
        W, _ = p.size
        if style.footer == "dash":
            s = f"- {i} -"
        elif style.footer == "of":
            s = f"第{i}页，共{n}页"
        else:
            continue
        w = text_width(s, style.body_font, 9)
        p.text(W / 2 - w / 2, 20, s, style.body_font, 9)


# ----------------------------------------------------------------------------- documents


BEIJING_TITLES = {
    1: "收支总表", 2: "收入总表", 3: "支出总表", 4: "财政拨款收支总表", 5: "一般公共预算支出表",
    6: "一般公共预算基本支出表", 7: "支出经济分类汇总表", 8: "“三公”经费支出表",
    9: "政府性基金预算支出表", 10: "项目支出表", 11: "部门（单位）整体绩效目标表",
    12: "项目支出绩效目标表",
}


def yuan_document(ref: dict) -> dict:
    """The reference scaled to 元 (×10000, thousands separators), 三公 kept in 万元 with
    non-zero figures, renamed department, Beijing-style titles."""
    doc = copy.deepcopy(ref)
    old, new = ref["document"]["department"], "示范县工业和信息化局"

    def ren(s):
        return s.replace(old, new) if isinstance(s, str) else s

    d = doc["document"]
    d["department"] = new
    d["title"] = ren(d["title"])
    d["unit"] = "元"
    for t in doc["tables"]:
        t["title"] = normalize(f"预算{t['number']:02d}表 {BEIJING_TITLES[t['number']]}")
        t["org"] = ren(t["org"])
        t["rows"] = [[ren(v) for v in row] for row in t["rows"]]
        t["notes"] = [ren(v) for v in t["notes"]]
        if t["kind"] == "three_public_expenses":
            t["rows"] = [["3.20", "", "2.00", "", "2.00", "1.20"]]
            t["notes"] = [v for v in t["notes"] if "本表无数据" not in v]
            continue
        if t["unit"] == "万元":
            t["unit"] = "元"
            t["rows"] = [[scale(v) for v in row] for row in t["rows"]]
    return doc


def scale(v: str) -> str:
    if re.fullmatch(r"\d+\.\d{2}", v):
        return "{:,.2f}".format(Decimal(v) * 10000)
    return v


def display_title(table: dict, style: Style) -> str:
    if style.source == "yuan":
        return f"预算{table['number']:02d}表 {BEIJING_TITLES[table['number']]}"
    return table["title"]


def table_label(table: dict) -> str:
    return f"公开{table['number']:02d}表"


# header labels over text columns: no number in a 栏次 row
TEXT_LABELS = {"项目", "科目编码", "科目名称", "单位代码", "单位名称", "单位（科目名称）", "类", "款", "项"}


def numbering_row(table: dict) -> list[str]:
    """栏次 | 1 | 栏次 | 2 …: 栏次 over each 项目 column (and the first), numbers over amounts."""
    out, n = [], 0
    for c, path in enumerate(table["columns"]):
        label = path[-1] if path else ""
        if c == 0 or label == "项目":
            out.append("栏次")
        elif label in TEXT_LABELS:
            out.append("")
        else:
            n += 1
            out.append(str(n))
    return out


def drawn_tables(tables: list[dict], style: Style) -> list[dict]:
    """The tables as drawn: with `cut_row`, one row printed as two over a page break; with
    `column_numbers`, a 栏次 row under each header."""
    if style.column_numbers:
        tables = copy.deepcopy(tables)
        for t in tables:
            if any(t["columns"]):
                t["rows"].insert(0, numbering_row(t))
    if style.cut_row is None:
        return tables
    number, row, col, keep = style.cut_row
    out = copy.deepcopy(tables)
    for t in out:
        if t["number"] != number:
            continue
        whole = t["rows"][row]
        first = list(whole)
        first[col] = whole[col][:keep]
        rest = [""] * len(whole)
        rest[col] = whole[col][keep:]
        t["rows"][row:row + 1] = [first, rest]
        t["_break_before"] = row + 1
    return out


FINAL_TITLES = {1: "收入支出决算总表", 2: "收入决算表", 3: "支出决算表"}


def project_form(name: str, amount: str, indicators: list[tuple[str, str, str, str]]) -> dict:
    rows = [
        ["项目名称", name, "", "", ""],
        ["主管部门", "灵宝市工业和信息化局", "", "实施单位", "灵宝市工业和信息化局"],
        ["项目资金（万元）", "年度资金总额", "", amount, ""],
        ["项目资金（万元）", "财政拨款", "", amount, ""],
        ["年度目标", f"按计划完成{name}", "", "", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ] + [["绩效指标", *i] for i in indicators]
    return {
        "kind": "project_performance_evaluation", "number": None,
        "title": f"{name}项目支出绩效自评表", "org": None, "unit": None,
        "columns": [[] for _ in range(5)], "rows": rows, "notes": [],
    }


def final_document(ref: dict) -> dict:
    """A 决算 set: the reference's tables 1–3 under their 决算 titles (公开NN表 under each,
    a 栏次 row under each header), then a 项目支出绩效自评表 per project, printed as forms."""
    doc = copy.deepcopy(ref)
    d = doc["document"]
    d["title"] = f"{d['department']}2024年度部门决算"
    d["year"], d["kind"], d["date"] = 2024, "final_accounts", None
    tables = [t for t in doc["tables"] if t["number"] in FINAL_TITLES]
    for t in tables:
        t["title"] = FINAL_TITLES[t["number"]]
    tables.append(project_form("产业发展专项", "150.00", [
        ("产出指标", "数量指标", "扶持企业数量", "≥10家"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"),
    ]))
    tables.append(project_form("信息化运行维护", "36.50", [
        ("产出指标", "时效指标", "故障响应时间", "≤2小时"),
    ]))
    doc["tables"] = tables
    return doc


def build(style: Style, ref: dict, outdir: Path) -> dict:
    if style.source == "yuan":
        doc = yuan_document(ref)
    elif style.source == "final":
        doc = final_document(ref)
    else:
        doc = copy.deepcopy(ref)
    tables = doc["tables"]
    for t in tables:
        for s in [t["title"], t["org"] or "", t["unit"] or ""] + t["notes"] + [v for row in t["rows"] for v in row] + [v for p in t["columns"] for v in p]:
            if normalize(s) != s:
                raise SystemExit(f"{style.name}: expected text is not normalised: {s!r}")
    missing = check_glyphs(style.body_font, [v for t in tables for row in t["rows"] for v in row])
    if missing:
        print(f"warning: {style.body_font} lacks glyphs {''.join(missing)}", file=sys.stderr)
    pl = Planner(style, doc["document"])
    pl.prose(tables)
    pages_of = []
    for t in drawn_tables(tables, style):
        pages_of.append(pl.table(t, display_title(t, style)))
    add_footers(pl.pages, style)
    pdf = outdir / f"{style.name}.pdf"
    render(pl.pages, pdf, doc["document"]["title"], style.creator)
    out = {
        "schema": "yusuan/1",
        "source": {"format": "pdf", "pages": len(pl.pages)},
        "document": doc["document"],
        "tables": [
            {
                "kind": t["kind"], "number": t["number"], "title": t["title"], "org": t["org"],
                "unit": t["unit"], "pages": pg, "columns": t["columns"], "rows": t["rows"],
                "notes": t["notes"],
                **({"label": table_label(t)} if style.label_below and t["number"] else {}),
            }
            for t, pg in zip(tables, pages_of)
        ],
    }
    write_json(outdir / f"{style.name}.expected.json", out)
    return {"pdf": pdf, "pages": pl.pages, "expected": out}


# The contract's field order: the golden test compares keys in order, as yusuan prints them.
CONTRACT_ORDER = {
    "top": ["schema", "source", "document", "tables", "checks", "warnings", "error"],
    "source": ["file", "sha256", "format", "pages"],
    "document": ["title", "department", "year", "kind", "date", "unit"],
    "table": ["kind", "number", "title", "label", "org", "unit", "pages", "columns", "rows",
              "notes", "records"],
}


def in_contract_order(obj: dict) -> dict:
    """The expected document with its objects' keys in the order yusuan writes them."""
    def order(d: dict, keys: list[str]) -> dict:
        return {k: d[k] for k in keys if k in d} | {k: v for k, v in d.items() if k not in keys}
    out = order(obj, CONTRACT_ORDER["top"])
    for name in ("source", "document"):
        if isinstance(out.get(name), dict):
            out[name] = order(out[name], CONTRACT_ORDER[name])
    if isinstance(out.get("tables"), list):
        out["tables"] = [order(t, CONTRACT_ORDER["table"]) for t in out["tables"]]
    return out


def write_json(path: Path, obj: dict) -> None:
    text = json.dumps(in_contract_order(obj), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------- verification


def verify(pdf: Path, pages: list[Page]) -> list[str]:
    """Read the PDF back and compare the text inside each planned region."""
    import pdfplumber

    problems = []
    with pdfplumber.open(str(pdf)) as doc:
        if len(doc.pages) != len(pages):
            return [f"{pdf.name}: {len(doc.pages)} pages, planned {len(pages)}"]
        for i, (pp, plan) in enumerate(zip(doc.pages, pages), 1):
            H = plan.size[1]
            chars = []
            for ch in pp.chars:
                cx = (ch["x0"] + ch["x1"]) / 2
                cy = H - (ch["top"] + ch["bottom"]) / 2
                chars.append((cx, cy, ch["text"], ch["top"]))
            for reg in plan.regions:
                x0, y0, x1, y1 = reg.rect
                inside = [c for c in chars if x0 <= c[0] <= x1 and y0 <= c[1] <= y1]
                inside.sort(key=lambda c: (round(-c[1] / 3), c[0]))
                dedup = []
                for c in inside:
                    if dedup and dedup[-1][2] == c[2] and abs(dedup[-1][0] - c[0]) < 1 and abs(dedup[-1][1] - c[1]) < 1:
                        continue
                    dedup.append(c)
                got = normalize("".join(c[2] for c in dedup))
                if got != reg.text:
                    problems.append(f"{pdf.name} p{i} {reg.label}: expected {reg.text!r}, read {got!r}")
    return problems


# ----------------------------------------------------------------------------- xlsx via LibreOffice

XLSX_FONT = "WenQuanYi Zen Hei"


def xlsx_build(ref: dict, outdir: Path) -> dict | None:
    """Write the reference tables to .xlsx (merged headers, thin borders, amounts as numbers
    with a 0.00 format, header rows repeated on every printed page) and print it to PDF with
    LibreOffice Calc.  The table pages are found afterwards by their titles."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.properties import PageSetupProperties

    name = "xlsx-libreoffice"
    doc = copy.deepcopy(ref)
    tables = doc["tables"]
    style = Style(name, "WQYZenHei", "WQYZenHei")
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    # cover sheet
    ws = wb.active
    ws.title = "封面"
    ws.column_dimensions["A"].width = 98
    d = doc["document"]
    ws["A8"] = d["department"]
    ws["A9"] = d["title"][len(d["department"]):] if d["title"].startswith(d["department"]) else d["title"]
    for ref_ in ("A8", "A9"):
        ws[ref_].font = Font(name=XLSX_FONT, size=24, bold=True)
        ws[ref_].alignment = Alignment(horizontal="center")
    ws.row_dimensions[8].height = 40
    ws.row_dimensions[9].height = 40
    if d.get("date"):
        ws["A30"] = cn_date(d["date"])
        ws["A30"].font = Font(name=XLSX_FONT, size=16)
        ws["A30"].alignment = Alignment(horizontal="center")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.oddFooter.center.text = "第&P页"

    def put(ws, r, c, text, *, bold=False, size=9.0, h="left", v="center", wrap_=True, border=True):
        cell = ws.cell(row=r, column=c)
        if re.fullmatch(r"-?\d+\.\d{2}", text):
            cell.value = float(text)
            cell.number_format = "0.00"
            h = "right"
        elif text:
            cell.value = text
            cell.data_type = "s"
        cell.font = Font(name=XLSX_FONT, size=size, bold=bold)
        cell.alignment = Alignment(horizontal=h, vertical=v, wrap_text=wrap_)
        if border:
            cell.border = box
        return cell

    for t in tables:
        ws = wb.create_sheet(f"表{t['number']}")
        n = len(t["columns"])
        lay = layout_table(t, style, A4_LONG - 80)
        for i, w in enumerate(lay.widths):
            ws.column_dimensions[_col(i + 1)].width = round((w / 0.75 - 5) / 7 + 0.5, 2)
        r = 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        put(ws, r, 1, t["title"], bold=True, size=16, h="center", border=False)
        ws.row_dimensions[r].height = 30
        r += 1
        if t["org"] is not None or t["unit"] is not None:
            if t["org"] is not None:
                if n > 2:
                    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=max(1, n // 2))
                put(ws, r, 1, f"单位名称：{t['org']}", size=10, border=False, wrap_=False)
            if t["unit"] is not None:
                put(ws, r, n, f"单位：{t['unit']}", size=10, h="right", border=False, wrap_=False)
            ws.row_dimensions[r].height = 18
            r += 1
        top = r
        for cell in lay.head:
            rr, cc = top + cell.r0, 1 + cell.c0
            if cell.rs > 1 or cell.cs > 1:
                ws.merge_cells(start_row=rr, start_column=cc, end_row=rr + cell.rs - 1, end_column=cc + cell.cs - 1)
                for k in range(cell.rs):
                    for j in range(cell.cs):
                        ws.cell(row=rr + k, column=cc + j).border = box
            put(ws, rr, cc, cell.text, h="center")
        for i, h in enumerate(lay.head_h):
            ws.row_dimensions[top + i].height = round(h + 2, 1)
        if lay.depth:
            ws.print_title_rows = f"{top}:{top + lay.depth - 1}"
        btop = top + lay.depth
        for cell in lay.body:
            rr, cc = btop + cell.r0, 1 + cell.c0
            if cell.rs > 1 or cell.cs > 1:
                ws.merge_cells(start_row=rr, start_column=cc, end_row=rr + cell.rs - 1, end_column=cc + cell.cs - 1)
                for k in range(cell.rs):
                    for j in range(cell.cs):
                        ws.cell(row=rr + k, column=cc + j).border = box
            put(ws, rr, cc, cell.text)
        for i, h in enumerate(lay.row_h):
            ws.row_dimensions[btop + i].height = round(h + 2, 1)
        # Manual page breaks between row groups, so that no vertically merged cell is split
        # over two pages (LibreOffice prints its text on one part only).  Capacity is
        # estimated on the fit-to-width scale with a safety margin.
        scale = min(1.0, (A4_LONG - 72) / (sum(lay.widths) + 10))
        capacity = 0.95 * (A4_SHORT - 2 * 0.6 * 72 - 40) / scale - sum(h + 2 for h in lay.head_h)
        glued = {k for c in lay.body for k in range(c.r0 + 1, c.r0 + c.rs)}
        used = sum(ws.row_dimensions[k].height or 15 for k in range(1, top))
        last_ok = 0
        for i, h in enumerate(lay.row_h):
            if i not in glued:
                last_ok = i
            if glued and used + h + 2 > capacity and last_ok > 0:
                ws.row_breaks.append(Break(id=btop + last_ok - 1))
                used = sum(lay.row_h[k] + 2 for k in range(last_ok, i))
                last_ok = i if i not in glued else last_ok
            used += h + 2
        r = btop + len(t["rows"])
        for note in t["notes"]:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
            put(ws, r, 1, note, border=False)
            lines = wrap(note, "WQYZenHei", 9, sum(lay.widths) - 10)
            # LibreOffice wraps with its own metrics, wider than ours: leave room so the
            # whole note is printed (a clipped note would not be the expected text).
            ws.row_dimensions[r].height = 13 * (2 * len(lines) + 1) + 4
            r += 1
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = "第&P页"
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / f"{name}.xlsx"
        wb.save(xlsx)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(xlsx)],
            check=True, capture_output=True, timeout=300,
        )
        data = (Path(tmp) / f"{name}.pdf").read_bytes()
    pdf = outdir / f"{name}.pdf"
    pdf.write_bytes(fix_pdf_dates(data))
    pages_of, npages, problems = xlsx_pages_and_check(pdf, tables)
    out = {
        "schema": "yusuan/1",
        "source": {"format": "pdf", "pages": npages},
        "document": doc["document"],
        "tables": [
            {
                "kind": t["kind"], "number": t["number"], "title": t["title"], "org": t["org"],
                "unit": t["unit"], "pages": pg, "columns": t["columns"], "rows": t["rows"],
                "notes": t["notes"],
            }
            for t, pg in zip(tables, pages_of)
        ],
    }
    write_json(outdir / f"{name}.expected.json", out)
    return {"pdf": pdf, "npages": npages, "problems": problems}


def _col(i: int) -> str:
    s = ""
    while i:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


def fix_pdf_dates(data: bytes) -> bytes:
    """Same-length replacement of creation dates and the file /ID (xref offsets stay valid)."""
    def date(m):
        return m.group(1) + b"(" + b"D:20250325000000"[: len(m.group(2))].ljust(len(m.group(2)), b"0") + b")"
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*)\(([^)]*)\)", date, data)
    data = re.sub(rb"<xmp:(\w+Date)>([^<]*)</xmp:\1>", lambda m: b"<xmp:" + m.group(1) + b">" + b"2025-03-25T00:00:00"[: len(m.group(2))].ljust(len(m.group(2)), b"0") + b"</xmp:" + m.group(1) + b">", data)
    data = re.sub(rb"<([0-9A-Fa-f]{32})>", lambda m: b"<" + b"0" * 32 + b">", data)
    data = re.sub(rb"/DocChecksum /[0-9A-Fa-f]{32}", b"/DocChecksum /" + b"0" * 32, data)
    return data


def _clusters(vals: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(vals):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _read(chars, x0, top, x1, bottom) -> str:
    inside = [c for c in chars if x0 <= c[0] <= x1 and top <= c[1] <= bottom]
    inside.sort(key=lambda c: (round(c[1] / 3), c[0]))
    return normalize("".join(c[2] for c in inside))


def xlsx_pages_and_check(pdf: Path, tables: list[dict]) -> tuple[list[list[int]], int, list[str]]:
    """Find each table's pages by its title, then rebuild the grid of every table page from
    its ruling lines and compare the text inside each (merged) cell with the expected one."""
    import pdfplumber

    problems = []
    with pdfplumber.open(str(pdf)) as d:
        texts = [re.sub(r"\s+", "", p.extract_text() or "") for p in d.pages]
        starts, at = [], 0
        for t in tables:
            key = re.sub(r"\s+", "", t["title"])
            while at < len(texts) and key not in texts[at]:
                at += 1
            starts.append(at)
        pages_of = []
        for i, t in enumerate(tables):
            s = starts[i]
            if s >= len(texts):
                problems.append(f"table {t['number']}: title not found")
                pages_of.append([])
                continue
            e = starts[i + 1] if i + 1 < len(tables) else len(texts)
            pages_of.append(list(range(s + 1, e + 1)))
            n = len(t["columns"])
            depth, head = header_cells(t["columns"])
            body = body_cells(t)
            r = 0
            for pn in range(s, e):
                page = d.pages[pn]
                chars = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c["text"]) for c in page.chars]
                xs = _clusters([g["x0"] for g in page.edges if g["orientation"] == "v"])
                ys = _clusters([g["top"] for g in page.edges if g["orientation"] == "h"])
                where = f"table {t['number']} p{pn + 1}"
                if len(xs) != n + 1:
                    problems.append(f"{where}: {len(xs) - 1} ruled columns, expected {n}")
                    continue
                rows_here = len(ys) - 1 - depth
                for cell in head:
                    got = _read(chars, xs[cell.c0], ys[cell.r0], xs[cell.c0 + cell.cs], ys[cell.r0 + cell.rs])
                    if got != cell.text:
                        problems.append(f"{where} header: expected {cell.text!r}, read {got!r}")
                for cell in body:
                    a, b = max(cell.r0, r), min(cell.r0 + cell.rs, r + rows_here)
                    if a >= b:
                        continue
                    top, bottom = ys[depth + a - r], ys[depth + b - r]
                    got = _read(chars, xs[cell.c0], top, xs[cell.c0 + cell.cs], bottom)
                    if got != cell.text:
                        problems.append(f"{where} row {a}: expected {cell.text!r}, read {got!r}")
                r += rows_here
            if r != len(t["rows"]):
                problems.append(f"table {t['number']}: {r} ruled body rows, expected {len(t['rows'])}")
    return pages_of, len(texts), problems


# ----------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("--out", type=Path, default=ROOT / "samples" / "pdf")
    ap.add_argument("--style", action="append", help="only these styles (repeatable)")
    ap.add_argument("--no-xlsx", action="store_true", help="skip the LibreOffice style")
    ap.add_argument("--verify", action="store_true", help="read each PDF back and check its regions")
    args = ap.parse_args()
    ref = json.loads(args.reference.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    register_fonts()
    names = args.style or list(STYLES) + ([] if args.no_xlsx else ["xlsx-libreoffice"])
    failed = False
    for name in names:
        if name == "xlsx-libreoffice":
            res = xlsx_build(ref, args.out)
            if res is None:
                print("skipped xlsx-libreoffice (no soffice on PATH)", file=sys.stderr)
                continue
            print(f"{res['pdf'].name}: {res['npages']} pages, {res['pdf'].stat().st_size} bytes")
            for p in res["problems"][:40]:
                print("  MISMATCH", p)
            print(f"  verify: {len(res['problems'])} cell mismatches against the ruled grid")
            failed |= bool(res["problems"])
            continue
        res = build(STYLES[name], ref, args.out)
        size = res["pdf"].stat().st_size
        print(f"{res['pdf'].name}: {len(res['pages'])} pages, {size} bytes")
        if args.verify:
            probs = verify(res["pdf"], res["pages"])
            for p in probs[:40]:
                print("  MISMATCH", p)
            n = sum(len(p.regions) for p in res["pages"])
            print(f"  verify: {n - len(probs)} of {n} regions read back exactly")
            failed |= bool(probs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
