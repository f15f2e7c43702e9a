//! Items in reading order → raw tables: each grid block gets its title, 单位名称/单位 lines
//! and notes from the text around it; a block with no title of its own continues the table
//! before it (a page break).
//!
//! Both front ends feed this: the text export (lines and tab-separated runs) and the PDF
//! layout (text lines and rebuilt grids, page by page), so a table over a page break is
//! stitched the same way whatever the input.

use std::sync::LazyLock;

use regex::Regex;

use super::trace::Part;
use super::{
    classify_title, is_continuation, is_table_number, looks_like_title, pagebreak, RawTable,
    TableKind,
};
pub use crate::contract::{Block, Indent, Item, Merge};
use crate::model::Warning;
pub use crate::vocabulary::lines::{is_meta_line, is_note_line};
use crate::vocabulary::lines::{
    CODED_ORG, HEADER_WORD, META, NOTE, ORG, ORG_CODE, TITLE_TAIL, UNIT, UNIT_FRAGMENT,
};
use crate::vocabulary::titles::classify_header;

/// What the items hold once tables are found.
#[derive(Debug, Default)]
pub struct Stitched {
    /// Lines that are not part of any table, in order (cover and prose).
    pub prose: Vec<String>,
    pub tables: Vec<RawTable>,
}

/// Header rows a continuation page may print again; more would be body rows.
const MAX_REPEATED_HEADER: usize = 5;

/// A line longer than this (characters) outside a table is a paragraph's.
const PROSE_LINE: usize = 40;

/// An enumerated note item: （1）, (2).
static ENUMERATED: LazyLock<Regex> = LazyLock::new(|| crate::static_regex(r"^[（(]\d+[）)]"));

/// Moves title and 单位 lines printed as full-width rows at the top of a grid (Excel
/// sheets often carry them inside the ruled area) into the text before the block.
fn peel_title_rows(block: &mut Block, gap: &mut Vec<String>) {
    let mut peeled = 0;
    while let Some(row) = block.rows.get(peeled) {
        let texts: Vec<&String> = row.iter().filter(|c| !c.is_empty()).collect();
        let wide = row.len() > 2;
        let title_row = texts.len() == 1
            && (looks_like_title(texts[0]) || META.is_match(texts[0]) || is_table_number(texts[0]));
        // "预算单位：长春市信访局 … 单位：万元" in two cells of the grid's top row
        // (renwu_197): the table's org and unit, not a header level.
        let meta_row = (2..=3).contains(&texts.len())
            && texts.iter().all(|t| META.is_match(t) || UNIT.is_match(t) || is_table_number(t));
        if wide && (title_row || meta_row) {
            gap.extend(texts.into_iter().cloned());
            peeled += 1;
        } else {
            break;
        }
    }
    if peeled > 0 {
        block.rows.drain(..peeled);
        block.merges.retain(|m| m.row >= peeled);
        for m in &mut block.merges {
            m.row -= peeled;
        }
        block.indents.retain(|i| i.row >= peeled);
        for i in &mut block.indents {
            i.row -= peeled;
        }
        if let Some(g) = &mut block.geometry {
            g.rows.drain(..peeled.min(g.rows.len()));
        }
    }
}

/// A header row: two or more short labels, no figure, one of them a header word.
fn is_header_row(row: &[String]) -> bool {
    let texts: Vec<&String> = row.iter().filter(|c| !c.is_empty()).collect();
    texts.len() >= 2
        && texts.iter().all(|t| t.chars().count() <= 12 && !t.chars().any(|c| c.is_ascii_digit()))
        && texts.iter().any(|t| HEADER_WORD.is_match(t))
}

/// Assigns titles, 单位 lines and notes to blocks, and joins continued blocks.
/// `fill_vertical_merges`: the input cannot show vertical merges (text exports).
pub fn stitch(
    items: Vec<Item>,
    fill_vertical_merges: bool,
    warnings: &mut Vec<Warning>,
) -> Stitched {
    let mut out = Stitched::default();
    let mut gap: Vec<String> = Vec::new();
    for item in items {
        let block = match item {
            Item::Line(l) => {
                gap.push(l);
                continue;
            }
            Item::Block(b) => b,
        };
        let mut block = block;
        peel_title_rows(&mut block, &mut gap);
        let mut rest = &gap[..];
        if let Some(prev) = out.tables.last_mut() {
            let (notes, used) = leading_notes(rest);
            prev.notes.extend(notes);
            rest = &rest[used..];
        }
        let preamble = Preamble::parse(rest);
        out.prose.extend(rest[..preamble.prose_len].iter().cloned());
        let width = |rows: &[Vec<String>]| rows.iter().map(Vec::len).max();
        let continues = out.tables.last().is_some_and(|prev| {
            let same_width = width(&prev.grid) == width(&block.rows);
            // A number line of its own (表6 after 表5) starts another table.
            let same_label = preamble.label.as_ref().is_none_or(|l| prev.label.as_ref() == Some(l));
            // A table goes on over the next page, not past pages of something else, and
            // not past a paragraph printed after it (renwu_169: the 人员编制 table on p. 20
            // and an untitled comparison on pp. 26–29).
            let adjacent = match (prev.pages.last(), block.page) {
                (Some(&last), Some(page)) => page <= last + 1,
                _ => true,
            };
            let prose_between = rest[..preamble.prose_len]
                .iter()
                .any(|l| l.contains('。') || l.chars().count() > PROSE_LINE);
            // A header row of its own, unlike the one the table began with, begins another
            // table printed under no title the reader found.
            let other_header = block.rows.first().is_some_and(|first| {
                let head = &prev.grid[..prev.grid.len().min(MAX_REPEATED_HEADER)];
                !head.contains(first)
                    && is_header_row(first)
                    && prev.grid.first().is_some_and(|r| is_header_row(r))
                    && !matches!(
                        prev.kind,
                        TableKind::DepartmentPerformanceTargets
                            | TableKind::ProjectPerformanceTargets
                            | TableKind::DepartmentPerformanceEvaluation
                            | TableKind::ProjectPerformanceEvaluation
                    )
            });
            same_width
                && same_label
                && adjacent
                && (preamble.title.is_some() || !other_header)
                && !prose_between
                && match &preamble.title {
                    None => true,
                    // 续表, or the same title printed again on the next page.
                    Some(t) => {
                        *t == prev.title
                            || is_continuation(t)
                                && classify_title(t).is_none_or(|k| k == prev.kind)
                    }
                }
        });
        match out.tables.last_mut() {
            Some(prev) if continues => {
                // Header rows printed again at the top, then perhaps the rest of a row the
                // page break cut.
                let head = &prev.grid[..prev.grid.len().min(MAX_REPEATED_HEADER)];
                let skip = block.rows.iter().take_while(|r| head.contains(r)).count();
                if let Some(last) = prev.grid.last_mut() {
                    if pagebreak::join_cut_row(last, &mut block, skip) {
                        warnings.push(Warning {
                            code: "row_joined_over_page_break",
                            message: format!(
                                "a row cut by the page break before {} was joined: {:?}",
                                block.position,
                                last.iter().filter(|c| !c.is_empty()).collect::<Vec<_>>()
                            ),
                            page: block.page,
                        });
                    }
                }
                let offset = prev.grid.len();
                prev.merges
                    .extend(block.merges.iter().map(|m| Merge { row: m.row + offset, ..*m }));
                prev.indents
                    .extend(block.indents.iter().map(|i| Indent { row: i.row + offset, ..*i }));
                prev.parts.extend(part_of(&mut block, offset));
                prev.grid.extend(block.rows);
                if let Some(p) = block.page {
                    if !prev.pages.contains(&p) {
                        prev.pages.push(p);
                    }
                }
            }
            _ => {
                let title = preamble.title.clone().unwrap_or_default();
                let by_title = classify_title(&title);
                let by_header = by_title.is_none().then(|| classify_header(&block.rows)).flatten();
                let kind = by_title.or(by_header).unwrap_or(TableKind::Other);
                for guess in &block.unsure {
                    warnings.push(Warning {
                        code: "unruled_unsure",
                        message: format!(
                            "table {title:?} at {}: {guess}; check its grid",
                            block.position
                        ),
                        page: block.page,
                    });
                }
                if let Some(k) = by_header {
                    warnings.push(Warning {
                        code: "table_classified_by_header",
                        message: format!(
                            "table {title:?} at {} has no standard title; its header reads as \
                             {} ({})",
                            block.position,
                            k.number().map_or(String::new(), |n| n.to_string()),
                            k.as_str()
                        ),
                        page: block.page,
                    });
                } else if preamble.title.is_none() {
                    warnings.push(Warning {
                        code: "table_untitled",
                        message: format!(
                            "a table at {} has no recognisable title; kept as kind \"other\"",
                            block.position
                        ),
                        page: block.page,
                    });
                } else if kind == TableKind::Other {
                    warnings.push(Warning {
                        code: "table_unclassified",
                        message: format!(
                            "table {title:?} at {} is none of the standard kinds; kept as \
                             kind \"other\"",
                            block.position
                        ),
                        page: block.page,
                    });
                }
                let parts = part_of(&mut block, 0).into_iter().collect();
                out.tables.push(RawTable {
                    parts,
                    kind,
                    title,
                    label: preamble.label.clone(),
                    org: preamble.org,
                    unit: preamble.unit,
                    pages: block.page.into_iter().collect(),
                    grid: block.rows,
                    notes: Vec::new(),
                    merges: block.merges,
                    indents: block.indents,
                    fill_vertical_merges,
                });
            }
        }
        gap.clear();
    }
    let (notes, used) = leading_notes(&gap);
    if let Some(prev) = out.tables.last_mut() {
        prev.notes.extend(notes);
        out.prose.extend(gap[used..].iter().cloned());
    } else {
        out.prose.extend(gap);
    }
    out
}

/// A block's geometry as a table part starting at grid row `first_row`.
fn part_of(block: &mut Block, first_row: usize) -> Option<Part> {
    let geometry = block.geometry.take()?;
    Some(Part { page: block.page, geometry, first_row })
}

/// The notes at the start of `lines` and how many lines they take. A note printed over
/// several lines (a PDF paragraph) goes on while it has not ended its sentence and the next
/// line is not a note, title or 单位 line of its own.
fn leading_notes(lines: &[String]) -> (Vec<String>, usize) {
    let mut notes: Vec<String> = Vec::new();
    let mut used = 0;
    for l in lines {
        if NOTE.is_match(l) {
            notes.push(l.clone());
        } else {
            // An enumerated note ("（1）… （2）…") goes on at its next item even after a "。".
            let enumerated = ENUMERATED.is_match(l)
                && notes.last().is_some_and(|n| n.contains("（1）") || n.contains("(1)"));
            let open = enumerated
                || notes.last().is_some_and(|n| !n.ends_with(['。', '；', '.', '!', '！']));
            let own_line = looks_like_title(l) || META.is_match(l) || TITLE_TAIL.is_match(l);
            match notes.last_mut() {
                Some(n) if open && !own_line => n.push_str(l),
                _ => break,
            }
        }
        used += 1;
    }
    (notes, used)
}

/// The lines between the previous table (and its notes) and a table's first row.
#[derive(Debug, Default)]
struct Preamble {
    /// How many leading lines are prose, not this table's title block.
    prose_len: usize,
    title: Option<String>,
    /// A line that only numbers the table, above or below its title.
    label: Option<String>,
    org: Option<String>,
    unit: Option<String>,
}

impl Preamble {
    fn parse(lines: &[String]) -> Preamble {
        // Walk back over 单位 lines, split unit fragments, title tails and a line that only
        // numbers the table (公开02表 printed under its title) to the title.
        let mut k = lines.len();
        let mut label: Option<String> = None;
        while k > 0 {
            let l = &lines[k - 1];
            if is_table_number(l) && label.is_none() {
                label = Some(l.clone());
                k -= 1;
            } else if META.is_match(l)
                || UNIT_FRAGMENT.is_match(l)
                || TITLE_TAIL.is_match(l)
                || UNIT.is_match(l)
                || CODED_ORG.is_match(l)
            {
                k -= 1;
            } else {
                break;
            }
        }
        let title_at = k.checked_sub(1).filter(|&t| looks_like_title(&lines[t]));
        let (mut prose_len, mut title) = match title_at {
            Some(t) => (t, Some(lines[t].clone())),
            // A long title wrapped onto a second line ("…支出预" + "算表").
            None if k >= 2 && looks_like_title(&format!("{}{}", lines[k - 2], lines[k - 1])) => {
                (k - 2, Some(format!("{}{}", lines[k - 2], lines[k - 1])))
            }
            None => (k, None),
        };
        // "表7" printed on the line above (or beside, read first) numbers the title.
        if title.is_some() && label.is_none() && prose_len > 0 {
            if let Some(above) = lines.get(prose_len - 1).filter(|l| is_table_number(l)) {
                label = Some(above.clone());
                prose_len -= 1;
            }
        }
        // Re-join lines a page break split ("单位：" + "万元") and title tails.
        let mut meta: Vec<String> = Vec::new();
        for l in &lines[k..] {
            if is_table_number(l) {
                continue;
            }
            if TITLE_TAIL.is_match(l) && meta.is_empty() {
                if let Some(t) = title.as_mut() {
                    t.push_str(l);
                    continue;
                }
            }
            match meta.last_mut() {
                Some(last) if UNIT_FRAGMENT.is_match(l) => last.push_str(l),
                _ => meta.push(l.clone()),
            }
        }
        let mut org = None;
        let mut unit = None;
        for m in &meta {
            if let Some(c) = UNIT.captures(m) {
                unit = Some(c[1].to_string());
            }
            if let Some(c) = ORG.captures(m) {
                let value = c[1].to_string();
                if !UNIT_FRAGMENT.is_match(&value) && !value.is_empty() {
                    org = Some(value);
                }
            } else if let Some(c) = CODED_ORG.captures(m).filter(|_| !UNIT.is_match(m)) {
                // "606-湖州市交通运输局万元": a coded org and the unit, no labels.
                org = Some(c[1].to_string());
                unit = c.get(2).map(|u| u.as_str().to_string()).or(unit);
            } else if let Some(at) = UNIT.find(m).map(|u| u.start()).filter(|&at| at > 0) {
                // "606-湖州市交通运输局单位：万元" (renwu_199): the org without its label, or
                // the title and the unit on one line.
                let before = m[..at].trim();
                if title.is_none() && looks_like_title(before) {
                    title = Some(before.to_string());
                } else if !looks_like_title(before) {
                    org = Some(ORG_CODE.replace(before, "").into_owned());
                }
            }
        }
        Preamble { prose_len, title, label, org, unit }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_unit_line_and_title_tail_are_rejoined() {
        let lines: Vec<String> = [
            "前言",
            "2025年部门收入总体情况表",
            "单位名称：灵宝市工业和信息化局",
            "单位：",
            "万元",
        ]
        .map(String::from)
        .to_vec();
        let p = Preamble::parse(&lines);
        assert_eq!(p.prose_len, 1);
        assert_eq!(p.title.as_deref(), Some("2025年部门收入总体情况表"));
        assert_eq!(p.org.as_deref(), Some("灵宝市工业和信息化局"));
        assert_eq!(p.unit.as_deref(), Some("万元"));

        let lines: Vec<String> =
            ["部门（单位）整体绩效目标表", "（2025年度）"].map(String::from).to_vec();
        let p = Preamble::parse(&lines);
        assert_eq!(p.title.as_deref(), Some("部门（单位）整体绩效目标表（2025年度）"));
        assert_eq!((p.org, p.unit), (None, None));
    }

    #[test]
    fn a_title_wrapped_over_two_lines_is_joined() {
        let lines: Vec<String> =
            ["十一、一般公共预算“三公”经费、会议费、培训费支出预", "算表", "单位：万元"]
                .map(String::from)
                .to_vec();
        let p = Preamble::parse(&lines);
        assert_eq!(
            p.title.as_deref(),
            Some("十一、一般公共预算“三公”经费、会议费、培训费支出预算表")
        );
    }

    fn block(rows: &[&str], page: u32) -> Item {
        Item::Block(Block {
            rows: rows.iter().map(|r| r.split('\t').map(str::to_string).collect()).collect(),
            page: Some(page),
            position: format!("page {page}"),
            ..Block::default()
        })
    }

    #[test]
    fn a_title_over_a_funding_department_line_starts_a_new_table() {
        // renwu_083 p. 28 (and renwu_086 p. 33): 表十二's title stands over
        // "资金主管部门:…单位:万元"; read as prose, the table had no title and was taken
        // for a continuation of 表十一 (same width) or left untitled.
        let line = |s: &str| Item::Line(s.to_string());
        let items = vec![
            line("表十一"),
            line("2026年市级重点专项资金绩效目标表(一级项目)"),
            block(&["绩效指标\t指标名称\t指标值", "\t储备数量\t7500"], 26),
            block(&["\t年度预算执行率\t100"], 27),
            line("表十二"),
            line("2026年市级一般性项目绩效目标表(一级项目)"),
            line("资金主管部门:重庆市商务委员会单位:万元"),
            block(&["序号\t项目名称\t指标值", "1\t一般性项目\t60000"], 28),
        ];
        let s = stitch(items, false, &mut Vec::new());
        let summary: Vec<(&str, Option<&str>, &[u32], usize)> = s
            .tables
            .iter()
            .map(|t| (t.title.as_str(), t.label.as_deref(), &t.pages[..], t.grid.len()))
            .collect();
        assert_eq!(
            summary,
            [
                ("2026年市级重点专项资金绩效目标表(一级项目)", Some("表十一"), &[26, 27][..], 3),
                ("2026年市级一般性项目绩效目标表(一级项目)", Some("表十二"), &[28][..], 2),
            ]
        );
        assert_eq!(s.tables[1].org.as_deref(), Some("重庆市商务委员会"));
        assert_eq!(s.tables[1].unit.as_deref(), Some("万元"));
        assert!(s.prose.is_empty());
    }

    #[test]
    fn a_number_line_above_or_below_the_title_is_its_label() {
        // renwu_249: 收入决算表 over "公开02表"; renwu_199: "表01" over the title.
        for lines in [
            ["前言", "收入决算表", "公开02表", "单位：万元"],
            ["前言", "表01", "收入决算表", "单位：万元"],
            ["前言", "收入决算表", "单位：万元", "公开02表"],
        ] {
            let lines: Vec<String> = lines.map(String::from).to_vec();
            let p = Preamble::parse(&lines);
            assert_eq!(p.title.as_deref(), Some("收入决算表"), "{lines:?}");
            assert!(p.label.as_deref().is_some_and(|l| l.ends_with("02表") || l == "表01"));
            assert_eq!((p.prose_len, p.unit.as_deref()), (1, Some("万元")), "{lines:?}");
        }
    }

    #[test]
    fn a_repeated_title_without_its_number_continues_a_numbered_table() {
        let line = |s: &str| Item::Line(s.to_string());
        let items = vec![
            line("表5"),
            line("一般公共预算支出表"),
            block(&["科目\t金额", "合计\t3"], 1),
            line("一般公共预算支出表"),
            block(&["科目\t金额", "201\t1"], 2),
            line("表6"),
            line("一般公共预算支出表"),
            block(&["科目\t金额", "合计\t1"], 3),
        ];
        let s = stitch(items, false, &mut Vec::new());
        let pages: Vec<&[u32]> = s.tables.iter().map(|t| &t.pages[..]).collect();
        assert_eq!(pages, [&[1, 2][..], &[3][..]]);
    }

    #[test]
    fn an_org_line_without_its_label_is_read() {
        let lines: Vec<String> =
            ["表01", "2026年市级部门收支预算总表", "606-湖州市交通运输局单位：万元"]
                .map(String::from)
                .to_vec();
        let p = Preamble::parse(&lines);
        assert_eq!(p.title.as_deref(), Some("2026年市级部门收支预算总表"));
        assert_eq!(p.label.as_deref(), Some("表01"));
        assert_eq!(p.org.as_deref(), Some("湖州市交通运输局"));
        assert_eq!(p.unit.as_deref(), Some("万元"));
        let lines: Vec<String> =
            ["表11", "2026年市级部门项目支出绩效表", "606-湖州市交通运输局万元"]
                .map(String::from)
                .to_vec();
        let p = Preamble::parse(&lines);
        assert_eq!(p.title.as_deref(), Some("2026年市级部门项目支出绩效表"));
        assert_eq!((p.org.as_deref(), p.unit.as_deref()), (Some("湖州市交通运输局"), Some("万元")));
        let p = Preamble::parse(&["收入决算表单位：万元".to_string()]);
        assert_eq!((p.title.as_deref(), p.org), (Some("收入决算表"), None));
    }

    #[test]
    fn a_header_unlike_the_tables_own_starts_another_table() {
        // renwu_169: an untitled comparison table on the page after a table of its width.
        let line = |s: &str| Item::Line(s.to_string());
        let items = vec![
            line("人员编制情况表"),
            block(&["单位名称\t编制人数", "合计\t414"], 20),
            block(&["功能科目\t年度", "培训支出\t2022"], 21),
            // Its own header printed again, or no header: the same table goes on.
            block(&["功能科目\t年度", "行政运行\t2022"], 22),
            block(&["科学技术支出\t2021"], 23),
        ];
        let s = stitch(items, false, &mut Vec::new());
        let pages: Vec<&[u32]> = s.tables.iter().map(|t| &t.pages[..]).collect();
        assert_eq!(pages, [&[20][..], &[21, 22, 23][..]]);
    }

    #[test]
    fn org_and_unit_on_one_line() {
        let lines: Vec<String> =
            ["收支预算总表", "编制单位：某某局 单位：元"].map(String::from).to_vec();
        let p = Preamble::parse(&lines);
        assert_eq!(p.org.as_deref(), Some("某某局"));
        assert_eq!(p.unit.as_deref(), Some("元"));
    }
}
