//! Tables → typed records: joined classification codes, names, exact amounts.
//!
//! In: a [`Table`] with its header paths and body rows. Out: one [`Record`] per body row
//! that carries anything (kind 12: one per project, its indicator rows folded in). Column
//! roles come from the header labels (see [`columns`]), so one reader serves every
//! province's layout of a kind. Where the layout says how far each label is indented, a
//! hierarchy printed only so gets its levels (`levels`).

pub mod columns;
mod forms;
mod levels;
pub mod measures;

use std::collections::{BTreeMap, HashMap, HashSet};

use columns::{role, Role};

use crate::contract::Indent;
use crate::contract::TableKind;
pub use crate::contract::{is_dash, Amount};
use crate::model::{ColumnRole, ColumnSpec, Indicator, Record, RowType, Table, Warning};

/// Decides what each column of `table` holds (its `spec`) and reads its typed records from
/// that decision. The table's `indents` (rows indexing `rows`) say where cell text starts
/// inside its cell; empty when the input does not show it.
pub fn read(table: &mut Table, warnings: &mut Vec<Warning>) {
    table.spec = column_spec(table);
    warn_unmapped(table, warnings);
    table.records = read_records(table, warnings);
}

/// One warning per table naming the header paths of its amount columns that map to no
/// measure of `schema/measures.tsv` (their figures have measure `other`).
fn warn_unmapped(table: &Table, warnings: &mut Vec<Warning>) {
    let paths: Vec<String> = table
        .spec
        .iter()
        .zip(&table.columns)
        .filter(|(s, _)| s.measure.as_deref() == Some(measures::OTHER))
        .map(|(_, p)| format!("{:?}", p.join("/")))
        .collect();
    if !paths.is_empty() {
        let more = paths.len().saturating_sub(10);
        let mut paths: Vec<String> = paths.into_iter().take(10).collect();
        if more > 0 {
            paths.push(format!("and {more} more"));
        }
        warnings.push(Warning::new(
            "measure_unmapped",
            format!(
                "table {:?} ({}): column(s) {} map to no measure of schema/measures.tsv; their \
                 figures have measure \"other\"",
                table.title,
                table.kind.as_str(),
                paths.join(", ")
            ),
        ));
    }
}

fn read_records(table: &Table, warnings: &mut Vec<Warning>) -> Vec<Record> {
    match table.kind {
        TableKind::DepartmentPerformanceTargets => department_targets(table),
        TableKind::ProjectPerformanceTargets | TableKind::ProjectPerformanceEvaluation
            if forms::is_project_form(table) =>
        {
            forms::project_forms(table)
        }
        TableKind::ProjectPerformanceTargets => project_targets(table),
        _ => match block_width(table) {
            Some(width) => blocks(table, width, warnings),
            None => ledger(table, warnings),
        },
    }
}

/// Each column's role, amount key, measure, period, block and level field: the one place a
/// header path is given a meaning. Built from the same [`Layout`] the readers below use, so
/// a record's `amounts` are exactly the spec's amount columns of its block, in order.
fn column_spec(table: &Table) -> Vec<ColumnSpec> {
    let n = table.columns.len();
    let text = |level_field| ColumnSpec {
        role: ColumnRole::Text,
        key: None,
        measure: None,
        period: None,
        block: None,
        level_field,
    };
    let form = match table.kind {
        TableKind::DepartmentPerformanceTargets => true,
        TableKind::ProjectPerformanceTargets => reads_as_forms(table, &Layout::of(table)),
        _ => false,
    };
    if form {
        // A form's figures are read off its label rows, not from columns.
        return vec![text(Some("level")); n];
    }
    let width = block_width(table);
    let parts: Vec<(usize, Layout)> = match width {
        Some(w) => (0..n / w).map(|b| (b * w, Layout::of(&block_part(table, b, w)))).collect(),
        None => vec![(0, Layout::of(table))],
    };
    let level_fields = level_fields(table);
    let mut spec = Vec::with_capacity(n);
    for (start, layout) in parts {
        for (j, (role, key)) in layout.roles.iter().zip(&layout.keys).enumerate() {
            let c = start + j;
            let amount = *role == Role::Amount;
            spec.push(ColumnSpec {
                role: column_role(*role),
                key: amount.then(|| key.clone()),
                measure: layout.measures[j].clone(),
                period: layout.periods[j],
                block: width.map(|w| c / w),
                level_field: match width {
                    Some(_) => Some("level"),
                    None => level_fields.get(c).copied().flatten(),
                },
            });
        }
    }
    spec
}

/// The contract's coarse role of a reader's column role.
fn column_role(role: Role) -> ColumnRole {
    match role {
        Role::Amount => ColumnRole::Amount,
        Role::Code { .. } | Role::OrgCode => ColumnRole::Code,
        Role::Name { .. } | Role::SideItem { .. } | Role::CodeName { .. } => ColumnRole::Label,
        Role::ProjectType
        | Role::ProjectOrg
        | Role::Indicator { .. }
        | Role::Serial
        | Role::Text => ColumnRole::Text,
    }
}

/// Block `b` of a table printing `width`-column blocks side by side, as a table of its own.
fn block_part(table: &Table, b: usize, width: usize) -> Table {
    let cols = b * width..(b + 1) * width;
    Table {
        columns: table.columns[cols.clone()].to_vec(),
        rows: table.rows.iter().map(|r| r[cols.clone()].to_vec()).collect(),
        records: Vec::new(),
        spec: Vec::new(),
        indents: table
            .indents
            .iter()
            .filter(|i| cols.contains(&i.col))
            .map(|i| Indent { col: i.col - cols.start, ..*i })
            .collect(),
        ..table.clone()
    }
}

/// The width in columns of each side-by-side block when the table's records are read per
/// block (their `block` is set): column `c` belongs to block `c / width`. `None` for
/// ordinary tables.
fn block_width(table: &Table) -> Option<usize> {
    match table.kind {
        TableKind::DepartmentPerformanceTargets | TableKind::ProjectPerformanceTargets => None,
        _ => side_by_side(table),
    }
}

/// The width of a column group printed repeatedly across the table (two classification
/// blocks side by side), when the header paths repeat and the group holds a code or name,
/// or when each group is headed by a label of its own (人员经费 over 科目编码 | 科目名称 |
/// 金额 beside 公用经费 over the same) and holds a code and a figure.
fn side_by_side(table: &Table) -> Option<usize> {
    let n = table.columns.len();
    (2..=n / 2).filter(|k| n.is_multiple_of(*k)).find(|&k| {
        let group = &table.columns[..k];
        let labelled =
            group.iter().any(|p| matches!(role(p), Role::Code { .. } | Role::Name { .. }));
        (labelled && table.columns.chunks(k).all(|c| c == group))
            || headed_blocks(&table.columns, k)
    })
}

/// True when the columns are `k`-column blocks, each under a top label of its own, whose
/// paths below that label repeat, with a code column and an amount column in each.
fn headed_blocks(columns: &[Vec<String>], k: usize) -> bool {
    fn below(block: &[Vec<String>]) -> Vec<&[String]> {
        block.iter().map(|p| p.get(1..).unwrap_or(&[])).collect()
    }
    let Some(first) = columns.chunks(k).next() else { return false };
    let mut tops: Vec<&String> = Vec::new();
    for block in columns.chunks(k) {
        let Some(top) = block[0].first() else { return false };
        let under_top = block.iter().all(|p| p.len() >= 2 && p[0] == *top);
        let coded = block.iter().any(|p| matches!(role(p), Role::Code { .. }));
        let figures = block.iter().any(|p| role(p) == Role::Amount);
        // A top label may go on over the next block (公用经费 over two triples when its
        // lines outnumber 人员经费's), never come back after another.
        let again = tops.contains(&top) && tops.last() != Some(&top);
        if !under_top || !coded || !figures || again || below(block) != below(first) {
            return false;
        }
        tops.push(top);
    }
    tops.dedup();
    tops.len() >= 2
}

/// Records of each side-by-side block, in row order then block order.
fn blocks(table: &Table, width: usize, warnings: &mut Vec<Warning>) -> Vec<Record> {
    let mut all: Vec<Record> = Vec::new();
    for b in 0..table.columns.len() / width {
        let part = block_part(table, b, width);
        let records = ledger(&part, warnings);
        all.extend(records.into_iter().map(|r| Record { block: Some(b), ..r }));
    }
    all.sort_by_key(|r| (r.row, r.block));
    join_continued_totals(table, width, all)
}

/// Which side-by-side blocks go on one another: `group[b]` is the first block of the run of
/// blocks under the same top label as `b` (renwu_249 表6: 人员经费 | 公用经费 | 公用经费),
/// where the blocks have top labels of their own.
pub(crate) fn block_groups(columns: &[Vec<String>], width: usize) -> Vec<usize> {
    let tops: Vec<Option<&String>> =
        columns.chunks(width).map(|block| block.first().and_then(|p| p.first())).collect();
    // Blocks printed with one and the same header (决算 表6's two classification blocks)
    // are each a list of its own.
    if tops.windows(2).all(|w| w[0] == w[1]) {
        return (0..tops.len()).collect();
    }
    let mut group = Vec::with_capacity(tops.len());
    for (b, top) in tops.iter().enumerate() {
        let same = b > 0 && top.is_some() && tops.get(b - 1) == Some(top);
        group.push(if same { group[b - 1] } else { b }); // ok: b - 1 < group.len()
    }
    group
}

/// A block group's 合计 printed as its label in one block and its figure in the next (a
/// nameless, codeless line on the same row): the figure joins the labelled total, which
/// stands for the whole group.
fn join_continued_totals(table: &Table, width: usize, mut all: Vec<Record>) -> Vec<Record> {
    let group = block_groups(&table.columns, width);
    let same_group = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) => a != b && group.get(a).is_some() && group.get(a) == group.get(b),
        _ => false,
    };
    let blank = |r: &Record| r.amounts.iter().all(|(_, a)| a.is_none());
    let mut dropped = vec![false; all.len()];
    for i in 0..all.len() {
        if all[i].row_type != RowType::Total || !blank(&all[i]) {
            continue;
        }
        let figure = (0..all.len()).find(|&j| {
            let r = &all[j];
            !dropped[j]
                && r.row == all[i].row
                && same_group(all[i].block, r.block)
                && r.name.is_none()
                && r.code.is_none()
                && !blank(r)
        });
        if let Some(j) = figure {
            let amounts = all[j].amounts.clone();
            all[i].amounts = amounts;
            dropped[j] = true;
        }
    }
    all.into_iter().zip(dropped).filter(|(_, d)| !d).map(|(r, _)| r).collect()
}

/// The columns of a table, each with its role and (for amounts) its measure, the period
/// its header names and its key in the records' `amounts` (the measure, numbered when it
/// repeats: `total`, `total_2`).
struct Layout {
    roles: Vec<Role>,
    keys: Vec<String>,
    measures: Vec<Option<String>>,
    periods: Vec<Option<&'static str>>,
}

impl Layout {
    fn of(table: &Table) -> Layout {
        let mut roles: Vec<Role> = table.columns.iter().map(|p| role(p)).collect();
        // A column is read as amounts only if what it prints mostly is amounts.
        for (c, r) in roles.iter_mut().enumerate() {
            if *r != Role::Amount {
                continue;
            }
            let printed: Vec<&str> = table
                .rows
                .iter()
                .filter_map(|row| row.get(c).map(String::as_str))
                .filter(|cell| !cell.is_empty() && !is_dash(cell))
                .collect();
            let numbers = printed.iter().filter(|cell| Amount::parse(cell).is_some()).count();
            if numbers * 2 < printed.len() {
                *r = Role::Text;
            }
        }
        name_the_leftmost_words(&mut roles);
        let latest_year = table.columns.iter().flatten().filter_map(|l| columns::year_of(l)).max();
        let periods: Vec<Option<&'static str>> = table
            .columns
            .iter()
            .zip(&roles)
            .map(|(p, r)| (*r == Role::Amount).then(|| columns::period(p, latest_year)).flatten())
            .collect();
        // One amount column of a period printed under qualifiers only (金额, 预算数, 2021年)
        // is the period's total.
        let mut bare_by_period: BTreeMap<Option<&str>, usize> = BTreeMap::new();
        for ((p, r), q) in table.columns.iter().zip(&roles).zip(&periods) {
            if *r == Role::Amount && measures::is_bare(p) {
                *bare_by_period.entry(*q).or_default() += 1;
            }
        }
        let bare = |period: Option<&str>| bare_by_period.get(&period).copied().unwrap_or(0);
        let measures: Vec<Option<String>> = table
            .columns
            .iter()
            .zip(&roles)
            .zip(&periods)
            .map(|((p, r), period)| {
                (*r == Role::Amount).then(|| {
                    measures::measure_of(table.kind, p, *period, bare(*period) <= 1)
                        .unwrap_or_else(|| measures::OTHER.to_string())
                })
            })
            .collect();
        // A measure names one figure per line: a column repeating one already taken (the
        // same period; 合计 and a 小计 that both read `total` in a header that lost a row)
        // is `other`, so a query for the measure finds one figure.
        // Tables 1 and 4 may print the expenditure side three times, by 功能, 部门经济 and
        // 政府经济 classification (jsob 公开01表): the label column before a repeated side
        // total says which.
        let mut measures = measures;
        let mut taken: HashSet<(String, Option<&str>)> = HashSet::new();
        let mut last_label: Option<usize> = None;
        for c in 0..measures.len() {
            let label_before = last_label;
            if roles[c] != Role::Amount {
                last_label = Some(c);
            }
            let Some(name) = measures[c].clone().filter(|n| n != measures::OTHER) else {
                continue;
            };
            if taken.insert((name.clone(), periods[c])) {
                continue;
            }
            let label = label_before.map(|k| table.columns[k].join("/"));
            let by = label.filter(|_| name.ends_with("_total")).and_then(|l| {
                let economic = l.contains("经济");
                match (economic, l.contains("政府")) {
                    (true, true) => Some("by_government_economic"),
                    (true, false) => Some("by_department_economic"),
                    _ => None,
                }
            });
            // A 小计 under 当年预算 beside the table's 合计 (Changchun: 合计 = 当年预算 + 上年结转
            // 结余) is this year's new budget.
            let current = (name == "total"
                && table.columns[c].first().is_some_and(|l| l == "当年预算" || l == "本年预算"))
            .then(|| "current_budget".to_string());
            let renamed = by.map(|b| format!("{name}.{b}")).or(current);
            measures[c] = match renamed {
                Some(r)
                    if measures::is_known(table.kind, &r)
                        && taken.insert((r.clone(), periods[c])) =>
                {
                    Some(r)
                }
                _ => Some(measures::OTHER.to_string()),
            };
        }
        let mut keys: Vec<String> = Vec::with_capacity(roles.len());
        // A set, and the next suffix per base: 10,000 columns with one key (a damaged
        // table) were cubic. Resuming at the last suffix gives the same keys, as every
        // lower one is already taken.
        let mut used: HashSet<String> = HashSet::new();
        let mut next: HashMap<String, usize> = HashMap::new();
        for m in &measures {
            let Some(base) = m.clone() else {
                keys.push(String::new());
                continue;
            };
            let mut key = base.clone();
            let n = next.entry(base.clone()).or_insert(2);
            while used.contains(&key) {
                key = format!("{base}_{n}");
                *n += 1;
            }
            used.insert(key.clone());
            keys.push(key);
        }
        Layout { roles, keys, measures, periods }
    }

    fn cells<'a>(&'a self, row: &'a [String], want: Role) -> impl Iterator<Item = &'a str> + 'a {
        self.roles.iter().zip(row).filter(move |(r, _)| **r == want).map(|(_, c)| c.as_str())
    }

    fn joined(&self, row: &[String], want: Role) -> Option<String> {
        let s: String = self.cells(row, want).collect();
        (!s.is_empty()).then_some(s)
    }
}

/// A table whose label column's header names no role we know (支出项目类别（资金使用单位）,
/// 部门预算支出经济科目, 项目: renwu_100 表6–8, 11, 12) still names its lines there: when no
/// column is a name, code or side label, the leftmost column of words printed before the
/// first amount column is the name. Without it each line is nameless and the first one is
/// taken for the 合计.
fn name_the_leftmost_words(roles: &mut [Role]) {
    let labelled = roles.iter().any(|r| {
        matches!(
            r,
            Role::Name { .. }
                | Role::CodeName { .. }
                | Role::Code { .. }
                | Role::SideItem { .. }
                | Role::Indicator { .. }
        )
    });
    if labelled {
        return;
    }
    let first_amount = roles.iter().position(|r| *r == Role::Amount).unwrap_or(roles.len());
    if let Some(r) = roles[..first_amount].iter_mut().find(|r| **r == Role::Text) {
        *r = Role::Name { gov: false };
    }
}

/// Tables of amounts by classification line, unit or project (kinds 1–10 and the others).
fn ledger(table: &Table, warnings: &mut Vec<Warning>) -> Vec<Record> {
    let layout = Layout::of(table);
    let mut out = Vec::new();
    let mut unparsed = 0usize;
    let mut split_code = SplitCode::default();
    let mut gov_split = SplitCode::default();
    let has_codes = layout.roles.iter().any(|r| matches!(r, Role::Code { gov: false }));
    for (i, row) in table.rows.iter().enumerate() {
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let mut amounts = Vec::new();
        for ((r, key), cell) in layout.roles.iter().zip(&layout.keys).zip(row) {
            if *r != Role::Amount {
                continue;
            }
            let parsed = Amount::parse(cell);
            if parsed.is_none() && !cell.is_empty() && !is_dash(cell) {
                unparsed += 1;
            }
            amounts.push((key.clone(), parsed));
        }
        let mut code = split_code.fill(layout.cells(row, Role::Code { gov: false }).collect());
        let mut name = layout.joined(row, Role::Name { gov: false });
        let combined = |gov: bool, econ: bool| {
            layout
                .cells(row, Role::CodeName { gov, econ })
                .find(|c| !c.is_empty())
                .map(split_code_name)
        };
        let (main_combined, gov_combined, econ_combined) =
            (combined(false, false), combined(true, false), combined(false, true));
        let primary = main_combined.clone().or_else(|| econ_combined.clone());
        if let Some((c, n)) = primary.clone() {
            code = code.or(c);
            name = name.or(n);
        }
        // "[208]社会保障和就业支出": the code printed in brackets before the name (renwu_100).
        if code.is_none() {
            if let Some((c, n)) = name.as_deref().and_then(split_bracketed_code) {
                code = Some(c);
                name = n;
            }
        }
        // A 合计 label printed in the code column (表6: "合计" under 科目编码).
        if code.as_deref().is_some_and(|c| !c.chars().all(|ch| ch.is_ascii_digit())) {
            if name.is_none() {
                name = code.take();
            } else {
                code = None;
            }
        }
        let mut fields: Vec<(&'static str, Option<String>)> = Vec::new();
        let mut org_code = layout.joined(row, Role::OrgCode);
        // 合计 printed under 单位代码 (a Suzhou 表2) totals the table; it is no unit.
        if org_code.as_deref().is_some_and(is_total) {
            name = name.or(org_code.take());
        }
        match table.kind {
            TableKind::IncomeExpenditureSummary | TableKind::AppropriationSummary => {
                fields.push(("income_item", layout.joined(row, Role::SideItem { income: true })));
                fields.push((
                    "expenditure_item",
                    layout.joined(row, Role::SideItem { income: false }),
                ));
            }
            TableKind::ProjectExpenditure => {
                fields.push(("project_type", layout.joined(row, Role::ProjectType)));
                let mut project_org = layout.joined(row, Role::ProjectOrg);
                // Unit subtotal rows print the unit code under 项目名称, its name under 项目单位.
                if name.as_deref().is_some_and(is_org_code) {
                    org_code = name.take();
                    name = project_org.take();
                }
                fields.push(("project_org", project_org));
            }
            _ => {}
        }
        if layout.roles.contains(&Role::Code { gov: true }) {
            let gov = gov_split
                .fill(layout.cells(row, Role::Code { gov: true }).collect())
                .filter(|c| c.chars().all(|ch| ch.is_ascii_digit()));
            fields.push(("gov_code", gov));
            fields.push(("gov_name", layout.joined(row, Role::Name { gov: true })));
        } else if layout.roles.contains(&Role::CodeName { gov: true, econ: false }) {
            let (c, n) = gov_combined.unwrap_or((None, None));
            fields.push(("gov_code", c));
            fields.push(("gov_name", n));
        }
        if main_combined.is_some()
            && layout.roles.contains(&Role::CodeName { gov: false, econ: true })
        {
            let (c, n) = econ_combined.unwrap_or((None, None));
            fields.push(("econ_code", c));
            fields.push(("econ_name", n));
        }
        // Unit rows in code columns (表7: 502001 under 类).
        if org_code.is_none() && code.as_deref().is_some_and(is_org_code) {
            org_code = code.take();
        }
        if layout.roles.contains(&Role::OrgCode) || org_code.is_some() {
            fields.insert(0, ("org_code", org_code.clone()));
        }
        let labels: Vec<&str> = [name.as_deref()]
            .into_iter()
            .flatten()
            .chain(fields.iter().filter_map(|(k, v)| k.ends_with("_item").then_some(v.as_deref()?)))
            .collect();
        let unlabeled = code.is_none() && labels.is_empty() && org_code.is_none();
        // A first row with amounts and no label at all is the table's 合计 (表10 prints it so).
        let unlabeled_total = unlabeled && out.is_empty() && table.rows.len() > 1;
        let row_type = if unlabeled_total || labels.iter().any(|l| is_total(l)) {
            RowType::Total
        } else if code.is_none() && (org_code.is_some() || has_codes && name.is_some()) {
            // A named line without a code among coded lines is a unit (深圳市司法局（本级）).
            RowType::Org
        } else {
            RowType::Item
        };
        out.push(Record {
            row: i,
            row_type,
            code,
            name,
            fields,
            levels: Vec::new(),
            amounts,
            indicators: None,
            block: None,
        });
    }
    // A table printed without a 合计 line has its total in its only line (a one-unit 表2,
    // renwu_216, renwu_065) or in the one unit line that heads it (renwu_065 表3–5: 深圳市
    // 司法局（本级） over its 类 and 款).
    if !out.iter().any(|r| r.row_type == RowType::Total) {
        let orgs = out.iter().filter(|r| r.row_type == RowType::Org).count();
        let single = out.len() == 1 && out[0].code.is_none();
        if let Some(first) = out.first_mut() {
            if single || (orgs == 1 && first.row_type == RowType::Org) {
                first.row_type = RowType::Total;
            }
        }
    }
    add_levels(table, &layout, &table.indents, &mut out);
    if unparsed > 0 {
        warnings.push(Warning::new(
            "amount_unparsed",
            format!(
                "table {:?}: {unparsed} cell(s) in amount columns are not numbers; their \
                 amounts are null (the text is kept in rows)",
                table.title
            ),
        ));
    }
    out
}

/// Gives the labels of each label column (name; the two sides of tables 1 and 4) their level
/// when the column shows a hierarchy by indentation alone. 合计 lines get none, and the line
/// after one starts the hierarchy again.
fn add_levels(table: &Table, layout: &Layout, indents: &[Indent], records: &mut [Record]) {
    if indents.is_empty() {
        return;
    }
    let at: BTreeMap<(usize, usize), &Indent> =
        indents.iter().map(|i| ((i.row, i.col), i)).collect();
    for key in ["level", "income_level", "expenditure_level"] {
        let cols: Vec<usize> =
            (0..layout.roles.len()).filter(|&c| level_key(&layout.roles[c]) == Some(key)).collect();
        if cols.is_empty() {
            continue;
        }
        // Each record's label: the first of the label columns it prints text in. Indents
        // compare within one column only.
        let mut by_column: BTreeMap<usize, Vec<Option<Indent>>> = BTreeMap::new();
        for rec in records.iter() {
            let Some(row) = table.rows.get(rec.row) else { continue };
            let Some(c) = cols.iter().copied().find(|&c| row.get(c).is_some_and(|t| !t.is_empty()))
            else {
                continue;
            };
            if is_total(&row[c]) {
                by_column.entry(c).or_default().push(None);
            } else if let Some(&&indent) = at.get(&(rec.row, c)) {
                by_column.entry(c).or_default().push(Some(indent));
            }
        }
        let levels: BTreeMap<usize, u8> =
            by_column.values().flat_map(|column| levels::levels(column)).collect();
        for rec in records.iter_mut() {
            if let Some(&level) = levels.get(&rec.row) {
                rec.levels.push((key, level));
            }
        }
    }
}

/// The level field a label column's indentation gives: `level` for names, the side's for
/// tables 1 and 4.
fn level_key(role: &Role) -> Option<&'static str> {
    match role {
        Role::Name { gov: false } | Role::CodeName { gov: false, econ: false } => Some("level"),
        Role::SideItem { income: true } => Some("income_level"),
        Role::SideItem { income: false } => Some("expenditure_level"),
        _ => None,
    }
}

/// The level field (see [`Record::level`]) each column's cells take from their row's record:
/// in a table whose labels are the two sides' items (tables 1 and 4), `income_level` for a
/// column under 收入 and `expenditure_level` for one under 支出 (the header that made its
/// label column a side's), none for a column under neither; `level` in every other table.
fn level_fields(table: &Table) -> Vec<Option<&'static str>> {
    let two_sided = table.columns.iter().any(|p| matches!(role(p), Role::SideItem { .. }));
    table
        .columns
        .iter()
        .map(|p| match p.first() {
            _ if !two_sided => Some("level"),
            Some(top) if top.starts_with("收入") => Some("income_level"),
            Some(top) if top.starts_with("支出") => Some("expenditure_level"),
            _ => None,
        })
        .collect()
}

/// A classification code printed over 类/款/项 columns, where a line often prints only its
/// own part ("" | "08" | "") under its parent's line: the missing leading parts are the
/// parent's.
#[derive(Default)]
struct SplitCode {
    last: Vec<String>,
}

impl SplitCode {
    fn fill(&mut self, parts: Vec<&str>) -> Option<String> {
        let last_set = parts.iter().rposition(|p| !p.is_empty())?;
        let digits = parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
        let mut filled: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        if digits && parts.len() > 1 && parts[0].is_empty() {
            for (k, part) in filled.iter_mut().enumerate().take(last_set) {
                if part.is_empty() {
                    *part = self.last.get(k).cloned().unwrap_or_default();
                }
            }
        }
        filled.truncate(last_set + 1);
        if digits {
            self.last = filled.clone();
        }
        Some(filled.concat())
    }
}

/// "2050803-培训支出" → ("2050803", "培训支出"); "合计" → (None, "合计").
fn split_code_name(cell: &str) -> (Option<String>, Option<String>) {
    // Only a leading run of digits is a code.
    let digits = cell.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return (None, Some(cell.to_string()));
    }
    let (code, rest) = cell.split_at(digits);
    let name = rest.trim_start_matches(['-', '－', '—', ' ', ':', '：']).to_string();
    (Some(code.to_string()), (!name.is_empty()).then_some(name))
}

/// "[20805]行政事业单位养老支出" → ("20805", "行政事业单位养老支出"); `None` unless the label
/// opens with a bracketed run of digits.
fn split_bracketed_code(label: &str) -> Option<(String, Option<String>)> {
    let rest = label.strip_prefix(['[', '【', '［'])?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let (code, rest) = rest.split_at(digits);
    let name = rest.strip_prefix([']', '】', '］'])?.trim_start();
    Some((code.to_string(), (!name.is_empty()).then(|| name.to_string())))
}

/// 6-digit (and shorter department) budget-unit codes, as opposed to 3/5/7-digit
/// classification codes: only where no classification code could be that long.
fn is_org_code(s: &str) -> bool {
    s.len() == 6 && s.chars().all(|c| c.is_ascii_digit())
}

/// 合计 / 总计 / 本年收入合计 … but not 合计 inside a longer item name.
pub fn is_total(label: &str) -> bool {
    let bare = label.trim_end_matches([':', '：']);
    bare.ends_with("合计") || bare.ends_with("总计") || bare.ends_with("小计")
}

/// 部门（单位）整体绩效目标表: a form of sections, budget lines and indicators.
fn department_targets(table: &Table) -> Vec<Record> {
    let mut out = Vec::new();
    let mut in_indicators = false;
    for (i, row) in table.rows.iter().enumerate() {
        let cell = |c: usize| row.get(c).filter(|s| !s.is_empty()).cloned();
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        if cell(0).as_deref() == Some("一级指标") {
            in_indicators = true;
            continue;
        }
        if cell(1).as_deref() == Some("任务名称") {
            continue;
        }
        let mut amounts = Vec::new();
        let (name, level1, level2, value, note);
        if in_indicators {
            level1 = cell(0);
            level2 = cell(1);
            name = cell(2);
            value = cell(3);
            note = cell(4);
        } else {
            level1 = None;
            level2 = None;
            note = None;
            name = cell(1).filter(|_| row.len() > 2 && row[2..].iter().any(|c| !c.is_empty()));
            let rest: Vec<&str> = row
                .iter()
                .skip(if name.is_some() { 2 } else { 1 })
                .filter(|c| !c.is_empty())
                .map(String::as_str)
                .collect();
            let section = cell(0).unwrap_or_default();
            if section.contains("预算") && rest.len() == 1 {
                amounts.push(("amount".to_string(), Amount::parse(rest[0])));
            }
            value = (!rest.is_empty()).then(|| rest.join(" "));
        }
        let section = if in_indicators { Some("绩效指标".to_string()) } else { cell(0) };
        out.push(Record {
            row: i,
            row_type: RowType::Item,
            code: None,
            name,
            fields: vec![
                ("section", section),
                ("level1", level1),
                ("level2", level2),
                ("value", value),
                ("note", note),
            ],
            levels: Vec::new(),
            amounts,
            indicators: None,
            block: None,
        });
    }
    out
}

/// Many places print each project of a 项目绩效目标表 as a form (项目名称 / 主管部门 / 绩效指标
/// … label rows) rather than one line per project: those are read as forms, when its code
/// column holds no codes.
fn reads_as_forms(table: &Table, layout: &Layout) -> bool {
    let codes: Vec<&str> = table
        .rows
        .iter()
        .flat_map(|r| layout.cells(r, Role::Code { gov: false }))
        .filter(|c| !c.is_empty())
        .collect();
    let numeric = codes.iter().filter(|c| c.chars().all(|ch| ch.is_ascii_digit())).count();
    codes.is_empty() || numeric * 2 < codes.len()
}

/// 项目绩效目标表: one record per project (or unit), its indicator rows folded in.
fn project_targets(table: &Table) -> Vec<Record> {
    let layout = Layout::of(table);
    if reads_as_forms(table, &layout) {
        return department_targets(table);
    }
    let mut out: Vec<Record> = Vec::new();
    let mut last_key: Option<Vec<String>> = None;
    for (i, row) in table.rows.iter().enumerate() {
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let key: Vec<String> = layout
            .roles
            .iter()
            .zip(row)
            .filter(|(r, _)| !matches!(r, Role::Indicator { .. }))
            .map(|(_, c)| c.clone())
            .collect();
        let indicators = indicators_of(table, &layout, row);
        if last_key.as_ref() == Some(&key) {
            if let Some(rec) = out.last_mut() {
                rec.indicators.get_or_insert_with(Vec::new).extend(indicators);
                continue;
            }
        }
        let code = layout
            .joined(row, Role::Code { gov: false })
            .filter(|c| c.chars().all(|ch| ch.is_ascii_digit()));
        let name = layout.joined(row, Role::Name { gov: false });
        let amounts = layout
            .roles
            .iter()
            .zip(&layout.keys)
            .zip(row)
            .filter(|((r, _), _)| **r == Role::Amount)
            .map(|((_, k), c)| (k.clone(), Amount::parse(c)))
            .collect();
        let row_type = match (&code, &name) {
            (_, Some(n)) if is_total(n) => RowType::Total,
            (Some(c), _) if c.len() <= 9 => RowType::Org,
            _ => RowType::Item,
        };
        out.push(Record {
            row: i,
            row_type,
            code,
            name,
            fields: Vec::new(),
            levels: Vec::new(),
            amounts,
            indicators: Some(indicators),
            block: None,
        });
        last_key = Some(key);
    }
    out
}

/// The (name, value) indicator pairs of one row, by their category (成本指标 …).
fn indicators_of(table: &Table, layout: &Layout, row: &[String]) -> Vec<Indicator> {
    let mut out = Vec::new();
    let mut pending: Option<(String, String)> = None;
    for (c, r) in layout.roles.iter().enumerate() {
        let text = row.get(c).cloned().unwrap_or_default();
        let category = table.columns[c].iter().rev().nth(1).cloned().unwrap_or_default();
        match r {
            Role::Indicator { value: false } => pending = Some((category, text)),
            Role::Indicator { value: true } => {
                let (cat, name) = pending.take().unwrap_or((category, String::new()));
                if !name.is_empty() || !text.is_empty() {
                    out.push(Indicator {
                        category: category_key(&cat),
                        name,
                        value: text,
                        level1: None,
                        level2: None,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The key of a performance indicator's category: the 二级指标 when one is printed (数量指标
/// → `quantity`), else the 一级指标 (产出指标 → `output`); the printed text when it is
/// neither. The names are the Ministry of Finance's indicator framework (成本 / 产出 / 效益 /
/// 满意度 and their 二级), with or without the trailing 指标 (经济成本, 生态效益).
pub(crate) fn category_key(label: &str) -> String {
    let bare = label.trim().trim_end_matches("指标");
    match bare {
        "成本" => "cost",
        "产出" => "output",
        "效益" => "benefit",
        "满意度" => "satisfaction",
        "数量" => "quantity",
        "质量" => "quality",
        "时效" => "timeliness",
        "经济成本" => "economic_cost",
        "社会成本" => "social_cost",
        "生态环境成本" | "生态成本" | "环境成本" => "environmental_cost",
        "经济效益" => "economic_benefit",
        "社会效益" => "social_benefit",
        "生态效益" | "生态环境效益" => "ecological_benefit",
        "可持续影响" => "sustainability",
        "服务对象满意度" | "受益对象满意度" => "beneficiary_satisfaction",
        _ => return label.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(kind: TableKind, columns: &[&[&str]], rows: &[&[&str]]) -> Table {
        let strings = |r: &[&str]| r.iter().map(ToString::to_string).collect::<Vec<String>>();
        Table {
            kind,
            number: kind.number(),
            title: String::new(),
            label: None,
            org: None,
            unit: Some("万元".to_string()),
            pages: Vec::new(),
            columns: columns.iter().map(|p| strings(p)).collect(),
            rows: rows.iter().map(|r| strings(r)).collect(),
            notes: Vec::new(),
            records: Vec::new(),
            spec: Vec::new(),
            indents: Vec::new(),
        }
    }

    #[test]
    fn indicator_categories_are_keys_whatever_the_printed_form() {
        let keys = ["成本指标", "数量指标", "经济成本", "经济成本指标", "社会效益指标", "生态效益"]
            .map(category_key);
        let want = ["cost", "quantity", "economic_cost", "economic_cost", "social_benefit"];
        assert_eq!(keys[..5], want);
        assert_eq!(keys[5], "ecological_benefit");
        assert_eq!(category_key("服务对象满意度指标"), "beneficiary_satisfaction");
        assert_eq!(category_key("可持续影响指标"), "sustainability");
        // Not in the framework: kept as printed.
        assert_eq!(category_key("其他指标"), "其他指标");
        assert_eq!(category_key(""), "");
    }

    #[test]
    fn a_block_going_on_over_two_triples_has_one_total() {
        // renwu_249 表6: 公用经费 over two triples, its 合计 label in the first and its
        // figure in the second.
        let mut t = table(
            TableKind::GeneralBudgetBasicExpenditure,
            &[
                &["人员经费", "科目代码"],
                &["人员经费", "科目名称"],
                &["人员经费", "决算数"],
                &["公用经费", "科目代码"],
                &["公用经费", "科目名称"],
                &["公用经费", "决算数"],
                &["公用经费", "科目代码"],
                &["公用经费", "科目名称"],
                &["公用经费", "决算数"],
            ],
            &[
                &[
                    "30101",
                    "基本工资",
                    "5.00",
                    "30201",
                    "办公费",
                    "2.00",
                    "31002",
                    "办公设备购置",
                    "1.00",
                ],
                &["人员经费合计", "", "5.00", "公用经费合计", "", "", "", "", "3.00"],
            ],
        );
        read(&mut t, &mut Vec::new());
        let got: Vec<(usize, Option<usize>, Option<&str>, String)> = t
            .records
            .iter()
            .map(|r| {
                let amounts: Vec<String> = r
                    .amounts
                    .iter()
                    .map(|(k, a)| {
                        format!("{k}={}", a.as_ref().map(ToString::to_string).unwrap_or_default())
                    })
                    .collect();
                (r.row, r.block, r.name.as_deref(), amounts.join(","))
            })
            .collect();
        assert_eq!(
            got,
            [
                (0, Some(0), Some("基本工资"), "personnel=5.00".to_string()),
                (0, Some(1), Some("办公费"), "public=2.00".to_string()),
                (0, Some(2), Some("办公设备购置"), "public=1.00".to_string()),
                (1, Some(0), Some("人员经费合计"), "personnel=5.00".to_string()),
                (1, Some(1), Some("公用经费合计"), "public=3.00".to_string()),
            ]
        );
        let checks = crate::checks::run_checks(std::slice::from_ref(&t), None);
        let public: Vec<(&str, bool)> = checks
            .iter()
            .filter(|c| c.rule.contains("column_sum"))
            .map(|c| (c.rule.as_str(), c.ok))
            .collect();
        assert!(public.contains(&("t06.column_sum.block1.items.public", true)), "{checks:?}");
    }

    #[test]
    fn blocks_under_labels_of_their_own_are_read_per_block() {
        // samples/pdf/fpdf-blocks.pdf table 6: 人员经费 (科目编码 | 科目名称 | 金额) beside
        // 公用经费 (the same), rows of the two blocks independent.
        let mut t = table(
            TableKind::GeneralBudgetBasicExpenditure,
            &[
                &["人员经费", "科目编码"],
                &["人员经费", "科目名称"],
                &["人员经费", "金额"],
                &["公用经费", "科目编码"],
                &["公用经费", "科目名称"],
                &["公用经费", "金额"],
            ],
            &[
                &["30101", "基本工资", "219.46", "30201", "办公费", "27.80"],
                &["30303", "退休费", "72.06", "", "", ""],
                &["合计", "", "291.52", "合计", "", "27.80"],
            ],
        );
        read(&mut t, &mut Vec::new());
        assert_eq!(
            t.spec.iter().map(|s| s.block).collect::<Vec<_>>(),
            [0, 0, 0, 1, 1, 1].map(Some)
        );
        let got: Vec<(Option<usize>, Option<&str>, String)> = t
            .records
            .iter()
            .map(|r| {
                let (key, amount) = &r.amounts[0];
                (
                    r.block,
                    r.code.as_deref(),
                    format!(
                        "{key}={}",
                        amount.as_ref().map(ToString::to_string).unwrap_or_default()
                    ),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some(0), Some("30101"), "personnel=219.46".to_string()),
                (Some(1), Some("30201"), "public=27.80".to_string()),
                (Some(0), Some("30303"), "personnel=72.06".to_string()),
                (Some(0), None, "personnel=291.52".to_string()),
                (Some(1), None, "public=27.80".to_string()),
            ]
        );
        // Two sides of a 收支总表 (no code column) are not blocks; nor are two
        // classifications of the same line (no figure under either label).
        let summary =
            [&["收入", "项目"][..], &["收入", "金额"], &["支出", "项目"], &["支出", "金额"]];
        let t = table(TableKind::IncomeExpenditureSummary, &summary, &[]);
        assert_eq!(side_by_side(&t), None);
        let codes = [
            &["部门", "科目编码"][..],
            &["部门", "科目名称"],
            &["政府", "科目编码"],
            &["政府", "科目名称"],
        ];
        assert_eq!(
            side_by_side(&table(TableKind::GeneralBudgetBasicExpenditure, &codes, &[])),
            None
        );
    }
}
