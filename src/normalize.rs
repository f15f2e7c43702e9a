//! The contract's cell-text rule, applied to every string yusuan outputs.
//!
//! In: raw text as printed (or as a text export carries it). Out: the same text with the
//! lines of a wrapped cell joined, whitespace next to CJK removed, other whitespace runs
//! collapsed, full-width digits and Latin letters folded to ASCII and radical look-alikes
//! mapped to ideographs. Deliberately not NFKC: that would also rewrite full-width
//! punctuation （），： which the printed tables use and the contract keeps.

use crate::radicals::RADICALS;

/// Normalises one cell (or title, note, org…) per the contract's cell-text rule.
pub fn normalize(raw: &str) -> String {
    let folded: Vec<char> = raw.chars().filter_map(fold_char).collect();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < folded.len() {
        let c = folded[i];
        if !c.is_whitespace() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < folded.len() && folded[i].is_whitespace() {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| folded[j]);
        let after = folded.get(i).copied();
        let at_edge = before.is_none() || after.is_none();
        let next_to_cjk = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
        if !at_edge && !next_to_cjk {
            out.push(' ');
        }
    }
    out
}

/// Folds one character; `None` drops it (invisible format characters).
fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' => None,
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFF01 + 0x21).or(Some(c))
        }
        '\u{2E80}'..='\u{2FDF}' => {
            Some(RADICALS.binary_search_by_key(&c, |&(r, _)| r).map_or(c, |i| RADICALS[i].1))
        }
        _ => Some(c),
    }
}

/// CJK as the contract defines it for the whitespace rule: ideographs, CJK punctuation
/// U+3000–303F, full-width forms U+FF00–FFEF, and the curly quotes “ ” ‘ ’.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '“' | '”' | '‘' | '’')
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn letter_spaced_labels_are_joined() {
        assert_eq!(normalize("本 年 收 入 合 计"), "本年收入合计");
        assert_eq!(normalize("单位代 码"), "单位代码");
    }

    #[test]
    fn space_next_to_cjk_goes_other_runs_collapse() {
        assert_eq!(normalize("(十五) 资源勘探信息等支出"), "(十五)资源勘探信息等支出");
        assert_eq!(normalize("2025 年"), "2025年");
        assert_eq!(normalize("  a   b \t c  "), "a b c");
        assert_eq!(normalize("灵宝市 工业\n和信息化局"), "灵宝市工业和信息化局");
        assert_eq!(normalize("“专精 特新”及“小 巨人”"), "“专精特新”及“小巨人”");
    }

    #[test]
    fn full_width_alphanumerics_fold_punctuation_stays() {
        assert_eq!(normalize("２０２５年ＡＢｃ"), "2025年ABc");
        assert_eq!(normalize("因公出国（境）费：１,２３４.５０"), "因公出国（境）费：1,234.50");
        assert_eq!(normalize("≥98%"), "≥98%");
    }

    #[test]
    fn radical_look_alikes_become_ideographs() {
        assert_eq!(normalize("部⻔公务⽤⻋"), "部门公务用车");
    }

    #[test]
    fn ideographic_space_is_whitespace() {
        assert_eq!(normalize("收\u{3000}入"), "收入");
        assert_eq!(normalize("\u{FEFF}项目"), "项目");
    }
}
