//! Document metadata from the cover and prose: title, department, year, kind, date, unit.
//!
//! In: the document's normalised prose lines (cover first) and its tables. Out: the
//! contract's `document` object. Every field is `null` rather than a guess when the
//! document does not say.

use std::collections::BTreeMap;

use crate::contract::TableKind;
use crate::model::{DocumentKind, DocumentMeta, Table};
use crate::vocabulary::document::{
    ARABIC_DATE, ATTACHMENT, CHINESE_DATE, DEPARTMENT, DEPT_AFTER_YEAR, DEPT_BEFORE_YEAR,
    DOC_TITLE, NAME_LABEL, PART_PREFIX, TOC_LINE, YEAR, YEAR_FIRST,
};

/// The cover title sits in the first lines; further down, "预算" lines are prose.
const COVER_LINES: usize = 30;

/// Reads the document metadata.
pub fn document_meta(prose: &[String], tables: &[Table]) -> DocumentMeta {
    let cover: Vec<String> = prose
        .iter()
        .take(COVER_LINES)
        .map(|l| PART_PREFIX.replace(l, "").into_owned())
        .map(|l| ATTACHMENT.replace(&l, "").into_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let at = cover.iter().position(|l| {
        DOC_TITLE.is_match(l)
            && l.chars().count() <= 60
            && !l.ends_with('表')
            && !TOC_LINE.is_match(l)
    });
    // A cover often prints the department on its own line above "2025年度部门预算公开".
    let title = at.map(|i| {
        let line = &cover[i];
        match i.checked_sub(1).map(|p| &cover[p]) {
            Some(above) if YEAR_FIRST.is_match(line) && is_department_line(above) => {
                format!("{above}{line}")
            }
            // A title wrapped over two lines ("XX市自然" / "资源局2025年部门预算"): the
            // department on the title line is only the end of its name.
            Some(above)
                if department_from_title(line).is_some_and(|d| is_fragment(&d))
                    && is_wrapped_start(above) =>
            {
                format!("{above}{line}")
            }
            _ => line.clone(),
        }
    });
    // A cover title set over several short lines ("2026年度" / "福州市科学技术局(本级)" /
    // "单位预算") before the 目录.
    let head: Vec<&String> = cover
        .iter()
        .take_while(|l| l.as_str() != "目录" && !TOC_LINE.is_match(l) && l.chars().count() <= 30)
        .take(5)
        .collect();
    // The fewest leading lines that read as a title.
    let joined: String = (2..=head.len())
        .map(|k| head[..k].iter().map(|l| l.as_str()).collect::<String>())
        .find(|j| DOC_TITLE.is_match(j))
        .unwrap_or_default();
    let title = match title {
        Some(t) if at.is_some_and(|i| i < head.len()) || head.len() < 2 => Some(t),
        other if DOC_TITLE.is_match(&joined) && joined.chars().count() <= 60 => {
            Some(joined).or(other)
        }
        other => other,
    };
    // The title's department unless it names only a place (上海市2026年市级单位预算) or
    // nothing at all (2025年部门预算公开说明): then the tables' 单位名称.
    let from_title = title.as_deref().and_then(department_from_title).filter(|d| !is_fragment(d));
    let department = match from_title {
        Some(d) if !is_place_only(&d) => Some(d),
        other => dominant_org(tables)
            .or_else(|| named_in_forms(tables))
            .or_else(|| named_in_prose(prose))
            .or(other.filter(|d| {
                !is_place_only(d) || d.ends_with(['市', '区', '县', '省', '州', '镇'])
            })),
    };
    let year = title
        .as_deref()
        .and_then(year_in)
        .or_else(|| tables.iter().find_map(|t| year_in(&t.title)))
        .or_else(|| cover.iter().find_map(|l| year_in(l)));
    let kind_of = |t: &str| {
        if t.contains("决算") {
            Some(DocumentKind::FinalAccounts)
        } else if t.contains("预算") {
            Some(DocumentKind::Budget)
        } else {
            None
        }
    };
    let kind = title
        .as_deref()
        .and_then(kind_of)
        .or_else(|| tables.iter().find_map(|t| kind_of(&t.title)))
        .or_else(|| prose.iter().take(200).find_map(|l| kind_of(l)));
    let date = cover.iter().find_map(|l| parse_date(l));
    DocumentMeta { title, department, year, kind, date, unit: dominant_unit(tables) }
}

/// "上海市", "普陀区": a place, not the body that publishes.
fn is_place_only(dept: &str) -> bool {
    dept.chars().count() <= 6 && dept.ends_with(['市', '区', '县', '省', '州', '镇'])
        || matches!(dept, "部门" | "单位" | "本部门" | "本单位")
}

/// Too short to be a department's whole name (资源局 from a wrapped title), or a label.
fn is_fragment(dept: &str) -> bool {
    dept.chars().count() <= 3 || ATTACHMENT.is_match(dept)
}

/// A cover line that a wrapped title could start with: words only, no year, not a heading.
fn is_wrapped_start(line: &str) -> bool {
    let n = line.chars().count();
    (2..=24).contains(&n)
        && !line.chars().any(|c| c.is_ascii_digit())
        && !line.contains('目')
        && !line.ends_with(['。', '：', ':'])
}

/// The name a 部门（单位）整体绩效目标表 prints beside 部门名称 (renwu_216, renwu_218: no
/// cover, no 单位名称 line over any table).
fn named_in_forms(tables: &[Table]) -> Option<String> {
    tables.iter().filter(|t| t.kind == TableKind::DepartmentPerformanceTargets).find_map(|t| {
        let row = t.rows.iter().find(|r| r.first().is_some_and(|c| NAME_LABEL.is_match(c)))?;
        let name = row.iter().skip(1).find(|c| !c.is_empty())?;
        plausible(name).then(|| name.clone())
    })
}

/// "部门名称：XX局" / "单位名称：XX局" printed in the prose.
fn named_in_prose(prose: &[String]) -> Option<String> {
    prose.iter().take(400).find_map(|l| {
        let name = NAME_LABEL.captures(l)?.get(2)?.as_str().trim().to_string();
        plausible(&name).then_some(name)
    })
}

/// A department's name, not a fragment, a label or a sentence.
fn plausible(name: &str) -> bool {
    is_department_line(name) && !is_fragment(name)
}

/// The 单位名称 most tables carry (ties to the first).
fn dominant_org(tables: &[Table]) -> Option<String> {
    most_common(tables.iter().filter_map(|t| t.org.as_deref()))
}

fn is_department_line(line: &str) -> bool {
    DEPARTMENT.is_match(line)
}

fn department_from_title(title: &str) -> Option<String> {
    let dept = if let Some(c) = DEPT_BEFORE_YEAR.captures(title) {
        c[1].to_string()
    } else {
        DEPT_AFTER_YEAR.captures(title)?[1].to_string()
    };
    let dept = dept.trim_end_matches(['（', '(', ' ']).to_string();
    (!dept.is_empty()).then_some(dept)
}

fn year_in(text: &str) -> Option<i32> {
    YEAR.captures(text)?[1].parse().ok()
}

/// "2025年3月25日" or "二〇二五年三月二十五日" → "2025-03-25".
pub fn parse_date(line: &str) -> Option<String> {
    let (y, m, d) = if let Some(c) = ARABIC_DATE.captures(line) {
        (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
    } else {
        let c = CHINESE_DATE.captures(line)?;
        let y = c[1].chars().try_fold(0u32, |acc, ch| Some(acc * 10 + chinese_digit(ch)?))?;
        (y, chinese_number(&c[2])?, chinese_number(&c[3])?)
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .or(match c {
            '零' | '○' => Some(0),
            _ => None,
        })
        .map(|p| p as u32)
}

/// 一 … 三十一 (days and months only).
fn chinese_number(s: &str) -> Option<u32> {
    match s.split_once('十') {
        None => chinese_digit(s.chars().next()?).filter(|_| s.chars().count() == 1),
        Some((tens, ones)) => {
            let t = if tens.is_empty() { 1 } else { chinese_digit(tens.chars().next()?)? };
            let o = if ones.is_empty() { 0 } else { chinese_digit(ones.chars().next()?)? };
            Some(t * 10 + o)
        }
    }
}

/// The unit most tables are printed in (ties go to the first seen).
fn dominant_unit(tables: &[Table]) -> Option<String> {
    most_common(tables.iter().filter_map(|t| t.unit.as_deref()))
}

/// The value seen most often, ties going to the one seen first.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, v) in values.enumerate() {
        counts.entry(v).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(v, _)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_numeral_systems() {
        assert_eq!(parse_date("二〇二五年三月二十五日").as_deref(), Some("2025-03-25"));
        assert_eq!(parse_date("二〇二四年十二月十日").as_deref(), Some("2024-12-10"));
        assert_eq!(parse_date("2025年3月5日").as_deref(), Some("2025-03-05"));
        assert_eq!(parse_date("2025年13月5日"), None);
        assert_eq!(parse_date("二〇二五年三月"), None);
    }

    #[test]
    fn cover_title_gives_department_year_and_kind() {
        let prose = ["灵宝市工业和信息化局2025年度部门预算公开".to_string()];
        let m = document_meta(&prose, &[]);
        assert_eq!(m.department.as_deref(), Some("灵宝市工业和信息化局"));
        assert_eq!(m.year, Some(2025));
        assert_eq!(m.kind, Some(DocumentKind::Budget));
        let m = document_meta(&["2024年某某区财政局部门决算".to_string()], &[]);
        assert_eq!(m.department.as_deref(), Some("某某区财政局"));
        assert_eq!(m.kind, Some(DocumentKind::FinalAccounts));
    }

    #[test]
    fn a_title_wrapped_over_two_lines_gives_the_whole_department() {
        let prose = ["长春市规划和自然".to_string(), "资源局2026年度部门预算".to_string()];
        let m = document_meta(&prose, &[]);
        assert_eq!(m.department.as_deref(), Some("长春市规划和自然资源局"));
        assert_eq!(m.year, Some(2026));
    }

    #[test]
    fn attachment_labels_and_suffixes_are_not_departments() {
        let prose = ["附件2".to_string(), "某某市财政局2025年部门预算".to_string()];
        assert_eq!(document_meta(&prose, &[]).department.as_deref(), Some("某某市财政局"));
        // renwu_197: the department above the title, with （本级）.
        let prose = ["长春市信访局（本级）".to_string(), "2026年度部门预算公开".to_string()];
        assert_eq!(document_meta(&prose, &[]).department.as_deref(), Some("长春市信访局（本级）"));
        let prose = ["2026年度部门预算公开".to_string(), "单位名称：北京市市场监督管理局".into()];
        assert_eq!(document_meta(&prose, &[]).department.as_deref(), Some("北京市市场监督管理局"));
    }
}
