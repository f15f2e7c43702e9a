//! Simple-font encodings (PDF 32000 §9.6.5, Annex D): base encodings, `/Differences` and
//! glyph names → Unicode (Adobe Glyph List, `uniXXXX`, `uXXXX`).

use super::encoding_tables::{GLYPH_NAMES, MAC_ROMAN, STANDARD, WIN_ANSI};

/// A base encoding of a simple font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
}

impl BaseEncoding {
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            _ => None,
        }
    }

    /// The character a code stands for, if the encoding defines it.
    pub fn char_for(self, code: u8) -> Option<char> {
        let table = match self {
            BaseEncoding::Standard => &STANDARD,
            BaseEncoding::WinAnsi => &WIN_ANSI,
            BaseEncoding::MacRoman => &MAC_ROMAN,
        };
        let unit = *table.get(usize::from(code))?;
        if unit == 0 {
            return None;
        }
        char::from_u32(u32::from(unit))
    }
}

/// Unicode text for a glyph name, or `None` for names that carry no Unicode
/// (`g123`, `cid456`, `.notdef`).
pub(crate) fn glyph_name_to_text(name: &str) -> Option<String> {
    // "a.sc" → "a"; "f_i" → "fi" (PDF 32000 / AGL specification).
    let base = name.split('.').next().unwrap_or_default();
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(component_to_text).collect();
        return parts.filter(|s| !s.is_empty());
    }
    component_to_text(base)
}

fn component_to_text(name: &str) -> Option<String> {
    if let Ok(i) = GLYPH_NAMES.binary_search_by(|(n, _)| (*n).cmp(name)) {
        let (_, unit) = GLYPH_NAMES.get(i)?;
        return char::from_u32(u32::from(*unit)).map(String::from);
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = (0..hex.len() / 4)
                .filter_map(|i| hex.get(i * 4..i * 4 + 4))
                .filter_map(|h| u16::from_str_radix(h, 16).ok())
                .collect();
            return String::from_utf16(&units).ok();
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let cp = u32::from_str_radix(hex, 16).ok()?;
            return char::from_u32(cp).map(String::from);
        }
    }
    None
}

/// Glyph index in names like `g123`, `glyph123`, `gid123`, `cid123`, `index123`, `#123`.
pub(crate) fn glyph_name_index(name: &str) -> Option<u16> {
    for prefix in ["glyph", "gid", "cid", "index", "g", "G", "#"] {
        if let Some(digits) = name.strip_prefix(prefix) {
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                return digits.parse().ok();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve() {
        assert_eq!(glyph_name_to_text("A").as_deref(), Some("A"));
        assert_eq!(glyph_name_to_text("space").as_deref(), Some(" "));
        assert_eq!(glyph_name_to_text("uni4E00").as_deref(), Some("一"));
        assert_eq!(glyph_name_to_text("uni6536652F").as_deref(), Some("收支"));
        assert_eq!(glyph_name_to_text("u20087").as_deref(), Some("\u{20087}"));
        assert_eq!(glyph_name_to_text("f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_to_text("zero.tf").as_deref(), Some("0"));
        assert_eq!(glyph_name_to_text("g123"), None);
        assert_eq!(glyph_name_to_text(".notdef"), None);
    }

    #[test]
    fn gid_names() {
        assert_eq!(glyph_name_index("g123"), Some(123));
        assert_eq!(glyph_name_index("glyph7"), Some(7));
        assert_eq!(glyph_name_index("gamma"), None);
    }

    #[test]
    fn base_encodings_differ_where_they_should() {
        assert_eq!(BaseEncoding::WinAnsi.char_for(0x27), Some('\''));
        assert_eq!(BaseEncoding::Standard.char_for(0x27), Some('\u{2019}'));
        assert_eq!(BaseEncoding::WinAnsi.char_for(0x80), Some('€'));
        assert_eq!(BaseEncoding::MacRoman.char_for(0x80), Some('Ä'));
        assert_eq!(BaseEncoding::Standard.char_for(0x05), None);
    }
}
