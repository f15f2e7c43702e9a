//! Records → accounting-identity checks.
//!
//! In: a document's tables with their typed records. Out: one [`Check`] per identity
//! evaluated: every 合计/小计 column equals the columns it totals (read off the header tree),
//! every 合计 row equals the rows it totals, the two sides of the summary tables balance,
//! and the totals of tables 1–10 agree with each other. A failed check is data: the source
//! or the extraction disagrees, and `detail` shows both sides.
//!
//! Tolerance: a sum of n printed figures may differ from its printed total by rounding, at
//! most n × the last printed unit (0.01 for figures printed with two decimals), in a common
//! unit (元) when tables differ.

mod final_accounts;
mod identities;
mod prose;

use rust_decimal::Decimal;

use crate::contract::Amount;
use crate::model::{Check, Table};

pub use final_accounts::final_accounts_checks;
pub use identities::run_checks;
pub use prose::prose_checks;

/// One side of an identity: printed figures with the unit each was printed in.
#[derive(Debug, Clone)]
struct Term<'a> {
    label: String,
    amount: Option<&'a Amount>,
    /// Multiplier to 元 of the table the figure is printed in.
    unit_factor: Decimal,
}

impl Term<'_> {
    /// In 元; `None` past rust_decimal's 28 digits (a damaged file, found by fuzzing).
    fn value(&self) -> Option<Decimal> {
        self.amount.map_or(Decimal::ZERO, |a| a.value).checked_mul(self.unit_factor)
    }

    /// One unit of the last printed digit, in 元 (blank figures count as printed in 0.01).
    fn last_unit(&self) -> Decimal {
        let scale = self.amount.map_or(2, Amount::scale);
        Decimal::new(1, scale) * self.unit_factor
    }

    fn shown(&self) -> String {
        self.amount.map_or_else(|| "blank".to_string(), |a| a.to_string())
    }
}

/// Multiplier from a printed unit to 元.
fn unit_factor(unit: Option<&str>) -> Decimal {
    match unit {
        Some("万元") => Decimal::from(10_000),
        Some("千元") => Decimal::from(1_000),
        Some("亿元") => Decimal::from(100_000_000),
        _ => Decimal::ONE,
    }
}

/// Evaluates `total = Σ parts` with the rounding tolerance; `None` when every figure is
/// blank (nothing printed, nothing to check).
fn sum_check(
    rule: String,
    table: Option<u8>,
    row: Option<usize>,
    total: Term<'_>,
    parts: &[Term<'_>],
) -> Option<Check> {
    if total.amount.is_none() && parts.iter().all(|p| p.amount.is_none()) {
        return None;
    }
    // Figures too large to add up exactly cannot be checked: no check rather than a panic.
    let sum = parts.iter().try_fold(Decimal::ZERO, |acc, p| acc.checked_add(p.value()?))?;
    let diff = total.value()?.checked_sub(sum)?;
    let n = parts.iter().filter(|p| p.amount.is_some()).count().max(1);
    let unit = std::iter::once(&total).chain(parts).map(Term::last_unit).max()?;
    let tolerance = unit.checked_mul(Decimal::from(n))?;
    let ok = diff.abs() <= tolerance;
    let factor = if total.unit_factor.is_zero() { Decimal::ONE } else { total.unit_factor };
    // Computed figures are shown in the total's unit at the finest scale printed.
    let scale = std::iter::once(&total).chain(parts).filter_map(|t| t.amount).map(Amount::scale);
    let scale = scale.max().unwrap_or(2).max(2);
    let shown = |d: Decimal| Amount::from_decimal((d / factor).round_dp(scale));
    let rhs = if parts.len() <= 6 {
        parts.iter().map(|p| format!("{} {}", p.label, p.shown())).collect::<Vec<_>>().join(" + ")
    } else {
        format!("the sum of {} lines", parts.len())
    };
    let verb = if ok { "=" } else { "≠" };
    let mut detail = format!("{} {} {verb} {rhs}", total.label, total.shown());
    if parts.len() > 1 {
        detail.push_str(&format!(" = {}", shown(sum)));
    }
    if !diff.is_zero() {
        let tol = (tolerance / factor).normalize();
        detail.push_str(&format!("; diff {}, tolerance {tol}", shown(diff)));
    }
    Some(Check { rule, ok, detail, table, row, table_index: None })
}

/// The number of a table for rule names: "t03".
fn tag(table: &Table) -> String {
    match table.number {
        Some(n) => format!("t{n:02}"),
        None => table.kind.as_str().to_string(),
    }
}

#[cfg(test)]
mod tests;
