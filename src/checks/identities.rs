//! The identities themselves: column totals, row totals, the two-sided summaries, and
//! the agreements between tables.

use super::{sum_check, tag, unit_factor, Term};
use crate::contract::TableKind;
use crate::model::{Check, Record, RowType, Table};
use crate::records::columns::{is_of_which_label, is_total_label};
use crate::records::{is_total, Amount};
use crate::vocabulary::labels::{
    is_of_which_line, level1_ordinal, LEVEL1, LEVEL2, LEVEL3, LEVEL4, SUBTOTAL, THREE_PUBLIC,
    THREE_PUBLIC_PARTS,
};

/// Evaluates every identity the document's tables allow, in a stable order.
pub fn run_checks(tables: &[Table], doc_unit: Option<&str>) -> Vec<Check> {
    let mut out = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let first = out.len();
        match t.kind {
            TableKind::DepartmentPerformanceTargets => {}
            TableKind::IncomeExpenditureSummary | TableKind::AppropriationSummary => {
                column_totals(t, doc_unit, &mut out);
                two_sided(t, doc_unit, &mut out);
            }
            _ => {
                column_totals(t, doc_unit, &mut out);
                if t.kind != TableKind::ProjectPerformanceTargets {
                    // Blocks going on under one top label are one list with one 合计.
                    let group = block_group_of(t);
                    let mut blocks: Vec<Option<usize>> =
                        t.records.iter().map(|r| group(r.block)).collect();
                    blocks.sort();
                    blocks.dedup();
                    for b in blocks {
                        let records: Vec<&Record> =
                            t.records.iter().filter(|r| group(r.block) == b).collect();
                        row_totals(t, &records, b, doc_unit, &mut out);
                    }
                }
            }
        }
        for c in &mut out[first..] {
            c.table_index = Some(i);
        }
    }
    cross_table(tables, doc_unit, &mut out);
    out
}

/// The first block of the group a record's block belongs to (see
/// [`crate::records::block_groups`]); the block itself when the table has no groups.
fn block_group_of(t: &Table) -> impl Fn(Option<usize>) -> Option<usize> {
    let width = t.spec.iter().filter(|s| s.block == Some(0)).count();
    let groups = if width > 0 && t.columns.len().is_multiple_of(width) {
        crate::records::block_groups(&t.columns, width)
    } else {
        Vec::new()
    };
    move |b: Option<usize>| b.map(|b| groups.get(b).copied().unwrap_or(b))
}

fn factor(t: &Table, doc_unit: Option<&str>) -> rust_decimal::Decimal {
    unit_factor(t.unit.as_deref().or(doc_unit))
}

fn term<'a>(t: &Table, doc_unit: Option<&str>, rec: &'a Record, key: &str) -> Term<'a> {
    Term { label: key.to_string(), amount: rec.amount(key), unit_factor: factor(t, doc_unit) }
}

/// `total = Σ parts` for every 合计/小计 column, per record: the header tree says which
/// columns a total covers (its siblings, less 其中 columns; a sibling group counts by its own
/// total, or by its leaves when it has none).
fn column_totals(t: &Table, doc_unit: Option<&str>, out: &mut Vec<Check>) {
    // Side-by-side blocks have no column totals across them: the first block stands for all.
    let paths: Vec<Column> = t
        .amount_columns()
        .into_iter()
        .filter(|&c| t.spec[c].block.unwrap_or(0) == 0)
        .filter_map(|c| Some(Column { path: &t.columns[c], key: t.spec[c].key.as_deref()? }))
        .collect();
    let mut identities: Vec<(String, Vec<String>)> = Vec::new();
    collect_identities(&paths, 0, &mut identities);
    for rec in &t.records {
        for (total, parts) in &identities {
            let parts: Vec<Term> = parts.iter().map(|k| term(t, doc_unit, rec, k)).collect();
            let total = term(t, doc_unit, rec, total);
            let rule = format!("{}.row_sum.{}", tag(t), total.label);
            let label = rec.name.clone().or_else(|| rec.code.clone()).unwrap_or_default();
            if let Some(mut c) = sum_check(rule, t.number, Some(rec.row), total, &parts) {
                if !label.is_empty() {
                    c.detail = format!("row {} {}: {}", rec.row, label, c.detail);
                } else {
                    c.detail = format!("row {}: {}", rec.row, c.detail);
                }
                out.push(c);
            }
        }
    }
}

/// An amount column as the column totals see it: its header path and its records' key.
#[derive(Clone, Copy)]
struct Column<'a> {
    path: &'a [String],
    key: &'a str,
}

impl Column<'_> {
    fn len(&self) -> usize {
        self.path.len()
    }
}

/// Walks the header tree of amount columns at `depth`, adding (total key, part keys).
fn collect_identities(paths: &[Column], depth: usize, out: &mut Vec<(String, Vec<String>)>) {
    let groups = group_by_label(paths, depth);
    let total = groups.iter().find(|(label, members)| {
        is_total_label(label) && members.iter().all(|p| p.len() == depth + 1)
    });
    if let Some((_, members)) = total {
        let total_key = members[0].key.to_string();
        let parts: Vec<String> = addends(&groups)
            .into_iter()
            .flat_map(|(_, members)| representatives(members, depth + 1))
            .collect();
        if !parts.is_empty() {
            out.push((total_key, parts));
        }
    }
    for (_, members) in &groups {
        if members.iter().any(|p| p.len() > depth + 1) {
            collect_identities(members, depth + 1, out);
        }
    }
}

/// The groups a total column sums: its siblings less totals and 其中 columns. A 其中 label
/// printed right after the total and followed by more parts opens the list of parts rather
/// than naming a part of a sibling: 小计 | 其中：基本支出 | 项目支出 (renwu_100 表5) is
/// 小计 = 基本支出 + 项目支出.
fn addends<'g, 'a>(groups: &'g [(String, Vec<Column<'a>>)]) -> Vec<&'g (String, Vec<Column<'a>>)> {
    let opens_list = groups.windows(3).any(|w| {
        is_total_label(&w[0].0)
            && is_of_which_label(&w[1].0)
            && !is_total_label(&w[2].0)
            && !is_of_which_label(&w[2].0)
    });
    // “三公”经费合计 totals the three 三公 columns, not 会议费 and 培训费 printed beside them
    // (renwu_134, renwu_248 公开09表).
    let three_public = groups.iter().any(|(l, _)| is_total_label(l) && l.contains(THREE_PUBLIC));
    let mut out = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let (label, _) = g;
        if is_total_label(label) {
            continue;
        }
        if three_public && !THREE_PUBLIC_PARTS.iter().any(|p| label.contains(p)) {
            continue;
        }
        let opening = opens_list && i > 0 && is_total_label(&groups[i - 1].0);
        if is_of_which_label(label) && !opening {
            continue;
        }
        out.push(g);
    }
    out
}

/// Columns grouped by their label at `depth`, in printed order.
fn group_by_label<'a>(paths: &[Column<'a>], depth: usize) -> Vec<(String, Vec<Column<'a>>)> {
    let mut groups: Vec<(String, Vec<Column>)> = Vec::new();
    for p in paths {
        let Some(label) = p.path.get(depth) else { continue };
        match groups.last_mut() {
            Some((l, members)) if l == label => members.push(*p),
            _ => groups.push((label.clone(), vec![*p])),
        }
    }
    groups
}

/// The keys that stand for a group's value: its total column, else its parts' values.
fn representatives(members: &[Column], depth: usize) -> Vec<String> {
    if members.len() == 1 && members[0].len() == depth {
        return vec![members[0].key.to_string()];
    }
    let groups = group_by_label(members, depth);
    if let Some((_, m)) =
        groups.iter().find(|(l, m)| is_total_label(l) && m.iter().all(|p| p.len() == depth + 1))
    {
        return vec![m[0].key.to_string()];
    }
    groups
        .iter()
        .filter(|(l, _)| !is_of_which_label(l))
        .flat_map(|(_, m)| representatives(m, depth + 1))
        .collect()
}

/// The 合计 row equals the rows it totals: its units when there are unit rows, else the
/// top-level classification lines (those no other line in the table is a parent of, and
/// at the shallowest indentation when the table shows its hierarchy so).
fn row_totals(
    t: &Table,
    records: &[&Record],
    block: Option<usize>,
    doc_unit: Option<&str>,
    out: &mut Vec<Check>,
) {
    let Some(total) = records
        .iter()
        .copied()
        .find(|r| r.row_type == RowType::Total)
        .or_else(|| heading_line(records))
    else {
        return;
    };
    let records: Vec<&Record> = records.iter().copied().filter(|r| r.row != total.row).collect();
    let records = records.as_slice();
    let of_type = |ty: RowType| -> Vec<&Record> {
        records.iter().copied().filter(|r| r.row_type == ty).collect()
    };
    let orgs = top_level(of_type(RowType::Org), |r| r.field("org_code"));
    let items = top_level(of_type(RowType::Item), |r| r.code.as_deref());
    // A department's own line repeating the total above its units is not an addend.
    let repeats_total = |r: &Record| r.amounts.iter().all(|(k, a)| total.amount(k) == a.as_ref());
    let top_items: Vec<&Record> = match items.split_first() {
        Some((first, rest)) if first.code.is_none() && !rest.is_empty() && repeats_total(first) => {
            rest.to_vec()
        }
        _ => items,
    };
    let top_items = procurement_categories(outermost_numbered(outermost_indent(top_items)));
    // Without codes, 小计 lines ("一般公共预算资金 小计") stand for the lines of their group.
    let subtotals: Vec<&Record> = records
        .iter()
        .copied()
        .filter(|r| r.row_type == RowType::Total && r.row != total.row)
        .filter(|r| group_of(r).is_some())
        .collect();
    let top_items: Vec<&Record> = if subtotals.is_empty()
        || top_items.iter().any(|r| r.code.is_some())
    {
        top_items
    } else {
        let in_group = |r: &Record| {
            subtotals.iter().any(|s| {
                group_of(s).is_some_and(|g| r.name.as_deref().is_some_and(|n| n.starts_with(g)))
            })
        };
        subtotals.iter().copied().chain(top_items.into_iter().filter(|r| !in_group(r))).collect()
    };
    let keys: Vec<&String> = total.amounts.iter().map(|(k, _)| k).collect();
    let mut groups: Vec<(&str, &[&Record])> = Vec::new();
    if orgs.len() > 1 {
        groups.push(("units", &orgs));
    }
    if !top_items.is_empty() && orgs.len() <= 1 {
        groups.push(("items", &top_items));
    }
    for (what, parts) in groups {
        for key in &keys {
            let parts: Vec<Term> = parts
                .iter()
                .map(|r| Term {
                    label: r.name.clone().or_else(|| r.code.clone()).unwrap_or_default(),
                    amount: r.amount(key),
                    unit_factor: factor(t, doc_unit),
                })
                .collect();
            let mut total_term = term(t, doc_unit, total, key);
            total_term.label = format!("{key} 合计");
            let rule = format!("{}.column_sum{}.{}.{}", tag(t), block_tag(block), what, key);
            if let Some(c) = sum_check(rule, t.number, Some(total.row), total_term, &parts) {
                out.push(c);
            }
        }
    }
}

/// A table printed without a 合计 line whose first line is the only one at the outermost
/// indentation, every other line indented under it (renwu_065 表4: 深圳市司法局（本级） over
/// its 类 and 款): that line totals the table.
fn heading_line<'a>(records: &[&'a Record]) -> Option<&'a Record> {
    let (first, rest) = records.split_first()?;
    let top = first.level("level")?;
    let under = !rest.is_empty()
        && rest
            .iter()
            .all(|r| r.row_type != RowType::Total && r.level("level").is_some_and(|l| l > top));
    under.then_some(*first)
}

/// ".block1" for the second side-by-side block; "" otherwise.
fn block_tag(block: Option<usize>) -> String {
    match block {
        Some(b) if b > 0 => format!(".block{b}"),
        _ => String::new(),
    }
}

/// The group a 小计 line totals: its label before 小计 ("一般公共预算资金小计" → 一般公共预算资金).
fn group_of(r: &Record) -> Option<&str> {
    let g = r.name.as_deref()?.strip_suffix(SUBTOTAL)?;
    (!g.is_empty()).then_some(g)
}

/// The records no other record's code is a prefix of (201 over 20101 over 2010101); records
/// without a code are all top level.
fn top_level(records: Vec<&Record>, code: impl Fn(&Record) -> Option<&str>) -> Vec<&Record> {
    let codes: Vec<&str> = records.iter().filter_map(|r| code(r)).collect();
    records
        .iter()
        .copied()
        .filter(|r| match code(r) {
            None => true,
            Some(c) => !codes.iter().any(|p| p.len() < c.len() && c.starts_with(p)),
        })
        .collect()
}

/// The records at the shallowest indentation the table shows (类 over 款 over 项 printed as
/// names alone, renwu_123 表3); records without a level stay.
fn outermost_indent(records: Vec<&Record>) -> Vec<&Record> {
    let Some(shallowest) = records.iter().filter_map(|r| r.level("level")).min() else {
        return records;
    };
    records.into_iter().filter(|r| r.level("level").is_none_or(|l| l <= shallowest)).collect()
}

/// In a 政府采购 table the 货物, 服务 and 工程 lines total the units and purchases printed
/// under them (jsob_006 一、货物A; renwu_134 货物 over 无锡市应急管理局（本级） over its
/// purchases): where such lines are printed, they are the top level.
fn procurement_categories(records: Vec<&Record>) -> Vec<&Record> {
    let is_category = |r: &&Record| r.name.as_deref().is_some_and(is_procurement_category);
    if records.iter().any(is_category) {
        records.into_iter().filter(is_category).collect()
    } else {
        records
    }
}

/// 货物, 服务, 工程 as 政府采购 tables print them: "货物", "一、货物A", "A-货物", "C－服务".
fn is_procurement_category(label: &str) -> bool {
    let bare = LEVEL1.replace(label, "");
    let bare = bare.trim_start_matches(|c: char| c.is_ascii_uppercase() || "-－—、.".contains(c));
    let bare = bare.trim_end_matches(|c: char| c.is_ascii_uppercase());
    matches!(bare, "货物" | "服务" | "工程" | "货物类" | "服务类" | "工程类")
}

/// Where every line is numbered (or a 其中 line), the lines of the outermost numbering used:
/// 1、因公出国（境）费用, 2、公务接待费, 3、公务用车购置及运行费 over 其中：（1）公务用车购置费,
/// （2）公务用车运行费 (renwu_142/143/254 三公 tables). Lines printed unnumbered leave the set
/// as it is.
fn outermost_numbered(records: Vec<&Record>) -> Vec<&Record> {
    let ranks: Vec<Option<u8>> =
        records.iter().map(|r| numbering_rank(r.name.as_deref().unwrap_or(""))).collect();
    if records.len() < 2 || ranks.contains(&Some(0)) {
        return records;
    }
    let Some(outer) = ranks.iter().flatten().min().copied() else {
        return records;
    };
    records.into_iter().zip(ranks).filter(|(_, k)| *k == Some(outer)).map(|(r, _)| r).collect()
}

/// The rank of a line's numbering, outermost first: 一、 1, （一） 2, 1、 3, （1） 4;
/// 0 unnumbered, None for a 其中 line (a part of the line above, never an addend).
fn numbering_rank(label: &str) -> Option<u8> {
    if is_of_which_line(label) {
        return None;
    }
    Some(match level(label) {
        Some(0) if LEVEL4.is_match(label) => 4,
        Some(n) => n,
        None => return None,
    })
}

/// Numbering level of a summary line: 1 for 一、, 2 for （一）, 3 for 1., 0 unnumbered,
/// None for 其中.
fn level(label: &str) -> Option<u8> {
    if is_of_which_line(label) {
        None
    } else if LEVEL1.is_match(label) {
        Some(1)
    } else if LEVEL2.is_match(label) {
        Some(2)
    } else if LEVEL3.is_match(label) {
        Some(3)
    } else {
        Some(0)
    }
}

/// One side (收入 or 支出) of a two-sided summary table, row by row.
struct Side<'a> {
    name: &'static str,
    lines: Vec<Line<'a>>,
}

/// One line of a side: its row, label, figure, and indentation level when the table shows
/// its hierarchy by indentation alone (renwu_123 表1: 类, 款, 项 one character apart).
struct Line<'a> {
    row: usize,
    label: String,
    amount: Option<&'a Amount>,
    indent: Option<u8>,
}

impl Line<'_> {
    fn term(&self, f: rust_decimal::Decimal) -> Term<'_> {
        Term { label: self.label.clone(), amount: self.amount, unit_factor: f }
    }
}

/// The two sides of tables 1 and 4: each total equals its items; 总计 = 合计 + 结转;
/// 收入总计 = 支出总计; a numbered line equals its sub-lines.
fn two_sided(t: &Table, doc_unit: Option<&str>, out: &mut Vec<Check>) {
    let sides = sides(t);
    let f = factor(t, doc_unit);
    let mut finals = Vec::new();
    for side in &sides {
        let mut pending: Vec<&Line> = Vec::new();
        let mut last_total: Option<&Line> = None;
        for (i, line) in side.lines.iter().enumerate() {
            if is_total(&line.label) {
                let mut parts: Vec<Term> = Vec::new();
                if let Some(prev) = last_total {
                    parts.push(prev.term(f));
                }
                // Some tables print 合计 first, above the lines it totals; a numbered one
                // (一、本年支出合计) totals them up to its sibling (二、年终结转结余).
                let numbered = matches!(level(&line.label), Some(n) if n > 0);
                let sibling = |l: &Line| numbered && level(&l.label) == level(&line.label);
                let summed: Vec<&Line> = if pending.is_empty() && last_total.is_none() {
                    side.lines[i + 1..]
                        .iter()
                        .take_while(|l| !is_total(&l.label) && !sibling(l))
                        .collect()
                } else {
                    pending.clone()
                };
                let (addends, nested) = fold_restarted(outermost(&summed));
                parts.extend(addends.into_iter().map(|l| l.term(f)));
                for (parent, children) in nested {
                    let rule = format!("{}.{}_line_equals_sublines", tag(t), side.name);
                    let children: Vec<Term> = children.iter().map(|l| l.term(f)).collect();
                    out.extend(sum_check(
                        rule,
                        t.number,
                        Some(parent.row),
                        parent.term(f),
                        &children,
                    ));
                }
                let what = if last_total.is_some() { "grand_total" } else { "total" };
                let rule = format!("{}.{}_{}_equals_items", tag(t), side.name, what);
                out.extend(sum_check(rule, t.number, Some(line.row), line.term(f), &parts));
                last_total = Some(line);
                pending.clear();
            } else {
                pending.push(line);
            }
        }
        // A numbered line with sub-lines equals their sum (一、本年收入 = （一）+（二）+…).
        for (i, line) in side.lines.iter().enumerate() {
            if level(&line.label) != Some(1) {
                continue;
            }
            let subs: Vec<Term> = side.lines[i + 1..]
                .iter()
                .take_while(|l| level(&l.label) != Some(1) && !is_total(&l.label))
                .filter(|l| level(&l.label) == Some(2))
                .map(|l| l.term(f))
                .collect();
            if subs.is_empty() {
                continue;
            }
            let rule = format!("{}.{}_line_equals_sublines", tag(t), side.name);
            out.extend(sum_check(rule, t.number, Some(line.row), line.term(f), &subs));
        }
        if let Some(last) = last_total {
            finals.push(last);
        }
    }
    if let [income, expenditure] = finals[..] {
        let rule = format!("{}.income_total_equals_expenditure_total", tag(t));
        out.extend(sum_check(
            rule,
            t.number,
            Some(income.row),
            income.term(f),
            &[expenditure.term(f)],
        ));
    }
}

/// A 一、 line and the lines under it whose numbering starts again at 一、.
type Nested<'b, 'a> = (&'b Line<'a>, Vec<&'b Line<'a>>);

/// Takes out of `addends` (the lines a total sums, in order) a run numbered again from 一、
/// right after a 一、-numbered line whose figure is their sum: renwu_197 表4 prints 一、本年支出
/// above its own 一、…四、 lines, then 二、结转下年支出. The run is the longest one numbered
/// 一、二、三… whose sum matches, within rounding; when none does, nothing is taken out.
fn fold_restarted<'a, 'b>(addends: Vec<&'b Line<'a>>) -> (Vec<&'b Line<'a>>, Vec<Nested<'b, 'a>>) {
    let ordinals: Vec<Option<u32>> = addends.iter().map(|l| level1_ordinal(&l.label)).collect();
    let mut kept: Vec<&'b Line<'a>> = Vec::new();
    let mut nested = Vec::new();
    let mut i = 0;
    while let Some(&line) = addends.get(i) {
        let parent = kept.last().copied().filter(|p| {
            ordinals[i] == Some(1) && p.amount.is_some() && level1_ordinal(&p.label).is_some()
        });
        let run =
            (i..addends.len()).take_while(|&k| ordinals[k] == Some((k - i + 1) as u32)).count();
        let matched = parent.and_then(|p| {
            (1..=run).rev().find(|&n| sums_to(p, &addends[i..i + n])).map(|n| (p, n))
        });
        if let Some((p, n)) = matched {
            nested.push((p, addends[i..i + n].to_vec()));
            i += n;
        } else {
            kept.push(line);
            i += 1;
        }
    }
    (kept, nested)
}

/// `parts` add up to `total`'s figure within the rounding of the figures printed.
fn sums_to(total: &Line, parts: &[&Line]) -> bool {
    let Some(total) = total.amount else { return false };
    let values: Option<Vec<&Amount>> = parts.iter().map(|l| l.amount).collect();
    let Some(values) = values else { return false };
    let sum =
        values.iter().try_fold(rust_decimal::Decimal::ZERO, |acc, a| acc.checked_add(a.value));
    let scale = values.iter().map(|a| a.scale()).chain([total.scale()]).max().unwrap_or(2);
    let tolerance = rust_decimal::Decimal::new(1, scale) * rust_decimal::Decimal::from(parts.len());
    sum.and_then(|s| total.value.checked_sub(s)).is_some_and(|d| d.abs() <= tolerance)
}

/// The lines a total sums: the 一、 lines when there are any, else the unnumbered lines
/// (上年结转结余 between 本年收入合计 and 收入总计), else the outermost numbering used.
/// Unnumbered lines under a 一、 line are its parts, and 其中 lines never are addends.
/// Where the table indents its hierarchy, lines indented deeper than the shallowest are
/// parts too (unnumbered 款 and 项 under their 类).
fn outermost<'a, 'b>(pending: &[&'b Line<'a>]) -> Vec<&'b Line<'a>> {
    let shallowest = pending.iter().filter_map(|l| l.indent).min();
    let outer: Vec<bool> =
        pending.iter().map(|l| l.indent.zip(shallowest).is_none_or(|(i, s)| i <= s)).collect();
    let levels: Vec<Option<u8>> = pending.iter().map(|l| level(&l.label)).collect();
    let candidates: Vec<Option<u8>> =
        levels.iter().zip(&outer).filter(|(_, o)| **o).map(|(l, _)| *l).collect();
    let pick = if candidates.contains(&Some(1)) {
        Some(1)
    } else if candidates.contains(&Some(0)) {
        Some(0)
    } else {
        candidates.iter().flatten().min().copied()
    };
    let Some(pick) = pick else { return Vec::new() };
    let picked = |k: usize| levels[k] == Some(pick) && outer[k];
    let mut out = Vec::new();
    for (i, line) in pending.iter().enumerate() {
        if !picked(i) {
            continue;
        }
        // A heading line printed blank ("一、部门预算") stands for its sub-lines.
        let subs: Vec<&'b Line<'a>> =
            (i + 1..pending.len()).take_while(|&k| !picked(k)).map(|k| pending[k]).collect();
        if line.amount.is_none() && pick > 0 && subs.iter().any(|s| s.amount.is_some()) {
            out.extend(outermost(&subs));
        } else {
            out.push(*line);
        }
    }
    out
}

fn sides(t: &Table) -> Vec<Side<'_>> {
    let mut out = Vec::new();
    for (name, field, prefix, level_key) in [
        ("income", "income_item", "income", "income_level"),
        ("expenditure", "expenditure_item", "expenditure", "expenditure_level"),
    ] {
        let mut lines = Vec::new();
        for rec in &t.records {
            let Some(label) = rec.field(field) else {
                continue;
            };
            let amount = rec
                .amounts
                .iter()
                .find(|(k, _)| k.starts_with(prefix))
                .and_then(|(_, a)| a.as_ref());
            lines.push(Line {
                row: rec.row,
                label: label.to_string(),
                amount,
                indent: rec.level(level_key),
            });
        }
        out.push(Side { name, lines });
    }
    out
}

type Figure<'a> = (&'a Table, Option<&'a Amount>, String);

/// The label and figure of a side's last total line (its 总计) in table 1 or 4.
pub(super) fn grand_total<'a>(t: &'a Table, side: &str) -> Option<(String, Option<&'a Amount>)> {
    side_total(t, side, false).map(|(_, amount, label)| (label, amount))
}

/// The first (本年…合计) or last (…总计) total line of one side of a summary table.
fn side_total<'a>(t: &'a Table, side: &str, first: bool) -> Option<Figure<'a>> {
    let s = sides(t).into_iter().find(|s| s.name == side)?;
    let mut totals = s.lines.into_iter().filter(|l| is_total(&l.label));
    let line = if first { totals.next() } else { totals.next_back() }?;
    Some((t, line.amount, line.label))
}

/// True when the table's `total` column is this year's only (本年收入合计).
fn current_only(t: &Table) -> bool {
    t.spec
        .iter()
        .zip(&t.columns)
        .find(|(s, _)| s.measure.as_deref() == Some("total"))
        .is_some_and(|(_, p)| p.iter().any(|l| l.starts_with("本年")))
}

/// A figure of the table's 合计 row, from the first amount column `key` accepts; none for a
/// table printing side-by-side blocks, whose 合计 row holds one block's total each.
fn total_row_figure<'a>(t: &'a Table, key: &dyn Fn(&str) -> bool) -> Option<Figure<'a>> {
    if t.records.iter().any(|r| r.block.is_some()) {
        return None;
    }
    let r = t.records.iter().find(|r| r.row_type == RowType::Total)?;
    let (k, a) = r.amounts.iter().find(|(k, _)| key(k))?;
    Some((t, a.as_ref(), format!("合计 {k}")))
}

/// Totals that must agree between tables.
fn cross_table(tables: &[Table], doc_unit: Option<&str>, out: &mut Vec<Check>) {
    let find = |k: TableKind| tables.iter().find(|t| t.kind == k);
    let t1 = find(TableKind::IncomeExpenditureSummary);
    let t2 = find(TableKind::IncomeSummary);
    let t3 = find(TableKind::ExpenditureSummary);
    let t4 = find(TableKind::AppropriationSummary);
    let t5 = find(TableKind::GeneralBudgetExpenditure);
    let t6 = find(TableKind::GeneralBudgetBasicExpenditure);
    let t9 = find(TableKind::GovernmentFundExpenditure);
    let t10 = find(TableKind::ProjectExpenditure);
    let is = |want: &'static [&'static str]| move |k: &str| want.contains(&k);

    let mut pairs: Vec<(&str, Option<Figure>, Option<Figure>)> = Vec::new();
    if let (Some(a), Some(b)) = (t1, t2) {
        pairs.push((
            "x.t01_income_total_equals_t02_total",
            // A table 2 printing this year's income alone (本年收入合计, gbc_007) totals
            // table 1's 本年收入合计, not its 总计 with the carry-over.
            side_total(a, "income", current_only(b)),
            total_row_figure(b, &is(&["total"])),
        ));
    }
    if let (Some(a), Some(b)) = (t1, t3) {
        pairs.push((
            "x.t01_expenditure_total_equals_t03_total",
            side_total(a, "expenditure", true),
            total_row_figure(b, &is(&["total"])),
        ));
    }
    if let (Some(a), Some(b)) = (t3, t10) {
        pairs.push((
            "x.t03_project_equals_t10_total",
            total_row_figure(a, &is(&["project"])),
            total_row_figure(b, &is(&["total"])),
        ));
    }
    if let (Some(a), Some(b)) = (t5, t6) {
        pairs.push((
            "x.t05_basic_equals_t06_total",
            total_row_figure(a, &is(&["basic"])),
            total_row_figure(b, &is(&["total"])),
        ));
    }
    if let (Some(a), Some(b)) = (t4, t5) {
        pairs.push((
            "x.t04_general_budget_equals_t05_total",
            total_row_figure(a, &is(&["expenditure.general_budget"])),
            total_row_figure(b, &is(&["total"])),
        ));
    }
    if let (Some(a), Some(b)) = (t4, t9) {
        pairs.push((
            "x.t04_government_fund_equals_t09_total",
            total_row_figure(a, &is(&["expenditure.government_fund"])),
            total_row_figure(b, &is(&["total"])),
        ));
    }
    if let (Some(a), Some(b)) = (t1, t4) {
        if all_income_is_appropriation(a, b) {
            pairs.push((
                "x.t01_income_total_equals_t04_income_total",
                side_total(a, "income", false),
                side_total(b, "income", false),
            ));
        }
    }
    for (rule, left, right) in pairs {
        let (Some((lt, la, ll)), Some((rt, ra, rl))) = (left, right) else {
            continue;
        };
        let total = Term {
            label: format!("{} {}", tag(lt), ll),
            amount: la,
            unit_factor: factor(lt, doc_unit),
        };
        let part = Term {
            label: format!("{} {}", tag(rt), rl),
            amount: ra,
            unit_factor: factor(rt, doc_unit),
        };
        out.extend(sum_check(rule.to_string(), lt.number, None, total, &[part]));
    }
}

/// Table 1 = table 4 only when every income is 财政拨款 (no 事业收入, 其他收入 …). A heading
/// (一、部门预算 over 1、财政拨款, renwu_161) is judged by the lines under it. A carry-over
/// that does not say whose it is (上年结转结余) is 财政拨款 only when table 4 carries it
/// too: a unit's own funds carried over are in table 1 alone (renwu_143).
fn all_income_is_appropriation(t1: &Table, t4: &Table) -> bool {
    fn income(t: &Table) -> Option<Side<'_>> {
        sides(t).into_iter().find(|s| s.name == "income")
    }
    let Some(side) = income(t1) else {
        return false;
    };
    const FUNDS: [&str; 4] = ["一般公共预算", "政府性基金", "国有资本经营", "财政拨款"];
    let carried_in_t4: Vec<rust_decimal::Decimal> = income(t4)
        .map(|s| {
            s.lines
                .iter()
                .filter(|l| l.label.contains("结转"))
                .filter_map(|l| l.amount.map(|a| a.value))
                .collect()
        })
        .unwrap_or_default();
    let lines = &side.lines;
    (0..lines.len()).all(|i| {
        let Line { label, amount, .. } = &lines[i];
        let appropriation = if FUNDS.iter().any(|k| label.contains(k)) {
            true
        } else if label.contains("上年结转") {
            amount.is_some_and(|a| carried_in_t4.contains(&a.value))
        } else {
            false
        };
        let heading = lines.get(i + 1).is_some_and(|next| is_heading(&lines[i], next));
        is_total(label) || appropriation || heading || amount.is_none_or(|a| a.value.is_zero())
    })
}

/// True when `next` is the first sub-line of `line`: numbered one level deeper (一、 over
/// （一） or 1、), or indented deeper.
fn is_heading(line: &Line, next: &Line) -> bool {
    let numbered = matches!(
        (level(&line.label), level(&next.label)),
        (Some(a), Some(b)) if a > 0 && b > a
    );
    let indented = matches!((line.indent, next.indent), (Some(a), Some(b)) if b > a);
    numbered || indented
}
