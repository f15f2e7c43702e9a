//! Pages of glyphs and ruling lines → items (text lines and grids) in reading order.
//!
//! In: the PDF layer's pages (coordinates as displayed, origin top-left). Out: [`Item`]s
//! for [`stitch`](crate::tables::stitch), which finds titles and joins tables over pages.
//! Per page, ruled grids come first (cells from line intersections, spans from missing
//! inner lines); text outside them is split into lines, and runs of tabular lines after
//! a table title become unruled grids (columns from alignment).

pub mod lines;
pub mod ruled;
pub mod unruled;

use crate::contract::TableKind;
use crate::contract::{Block, Geometry, Item, Reader};
use crate::normalize::normalize;
use crate::pdf::{Glyph, Page};
use crate::tables::{classify_title, is_continuation, looks_like_title};
use crate::vocabulary::lines::{is_meta_line, is_note_line, FURNITURE};
use crate::vocabulary::titles::is_continuation_mark;
use lines::{text_lines, TextLine};

/// A one-chunk line this short (characters) can be a table row with its other cells blank;
/// prose lines run longer.
const SHORT_LABEL: usize = 30;

/// Grids with fewer rows than this are frames or decorations, not tables.
const MIN_GRID_ROWS: usize = 2;

/// The items of a document's pages, in order. A table running to the foot of a page
/// lends its columns to the rows continuing it at the top of the next: an unruled one all
/// of them, a ruled one the boundaries its continuation merges away.
///
/// An unruled table's columns come from its body rows on all its pages: a first pass
/// reads the pages as they come and collects, for each table going on over pages, the
/// rows of its later pages (those at the top of the page after it, whether or not they
/// fit the columns its first page shows); when there are any, the pages from the first
/// such table on are read again, each table's first page taking its later rows into its
/// columns. Rows that still do not fit then were another table's: a third reading leaves
/// them out.
pub fn document_items(pages: &[Page]) -> Vec<Item> {
    let mut carried = Carried::default();
    let mut seen = Seen::default();
    let mut starts = Vec::with_capacity(pages.len());
    let mut out: Vec<Vec<Item>> = Vec::with_capacity(pages.len());
    for (k, p) in pages.iter().enumerate() {
        starts.push(carried.clone());
        out.push(items_with(p, k, &mut carried, &mut seen, &mut Later::new()));
    }
    let later = seen.later;
    let Some(first) = later.iter().filter(|(_, rows)| !rows.is_empty()).map(|(&(k, _), _)| k).min()
    else {
        return out.into_iter().flatten().collect();
    };
    let again = |evidence: &Later, out: &mut Vec<Vec<Item>>| {
        let (mut evidence, mut seen) = (evidence.clone(), Seen::default());
        let mut carried = starts[first].clone();
        for (k, p) in pages.iter().enumerate().skip(first) {
            out[k] = items_with(p, k, &mut carried, &mut seen, &mut evidence);
        }
        seen.misfit
    };
    let misfit = again(&later, &mut out);
    let wrong: Later = later
        .iter()
        .filter(|(head, rows)| misfit.contains(head) && rows.iter().any(|r| !r.0))
        .map(|(&head, rows)| (head, rows.iter().filter(|r| r.0).cloned().collect()))
        .collect();
    if !wrong.is_empty() {
        let mut fewer = later;
        fewer.extend(wrong);
        again(&fewer, &mut out);
    }
    out.into_iter().flatten().collect()
}

/// The items of one page, top to bottom.
pub fn page_items(page: &Page) -> Vec<Item> {
    items_with(page, 0, &mut Carried::default(), &mut Seen::default(), &mut Later::new())
}

/// Where an unruled table starts: page index, and line index there.
type Head = (usize, usize);

/// The body rows of unruled tables' later pages, by where each table starts, each row
/// with whether it fit the columns of the table's first page.
type Later = std::collections::BTreeMap<Head, Vec<(bool, Vec<lines::Chunk>)>>;

/// What a reading of the pages saw of unruled tables going on over pages.
#[derive(Debug, Default)]
struct Seen {
    /// Their rows on later pages.
    later: Later,
    /// The tables that rows at the top of the page after them did not fit.
    misfit: std::collections::BTreeSet<Head>,
}

/// The columns of the table a page ends with, for the page after.
#[derive(Debug, Default, Clone)]
struct Carried {
    /// An unruled table's columns.
    unruled: Option<unruled::Layout>,
    /// Where that table starts, when it has a header.
    head: Option<Head>,
    /// A ruled grid's column boundaries.
    ruled: Option<Vec<f64>>,
}

/// `carried`: in, the columns of the table the page before ended with; out, this page's.
/// `index`: the page's index in the document. `seen`: out, each table's rows here that
/// continue it from a page before. `evidence`: in, those rows of the tables starting here.
fn items_with(
    page: &Page,
    index: usize,
    carried: &mut Carried,
    seen: &mut Seen,
    evidence: &mut Later,
) -> Vec<Item> {
    let from_before = carried.unruled.take();
    let head_before = carried.head.take();
    let ruled_before = carried.ruled.take();
    let number = u32::try_from(page.number).unwrap_or(u32::MAX);
    let mut grids: Vec<ruled::Grid> = ruled::find_grids(&page.lines)
        .into_iter()
        .filter(|g| g.rows() >= MIN_GRID_ROWS && g.cols() >= 2)
        .collect();
    let mut in_grid: Vec<Vec<&Glyph>> = vec![Vec::new(); grids.len()];
    let mut free: Vec<&Glyph> = Vec::new();
    for g in &page.glyphs {
        let (x, y) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
        match grids.iter().position(|grid| grid.contains(x, y)) {
            Some(i) => in_grid[i].push(g),
            None => free.push(g),
        }
    }
    let lines: Vec<TextLine> = text_lines(&free);
    let content = |l: &&TextLine| !FURNITURE.is_match(&l.text());
    // A grid at the top of the page, under no title, continues the grid the page before
    // ended with, and takes the column boundaries its merged cells hide.
    if let (Some(xs), Some(first)) = (&ruled_before, grids.first_mut()) {
        if !lines.iter().filter(content).any(|l| l.y0 < first.y0()) {
            first.widen_to(xs);
        }
    }
    let last_filled = grids.iter().zip(&in_grid).rev().find(|(_, g)| !g.is_empty());
    carried.ruled = last_filled
        .filter(|(g, _)| !lines.iter().filter(content).any(|l| l.y0 > g.y1()))
        .map(|(g, _)| g.xs.clone());
    // (top y, item) pairs, sorted at the end.
    let mut placed: Vec<(f64, Item)> = Vec::new();
    for (grid, glyphs) in grids.iter().zip(&in_grid) {
        if glyphs.is_empty() {
            continue; // a frame around nothing (or around an image)
        }
        let filled = ruled::fill(grid, glyphs);
        placed.push((
            grid.y0(),
            Item::Block(Block {
                rows: filled.cells,
                merges: filled.merges,
                indents: filled.indents,
                page: Some(number),
                position: format!("page {number}"),
                geometry: Some(Geometry {
                    reader: Reader::Ruled,
                    cols: grid.xs.clone(),
                    rows: grid.ys.windows(2).map(|w| (w[0], w[1])).collect(), // ok: pairs
                }),
                unsure: Vec::new(),
            }),
        ));
    }
    let mut i = 0;
    while i < lines.len() {
        let text = lines[i].text();
        // A 续表 mark over the rows continuing a table (no title above it) is furniture too.
        let mark = is_continuation_mark(&text) && from_before.is_some() && placed.is_empty();
        if FURNITURE.is_match(&text) || mark {
            i += 1;
            continue;
        }
        // An unruled table (only on pages without ruled grids): tabular lines right after
        // a table title and its 单位 lines, or at the top of a page (a continuation).
        let previous = placed.iter().rev().find_map(|(_, it)| match it {
            Item::Line(l) if is_meta_line(l) || is_continuation(l) => None,
            Item::Line(l) if looks_like_title(l) => Some(classify_title(l)),
            Item::Line(_) | Item::Block(_) => Some(None),
        });
        let titled = matches!(previous, Some(Some(_)));
        // A form (整体绩效目标表, a 项目绩效目标表 printed one form per project) has no
        // header row: every line is a row.
        let shape = match previous {
            Some(Some(TableKind::DepartmentPerformanceTargets)) => unruled::Shape::Form,
            Some(Some(
                TableKind::ProjectPerformanceTargets | TableKind::ProjectPerformanceEvaluation,
            )) if starts_project_form(&lines[i..]) => unruled::Shape::Form,
            Some(Some(_)) => unruled::Shape::Headed,
            _ => unruled::Shape::Continued,
        };
        // Under nothing but a 续表 mark, the page's first rows continue the table before.
        let at_top = placed.iter().all(|(_, it)| matches!(it, Item::Line(l) if is_continuation(l)));
        // A table the page before ended with may go on without a figure here.
        let continuing = from_before.as_ref().filter(|_| at_top);
        let run = if grids.is_empty() && previous != Some(None) {
            let forms = shape == unruled::Shape::Form || continuing.is_some_and(|l| l.form);
            tabular_run(&lines[i..], titled || continuing.is_some(), continuing, forms)
        } else {
            0
        };
        if run >= 2 || run == 1 && continuing.is_some() {
            let table: Vec<&TextLine> = lines[i..i + run].iter().collect();
            let rows_after: Vec<Vec<lines::Chunk>> = evidence
                .remove(&(index, i))
                .unwrap_or_default()
                .into_iter()
                .map(|(_, row)| row)
                .collect();
            let rebuilt = unruled::grid_over_pages(
                &table,
                shape,
                from_before.as_ref().filter(|_| at_top),
                &rows_after,
            );
            let geometry = Geometry {
                reader: Reader::Unruled,
                cols: rebuilt.layout.edges.clone(),
                rows: rebuilt.spans,
            };
            let continued_at_top = at_top && shape == unruled::Shape::Continued;
            carried.head = match (rebuilt.continues, shape) {
                (true, _) => head_before,
                (false, unruled::Shape::Headed) => Some((index, i)),
                (false, _) if continued_at_top => head_before,
                (false, _) => None,
            };
            // Rows at the top of the page after a headed table ran to the foot of its page
            // are its rows, whether or not they fit the columns its first page showed:
            // those columns are read again with them.
            match (rebuilt.continues, head_before) {
                (true, Some(head)) => {
                    let rows = rebuilt.body.into_iter().map(|r| (true, r));
                    seen.later.entry(head).or_default().extend(rows);
                }
                (false, Some(head)) if continued_at_top => {
                    let rows = unruled::body_chunks(&table).into_iter().map(|r| (false, r));
                    seen.later.entry(head).or_default().extend(rows);
                    seen.misfit.insert(head);
                }
                _ => {}
            }
            carried.unruled = Some(rebuilt.layout);
            placed.push((
                lines[i].y0,
                Item::Block(Block {
                    rows: rebuilt.rows,
                    merges: Vec::new(),
                    indents: rebuilt.indents,
                    unsure: rebuilt.unsure,
                    page: Some(number),
                    position: format!("page {number}"),
                    geometry: Some(geometry),
                }),
            ));
            i += run;
            continue;
        }
        // Anything after a table ends it on this page.
        carried.unruled = None;
        carried.head = None;
        placed.push((lines[i].y0, Item::Line(text)));
        i += 1;
    }
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    placed.into_iter().map(|(_, it)| it).collect()
}

/// True when lines under a project table's title are per-project forms (项目名称 | … then
/// 主管部门 | … down the first cells), not a header over one line per project.
fn starts_project_form(lines: &[TextLine]) -> bool {
    let cells: Vec<Vec<String>> = lines
        .iter()
        .take(4)
        .map(|l| l.chunks.iter().map(|c| normalize(&c.text)).collect())
        .collect();
    crate::tables::is_form(&cells)
}

/// A line opening the next per-project form: its first cell 项目名称.
fn opens_form(line: &TextLine) -> bool {
    line.chunks
        .first()
        .is_some_and(|c| normalize(&c.text).trim_end_matches([':', '：']) == "项目名称")
}

/// How many lines from the start form a table body: lines of two or more chunks (or one
/// amount), not 单位 lines, notes or titles, with no paragraph-sized gap between them.
/// Under a title, a table with no figures (a header and an empty 合计 row) counts too.
/// Continuing a table from the page before (`carried`), a one-chunk line set inside one of
/// its columns is a row with its other cells blank, as it was there, and one row with a
/// figure is a table. In per-project `forms`, the next form may start after any gap.
fn tabular_run(
    lines: &[TextLine],
    titled: bool,
    carried: Option<&unruled::Layout>,
    forms: bool,
) -> usize {
    let mut n = 0;
    let mut has_data = false;
    let mut multi = 0;
    let mut left = f64::INFINITY;
    for (k, l) in lines.iter().enumerate() {
        let text = l.text();
        let in_column = |c: &lines::Chunk| {
            carried.is_some_and(|layout| {
                !layout.form
                    && layout.columns.iter().any(|&(a, b)| c.x0 >= a - 1.0 && c.x1 <= b + 1.0)
            })
        };
        let cells = l.chunks.len() >= 2
            || l.chunks.len() == 1
                && (unruled::is_data(&l.chunks[0].text) || in_column(&l.chunks[0]));
        // A row with one short label (a line whose other cells are blank) stays in the table.
        let short_label = text.chars().count() <= SHORT_LABEL && !text.contains('。');
        let a_title = looks_like_title(&text) && classify_title(&text).is_some();
        // A 续表 mark on a line of its own, above a repeated header (iText reports), is the
        // table's title line, not a row: inside the run it would hide the header.
        let own_line = is_meta_line(&text)
            || is_note_line(&text)
            || FURNITURE.is_match(&text)
            || is_continuation(&text);
        let tabular = (cells || short_label) && !own_line && !a_title;
        let gap = if k == 0 { 0.0 } else { l.y0 - lines[k - 1].y1 };
        let gap_ok = gap < 2.5 * l.height().max(1.0) || forms && opens_form(l);
        // A long line set tight under a row is that row's cell wrapping.
        let wrapped = k > 0 && gap < unruled::WRAP_GAP * l.height().max(1.0) && !own_line;
        // A long line set well right of the rows' left edge is a cell, not a paragraph.
        let inset = k > 0 && l.x0 - left > 4.0 * l.height().max(1.0) && !own_line && !a_title;
        left = left.min(l.x0);
        if !(tabular || wrapped || inset) || !gap_ok {
            break;
        }
        has_data |= l.chunks.iter().any(|c| unruled::is_data(&c.text));
        multi += usize::from(cells);
        n += 1;
    }
    // The last row of a table can be all its next page holds.
    let rows = if carried.is_some() && has_data { 1 } else { 2 };
    if (has_data || titled) && multi >= rows {
        n
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::lines::tests::glyphs;
    use crate::pdf::RulingLine;

    fn grid_lines(xs: &[f64], ys: &[f64]) -> Vec<RulingLine> {
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        let (top, bottom) = (ys[0], ys[ys.len() - 1]);
        let h = ys.iter().map(|&y| RulingLine {
            x0: left,
            y0: y,
            x1: right,
            y1: y,
            width: 0.5,
            filled: false,
        });
        let v = xs.iter().map(|&x| RulingLine {
            x0: x,
            y0: top,
            x1: x,
            y1: bottom,
            width: 0.5,
            filled: false,
        });
        h.chain(v).collect()
    }

    fn page(number: usize, lines: Vec<RulingLine>, glyphs: Vec<Glyph>) -> Page {
        Page { number, width: 600.0, height: 400.0, glyphs, lines, ..Page::default() }
    }

    fn block_rows(items: &[Item]) -> Vec<Vec<Vec<String>>> {
        items
            .iter()
            .filter_map(|it| match it {
                Item::Block(b) => Some(b.rows.clone()),
                Item::Line(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_ruled_continuation_keeps_the_columns_of_the_page_before() {
        // renwu_083 pp. 26–27: the second page draws no line at x = 100, where every one
        // of its rows merges two cells; it is the same 3-column table.
        let first = page(
            1,
            grid_lines(&[0.0, 100.0, 200.0, 300.0], &[100.0, 120.0, 140.0]),
            [glyphs("指标", 10.0, 115.0, 10.0), glyphs("值", 110.0, 115.0, 10.0)].concat(),
        );
        let second_glyphs =
            [glyphs("年度预算执行率", 10.0, 65.0, 10.0), glyphs("100", 210.0, 65.0, 6.0)].concat();
        let second = page(2, grid_lines(&[0.0, 200.0, 300.0], &[50.0, 70.0, 90.0]), second_glyphs);
        let rows = block_rows(&document_items(&[first.clone(), second.clone()]));
        assert_eq!(rows[1][0], ["年度预算执行率", "", "100"]);
        // Alone (or under a title of its own) the page keeps the columns it draws.
        assert_eq!(block_rows(&page_items(&second))[0][0], ["年度预算执行率", "100"]);
        let mut titled = second;
        titled.glyphs.extend(glyphs("项目绩效目标表", 10.0, 20.0, 10.0));
        assert_eq!(block_rows(&document_items(&[first, titled]))[1][0].len(), 2);
    }

    #[test]
    fn an_unruled_continuation_under_a_continued_mark_stays_a_table() {
        // samples/pdf/fpdf-stsong.pdf: iText-style pages print 续表 flush left above the
        // repeated header. The mark is page furniture, in no row; the rows under it are the
        // table's.
        let table = |y0: f64, rows: &[(&str, &str)]| -> Vec<Glyph> {
            rows.iter()
                .enumerate()
                .flat_map(|(i, (label, amount))| {
                    let y = y0 + 18.0 * i as f64;
                    let right = 300.0 - 6.0 * amount.chars().count() as f64;
                    [glyphs(label, 10.0, y, 10.0), glyphs(amount, right, y, 6.0)].concat()
                })
                .collect()
        };
        let head = [("项目", "金额")];
        let first = page(
            1,
            Vec::new(),
            [
                glyphs("2025年部门收入总体情况表", 60.0, 20.0, 10.0),
                table(50.0, &head),
                table(68.0, &[("一、财政拨款", "100.00"), ("二、事业收入", "20.00")]),
            ]
            .concat(),
        );
        let second = page(
            2,
            Vec::new(),
            [
                glyphs("续表", 10.0, 20.0, 10.0),
                table(50.0, &head),
                table(68.0, &[("三、其他收入", "3.00"), ("合计", "123.00")]),
            ]
            .concat(),
        );
        let items = document_items(&[first, second]);
        let rows = block_rows(&items);
        assert!(!rows.iter().flatten().flatten().any(|c| c.contains("续表")), "{items:?}");
        assert_eq!(rows.len(), 2, "{items:?}");
        assert_eq!(rows[0][0], ["项目", "金额"]);
        assert_eq!(rows[1], [["三、其他收入", "3.00"], ["合计", "123.00"]], "{items:?}");
    }

    /// A table set with 6 pt gutters at 10 pt (iText's 2 pt cell padding): neighbouring
    /// columns' texts join into one chunk (单位代码 单位名称, 502001 示范县…, a long name
    /// and its amount), and are parted where the table's rows show its columns.
    #[test]
    fn a_table_with_narrow_gutters_is_read_in_its_columns() {
        let row = |y: f64, code: &str, name: &str, amount: &str| {
            let right = 214.0 - 10.0 - 6.0 * (amount.chars().count() - 1) as f64;
            [glyphs(code, 10.0, y, 6.0), glyphs(name, 56.0, y, 10.0), glyphs(amount, right, y, 6.0)]
                .concat()
        };
        let glyph_rows = [
            glyphs("2025年部门支出总体情况表", 60.0, 20.0, 10.0),
            glyphs("单位代码", 10.0, 50.0, 10.0),
            glyphs("单位名称", 56.0, 50.0, 10.0),
            glyphs("合计", 178.0, 50.0, 10.0),
            row(70.0, "502001", "示范县工业和信息化局", "8,760.00"),
            row(88.0, "502002", "示范县第一中学", "1,200.00"),
            row(106.0, "502003", "示范县医院", "300.00"),
        ]
        .concat();
        let items = page_items(&page(1, Vec::new(), glyph_rows));
        let rows = block_rows(&items);
        assert_eq!(rows.len(), 1, "{items:?}");
        assert_eq!(
            rows[0],
            [
                ["单位代码", "单位名称", "合计"],
                ["502001", "示范县工业和信息化局", "8,760.00"],
                ["502002", "示范县第一中学", "1,200.00"],
                ["502003", "示范县医院", "300.00"],
            ],
            "{items:?}"
        );
    }

    /// Lines that are not a table's keep their chunks, however their words are spaced:
    /// a 目录 line (第三部分 2026年…) and a justified prose line with wide word spaces are
    /// text, not unruled tables; a letter-spaced label in a table stays one label.
    #[test]
    fn prose_and_contents_lines_are_not_parted() {
        let glyph_rows = [
            glyphs("目录", 60.0, 20.0, 10.0),
            glyphs("第三部分", 10.0, 50.0, 10.0),
            glyphs("2026年部门预算表", 56.0, 50.0, 10.0),
            glyphs("本部门", 10.0, 90.0, 10.0),
            glyphs("2026年", 46.0, 90.0, 6.0),
            glyphs("收入预算", 90.0, 90.0, 10.0),
            glyphs("8,760.00", 134.0, 90.0, 6.0),
            glyphs("万元，比上年增加", 190.0, 90.0, 10.0),
        ]
        .concat();
        let items = page_items(&page(1, Vec::new(), glyph_rows));
        assert!(block_rows(&items).is_empty(), "{items:?}");
        let texts: Vec<String> = items
            .iter()
            .filter_map(|it| match it {
                Item::Line(l) => Some(l.clone()),
                Item::Block(_) => None,
            })
            .collect();
        assert_eq!(
            texts,
            ["目录", "第三部分2026年部门预算表", "本部门2026年收入预算8,760.00万元，比上年增加"]
        );
    }

    #[test]
    fn per_project_forms_under_one_title_are_one_form() {
        // samples/pdf/fpdf-blocks.pdf: a 项目支出绩效目标表 printed one unruled form per
        // project, a gap between the forms. The lines are a form's rows (a wrapped 总体目标
        // belongs to the column it starts in, not the one its long first line reaches
        // into), and the second form, after the gap, is rows of the same table.
        let row = |y: f64, cells: &[(&str, f64)]| -> Vec<Glyph> {
            cells.iter().flat_map(|(text, x)| glyphs(text, *x, y, 10.0)).collect()
        };
        let form = |y: f64, name: &str, indicator: [&str; 4]| -> Vec<Glyph> {
            let [a, b, c, d] = indicator;
            [
                row(y, &[("项目名称", 10.0), (name, 110.0)]),
                row(
                    y + 18.0,
                    &[("主管部门", 10.0), ("某局", 110.0), ("实施单位", 210.0), ("某局", 310.0)],
                ),
                row(
                    y + 36.0,
                    &[
                        ("总体目标", 10.0),
                        ("按计划完成项目的资金拨付和使用并达到年度绩效目标要求", 110.0),
                    ],
                ),
                row(y + 47.0, &[("全部完成", 110.0)]),
                row(
                    y + 65.0,
                    &[
                        ("一级指标", 10.0),
                        ("二级指标", 110.0),
                        ("三级指标", 210.0),
                        ("指标值", 310.0),
                    ],
                ),
                row(y + 83.0, &[(a, 10.0), (b, 110.0), (c, 210.0), (d, 310.0)]),
            ]
            .concat()
        };
        let glyphs = [
            glyphs("2025年项目支出绩效目标表", 60.0, 20.0, 10.0),
            form(50.0, "甲项目", ["产出指标", "数量指标", "企业数量", "29家"]),
            form(190.0, "乙项目", ["效益指标", "社会效益指标", "收入增长", "≥10%"]),
        ]
        .concat();
        let items = document_items(&[page(1, Vec::new(), glyphs)]);
        let rows = block_rows(&items);
        assert_eq!(rows.len(), 1, "{items:?}");
        let target =
            ["总体目标", "按计划完成项目的资金拨付和使用并达到年度绩效目标要求全部完成", "", ""];
        assert_eq!(rows[0][2], target, "{items:?}");
        assert_eq!(rows[0].len(), 10, "{items:?}");
        assert_eq!(rows[0][4], ["产出指标", "数量指标", "企业数量", "29家"]);
        assert_eq!(rows[0][5], ["项目名称", "乙项目", "", ""]);
        assert_eq!(rows[0][9], ["效益指标", "社会效益指标", "收入增长", "≥10%"]);
    }
}
