//! Multi-level headers: where the header ends, and each leaf column's header path.
//!
//! In: a rectangular grid of normalised cells where a merged cell holds its text in its
//! top-left position and `""` elsewhere (as a text export or a ruled-table rebuild gives it).
//! Out: the number of header rows and one path per leaf column, top row first, as the
//! contract defines `columns`.

use std::sync::LazyLock;

use regex::Regex;

/// Headers deeper than this are not seen in real tables; it bounds the search.
const MAX_HEADER_ROWS: usize = 5;

/// Amounts, percentages and codes: text no header cell consists of.
static DATA_LIKE: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^[-−]?[\d,]+(\.\d+)?%?$|^\d{3,}$"));

/// One header cell's extent on its row: `owner[c]` is the first column of the cell covering
/// column `c`, or `None` where nothing on this row covers it (a cell merged down from above).
type RowOwners = Vec<Option<usize>>;

/// How many leading rows of `grid` are header rows.
///
/// Row 0 is a header. A later row is a header while it holds no amount or code and every
/// label in it sits under a header cell that spans more than one column (a sub-header must
/// subdivide something); the first row breaking that is the first body row.
pub fn header_row_count(grid: &[Vec<String>]) -> usize {
    if grid.is_empty() {
        return 0;
    }
    let mut owners = vec![row_owners(&grid[0], None)];
    let mut count = 1;
    while count < grid.len().min(MAX_HEADER_ROWS) {
        let row = &grid[count];
        if row.iter().all(|c| c.is_empty()) || row.iter().any(|c| DATA_LIKE.is_match(c)) {
            break;
        }
        let subdivides = row
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .all(|(c, _)| effective_span(&owners, c).is_some_and(|(start, end)| end > start));
        if !subdivides {
            break;
        }
        owners.push(row_owners(row, Some(&owners)));
        count += 1;
    }
    count
}

/// Header paths for each of `width` leaf columns, from `header` rows.
pub fn column_paths(header: &[Vec<String>], width: usize) -> Vec<Vec<String>> {
    let mut owners: Vec<RowOwners> = Vec::with_capacity(header.len());
    for row in header {
        let o = row_owners(row, if owners.is_empty() { None } else { Some(&owners) });
        owners.push(o);
    }
    (0..width)
        .map(|c| {
            owners
                .iter()
                .zip(header)
                .filter_map(|(o, row)| o.get(c).copied().flatten().and_then(|s| row.get(s)))
                .cloned()
                .collect()
        })
        .collect()
}

/// Extents of the cells on one header row. A non-empty cell extends right over empty cells
/// as long as they sit under the same parent cell (on row 0, to the next label).
fn row_owners(row: &[String], above: Option<&[RowOwners]>) -> RowOwners {
    let mut out: RowOwners = vec![None; row.len()];
    let mut current: Option<usize> = None;
    for (c, text) in row.iter().enumerate() {
        if !text.is_empty() {
            current = Some(c);
            out[c] = Some(c);
            continue;
        }
        if let Some(start) = current {
            let same_parent = match above {
                None => true,
                Some(rows) => effective_owner(rows, c) == effective_owner(rows, start),
            };
            if same_parent {
                out[c] = Some(start);
            } else {
                current = None;
            }
        }
    }
    out
}

/// The nearest cell above covering column `c`: (row, first column).
fn effective_owner(rows: &[RowOwners], c: usize) -> Option<(usize, usize)> {
    rows.iter().enumerate().rev().find_map(|(r, o)| o.get(c).copied().flatten().map(|s| (r, s)))
}

/// The column extent (first, last) of the nearest cell above column `c`.
fn effective_span(rows: &[RowOwners], c: usize) -> Option<(usize, usize)> {
    let (r, start) = effective_owner(rows, c)?;
    let row = &rows[r];
    let end = (start..row.len()).take_while(|&k| row[k] == Some(start)).last()?;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&str]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.split('\t').map(str::to_string).collect()).collect()
    }

    fn paths(g: &[Vec<String>]) -> Vec<Vec<String>> {
        let h = header_row_count(g);
        column_paths(&g[..h], g[0].len())
    }

    #[test]
    fn three_level_header_with_merged_cells() {
        let g = grid(&[
            "科目编码\t\t\t单位代码\t单位（科目名称）\t合计\t基本支出\t\t\t\t\t项目支出\t\t",
            "\t\t\t\t\t\t小计\t人员经费\t\t公用经费\t\t小计\t其他运转类\t特定目标类",
            "\t\t\t\t\t\t\t工资福利支出\t对个人和家庭的补助\t商品和服务支出\t资本性支出\t\t\t",
            "\t\t\t\t合计\t876.00\t726.00\t531.14\t100.18\t94.68\t\t150.00\t\t150.00",
        ]);
        assert_eq!(header_row_count(&g), 3);
        let p = paths(&g);
        assert_eq!(p[0], ["科目编码"]);
        assert_eq!(p[2], ["科目编码"]);
        assert_eq!(p[5], ["合计"]);
        assert_eq!(p[6], ["基本支出", "小计"]);
        assert_eq!(p[8], ["基本支出", "人员经费", "对个人和家庭的补助"]);
        assert_eq!(p[10], ["基本支出", "公用经费", "资本性支出"]);
        assert_eq!(p[11], ["项目支出", "小计"]);
    }

    #[test]
    fn body_row_without_numbers_is_not_a_header() {
        let g = grid(&[
            "科目编码\t\t\t单位代码\t单位（科目名称）\t合计",
            "类\t款\t项\t\t\t",
            "\t\t\t\t合计\t",
        ]);
        assert_eq!(header_row_count(&g), 2);
        assert_eq!(paths(&g)[1], ["科目编码", "款"]);
    }

    #[test]
    fn empty_middle_level_is_skipped_in_the_path() {
        let g = grid(&[
            "单位编码\t项目金额\t\t绩效目标\t",
            "\t\t\t成本指标\t",
            "\t资金总额\t政府预算资金\t三级指标\t指标值",
            "502\t150.00\t150.00\t\t",
        ]);
        assert_eq!(header_row_count(&g), 3);
        let p = paths(&g);
        assert_eq!(p[1], ["项目金额", "资金总额"]);
        assert_eq!(p[4], ["绩效目标", "成本指标", "指标值"]);
    }

    #[test]
    fn sibling_under_a_different_parent_is_not_swallowed() {
        let g = grid(&[
            "收入\t\t支出\t\t",
            "项目\t金额\t项目\t合计\t一般公共预算",
            "一、\t1\t一、\t1\t1",
        ]);
        let p = paths(&g);
        assert_eq!(p[1], ["收入", "金额"]);
        assert_eq!(p[4], ["支出", "一般公共预算"]);
    }
}
