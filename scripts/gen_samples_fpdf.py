#!/usr/bin/env python3
"""A second, independent producer of unruled fixture PDFs: fpdf2 instead of reportlab.

Same reference content as `gen_samples.py` (`lingbao-gxj-2025.expected.json`), a different
drawing library, font embedding (fpdf2 subsets a TrueType collection face into a Type0 /
Identity-H font with ToUnicode) and, above all, a different way of setting tables out,
the way report tools and word processors with borders switched off do it:

  fpdf-flush        the reference document in 万元 (AR PL UKai). No rules at all. Every
                    header label set like the body of its column: flush left over text
                    columns, flush right over figures; parent labels flush left over the
                    leaves they span. Short labels letter-spaced by character spacing (`Tc`)
                    with no space glyphs. Continuation pages WITHOUT the header repeated.
                    The 政府性基金 table printed empty: header and notes only. The
                    整体绩效目标表 as an unruled form. "第 N 页" footers.
  fpdf-threeline    the synthesised 元 document (thousands separators) in AR PL UMing.
                    Rules only above and below the header (no closing rule). Leaves flush
                    right over figures and flush left over text, parents centred over their
                    span, short labels letter-spaced by `Tc`. The header repeated on
                    continuation pages. "- N -" footers.
  fpdf-stsong       the reference document in 万元, laid out in STSong-Light's advances
                    (reportlab's copy of Adobe's metrics: proportional Latin, digits 462),
                    drawn by fpdf2 in AR PL UMing, then its font rewritten by
                    `pdf_stsong.py` into a non-embedded STSong-Light / UniGB-UCS2-H (no
                    font program, no ToUnicode, /W those advances), as iText reports write it. No rules. Parent labels flush right over their
                    span, leaves as in fpdf-flush, short labels letter-spaced by `Tc`.
                    Titles fake-bold (drawn twice, 0.3pt apart). Continuation pages marked
                    "续表" with the header repeated. Bare page-number footers.
  fpdf-wide         the 元 document in AR PL UKai, no rules. Cells wide enough that a leaf
                    label sits clear of its column's text: set flush LEFT over figures (which
                    are flush right) and flush RIGHT over text (which is flush left); parents
                    centred. Every table longer than two rows breaks after one or two body
                    rows on its first page (forms aside), so columns empty there (科目编码 under 合计) show
                    only on later pages; the header repeated on a table's second page only,
                    not its third. The last header row's labels at the foot of the header.
                    Titles in fake bold (drawn twice 0.3 pt apart). "续表" at the top right
                    of continuation pages. The 基本支出 table as side-by-side 人员经费 /
                    公用经费 blocks, the 收支总表 short (only lines with a figure).
  fpdf-blocks       the reference document in 万元, laid out and rewritten to non-embedded
                    STSong-Light as fpdf-stsong (the font iText's county reports use), no
                    rules, parents centred. Three tables printed as many counties do: table
                    1 a short 收支总表 (only the lines with figures, packed up on each
                    side); table 6 as two independent blocks side by side, 人员经费 (科目编码
                    | 科目名称 | 金额) beside 公用经费 (the same three), each block its class
                    lines and items in code order and its own 合计 at the foot, so the left
                    block's flush-right figures sit a gutter from the right block's
                    flush-left codes; table 12 vertically, one form per project (项目名称,
                    主管部门 | 实施单位, 项目资金 年度资金总额 / 其中：财政拨款 / 其他资金,
                    总体目标, then 一级指标 | 二级指标 | 三级指标 | 指标值 rows), the forms
                    one under another with a gap between them.

Each writes `samples/pdf/<style>.pdf` and `<style>.expected.json` (styles in PENDING,
not yet read exactly, under `samples/pdf/pending/`, outside the golden test) (schema, source, document,
tables with kind, number, title, org, unit, pages, columns, rows, notes), the expected JSON
taken from the reference content itself; `pages` are the pages each table was drawn on.
Output is deterministic for a given fpdf2 and Debian font package version.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The content rules are shared (the contract's whitespace rule, the 元 document); the
# drawing is not.
from gen_samples import (  # noqa: E402
    DEFAULT_REFERENCE,
    cn_date,
    is_amount,
    normalize,
    tokens,
    write_json,
    yuan_document,
)
import pdf_stsong  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402

# STSong-Light's advances (reportlab's copy of Adobe's metrics, as iText's itext-asian).
STSONG = UnicodeCIDFont("STSong-Light")

ROOT = Path(__file__).resolve().parent.parent
FONTS = {
    "ukai": "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "uming": "/usr/share/fonts/truetype/arphic/uming.ttc",
}
MARGIN = 32.0
GUTTER = 12.0  # between the text of neighbouring columns


@dataclass
class Style:
    name: str
    font: str
    size: float
    source: str  # "reference" or "yuan"
    parent_align: str  # "left", "center" or "right" (over the leaves it spans)
    repeat_header: bool
    rules: bool  # a rule above and one below the header
    empty_fund_table: bool
    footer: str  # format with {n}
    continued: str = ""  # mark above the header on continuation pages
    fake_bold: bool = False  # titles drawn twice, 0.3pt apart
    stsong: bool = False  # font rewritten to non-embedded STSong-Light (pdf_stsong.py)
    # Leaf labels: "body" as their column's text (flush left over text, flush right over
    # figures), "opposite" the other way (clear of the text in a wide cell).
    leaf_align: str = "body"
    # Room (font sizes) a leaf's cell keeps between its label and its widest text.
    clear: float = 0.0
    # Body rows on a table's first page, then a page break (0: as many as fit): one for
    # odd table numbers, this many for even ones.
    first_rows: int = 0
    # With repeat_header, the header is printed again up to this page of a table (0: all).
    repeat_until: int = 0
    # The last header row's labels at the "top" of the row or at its "bottom" (level with
    # the foot of the tallest label beside them).
    leaf_valign: str = "top"
    # Printed at the top right of a table's continuation pages ("" for none).
    continued_mark: str = ""
    # The 基本支出 table (6) as two blocks side by side: 人员经费 | 公用经费.
    side_by_side: bool = False
    # The 收支总表 (1) short: each side's lines with a figure only, then its totals.
    short_summary: bool = False
    # Tables 1, 6 and 12 printed short, side by side and as per-project forms
    # (`blocks_document`).
    blocks: bool = False
    # Extra room (font sizes) above each form of a table after its first (a row
    # starting 项目名称).
    form_gap: float = 0.0


# Styles yusuan does not yet read exactly: written to `pending/` under the output folder.
PENDING: set[str] = set()

STYLES = {
    "fpdf-flush": Style("fpdf-flush", "ukai", 9.0, "reference", "left", False, False, True, "第 {n} 页"),
    "fpdf-threeline": Style("fpdf-threeline", "uming", 8.5, "yuan", "center", True, True, False, "- {n} -"),
    "fpdf-stsong": Style(
        "fpdf-stsong", "uming", 9.0, "reference", "right", True, False, False, "{n}",
        continued="续表", fake_bold=True, stsong=True,
    ),
    "fpdf-wide": Style(
        "fpdf-wide", "ukai", 8.0, "yuan", "center", True, False, False, "第 {n} 页",
        leaf_align="opposite", clear=2.0, first_rows=2, repeat_until=2, fake_bold=True,
        leaf_valign="bottom", continued_mark="续表", side_by_side=True,
        short_summary=True,
    ),
    "fpdf-blocks": Style(
        "fpdf-blocks", "uming", 9.0, "reference", "center", True, False, False, "第 {n} 页",
        stsong=True, blocks=True, form_gap=3.0,
    ),
}


class Doc(FPDF):
    def __init__(self, style: Style):
        super().__init__(orientation="L", unit="pt", format="A4")
        self.style = style
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN)
        self.add_font(style.font, "", FONTS[style.font])
        self.set_font(style.font, size=style.size)

    def footer(self):
        self.set_char_spacing(0)
        self.set_font(self.style.font, size=8)
        s = self.style.footer.format(n=self.page_no())
        self.text((self.w - self.width(s)) / 2, self.h - 16, s)

    def width(self, s: str, cs: float = 0.0) -> float:
        if self.style.stsong:  # laid out as iText would, in STSong-Light's own advances
            return STSONG.stringWidth(s, self.font_size_pt) + cs * max(len(s) - 1, 0)
        return self.get_string_width(s) + cs * max(len(s) - 1, 0)

    def put(
        self, x: float, top: float, s: str, size: float, align: str = "left", cs: float = 0.0, bold: bool = False
    ) -> None:
        """Draws `s` with its glyph box's top at `top`; `x` is its left, right or centre."""
        self.set_font(self.style.font, size=size)
        w = self.width(s, cs)
        if align == "right":
            x -= w
        elif align == "center":
            x -= w / 2
        self.set_char_spacing(cs)
        self.text(x, top + size * 0.86, s)
        if bold and self.style.fake_bold:
            self.text(x + 0.3, top + size * 0.86, s)
        self.set_char_spacing(0)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        self.set_font(self.style.font, size=size)
        lines, cur = [], ""
        for tok in tokens(text):
            if cur and self.width(cur + tok) > width:
                lines.append(cur)
                cur = tok.lstrip()
            else:
                cur += tok
        if cur or not lines:
            lines.append(cur)
        return lines


def spacing(label: str, size: float) -> float:
    """Character spacing for a short label: half a character for two, a third for three."""
    if "\n" in label or not all("\u4e00" <= c <= "\u9fff" for c in label):
        return 0.0
    return {2: 0.5 * size, 3: 0.34 * size}.get(len(label), 0.0)


# ----------------------------------------------------------------------------- tables


def header_cells(columns: list[list[str]]):
    """(level, first leaf, last leaf, label, spans down to the bottom) for every label."""
    depth = max((len(p) for p in columns), default=0)
    cells = []
    for level in range(depth):
        j = 0
        while j < len(columns):
            path = columns[j]
            if len(path) <= level:
                j += 1
                continue
            k = j
            while k + 1 < len(columns) and columns[k + 1][: level + 1] == path[: level + 1]:
                k += 1
            cells.append((level, j, k, path[level], len(path) == level + 1))
            j = k + 1
    return depth, cells


def numeric_columns(table: dict) -> list[bool]:
    n = len(table["columns"])
    out = []
    for j in range(n):
        vals = [r[j] for r in table["rows"] if r[j]]
        out.append(bool(vals) and sum(is_amount(v) for v in vals) * 2 >= len(vals))
    return out


def column_widths(pdf: Doc, table: dict, size: float, avail: float) -> list[float]:
    pdf.set_font(pdf.style.font, size=size)
    n = len(table["columns"])
    numeric = numeric_columns(table)
    two = pdf.width("国有")
    widths = []
    for j in range(n):
        body = max((pdf.width(r[j]) for r in table["rows"]), default=0.0)
        if not numeric[j]:
            # Wrapped at 14 characters, never inside a run of digits or letters.
            longest = max((pdf.width(tok) for r in table["rows"] for tok in tokens(r[j])), default=0.0)
            body = max(min(body, 14 * size), longest)
        widths.append(max(body, two * 1.5 if numeric[j] else two * 2))
    depth, cells = header_cells(table["columns"])
    for level, a, b, label, _ in sorted(cells, key=lambda c: c[2] - c[1]):
        need = min(pdf.width(label), 10 * size) + GUTTER * (b - a)
        have = sum(widths[a : b + 1]) + GUTTER * (b - a)
        if need > have:
            for j in range(a, b + 1):
                widths[j] += (need - have) / (b - a + 1)
    total = sum(widths) + GUTTER * (n - 1)
    if pdf.style.clear and total < avail:
        # A leaf's cell holds its label (up to ten characters a line) and its text side by
        # side, `clear` sizes apart, as far as the page has room.
        extra = [0.0] * n
        for level, a, b, label, _ in cells:
            if a == b:
                extra[a] = min(pdf.width(label), 10 * size) + pdf.style.clear * size
        f = min(1.0, (avail - total) / max(sum(extra), 1e-9))
        widths = [w + e * f for w, e in zip(widths, extra)]
        total = sum(widths) + GUTTER * (n - 1)
    if total > avail:
        # Text columns give way first, down to three characters; then everything.
        text = [j for j in range(n) if not numeric[j]]
        floor = [max(3 * size, max((pdf.width(tok) for r in table["rows"] for tok in tokens(r[j])), default=0.0)) for j in range(n)]
        spare = sum(max(widths[j] - floor[j], 0) for j in text)
        cut = min(total - avail, spare)
        for j in text:
            if spare:
                widths[j] -= cut * max(widths[j] - floor[j], 0) / spare
        total = sum(widths) + GUTTER * (n - 1)
    if total > avail:
        f = (avail - GUTTER * (n - 1)) / sum(widths)
        widths = [w * f for w in widths]
    return widths


def form_widths(avail: float, n: int) -> list[float]:
    shares = [0.13, 0.22, 0.2, 0.27, 0.18][:n]
    s = sum(shares)
    return [(avail - GUTTER * (n - 1)) * x / s for x in shares]


class Planner:
    def __init__(self, pdf: Doc, style: Style):
        self.pdf = pdf
        self.style = style

    def new_page(self, orientation="L") -> None:
        self.pdf.add_page(orientation=orientation)

    def table(self, t: dict, rows: list[list[str]]) -> list[int]:
        pdf, st = self.pdf, self.style
        size = st.size
        lead = size * 1.22  # wrapped lines: glyph boxes 0.22 size apart
        pitch_gap = size * 1.0  # between rows
        avail = pdf.w - 2 * MARGIN
        form = all(not p for p in t["columns"])
        n = len(t["columns"])
        widths = form_widths(avail, n) if form else column_widths(pdf, t, size, avail)
        xs = [MARGIN]
        for w in widths[:-1]:
            xs.append(xs[-1] + w + GUTTER)
        right = xs[-1] + widths[-1]
        numeric = [False] * n if form else numeric_columns(t)
        pages: list[int] = []

        def top_of_page(first: bool) -> float:
            self.new_page()
            pages.append(pdf.page_no())
            y = MARGIN
            if first:
                pdf.put(pdf.w / 2, y, t["title"], 15, "center", bold=True)
                y += 30
                if t["org"] or t["unit"]:
                    if t["org"]:
                        pdf.put(MARGIN, y, f"单位名称：{t['org']}", 9)
                    if t["unit"]:
                        pdf.put(right, y, f"单位：{t['unit']}", 9, "right")
                    y += 22
            elif st.continued:
                pdf.put(MARGIN, y, st.continued, 9)
                y += 20
            if not first and st.continued_mark:
                pdf.put(right, y, st.continued_mark, 9, "right")
                y += 18
            again = st.repeat_header and (not st.repeat_until or len(pages) <= st.repeat_until)
            if not form and (first or again):
                y = self.header(t, xs, widths, numeric, y, size, lead, right)
            return y

        y = top_of_page(True)
        bottom = pdf.h - MARGIN - 14
        # A table set low on its page: one or two body rows, then the next page.
        short = (1 if t["number"] % 2 else st.first_rows) if st.first_rows and len(rows) > 2 and not form else 0
        for r, row in enumerate(rows):
            cells = []
            for j, v in enumerate(row):
                if not v:
                    cells.append([])
                    continue
                w = widths[j]
                if form:  # a form's text runs over the empty cells to its right
                    k = j
                    while k + 1 < n and not row[k + 1]:
                        k += 1
                        w += widths[k] + GUTTER
                cells.append(pdf.wrap(v, w, size))
            lines = max((len(c) for c in cells), default=1)
            h = (lines - 1) * lead + size
            if form and r and row[0] == "项目名称":
                y += st.form_gap * size
            if y + h > bottom or (short and r == short and len(pages) == 1):
                y = top_of_page(False)
            for j, c in enumerate(cells):
                for i, s in enumerate(c):
                    if numeric[j]:
                        pdf.put(xs[j] + widths[j], y + i * lead, s, size, "right")
                    else:
                        pdf.put(xs[j], y + i * lead, s, size)
            y += h + pitch_gap
        y += 6
        for note in t["notes"]:
            lines = pdf.wrap(note, right - MARGIN, 9)
            if y + len(lines) * 12 > bottom:
                y = top_of_page(False)
            for s in lines:
                pdf.put(MARGIN, y, s, 9)
                y += 12
        return pages

    def header(self, t, xs, widths, numeric, y, size, lead, right) -> float:
        pdf, st = self.pdf, self.style
        depth, cells = header_cells(t["columns"])
        placed = []
        heights = [size] * depth
        for level, a, b, label, down in cells:
            w = xs[b] + widths[b] - xs[a]
            lines = pdf.wrap(label, w, size)
            placed.append((level, a, b, lines, down))
            if not down or level == depth - 1:
                heights[level] = max(heights[level], (len(lines) - 1) * lead + size)
        # A label spanning down fits in the levels it spans: the last level grows.
        for level, a, b, lines, down in placed:
            if down and level < depth - 1:
                block = (len(lines) - 1) * lead + size
                have = sum(heights[level:]) + size * 0.9 * (depth - 1 - level)
                heights[-1] += max(block - have, 0.0)
        tops = [y + 5]
        for h in heights[:-1]:
            tops.append(tops[-1] + h + size * 0.9)
        end = tops[-1] + heights[-1]
        if st.rules:
            pdf.set_line_width(0.8)
            pdf.line(MARGIN, y, right, y)
        for level, a, b, lines, down in placed:
            block = (len(lines) - 1) * lead + size
            top = tops[level]
            if down and level < depth - 1:  # centred down the rows it spans
                top = (tops[level] + end - block) / 2
            elif level == depth - 1 and st.leaf_valign == "bottom":
                top = end - block
            for i, s in enumerate(lines):
                cs = spacing(s, size) if len(lines) == 1 else 0.0
                if cs and pdf.width(s, cs) > xs[b] + widths[b] - xs[a]:
                    cs = 0.0
                ty = top + i * lead
                if a == b and st.leaf_align == "opposite":
                    if numeric[a]:
                        pdf.put(xs[a], ty, s, size, "left", cs)
                    else:
                        pdf.put(xs[a] + widths[a], ty, s, size, "right", cs)
                elif a == b and numeric[a]:
                    pdf.put(xs[a] + widths[a], ty, s, size, "right", cs)
                elif a != b and st.parent_align == "center":
                    pdf.put((xs[a] + xs[b] + widths[b]) / 2, ty, s, size, "center", cs)
                elif a != b and st.parent_align == "right":
                    pdf.put(xs[b] + widths[b], ty, s, size, "right", cs)
                else:
                    pdf.put(xs[a], ty, s, size, "left", cs)
        if st.rules:
            pdf.set_line_width(0.5)
            pdf.line(MARGIN, end + 5, right, end + 5)
        return end + 5 + size * 1.0


# ----------------------------------------------------------------------------- blocks


def money(s: str) -> Decimal:
    return Decimal(s) if s else Decimal(0)


def blocks_short_summary(t: dict) -> dict:
    """收支总表 with only the lines that have figures, packed up on each side, then the
    total lines that have figures."""
    totals = [r for r in t["rows"] if r[0].endswith(("合计", "总计"))]
    body = t["rows"][: t["rows"].index(totals[0])]
    left = [r[:2] for r in body if r[1]]
    right = [r[2:] for r in body if r[3]]
    rows = [
        (left[i] if i < len(left) else ["", ""]) + (right[i] if i < len(right) else ["", ""])
        for i in range(max(len(left), len(right)))
    ]
    rows += [r for r in totals if r[1] or r[3]]
    return dict(t, rows=rows)


def blocks_side_by_side(t: dict) -> dict:
    """基本支出表 as 人员经费 and 公用经费 blocks side by side, each (科目编码 | 科目名称 |
    金额): its class lines (301 工资福利支出 …, summed) and items in code order, its own 合计
    (as the reference prints it) last; the two blocks' rows independent."""
    names = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助"}
    cols = t["columns"]
    code, name = 0, 1
    blocks = []
    for label in ("人员经费", "公用经费"):
        j = next(j for j, p in enumerate(cols) if p[-1] == label)
        items = sorted((r[code], r[name], r[j]) for r in t["rows"] if r[code].isdigit() and r[j])
        lines = []
        for cls in sorted({c[:3] for c, _, _ in items}):
            mine = [i for i in items if i[0].startswith(cls)]
            lines.append([cls, names[cls], f"{sum(money(a) for _, _, a in mine):.2f}"])
            lines += [list(i) for i in mine]
        # The 合计 as the reference prints it (its items sum to a cent less: rounding).
        total = next(r[j] for r in t["rows"] if r[0] == "合计")
        blocks.append((label, lines, ["合计", "", total]))
    height = max(len(b[1]) for b in blocks)
    rows = []
    for i in range(height):
        rows.append([v for _, lines, _ in blocks for v in (lines[i] if i < len(lines) else ["", "", ""])])
    rows.append([v for _, _, total in blocks for v in total])
    columns = [[label, leaf] for label, _, _ in blocks for leaf in ("科目编码", "科目名称", "金额")]
    return dict(t, columns=columns, rows=rows)


LEVEL2 = {"成本指标": "经济成本指标", "产出指标": "数量指标", "效益指标": "社会效益指标", "满意度指标": "服务对象满意度指标"}


def project_forms(t: dict, department: str) -> dict:
    """项目绩效目标汇总表 printed vertically: a form per project, four columns."""
    cols = t["columns"]
    at = {tuple(p): j for j, p in enumerate(cols)}
    projects: dict[str, list[list[str]]] = {}
    for r in t["rows"]:
        if len(r[0]) > 6:  # project codes; the shorter ones are the unit's total lines
            projects.setdefault(r[0], []).append(r)
    rows = []
    for lines in projects.values():
        first = lines[0]
        total, gov = first[at[("项目金额（万元）", "资金总额")]], first[at[("项目金额（万元）", "政府预算资金")]]
        other = money(total) - money(gov)
        indicators = []
        for level1 in ("成本指标", "产出指标", "效益指标", "满意度指标"):
            for r in lines:
                name, value = r[at[("绩效目标", level1, "三级指标")]], r[at[("绩效目标", level1, "指标值")]]
                if name:
                    indicators.append([level1, LEVEL2[level1], name, value])
        target = f"{first[1]}：" + "，".join(f"{n}{v}" for _, _, n, v in indicators) + "。"
        rows += [
            ["项目名称", first[1], "", ""],
            ["主管部门", department, "实施单位", department],
            ["项目资金（万元）", "年度资金总额", total, ""],
            ["项目资金（万元）", "其中：财政拨款", gov, ""],
            ["项目资金（万元）", "其他资金", f"{other:.2f}", ""],
            ["总体目标", target, "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"],
        ] + indicators
    return dict(t, columns=[[] for _ in range(4)], rows=rows, title="2025年项目支出绩效目标表")


def blocks_document(doc: dict) -> dict:
    dept = doc["document"]["department"]
    out = []
    for t in doc["tables"]:
        if t["number"] == 1:
            t = blocks_short_summary(t)
        elif t["number"] == 6:
            t = blocks_side_by_side(t)
        elif t["number"] == 12:
            t = project_forms(t, dept)
        out.append(t)
    return dict(doc, tables=out)


# ----------------------------------------------------------------------------- document


def front(pdf: Doc, doc: dict, tables: list[dict]) -> None:
    pdf.add_page(orientation="P")
    W = pdf.w
    dept, title = doc["department"], doc["title"]
    rest = title[len(dept):] if title.startswith(dept) else ""
    if rest:
        pdf.put(W / 2, 280, dept, 24, "center", bold=True)
        pdf.put(W / 2, 320, rest, 24, "center", bold=True)
    else:
        pdf.put(W / 2, 300, title, 22, "center", bold=True)
    if doc.get("date"):
        pdf.put(W / 2, 640, cn_date(doc["date"]), 16, "center")
    pdf.add_page(orientation="P")
    pdf.put(W / 2, 80, "目  录", 18, "center")
    y = 130
    for i, t in enumerate(tables, 1):
        pdf.put(80, y, f"{i}. {t['title']}", 12)
        y += 24


def side_by_side(t: dict) -> dict:
    """Table 6 printed as 人员经费 and 公用经费 blocks side by side (科目编码, 科目名称, 金额
    each), as many 基本支出 tables are: the 部门 classification's rows of each kind, then
    a row of the two totals."""
    cols = t["columns"]
    total = next(r for r in t["rows"] if r[0] == "合计")
    people = [r for r in t["rows"] if r[0] != "合计" and r[5]]
    public = [r for r in t["rows"] if r[0] != "合计" and r[6]]
    rows = []
    for i in range(max(len(people), len(public))):
        a = [people[i][0], people[i][1], people[i][5]] if i < len(people) else ["", "", ""]
        b = [public[i][0], public[i][1], public[i][6]] if i < len(public) else ["", "", ""]
        rows.append(a + b)
    rows.append(["", "人员经费合计", total[5], "", "公用经费合计", total[6]])
    groups = [cols[5][-1], cols[6][-1]]
    columns = [[g, leaf] for g in groups for leaf in ("科目编码", "科目名称", "金额")]
    return dict(t, columns=columns, rows=rows)


def short_summary(t: dict) -> dict:
    """The 收支总表 as short ones are printed: the 收入 and 支出 lines that have a figure,
    each side closed up, then the total rows (from 本年收入合计 on) as they are."""
    end = next(i for i, r in enumerate(t["rows"]) if r[0] == "本年收入合计")
    body = t["rows"][:end]
    left = [r[:2] for r in body if r[0] and r[1]]
    right = [r[2:] for r in body if r[2] and r[3]]
    rows = [
        (left[i] if i < len(left) else ["", ""]) + (right[i] if i < len(right) else ["", ""])
        for i in range(max(len(left), len(right)))
    ]
    return dict(t, rows=rows + t["rows"][end:])


def build(style: Style, ref: dict, outdir: Path) -> dict:
    doc = yuan_document(ref) if style.source == "yuan" else copy.deepcopy(ref)
    if style.source == "yuan":
        # Plain titles: the 元 document's Beijing-style titles belong to gen_samples.py.
        for t, r in zip(doc["tables"], ref["tables"]):
            t["title"] = r["title"]
    if style.blocks:
        doc = blocks_document(doc)
    tables = doc["tables"]
    pdf = Doc(style)
    pdf.set_creation_date(datetime(2025, 3, 25, tzinfo=timezone.utc))
    pdf.set_creator("yusuan scripts/gen_samples_fpdf.py")
    pdf.set_title(doc["document"]["title"])
    front(pdf, doc["document"], tables)
    planner = Planner(pdf, style)
    out_tables = []
    for t in tables:
        if style.side_by_side and t["kind"] == "general_budget_basic_expenditure":
            t = side_by_side(t)
        if style.short_summary and t["kind"] == "income_expenditure_summary":
            t = short_summary(t)
        rows = t["rows"]
        notes = t["notes"]
        if style.empty_fund_table and t["kind"] == "government_fund_expenditure":
            rows = []
            notes = ["注：本表无数据。"] + notes
        shown = dict(t, rows=rows, notes=notes)
        pages = planner.table(shown, rows)
        out_tables.append(
            {
                "kind": t["kind"], "number": t["number"], "title": t["title"], "org": t["org"],
                "unit": t["unit"], "pages": pages, "columns": t["columns"], "rows": rows,
                "notes": notes,
            }
        )
    pdf_path = outdir / f"{style.name}.pdf"
    if style.stsong:
        laid_out = outdir / f".{style.name}.fpdf.pdf"
        pdf.output(str(laid_out))
        pdf_stsong.convert(laid_out, pdf_path, lambda ch: STSONG.stringWidth(ch, 1000))
        laid_out.unlink()
    else:
        pdf.output(str(pdf_path))
    out = {
        "schema": "yusuan/1",
        "source": {"format": "pdf", "pages": pdf.page_no()},
        "document": doc["document"],
        "tables": out_tables,
    }
    for t in out_tables:
        for s in [t["title"]] + t["notes"] + [v for r in t["rows"] for v in r]:
            if normalize(s) != s:
                raise SystemExit(f"{style.name}: expected text is not normalised: {s!r}")
    write_json(outdir / f"{style.name}.expected.json", out)
    return {"pdf": pdf_path, "pages": pdf.page_no()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("--out", type=Path, default=ROOT / "samples" / "pdf")
    ap.add_argument("--style", action="append", choices=list(STYLES), help="only these styles")
    args = ap.parse_args()
    for path in FONTS.values():
        if not Path(path).exists():
            raise SystemExit(f"missing font {path}: install fonts-arphic-ukai fonts-arphic-uming")
    ref = json.loads(args.reference.read_text(encoding="utf-8"))
    for name in args.style or list(STYLES):
        outdir = args.out / "pending" if name in PENDING else args.out
        outdir.mkdir(parents=True, exist_ok=True)
        res = build(STYLES[name], ref, outdir)
        print(f"{res['pdf'].name}: {res['pages']} pages, {res['pdf'].stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
