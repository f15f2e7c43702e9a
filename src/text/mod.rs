//! Text exports (`.txt`) → prose lines and raw tables.
//!
//! In: the decoded text of an export like `samples/lingbao-gxj-2025.txt`: prose, then each
//! table as a title line, 单位名称/单位 lines, and rows of tab-separated cells. Page breaks
//! show up as blank lines inside a table and as lines split mid-way ("单位：\n万元").
//! Out: the prose lines (for document metadata) and one [`RawTable`] per printed table.

pub mod encoding;

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Warning;
use crate::normalize::normalize;
use crate::tables::{classify_title, is_continuation, looks_like_title, RawTable, TableKind};

/// What a text export holds once its tables are found.
#[derive(Debug, Default)]
pub struct TextLayout {
    /// Normalised non-empty lines that are not part of any table, in order.
    pub prose: Vec<String>,
    pub tables: Vec<RawTable>,
}

static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^(注|备注|说明|注释|附注|填表说明)\s*\d*\s*[：:]|^注\d|^本表|本表为空|本表无数据",
    )
});
static UNIT_FRAGMENT: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^(万元|千元|亿元|元|万|千|亿)$")); // ok: literal
static TITLE_TAIL: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^[（(]\d{4}\s*年度?[）)]$|^[（(]续表?[）)]$"));
static META: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(r"^(单位名称|部门名称|编制单位|预算单位|填报单位|金额单位|单位)\s*[：:]")
});
static UNIT: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"(?:金额单位|单位)\s*[：:]\s*(万元|千元|亿元|元)\s*$"));
static ORG: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^(?:单位名称|部门名称|编制单位|预算单位|填报单位|单位)\s*[：:]\s*(.+?)\s*(?:(?:金额单位|单位)\s*[：:].*)?$",
    )
});

/// One run of tab-separated lines (blank lines inside it are page breaks).
struct Block {
    first_line: usize,
    last_line: usize,
    rows: Vec<Vec<String>>,
}

/// Finds the tables of a text export.
pub fn read_layout(text: &str, warnings: &mut Vec<Warning>) -> TextLayout {
    let lines: Vec<&str> = text.lines().collect();
    let blocks = find_blocks(&lines);
    let mut layout = TextLayout::default();
    let mut prev_end = 0usize;
    for (i, block) in blocks.iter().enumerate() {
        let gap: Vec<String> = lines[prev_end..block.first_line]
            .iter()
            .map(|l| normalize(l))
            .filter(|l| !l.is_empty())
            .collect();
        let mut rest = &gap[..];
        if let Some(prev) = layout.tables.last_mut() {
            let notes = rest.iter().take_while(|l| NOTE.is_match(l)).count();
            prev.notes.extend(rest[..notes].iter().cloned());
            rest = &rest[notes..];
        }
        let preamble = Preamble::parse(rest);
        layout
            .prose
            .extend(rest[..preamble.prose_len].iter().cloned());
        let continues = layout.tables.last().filter(|prev| {
            let same_width = prev.grid.first().map(Vec::len) == block.rows.first().map(Vec::len);
            same_width
                && match &preamble.title {
                    None => true,
                    Some(t) => {
                        is_continuation(t) && classify_title(t).is_none_or(|k| k == prev.kind)
                    }
                }
        });
        if continues.is_some() {
            if let Some(prev) = layout.tables.last_mut() {
                prev.grid.extend(block.rows.iter().cloned());
            }
        } else {
            let title = preamble.title.clone().unwrap_or_default();
            let kind = classify_title(&title).unwrap_or(TableKind::Other);
            if preamble.title.is_none() {
                warnings.push(Warning::new(
                    "table_untitled",
                    format!(
                        "a table at line {} has no recognisable title; kept as kind \"other\"",
                        block.first_line + 1
                    ),
                ));
            } else if kind == TableKind::Other {
                warnings.push(Warning::new(
                    "table_unclassified",
                    format!(
                        "table {title:?} at line {} is none of the standard kinds; kept as \
                         kind \"other\"",
                        block.first_line + 1
                    ),
                ));
            }
            layout.tables.push(RawTable {
                kind,
                title,
                org: preamble.org,
                unit: preamble.unit,
                pages: Vec::new(),
                grid: block.rows.clone(),
                notes: Vec::new(),
                fill_vertical_merges: true,
            });
        }
        prev_end = block.last_line + 1;
        if i + 1 == blocks.len() {
            let tail: Vec<String> = lines[prev_end..]
                .iter()
                .map(|l| normalize(l))
                .filter(|l| !l.is_empty())
                .collect();
            let notes = tail.iter().take_while(|l| NOTE.is_match(l)).count();
            if let Some(prev) = layout.tables.last_mut() {
                prev.notes.extend(tail[..notes].iter().cloned());
            }
            layout.prose.extend(tail[notes..].iter().cloned());
        }
    }
    if blocks.is_empty() {
        layout.prose = lines
            .iter()
            .map(|l| normalize(l))
            .filter(|l| !l.is_empty())
            .collect();
    }
    layout
}

fn find_blocks(lines: &[&str]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false;
    for (i, line) in lines.iter().enumerate() {
        if line.contains('\t') {
            let row: Vec<String> = line.split('\t').map(normalize).collect();
            match blocks.last_mut() {
                Some(b) if open => {
                    b.last_line = i;
                    b.rows.push(row);
                }
                _ => blocks.push(Block {
                    first_line: i,
                    last_line: i,
                    rows: vec![row],
                }),
            }
            open = true;
        } else if !line.trim().is_empty() {
            open = false;
        }
    }
    blocks
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
            Some(t) => (t, Some(lines[t].clone())),
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
        Preamble {
            prose_len,
            title,
            org,
            unit,
        }
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

        let lines: Vec<String> = ["部门（单位）整体绩效目标表", "（2025年度）"]
            .map(String::from)
            .to_vec();
        let p = Preamble::parse(&lines);
        assert_eq!(
            p.title.as_deref(),
            Some("部门（单位）整体绩效目标表（2025年度）")
        );
        assert_eq!((p.org, p.unit), (None, None));
    }

    #[test]
    fn org_and_unit_on_one_line() {
        let lines: Vec<String> = ["收支预算总表", "编制单位：某某局 单位：元"]
            .map(String::from)
            .to_vec();
        let p = Preamble::parse(&lines);
        assert_eq!(p.org.as_deref(), Some("某某局"));
        assert_eq!(p.unit.as_deref(), Some("元"));
    }

    #[test]
    fn table_over_a_page_break_stays_one_table() {
        let text = "2025年部门收支总体情况表\n单位：万元\n收入\t\t支出\t\n项目\t金额\t项目\t金额\n\
                    一、\t1.00\t一、\t1.00\n\n二、\t2.00\t二、\t\n注：本表无数据\n";
        let mut w = Vec::new();
        let layout = read_layout(text, &mut w);
        assert_eq!(layout.tables.len(), 1);
        assert_eq!(layout.tables[0].grid.len(), 4);
        assert_eq!(layout.tables[0].notes, ["注：本表无数据"]);
        assert!(w.is_empty());
    }
}
