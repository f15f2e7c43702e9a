//! `--xlsx`: one Excel workbook per document, for the researcher who lives in a spreadsheet.
//!
//! - a sheet per table, named by its number and a short name (`01 收支总表`): the title and
//!   the 单位名称 / 单位 line above the grid, the header rebuilt with its merged cells as
//!   printed (the column paths turned back into merged ranges, [`header_cells`]), the body
//!   with amounts as numbers in the printed number format (`1,234.50` → `#,##0.00`) and
//!   everything else as text (codes such as `010` stay as printed), the header rows frozen,
//!   the printed pages in the footer and in a note on the title;
//! - `检查`: every check, failures highlighted, each linked to the row it names;
//! - `说明`: the document's metadata, its error if it could not be read, its warnings, and
//!   the list of sheets.
//!
//! A workbook stores numbers as binary floating point, so this is the one output where an
//! amount passes through `f64`; the exact decimal is in every other output. The bytes do
//! not depend on the clock (the creation date is fixed), so reruns give identical files.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Url, Workbook,
    Worksheet, XlsxError,
};

use super::dir::DirLayout;
use super::{write_atomically, Sink};
use crate::model::{Check, DocumentOutput, Table};
use crate::records::Amount;
use crate::tables::TableKind;

/// Rows above a table's header: the title, then the 单位名称 / 单位 line.
pub const TITLE_ROWS: usize = 2;

/// Where the workbooks go.
pub enum XlsxTarget {
    /// One workbook at this path (one document).
    File(PathBuf),
    /// `<dir>/<stem>.xlsx` per document, named as `-o` names its JSON files (`layout` is
    /// made for `dir`).
    Dir { dir: PathBuf, layout: Arc<DirLayout> },
}

/// Writes one workbook per document.
pub struct XlsxSink {
    target: XlsxTarget,
}

impl XlsxSink {
    /// For [`XlsxTarget::Dir`], creates the directory if needed.
    pub fn new(target: XlsxTarget) -> io::Result<XlsxSink> {
        if let XlsxTarget::Dir { dir, .. } = &target {
            std::fs::create_dir_all(dir).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot create output directory {}: {e}", dir.display()),
                )
            })?;
        }
        Ok(XlsxSink { target })
    }

    /// The workbook path of input `index`.
    pub fn path(&self, index: usize) -> Option<PathBuf> {
        match &self.target {
            XlsxTarget::File(path) => Some(path.clone()),
            XlsxTarget::Dir { layout, .. } => layout.path(index).map(|p| p.with_extension("xlsx")),
        }
    }
}

impl Sink for XlsxSink {
    fn write(&mut self, index: usize, doc: &DocumentOutput) -> io::Result<()> {
        let Some(path) = self.path(index) else {
            return Ok(());
        };
        let bytes = workbook(doc).map_err(|e| named_xlsx(&path, e))?;
        write_atomically(&path, &bytes)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
    }
}

fn named_xlsx(path: &Path, e: XlsxError) -> io::Error {
    io::Error::other(format!("{}: cannot build the workbook: {e}", path.display()))
}

/// The workbook of one document, as the bytes of an `.xlsx` file.
pub fn workbook(doc: &DocumentOutput) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation date keeps the bytes independent of the clock.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(doc.document.title.as_deref().unwrap_or(&doc.source.file))
            .set_creation_datetime(&created),
    );
    let styles = Styles::new();
    let names = sheet_names(&doc.tables);
    let failed = failed_rows(doc);
    for (i, (table, name)) in doc.tables.iter().zip(&names).enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        let marked: BTreeSet<usize> =
            failed.iter().filter(|(t, _)| *t == i).map(|(_, r)| *r).collect();
        write_table(sheet, table, &marked, &styles)?;
    }
    let checks = book.add_worksheet();
    checks.set_name(CHECKS_SHEET)?;
    write_checks(checks, doc, &names, &styles)?;
    let about = book.add_worksheet();
    about.set_name(ABOUT_SHEET)?;
    write_about(about, doc, &names, &styles)?;
    book.save_to_buffer()
}

pub const CHECKS_SHEET: &str = "检查";
pub const ABOUT_SHEET: &str = "说明";

/// One cell of a rebuilt header: its text, where it starts (0-based, header rows and leaf
/// columns) and how many rows and columns it covers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeaderCell {
    pub text: String,
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// The header as printed, from the contract's column paths: neighbouring columns whose
/// paths agree down to a level share that level's cell (merged across), and a cell whose
/// columns all stop at its level reaches down to the last header row (merged down). Three
/// `["科目编码"]` columns are one cell over three columns and every header row. Returns the
/// number of header rows (0 for a form printed without a header) and the cells, row by row.
pub fn header_cells(columns: &[Vec<String>]) -> (usize, Vec<HeaderCell>) {
    let depth = columns.iter().map(Vec::len).max().unwrap_or(0);
    let mut cells = Vec::new();
    for level in 0..depth {
        let mut c = 0;
        while c < columns.len() {
            if columns[c].len() <= level {
                c += 1;
                continue;
            }
            let key = &columns[c][..=level];
            let mut end = c + 1;
            while end < columns.len()
                && columns[end].len() > level
                && columns[end][..=level] == *key
            {
                end += 1;
            }
            let stops = columns[c..end].iter().all(|p| p.len() == level + 1);
            cells.push(HeaderCell {
                text: key[level].clone(),
                row: level,
                col: c,
                rows: if stops { depth - level } else { 1 },
                cols: end - c,
            });
            c = end;
        }
    }
    (depth, cells)
}

/// Which columns of a table hold amounts (written as numbers where a cell parses as one):
/// the column spec `records` decided, as every other writer reads it.
pub(crate) fn amount_columns(table: &Table) -> Vec<bool> {
    let mut out = vec![false; table.columns.len()];
    for c in table.amount_columns() {
        if let Some(slot) = out.get_mut(c) {
            *slot = true;
        }
    }
    out
}

/// Sheet names, one per table, in order: `01 收支总表`, `12 项目绩效目标 (2)` for a second
/// table of a number, `附 政府采购` for the kinds without one. Unique (as Excel compares
/// them, ignoring case), at most 31 characters, none of `[]:*?/\`.
pub fn sheet_names(tables: &[Table]) -> Vec<String> {
    let mut used: BTreeSet<String> =
        [CHECKS_SHEET, ABOUT_SHEET].iter().map(|s| s.to_lowercase()).collect();
    tables
        .iter()
        .map(|t| {
            let prefix = match t.number {
                Some(n) => format!("{n:02}"),
                None => "附".to_string(),
            };
            let base: String = format!("{prefix} {}", short_name(t))
                .chars()
                .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
                .take(26)
                .collect();
            let base = base.trim_matches(['\'', ' ']).to_string();
            let mut name = base.clone();
            let mut n = 2;
            while !used.insert(name.to_lowercase()) {
                name = format!("{base} ({n})");
                n += 1;
            }
            name
        })
        .collect()
}

/// A few characters that say which table it is; the kind's when it has one, else the
/// printed title without its year and 表 ending.
pub fn short_name(table: &Table) -> String {
    let fixed = match table.kind {
        TableKind::IncomeExpenditureSummary => "收支总表",
        TableKind::IncomeSummary => "收入总表",
        TableKind::ExpenditureSummary => "支出总表",
        TableKind::AppropriationSummary => "财政拨款收支总表",
        TableKind::GeneralBudgetExpenditure => "一般公共预算支出",
        TableKind::GeneralBudgetBasicExpenditure => "一般公共预算基本支出",
        TableKind::EconomicClassificationSummary => "支出经济分类汇总",
        TableKind::ThreePublicExpenses => "三公经费",
        TableKind::GovernmentFundExpenditure => "政府性基金支出",
        TableKind::ProjectExpenditure => "项目支出",
        TableKind::DepartmentPerformanceTargets => "整体绩效目标",
        TableKind::ProjectPerformanceTargets => "项目绩效目标",
        TableKind::StateCapitalExpenditure => "国有资本经营支出",
        TableKind::GovernmentProcurement => "政府采购",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    let title = table.title.trim();
    let title = title.trim_start_matches(|c: char| c.is_ascii_digit());
    let title = title.strip_prefix('年').unwrap_or(title);
    let title = title.strip_prefix("部门").unwrap_or(title);
    let title = title.strip_suffix("情况表").or_else(|| title.strip_suffix('表')).unwrap_or(title);
    let short: String = title.chars().take(12).collect();
    if short.is_empty() {
        "表".to_string()
    } else {
        short
    }
}

/// `(table index, row)` of every failed check that names a row; a check names its table
/// by number, which is the first table of that number.
fn failed_rows(doc: &DocumentOutput) -> BTreeSet<(usize, usize)> {
    doc.checks
        .iter()
        .filter(|c| !c.ok)
        .filter_map(|c| match check_target(doc, c) {
            Some((t, Some(r))) => Some((t, r)),
            _ => None,
        })
        .collect()
}

/// The cell styles of a workbook; number formats are made as the printed figures ask.
struct Styles {
    title: Format,
    header: Format,
    text: Format,
    text_failed: Format,
    label: Format,
    failed: Format,
    passed: Format,
    link: Format,
}

const FAILED_FILL: u32 = 0xFFC7CE;

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center),
            header: border(
                Format::new()
                    .set_bold()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_text_wrap()
                    .set_background_color(Color::RGB(0xDDEBF7)),
            ),
            text: border(Format::new()),
            text_failed: border(Format::new().set_background_color(Color::RGB(FAILED_FILL))),
            label: Format::new().set_bold(),
            failed: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(FAILED_FILL)),
            passed: Format::new().set_font_color(Color::RGB(0x006100)),
            link: Format::new()
                .set_font_color(Color::Blue)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }

    fn number(&self, numfmt: &str, failed: bool) -> Format {
        let f = Format::new().set_border(FormatBorder::Thin).set_num_format(numfmt);
        if failed {
            f.set_background_color(Color::RGB(FAILED_FILL))
        } else {
            f
        }
    }
}

/// The Excel number format that prints a figure as the document printed it: as many
/// decimals, thousands separators if it had them, negatives in parentheses if so printed.
pub fn number_format(printed: &str) -> String {
    let printed = printed.trim();
    let decimals = printed
        .split_once('.')
        .map(|(_, f)| f.chars().filter(char::is_ascii_digit).count())
        .unwrap_or(0);
    let mut base = if printed.contains(',') { "#,##0".to_string() } else { "0".to_string() };
    if decimals > 0 {
        base.push('.');
        base.push_str(&"0".repeat(decimals));
    }
    if printed.starts_with(['(', '（']) {
        format!("{base};({base})")
    } else {
        base
    }
}

/// The sheet row (0-based) of body row `row` of `table`.
pub fn body_row(table: &Table, row: usize) -> usize {
    TITLE_ROWS + header_cells(&table.columns).0 + row
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    failed: &BTreeSet<usize>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let width = table.columns.len().max(table.rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
    let last_col = col16(width - 1);
    if width > 1 {
        sheet.merge_range(0, 0, 0, last_col, &table.title, &styles.title)?;
    } else {
        sheet.write_string_with_format(0, 0, &table.title, &styles.title)?;
    }
    if let Some(org) = &table.org {
        sheet.write_string(1, 0, format!("单位名称：{org}"))?;
    }
    if let Some(unit) = &table.unit {
        // At the right edge, as printed; beside the 单位名称 in a one-column table.
        let col = if width > 1 { last_col } else { u16::from(table.org.is_some()) };
        let right = Format::new().set_align(FormatAlign::Right);
        sheet.write_string_with_format(1, col, format!("单位：{unit}"), &right)?;
    }
    let pages = pages_text(&table.pages);
    if let Some(pages) = &pages {
        sheet.insert_note(0, 0, &Note::new(format!("原文{pages}")).set_author("yusuan"))?;
        // Excel refuses a header/footer over 255 characters.
        let title: String = table.title.replace('&', "&&").chars().take(80).collect();
        let pages: String = pages.chars().take(120).collect();
        sheet.set_footer(format!("&L{title}&R原文{pages}"));
    }

    let (depth, cells) = header_cells(&table.columns);
    let top = TITLE_ROWS as u32;
    for cell in &cells {
        let (r0, c0) = (top + cell.row as u32, col16(cell.col));
        let (r1, c1) = (r0 + cell.rows as u32 - 1, col16(cell.col + cell.cols - 1));
        if r0 == r1 && c0 == c1 {
            sheet.write_string_with_format(r0, c0, &cell.text, &styles.header)?;
        } else {
            sheet.merge_range(r0, c0, r1, c1, &cell.text, &styles.header)?;
        }
    }
    let body = top + depth as u32;
    sheet.set_freeze_panes(body, 0)?;

    let amounts = amount_columns(table);
    let mut formats: BTreeMap<(String, bool), Format> = BTreeMap::new();
    let mut widths: Vec<usize> = vec![6; width];
    for (c, path) in table.columns.iter().enumerate() {
        let longest = path.iter().map(|s| display_width(s)).max().unwrap_or(0);
        widths[c] = widths[c].max(longest.min(16));
    }
    for (r, row) in table.rows.iter().enumerate() {
        let marked = failed.contains(&r);
        let xr = body + r as u32;
        for (c, text) in row.iter().enumerate() {
            let xc = col16(c);
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(display_width(text).min(40));
            }
            let amount = amounts.get(c).copied().unwrap_or(false);
            match amount.then(|| Amount::parse(text)).flatten() {
                Some(a) => {
                    let key = (number_format(text), marked);
                    let format = formats
                        .entry(key)
                        .or_insert_with_key(|(numfmt, m)| styles.number(numfmt, *m));
                    let value = a.value.to_f64().unwrap_or(f64::NAN);
                    sheet.write_number_with_format(xr, xc, value, format)?;
                }
                None => {
                    let format = if marked { &styles.text_failed } else { &styles.text };
                    if text.is_empty() {
                        sheet.write_blank(xr, xc, format)?;
                    } else {
                        sheet.write_string_with_format(xr, xc, cell_text(text), format)?;
                    }
                }
            }
        }
    }
    let notes_from = body + table.rows.len() as u32 + 1;
    for (r, note) in (notes_from..).zip(&table.notes) {
        sheet.write_string(r, 0, note)?;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col16(c), (*w + 2) as f64)?;
    }
    Ok(())
}

/// Excel holds at most 32,767 characters in a cell; a longer text (damaged input) is cut.
fn cell_text(text: &str) -> &str {
    const MAX: usize = 32_767;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// `第 19 页`, `第 19–21 页`, `第 3、7 页`; `None` for text input (no pages).
pub fn pages_text(pages: &[u32]) -> Option<String> {
    let (first, last) = (pages.first()?, pages.last()?);
    let contiguous = pages.windows(2).all(|w| w[1] == w[0] + 1);
    Some(if first == last {
        format!("第 {first} 页")
    } else if contiguous {
        format!("第 {first}–{last} 页")
    } else {
        let list: Vec<String> = pages.iter().map(u32::to_string).collect();
        format!("第 {} 页", list.join("、"))
    })
}

/// Columns a CJK character wide count twice.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Excel has 16,384 columns; a wider table (damaged input) is cut at the edge.
fn col16(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX).min(16_383)
}

/// `A1`-style reference of a 0-based cell.
fn a1(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// The table a check names (the first one with its number) and the sheet row it names.
pub fn check_target(doc: &DocumentOutput, check: &Check) -> Option<(usize, Option<usize>)> {
    let number = check.table?;
    let index = doc.tables.iter().position(|t| t.number == Some(number))?;
    let row = check.row.filter(|r| *r < doc.tables[index].rows.len());
    Some((index, row))
}

fn write_checks(
    sheet: &mut Worksheet,
    doc: &DocumentOutput,
    names: &[String],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let heads = ["结果", "表", "规则", "行", "说明", "位置"];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, col16(c), *h, &styles.label)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let failed = doc.checks.iter().filter(|c| !c.ok).count();
    // Failures first, so they are on the first screen; then the rest in document order.
    let ordered = doc.checks.iter().filter(|c| !c.ok).chain(doc.checks.iter().filter(|c| c.ok));
    for (i, check) in ordered.enumerate() {
        let r = 1 + i as u32;
        if check.ok {
            sheet.write_string_with_format(r, 0, "通过", &styles.passed)?;
        } else {
            sheet.write_string_with_format(r, 0, "不通过", &styles.failed)?;
        }
        if let Some(n) = check.table {
            sheet.write_number(r, 1, f64::from(n))?;
        }
        sheet.write_string(r, 2, &check.rule)?;
        if let Some(row) = check.row {
            sheet.write_number(r, 3, row as f64)?;
        }
        let detail_format = if check.ok { Format::new() } else { styles.failed.clone() };
        sheet.write_string_with_format(r, 4, cell_text(&check.detail), &detail_format)?;
        if let Some((t, row)) = check_target(doc, check) {
            if let (Some(name), Some(table)) = (names.get(t), doc.tables.get(t)) {
                let at = match row {
                    Some(row) => a1(body_row(table, row), 0),
                    None => "A1".to_string(),
                };
                let url = Url::new(format!("internal:'{}'!{at}", name.replace('\'', "''")))
                    .set_text(format!("{name}!{at}"));
                sheet.write_url_with_format(r, 5, url, &styles.link)?;
            }
        }
    }
    if doc.checks.is_empty() {
        sheet.write_string(1, 0, "没有可检查的勾稽关系")?;
    }
    sheet.write_string(0, 7, format!("{} 项检查，{failed} 项不通过", doc.checks.len()))?;
    sheet.set_column_width(2, 44)?;
    sheet.set_column_width(4, 70)?;
    sheet.set_column_width(5, 26)?;
    Ok(())
}

fn write_about(
    sheet: &mut Worksheet,
    doc: &DocumentOutput,
    names: &[String],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let meta = &doc.document;
    let kind = meta.kind.map(|k| match k {
        crate::model::DocumentKind::Budget => "预算",
        crate::model::DocumentKind::FinalAccounts => "决算",
    });
    let format = match doc.source.format {
        crate::model::SourceFormat::Pdf => "PDF",
        crate::model::SourceFormat::Text => "文本",
    };
    let pages = doc.source.pages.map(|p| p.to_string());
    let year = meta.year.map(|y| y.to_string());
    let failed = doc.checks.iter().filter(|c| !c.ok).count().to_string();
    let lines: Vec<(&str, Option<&str>)> = vec![
        ("文件", Some(&doc.source.file)),
        ("sha256", Some(&doc.source.sha256)),
        ("格式", Some(format)),
        ("页数", pages.as_deref()),
        ("标题", meta.title.as_deref()),
        ("部门", meta.department.as_deref()),
        ("年度", year.as_deref()),
        ("类型", kind),
        ("日期", meta.date.as_deref()),
        ("单位", meta.unit.as_deref()),
        ("表格数", Some("")),
        ("不通过的检查", Some(&failed)),
        ("schema", Some(doc.schema)),
    ];
    let tables = doc.tables.len().to_string();
    let mut r = 0u32;
    for (key, value) in lines {
        sheet.write_string_with_format(r, 0, key, &styles.label)?;
        let value = if key == "表格数" { Some(tables.as_str()) } else { value };
        sheet.write_string(r, 1, value.unwrap_or(""))?;
        r += 1;
    }
    if let Some(e) = &doc.error {
        sheet.write_string_with_format(r, 0, "错误", &styles.failed)?;
        sheet.write_string_with_format(
            r,
            1,
            format!("{}: {}", e.code, e.message),
            &styles.failed,
        )?;
        r += 1;
    }
    r += 1;
    sheet.write_string_with_format(
        r,
        0,
        format!("警告（{}）", doc.warnings.len()),
        &styles.label,
    )?;
    r += 1;
    for w in &doc.warnings {
        sheet.write_string(r, 0, w.code)?;
        if let Some(p) = w.page {
            sheet.write_string(r, 1, format!("第 {p} 页：{}", w.message))?;
        } else {
            sheet.write_string(r, 1, cell_text(&w.message))?;
        }
        r += 1;
    }
    r += 1;
    sheet.write_string_with_format(r, 0, "工作表", &styles.label)?;
    sheet.write_string_with_format(r, 1, "标题", &styles.label)?;
    sheet.write_string_with_format(r, 2, "页", &styles.label)?;
    sheet.write_string_with_format(r, 3, "行数", &styles.label)?;
    r += 1;
    for (table, name) in doc.tables.iter().zip(names) {
        let url = Url::new(format!("internal:'{}'!A1", name.replace('\'', "''"))).set_text(name);
        sheet.write_url_with_format(r, 0, url, &styles.link)?;
        sheet.write_string(r, 1, &table.title)?;
        sheet.write_string(r, 2, pages_text(&table.pages).unwrap_or_default())?;
        sheet.write_number(r, 3, table.rows.len() as f64)?;
        r += 1;
    }
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 80)?;
    sheet.set_column_width(2, 16)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(p: &[&[&str]]) -> Vec<Vec<String>> {
        p.iter().map(|p| p.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn header_cells_merge_what_the_paths_share() {
        let columns = paths(&[
            &["科目编码"],
            &["科目编码"],
            &["合计"],
            &["基本支出", "小计"],
            &["基本支出", "人员经费", "工资福利支出"],
            &["基本支出", "人员经费", "对个人和家庭的补助"],
        ]);
        let (depth, cells) = header_cells(&columns);
        assert_eq!(depth, 3);
        let cell = |text: &str, row, col, rows, cols| HeaderCell {
            text: text.to_string(),
            row,
            col,
            rows,
            cols,
        };
        assert_eq!(
            cells,
            vec![
                cell("科目编码", 0, 0, 3, 2),
                cell("合计", 0, 2, 3, 1),
                cell("基本支出", 0, 3, 1, 3),
                cell("小计", 1, 3, 2, 1),
                cell("人员经费", 1, 4, 1, 2),
                cell("工资福利支出", 2, 4, 1, 1),
                cell("对个人和家庭的补助", 2, 5, 1, 1),
            ]
        );
        assert_eq!(header_cells(&paths(&[&[], &[]])), (0, vec![]));
    }

    #[test]
    fn number_formats_follow_the_printed_figure() {
        assert_eq!(number_format("876.00"), "0.00");
        assert_eq!(number_format("8,760,000.00"), "#,##0.00");
        assert_eq!(number_format("150"), "0");
        assert_eq!(number_format("(12.5)"), "0.0;(0.0)");
    }

    #[test]
    fn long_cells_are_cut_at_excels_limit_on_a_character_boundary() {
        let long = "预".repeat(40_000);
        assert_eq!(cell_text(&long).chars().count(), 32_767);
        assert_eq!(cell_text("876.00"), "876.00");
    }

    #[test]
    fn a1_names_columns_past_z() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }
}
