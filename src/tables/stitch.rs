//! Items in reading order → raw tables: each grid block gets its title, 单位名称/单位 lines
//! and notes from the text around it; a block with no title of its own continues the table
//! before it (a page break).
//!
//! Both front ends feed this: the text export (lines and tab-separated runs) and the PDF
//! layout (text lines and rebuilt grids, page by page), so a table over a page break is
//! stitched the same way whatever the input.

use std::sync::LazyLock;

use regex::Regex;

use super::{
    classify_title, is_continuation, is_table_number, looks_like_title, RawTable, TableKind,
};
pub use crate::contract::{Block, Indent, Item, Merge};
use crate::model::Warning;

/// What the items hold once tables are found.
#[derive(Debug, Default)]
pub struct Stitched {
    /// Lines that are not part of any table, in order (cover and prose).
    pub prose: Vec<String>,
    pub tables: Vec<RawTable>,
}

static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^(注|备注|说明|注释|附注|填表说明)\s*\d*\s*[：:]|^注\d|^本表|本表为空|本表无数据",
    )
});
static ENUMERATED: LazyLock<Regex> = LazyLock::new(|| crate::static_regex(r"^[（(]\d+[）)]"));
static UNIT_FRAGMENT: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^(万元|千元|亿元|元|万|千|亿)$"));
static TITLE_TAIL: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^[（(]\d{4}\s*年度?[）)]$|^[（(]续表?[）)]$"));
/// The labels a table's issuing body is printed under.
const ORG_LABELS: &str =
    "单位名称|部门名称|部门（单位）名称|部门（单位）|编制单位|编制部门|编报单位|预算单位|\
                          填报单位|资金主管部门|主管部门|预算部门|部门|单位";
static META: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(&format!(r"^({ORG_LABELS}|金额单位)\s*[：:]")));
static UNIT: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"(?:金额单位|单位)\s*[：:]\s*(万元|千元|亿元|元)\s*$"));
static ORG: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(&format!(
        r"^(?:{ORG_LABELS})\s*[：:]\s*(.+?)\s*(?:(?:金额单位|单位)\s*[：:].*)?$"
    ))
});

/// The kind a table's header row labels say it is, when they say so unmistakably: a
/// two-sided 收入/支出 summary (with 财政拨款 in it: table 4), 三公 columns (table 8), or
/// 三级指标/指标值 columns (table 12). Anything less certain stays `None`.
fn classify_header(rows: &[Vec<String>]) -> Option<TableKind> {
    let head: Vec<&str> = rows.iter().take(3).flatten().map(String::as_str).collect();
    let has = |s: &str| head.contains(&s);
    let contains = |s: &str| head.iter().any(|c| c.contains(s));
    if has("收入") && has("支出") && (has("项目") || contains("预算数") || has("金额")) {
        Some(if contains("财政拨款") {
            TableKind::AppropriationSummary
        } else {
            TableKind::IncomeExpenditureSummary
        })
    } else if contains("公务接待") && contains("因公出国") {
        Some(TableKind::ThreePublicExpenses)
    } else if has("三级指标") && (has("指标值") || contains("指标值")) && contains("项目")
    {
        Some(TableKind::ProjectPerformanceTargets)
    } else {
        None
    }
}

/// Moves title and 单位 lines printed as full-width rows at the top of a grid (Excel
/// sheets often carry them inside the ruled area) into the text before the block.
fn peel_title_rows(block: &mut Block, gap: &mut Vec<String>) {
    let mut peeled = 0;
    while let Some(row) = block.rows.get(peeled) {
        let mut texts = row.iter().filter(|c| !c.is_empty());
        let (Some(only), None) = (texts.next(), texts.next()) else {
            break;
        };
        let wide = row.len() > 2;
        if wide && (looks_like_title(only) || META.is_match(only) || is_table_number(only)) {
            gap.push(only.clone());
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
    }
}

/// True for a 单位名称 / 单位 line printed above a table.
pub fn is_meta_line(line: &str) -> bool {
    META.is_match(line)
}

/// True for a note printed under a table (注：…, 说明：…).
pub fn is_note_line(line: &str) -> bool {
    NOTE.is_match(line)
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
            same_width
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
                let offset = prev.grid.len();
                prev.merges
                    .extend(block.merges.iter().map(|m| Merge { row: m.row + offset, ..*m }));
                prev.indents
                    .extend(block.indents.iter().map(|i| Indent { row: i.row + offset, ..*i }));
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
                out.tables.push(RawTable {
                    kind,
                    title,
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
    org: Option<String>,
    unit: Option<String>,
}

impl Preamble {
    fn parse(lines: &[String]) -> Preamble {
        // Walk back over 单位 lines, split unit fragments and title tails to the title.
        let mut k = lines.len();
        while k > 0 {
            let l = &lines[k - 1];
            if META.is_match(l) || UNIT_FRAGMENT.is_match(l) || TITLE_TAIL.is_match(l) {
                k -= 1;
            } else {
                break;
            }
        }
        let title_at = k.checked_sub(1).filter(|&t| looks_like_title(&lines[t]));
        let (prose_len, mut title) = match title_at {
            // "表7" printed on the line above belongs to the title.
            Some(t) if t > 0 && is_table_number(&lines[t - 1]) => {
                (t - 1, Some(format!("{}{}", lines[t - 1], lines[t])))
            }
            Some(t) => (t, Some(lines[t].clone())),
            // A long title wrapped onto a second line ("…支出预" + "算表").
            None if k >= 2 && looks_like_title(&format!("{}{}", lines[k - 2], lines[k - 1])) => {
                (k - 2, Some(format!("{}{}", lines[k - 2], lines[k - 1])))
            }
            None => (k, None),
        };
        // Re-join lines a page break split ("单位：" + "万元") and title tails.
        let mut meta: Vec<String> = Vec::new();
        for l in &lines[k..] {
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
            }
        }
        Preamble { prose_len, title, org, unit }
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
    fn headers_classify_untitled_tables_only_when_unmistakable() {
        let rows = |r: &[&str]| vec![r.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        assert_eq!(
            classify_header(
                &rows(&["收入", "", "支出", ""])
                    .into_iter()
                    .chain(rows(&["项目", "金额", "项目", "金额"]))
                    .collect::<Vec<_>>()
            ),
            Some(TableKind::IncomeExpenditureSummary)
        );
        assert_eq!(
            classify_header(&rows(&[
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "公务接待费"
            ])),
            Some(TableKind::ThreePublicExpenses)
        );
        assert_eq!(classify_header(&rows(&["姓名", "职务", "人数"])), None);
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
        let summary: Vec<(&str, &[u32], usize)> =
            s.tables.iter().map(|t| (t.title.as_str(), &t.pages[..], t.grid.len())).collect();
        assert_eq!(
            summary,
            [
                ("表十一2026年市级重点专项资金绩效目标表(一级项目)", &[26, 27][..], 3),
                ("表十二2026年市级一般性项目绩效目标表(一级项目)", &[28][..], 2),
            ]
        );
        assert_eq!(s.tables[1].org.as_deref(), Some("重庆市商务委员会"));
        assert_eq!(s.tables[1].unit.as_deref(), Some("万元"));
        assert!(s.prose.is_empty());
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
