//! The 说明 prose against the tables and against itself.
//!
//! In: the document's prose lines (cover and 说明, outside any table) and its tables. Out:
//! one [`Check`] per figure statement read unambiguously:
//! - `prose.total_equals_tNN`: a stated 收入支出总计 / 收入总计 / 支出总计 equals table 1's
//!   (table 4's when the statement is about 财政拨款) 总计 line;
//! - `prose.share`: "X万元，占Y%" under a sentence opening with its base ("B万元，其中：" or
//!   "B万元，主要用于"): Y = X / B, to the last printed digit of Y;
//! - `prose.final_vs_budget`: "年初预算为A万元，支出决算为B万元 … 决算数大于/小于/等于预算数"
//!   says what the figures say, and "完成年初预算的Y%" is B / A.
//!
//! Statements are read only where their shape leaves no doubt; anything else is left alone
//! (no check rather than a wrong one).

use regex::Captures;
use rust_decimal::Decimal;

use super::{sum_check, tag, unit_factor, Term};
use crate::contract::Amount;
use crate::contract::TableKind;
use crate::model::{Check, Table};
use crate::vocabulary::prose::{BASE, FINAL_VS_BUDGET, SHARE, TOTAL};

/// Every check the prose allows, in the order its statements are printed.
pub fn prose_checks(prose: &[String], tables: &[Table], doc_unit: Option<&str>) -> Vec<Check> {
    // Lines wrap mid-sentence (a figure on one line, its 万元 on the next).
    let text: String = prose.concat();
    let mut out = Vec::new();
    for sentence in text.split('。') {
        totals(sentence, tables, doc_unit, &mut out);
        shares(sentence, &mut out);
    }
    // Its verdict (决算数小于预算数) is often the next sentence.
    final_vs_budget(&text, &mut out);
    out
}

fn amount(caps: &Captures, name: &str) -> Option<Amount> {
    Amount::parse(caps.name(name)?.as_str())
}

/// A stated grand total against the 总计 line of table 1 (or of table 4 for 财政拨款).
fn totals(sentence: &str, tables: &[Table], doc_unit: Option<&str>, out: &mut Vec<Check>) {
    for caps in TOTAL.captures_iter(sentence) {
        // 其他资金收入预算总计 is a part, not the total: the statement must open its clause.
        let start = caps.get(0).map_or(0, |m| m.start());
        let opens = sentence[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_ascii_digit() || "年度）)：:，,；;、．. ".contains(c));
        if !opens {
            continue;
        }
        let kind = match caps.name("pre").map(|m| m.as_str()) {
            None => TableKind::IncomeExpenditureSummary,
            Some("财政拨款") => TableKind::AppropriationSummary,
            Some(_) => continue, // 本年收入合计 and the like are not the 总计
        };
        let Some(table) = tables.iter().find(|t| t.kind == kind) else { continue };
        let side = if &caps["what"] == "支出" { "expenditure" } else { "income" };
        let Some((label, printed)) = super::identities::grand_total(table, side) else {
            continue;
        };
        let Some(stated) = amount(&caps, "n") else { continue };
        let statement = Term {
            label: format!("说明 “{}”", caps[0].trim()),
            amount: Some(&stated),
            unit_factor: unit_factor(Some(&caps["u"])),
        };
        let figure = Term {
            label: format!("{} {label}", tag(table)),
            amount: printed,
            unit_factor: unit_factor(table.unit.as_deref().or(doc_unit)),
        };
        let rule = format!("prose.total_equals_{}", tag(table));
        out.extend(sum_check(rule, table.number, None, statement, &[figure]));
    }
}

/// Shares of a breakdown against its base.
fn shares(sentence: &str, out: &mut Vec<Check>) {
    let Some(base) = BASE.captures(sentence) else { return };
    let (Some(total), unit) = (amount(&base, "n"), &base["u"]) else { return };
    if total.value.is_zero() {
        return;
    }
    let rest = &sentence[base.get(0).map_or(0, |m| m.end())..];
    for caps in SHARE.captures_iter(rest) {
        let (Some(part), Some(percent)) = (amount(&caps, "n"), amount(&caps, "p")) else {
            continue;
        };
        if &caps["u"] != unit {
            continue;
        }
        let Some(share) = percent_of(part.value, total.value) else {
            continue;
        };
        let detail = format!(
            "说明 “{}” of {total}{unit}: {} / {total} = {}%",
            caps[0].trim(),
            part,
            share.round_dp(percent.scale().max(2))
        );
        out.push(percent_check("prose.share", share, &percent, detail));
    }
}

/// 年初预算 and 决算 figures against the words and the rate stated with them.
fn final_vs_budget(text: &str, out: &mut Vec<Check>) {
    for caps in FINAL_VS_BUDGET.captures_iter(text) {
        let (Some(budget), Some(spent)) = (amount(&caps, "b"), amount(&caps, "f")) else {
            continue;
        };
        if caps["bu"] != caps["fu"] {
            continue;
        }
        let quoted = caps[0].trim().trim_end_matches(['，', ',', '。', '；', ';']);
        if let Some(percent) = amount(&caps, "p") {
            if let Some(rate) = percent_of(spent.value, budget.value) {
                let detail = format!(
                    "说明 “{quoted}”: {spent} / {budget} = {}%",
                    rate.round_dp(percent.scale().max(2))
                );
                out.push(percent_check("prose.completion_rate", rate, &percent, detail));
            }
        }
        if let Some(word) = caps.name("cmp").map(|m| m.as_str()) {
            let actual = spent.value.cmp(&budget.value);
            let said = match word {
                "大于" => std::cmp::Ordering::Greater,
                "小于" => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Equal,
            };
            let is = match actual {
                std::cmp::Ordering::Greater => "大于",
                std::cmp::Ordering::Less => "小于",
                std::cmp::Ordering::Equal => "等于",
            };
            out.push(Check {
                rule: "prose.final_vs_budget".to_string(),
                ok: actual == said,
                detail: format!("说明 “{quoted}”: 决算数 {spent} {is} 预算数 {budget}"),
                table: None,
                row: None,
                table_index: None,
            });
        }
    }
}

/// `part` as a percentage of `whole`; `None` for a zero whole or past rust_decimal's range
/// (figures a damaged file can hold: arithmetic must not panic).
fn percent_of(part: Decimal, whole: Decimal) -> Option<Decimal> {
    part.checked_mul(Decimal::from(100))?.checked_div(whole)
}

/// A computed percentage against a printed one, to one unit of its last printed digit.
fn percent_check(rule: &str, computed: Decimal, printed: &Amount, detail: String) -> Check {
    let unit = Decimal::new(1, printed.scale());
    let diff = computed.checked_sub(printed.value).unwrap_or(Decimal::MAX);
    let ok = diff.abs() <= unit;
    let detail = if ok {
        detail
    } else {
        format!(
            "{detail} ≠ {printed}%; diff {}, tolerance {unit}",
            diff.round_dp(printed.scale() + 2)
        )
    };
    Check { rule: rule.to_string(), ok, detail, table: None, row: None, table_index: None }
}
