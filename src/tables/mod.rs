//! Grids → tables: header paths, body rows, merged-cell recovery, classification.
//!
//! In: a [`RawTable`] (title, 单位名称/单位 lines, a rectangular grid of normalised cells,
//! notes) from the text or PDF front end. Out: the contract's [`Table`] with its `columns`
//! and `rows` (and the indents of its body cells); `records` reads it next.

pub mod contents;
mod header;
mod kinds;
mod pagebreak;
pub mod stitch;
pub mod trace;

pub use header::{column_paths, header_row_count};
pub use kinds::{classify_title, is_continuation, is_table_number, looks_like_title, TableKind};

use crate::model::{Table, Warning};

/// A table as a front end found it, before headers are told from the body.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub kind: TableKind,
    pub title: String,
    /// A line that only numbers the table (公开02表, 表01), printed apart from its title.
    pub label: Option<String>,
    pub org: Option<String>,
    pub unit: Option<String>,
    pub pages: Vec<u32>,
    /// Every printed row, header rows included, each the same width, cells normalised.
    pub grid: Vec<Vec<String>>,
    pub notes: Vec<String>,
    /// Cells known to span rows or columns (ruled PDF tables), in `grid` positions.
    pub merges: Vec<stitch::Merge>,
    /// Where cell text starts inside its cell (ruled PDF tables), in `grid` positions.
    pub indents: Vec<stitch::Indent>,
    /// The text export leaves vertically merged cells empty below their first row; the
    /// kinds that merge cells vertically get them filled down (a ruled PDF knows its spans).
    pub fill_vertical_merges: bool,
    /// Where each page's share of it was read (PDF only; for `yusuan inspect`).
    pub parts: Vec<trace::Part>,
}

impl RawTable {
    /// A one-page table from tab-separated rows (header rows included) and the indents a
    /// PDF layout would have measured, untitled but for its kind: how tests build a table
    /// without a front end.
    pub fn from_rows(
        kind: TableKind,
        unit: &str,
        rows: &[&str],
        indents: Vec<stitch::Indent>,
    ) -> Self {
        RawTable {
            kind,
            title: kind.as_str().to_string(),
            label: None,
            org: None,
            unit: Some(unit.to_string()),
            pages: Vec::new(),
            grid: rows.iter().map(|r| r.split('\t').map(str::to_string).collect()).collect(),
            notes: Vec::new(),
            merges: Vec::new(),
            indents,
            fill_vertical_merges: false,
            parts: Vec::new(),
        }
    }
}

/// Builds the contract's table (grid and header paths, no records yet) from a raw grid.
pub fn assemble(raw: RawTable, warnings: &mut Vec<Warning>) -> Table {
    assemble_traced(raw, warnings).0
}

/// [`assemble`], also answering where the table came from and what became of each grid
/// row (what `yusuan inspect` draws).
pub fn assemble_traced(raw: RawTable, warnings: &mut Vec<Warning>) -> (Table, trace::Trace) {
    let width = raw.grid.iter().map(Vec::len).max().unwrap_or(0);
    let mut grid: Vec<Vec<String>> = raw
        .grid
        .into_iter()
        .map(|mut r| {
            r.resize(width, String::new());
            r
        })
        .collect();
    let filled: Vec<usize> =
        (0..grid.len()).filter(|&r| grid[r].iter().any(|c| !c.is_empty())).collect();
    let compact: Vec<Vec<String>> = filled.iter().map(|&r| grid[r].clone()).collect();
    let form_like = raw.kind == TableKind::DepartmentPerformanceTargets
        || matches!(
            raw.kind,
            TableKind::ProjectPerformanceTargets
                | TableKind::ProjectPerformanceEvaluation
                | TableKind::DepartmentPerformanceEvaluation
        ) && is_form(&compact);
    let h = if form_like { 0 } else { header_row_count(&compact) };
    let columns =
        if form_like { vec![Vec::new(); width] } else { column_paths(&compact[..h], width) };
    // A row numbering the columns (栏次 1 2 3 …) under the header is not data.
    let h = if compact.get(h).is_some_and(|r| is_column_numbering(r)) { h + 1 } else { h };
    // Body rows by grid index: non-empty rows after the header, less header rows printed
    // again on a continuation page.
    let first_body = filled.get(h).copied().unwrap_or(grid.len());
    let candidates: Vec<usize> = filled.iter().copied().filter(|&r| r >= first_body).collect();
    // 栏次 rows repeated under a header printed again on a continuation page go too.
    let body_rows: Vec<usize> = drop_repeated_headers(&compact[..h], &grid, &candidates)
        .into_iter()
        .filter(|&r| !is_column_numbering(&grid[r]))
        .collect();
    let roles: Vec<trace::RowRole> = (0..grid.len())
        .map(|r| match body_rows.binary_search(&r) {
            Ok(i) => trace::RowRole::Body(i),
            Err(_) if filled.get(..h).is_some_and(|head| head.contains(&r)) => {
                trace::RowRole::Header
            }
            Err(_) => trace::RowRole::Dropped,
        })
        .collect();
    let traced =
        trace::Trace { parts: raw.parts, grid: grid.clone(), merges: raw.merges.clone(), roles };
    // Body cells merged down repeat their text in every row they cover.
    for m in &raw.merges {
        if m.rows < 2 || !body_rows.contains(&m.row) {
            continue;
        }
        let text = grid.get(m.row).and_then(|r| r.get(m.col)).cloned().unwrap_or_default();
        for r in m.row + 1..(m.row + m.rows).min(grid.len()) {
            if let Some(cell) = grid[r].get_mut(m.col) {
                *cell = text.clone();
            }
        }
    }
    let mut rows: Vec<Vec<String>> = body_rows.iter().map(|&r| grid[r].clone()).collect();
    // A per-project form's rows are its labels and values: nothing merged down to fill.
    let project_form = form_like && raw.kind != TableKind::DepartmentPerformanceTargets;
    if raw.fill_vertical_merges && !project_form {
        fill_vertical_merges(raw.kind, &columns, &mut rows);
    }
    if rows.is_empty() {
        warnings.push(Warning::new(
            "table_empty",
            format!("table {:?} has a header but no body rows", raw.title),
        ));
    }
    // Indents move with their rows: `row` becomes the index into the table's `rows`.
    let indents: Vec<stitch::Indent> = raw
        .indents
        .iter()
        .filter_map(|i| {
            let row = body_rows.binary_search(&i.row).ok()?;
            Some(stitch::Indent { row, ..*i })
        })
        .collect();
    let table = Table {
        kind: raw.kind,
        number: raw.kind.number(),
        title: raw.title,
        label: raw.label,
        org: raw.org,
        unit: raw.unit,
        pages: raw.pages,
        columns,
        rows,
        notes: raw.notes,
        records: Vec::new(),
        spec: Vec::new(),
        indents,
    };
    (table, traced)
}

/// Labels a per-project form prints down its first column (项目名称 | e福州… on one row,
/// 主管部门 | … on the next), where a table with one line per project prints a header.
const FORM_LABELS: [&str; 12] = [
    "项目名称",
    "项目编码",
    "项目代码",
    "主管部门",
    "实施单位",
    "预算单位",
    "项目单位",
    "当年预算",
    "项目概况",
    "年度目标",
    "当年绩效目标",
    "年度绩效目标",
];

/// True for a form: no header row, its label cells down the first column, the first
/// starting with 项目 (a project's name or code), another label within the next rows.
pub(crate) fn is_form(rows: &[Vec<String>]) -> bool {
    let first_label = |r: &Vec<String>| r.iter().find(|c| !c.is_empty()).cloned();
    let labels: Vec<String> = rows.iter().take(4).filter_map(first_label).collect();
    let is_label = |l: &String| FORM_LABELS.iter().any(|f| l.starts_with(f));
    labels.first().is_some_and(|l| l.starts_with("项目") && is_label(l))
        && labels.iter().skip(1).any(is_label)
}

/// "栏次 | 1 | 2 | 3 …" or "* | 1 | 2 …": consecutive column numbers printed under a header.
fn is_column_numbering(row: &[String]) -> bool {
    let mut numbers = Vec::new();
    let mut labelled = false;
    for c in row.iter().filter(|c| !c.is_empty()) {
        if let Ok(n) = c.parse::<u32>() {
            numbers.push(n);
        } else if ["栏次", "行次"].contains(&c.as_str()) {
            labelled = true;
        } else if !(c.chars().all(|ch| ch == '*') || ["序号", "栏"].contains(&c.as_str())) {
            return false;
        }
    }
    // A two-sided 决算 summary numbers each side: "栏次 | 1 | 栏次 | 2".
    let ascending = numbers.windows(2).all(|w| w[1] > w[0]);
    labelled && !numbers.is_empty() && ascending
        || numbers.len() >= 3 && numbers.windows(2).all(|w| w[1] == w[0] + 1)
}

/// The body rows among `candidates` (grid indices), less header rows printed again on a
/// continuation page.
fn drop_repeated_headers(
    header: &[Vec<String>],
    grid: &[Vec<String>],
    candidates: &[usize],
) -> Vec<usize> {
    let mut out = Vec::with_capacity(candidates.len());
    let mut i = 0;
    while i < candidates.len() {
        let run = header.iter().zip(&candidates[i..]).take_while(|(h, &r)| **h == grid[r]).count();
        if !header.is_empty() && run > 0 {
            i += run;
            continue;
        }
        out.push(candidates[i]);
        i += 1;
    }
    out
}

/// Repeats a vertically merged body cell's text down into the rows it covers.
///
/// Only the form-like performance tables merge body cells vertically: 整体绩效目标表 merges
/// its section and indicator-level columns, 项目绩效目标表 a project's code, name and amounts
/// over its indicator rows. A row continues the one above when its leading cells are empty.
fn fill_vertical_merges(kind: TableKind, columns: &[Vec<String>], rows: &mut [Vec<String>]) {
    let fill_upto = match kind {
        TableKind::DepartmentPerformanceTargets => 2.min(columns.len()),
        TableKind::ProjectPerformanceTargets => {
            columns.iter().take_while(|p| !p.iter().any(|l| l.contains("绩效"))).count()
        }
        _ => return,
    };
    for r in 1..rows.len() {
        let leading_empty = rows[r].iter().take_while(|c| c.is_empty()).count();
        if leading_empty == 0 || leading_empty == rows[r].len() {
            continue;
        }
        let upto = leading_empty.min(fill_upto);
        if kind == TableKind::ProjectPerformanceTargets && leading_empty < fill_upto {
            continue; // an ordinary row with a blank code, not a continuation
        }
        let (above, current) = rows.split_at_mut(r);
        if let (Some(prev), Some(row)) = (above.last(), current.first_mut()) {
            row[..upto].clone_from_slice(&prev[..upto]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[&str]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.split('\t').map(str::to_string).collect()).collect()
    }

    #[test]
    fn repeated_header_on_a_continuation_page_is_dropped() {
        let header = cells(&["项目\t金额"]);
        let grid = cells(&["项目\t金额", "一、\t1", "项目\t金额", "二、\t2"]);
        assert_eq!(drop_repeated_headers(&header, &grid, &[1, 2, 3]), [1, 3]);
    }

    #[test]
    fn per_project_forms_are_told_from_headed_tables() {
        // renwu_141 (福州), renwu_082 表十一 (重庆, an empty form).
        assert!(is_form(&cells(&["项目名称\te福州…\t\t", "主管部门\t福州市民政局\t实施单位\t"])));
        assert!(is_form(&cells(&["项目名称\t\t主管部门\t", "当年预算\t\t市级支出\t"])));
        assert!(!is_form(&cells(&["序号\t项目名称\t金额", "1\t甲\t3.00"])));
        assert!(!is_form(&cells(&["项目名称\t项目金额\t绩效指标", "\t\t一级指标"])));
    }

    #[test]
    fn column_numbering_rows_are_recognised() {
        assert!(is_column_numbering(&cells(&["栏次\t\t1\t2\t3"])[0]));
        assert!(is_column_numbering(&cells(&["**\t1\t2\t3\t4"])[0]));
        assert!(is_column_numbering(&cells(&["栏次\t1\t栏次\t2"])[0]));
        assert!(!is_column_numbering(&cells(&["合计\t1\t2\t3"])[0]));
        assert!(!is_column_numbering(&cells(&["\t1\t1\t3"])[0]));
    }

    #[test]
    fn project_indicator_rows_inherit_the_project() {
        let columns = vec![
            vec!["编码".to_string()],
            vec!["金额".to_string()],
            vec!["绩效目标".to_string(), "指标".to_string()],
        ];
        let mut rows = cells(&["411\t100.00\t甲", "\t\t乙"]);
        fill_vertical_merges(TableKind::ProjectPerformanceTargets, &columns, &mut rows);
        assert_eq!(rows[1], ["411", "100.00", "乙"]);
    }

    #[test]
    fn form_sections_fill_down_only_leading_cells() {
        let mut rows = cells(&["预算情况\t总额\t\t876", "\t（2）项目支出\t\t150", "\t\t三级\t值"]);
        let columns = vec![Vec::new(); 4];
        fill_vertical_merges(TableKind::DepartmentPerformanceTargets, &columns, &mut rows);
        assert_eq!(rows[1], ["预算情况", "（2）项目支出", "", "150"]);
        assert_eq!(rows[2], ["预算情况", "（2）项目支出", "三级", "值"]);
    }
}
