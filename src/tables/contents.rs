//! The document's own 目录 (table of contents) as evidence of which tables it prints.
//!
//! In: the prose lines (everything outside tables, in order). Out: the table titles the
//! 目录 lists, in its order, each with the kind its title names; and a warning for a kind
//! the 目录 lists that the body never prints (a table lost to a page the reader could not
//! rebuild, or a file that holds only the prose part).

use std::sync::LazyLock;

use regex::Regex;

use super::{classify_title, looks_like_title, RawTable, TableKind};
use crate::model::Warning;
use crate::vocabulary::labels::TOC_NUMBERING;

/// Dot leaders and the page number that end an entry: "收入决算表……………8", "收入决算表 8".
static LEADER: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"\s*([.．…·。_-]{2,}\s*)?\s*\d{0,3}\s*$"));

/// How many lines after 目录 are read at most (a 目录 fills a page or two).
const MAX_LINES: usize = 80;

/// One table the 目录 lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub title: String,
    pub kind: TableKind,
}

/// The tables the document's 目录 lists, in its order; empty when it prints none.
pub fn entries(prose: &[String]) -> Vec<Entry> {
    let Some(start) = prose.iter().position(|l| l.as_str() == "目录") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in prose.iter().skip(start + 1).take(MAX_LINES) {
        // Sentences end the 目录: the prose it announces has begun.
        if line.contains('。') || line.contains('，') {
            break;
        }
        let bare = LEADER.replace(line, "");
        let bare = TOC_NUMBERING.replace(&bare, "");
        if !looks_like_title(&bare) {
            continue;
        }
        let kind = classify_title(&bare).unwrap_or(TableKind::Other);
        out.push(Entry { title: bare.into_owned(), kind });
    }
    out
}

/// A warning per kind the 目录 lists (a standard table or one of the named others) that no
/// table in the body holds.
pub fn warn_unprinted(entries: &[Entry], tables: &[RawTable], warnings: &mut Vec<Warning>) {
    let mut warned: Vec<TableKind> = Vec::new();
    for e in entries {
        if e.kind == TableKind::Other || warned.contains(&e.kind) {
            continue;
        }
        if !tables.iter().any(|t| t.kind == e.kind) {
            warned.push(e.kind);
            warnings.push(Warning::new(
                "table_listed_not_found",
                format!(
                    "the 目录 lists {:?} ({}) but no such table was found in the body",
                    e.title,
                    e.kind.as_str()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn entries_are_read_with_leaders_and_numbering_stripped() {
        let prose = lines(&[
            "国家信访局2024年度部门决算",
            "目录",
            "第一部分 国家信访局概况",
            "一、收入支出决算总表……………………7",
            "二、收入决算表 8",
            "（三）项目支出绩效自评表",
            "第一部分 国家信访局概况",
            "一、部门职责。本部门……",
            "三、支出决算表",
        ]);
        let e = entries(&prose);
        let got: Vec<(&str, TableKind)> = e.iter().map(|e| (e.title.as_str(), e.kind)).collect();
        assert_eq!(
            got,
            [
                ("收入支出决算总表", TableKind::IncomeExpenditureSummary),
                ("收入决算表", TableKind::IncomeSummary),
                ("项目支出绩效自评表", TableKind::ProjectPerformanceEvaluation),
            ]
        );
        assert!(entries(&lines(&["收入决算表"])).is_empty());
    }

    #[test]
    fn a_listed_kind_the_body_lacks_is_warned_once() {
        let e = entries(&lines(&["目录", "1.收入决算表", "2.支出决算表", "3.支出决算表"]));
        let tables =
            [RawTable::from_rows(TableKind::IncomeSummary, "万元", &["项目\t金额"], Vec::new())];
        let mut warnings = Vec::new();
        warn_unprinted(&e, &tables, &mut warnings);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("支出决算表"), "{warnings:?}");
    }
}
