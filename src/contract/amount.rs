//! Exact amounts: the printed text parsed into a decimal, never through `f64`.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// An amount as printed, in the table's unit. Serialises as a JSON number written exactly
/// as printed (thousands separators dropped): `876.00` stays `876.00`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub value: Decimal,
    text: String,
}

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"));

impl Amount {
    /// Parses a printed amount: `876.00`, `1,234.50`, `-3.2`, `(12.00)` (negative).
    /// Spaces at or after the decimal point are typesetting, not separators: a space glyph
    /// before it (renwu_161 表1 prints `25180591 .33`) or a number wrapped inside its cell
    /// (renwu_123 表5: `21,118.5` over `1`, joined `21,118.5 1`). A space in the integer
    /// part could separate two numbers, so `100 200` stays unparsed.
    /// `None` for anything else, including blanks and dashes.
    pub fn parse(cell: &str) -> Option<Amount> {
        let cell = cell.trim();
        let (negative, body) =
            match cell.strip_prefix(['(', '（']).and_then(|s| s.strip_suffix([')', '）'])) {
                Some(inner) => (true, inner),
                None => (false, cell),
            };
        let body = match body.split_once('.') {
            Some((int, fraction)) if body.contains(' ') => {
                let fraction: String = fraction.chars().filter(|&c| c != ' ').collect();
                format!("{}.{fraction}", int.trim_end())
            }
            _ => body.to_string(),
        };
        if !NUMBER.is_match(&body) {
            return None;
        }
        let mut text: String = body.chars().filter(|&c| c != ',').collect();
        if let Some(rest) = text.strip_prefix('−') {
            text = format!("-{rest}");
        }
        if negative && !text.starts_with('-') {
            text.insert(0, '-');
        }
        // JSON numbers have no leading zeros: "04" is written 4 ("0.50" stays as printed).
        let (sign, digits) = text.split_at(usize::from(text.starts_with('-')));
        let trimmed = digits.trim_start_matches('0');
        if trimmed.len() < digits.len() && !trimmed.starts_with(|c: char| c.is_ascii_digit()) {
            text = format!("{sign}0{trimmed}");
        } else if trimmed.len() < digits.len() {
            text = format!("{sign}{trimmed}");
        }
        let value = Decimal::from_str(&text).ok()?;
        Some(Amount { value, text })
    }

    /// A computed amount (a sum), printed at the given scale.
    pub fn from_decimal(value: Decimal) -> Amount {
        Amount { value, text: value.to_string() }
    }

    /// Digits after the decimal point as printed: 2 for `876.00`, 0 for `150`.
    pub fn scale(&self) -> u32 {
        self.value.scale()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// True for a cell that holds no amount but says "zero/none": `-`, `—`, `－`, `/`.
pub fn is_dash(cell: &str) -> bool {
    matches!(cell.trim(), "-" | "—" | "－" | "--" | "——" | "/" | "、")
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serde_json::Number::from_str(&self.text) {
            Ok(n) => n.serialize(serializer),
            Err(_) => serializer.serialize_str(&self.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_forms_parse_exactly() {
        assert_eq!(Amount::parse("876.00").map(|a| a.to_string()).as_deref(), Some("876.00"));
        assert_eq!(Amount::parse("1,234.50").map(|a| a.to_string()).as_deref(), Some("1234.50"));
        assert_eq!(Amount::parse("(12.00)").map(|a| a.to_string()).as_deref(), Some("-12.00"));
        assert_eq!(Amount::parse("876.002691").map(|a| a.scale()), Some(6));
        assert_eq!(Amount::parse("0").map(|a| a.value), Some(Decimal::ZERO));
        assert_eq!(Amount::parse("0").map(|a| a.to_string()).as_deref(), Some("0"));
        assert_eq!(Amount::parse("04").map(|a| a.to_string()).as_deref(), Some("4"));
        assert_eq!(Amount::parse("0.50").map(|a| a.to_string()).as_deref(), Some("0.50"));
        assert_eq!(Amount::parse("-007.5").map(|a| a.to_string()).as_deref(), Some("-7.5"));
        for bad in ["", "-", "≥98%", "1,23", "12.", "502001a", "二"] {
            assert_eq!(Amount::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn spaces_at_or_after_the_decimal_point_are_typesetting() {
        let parsed = |s: &str| Amount::parse(s).map(|a| a.to_string());
        // renwu_161 表1: a space glyph before the point.
        assert_eq!(parsed("25180591 .33").as_deref(), Some("25180591.33"));
        // renwu_123 表5: "21,118.5" wrapped over "1" in a narrow cell.
        assert_eq!(parsed("21,118.5 1").as_deref(), Some("21118.51"));
        assert_eq!(parsed("12. 50").as_deref(), Some("12.50"));
        // Spaces in the integer part may separate numbers: not one amount.
        for bad in ["100 200", "1 234.50", "12 .3 4 5 .6", ". 5"] {
            assert_eq!(Amount::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn serialises_as_the_printed_number() {
        let a = Amount::parse("876.00").map(|a| serde_json::to_string(&a).ok());
        assert_eq!(a.flatten().as_deref(), Some("876.00"));
        let big = Amount::parse("12345678901234567890.12").map(|a| serde_json::to_string(&a).ok());
        assert_eq!(big.flatten().as_deref(), Some("12345678901234567890.12"));
    }
}
