//! [`GlyphText`]: the Unicode text of one glyph without a heap allocation in the usual case.
//!
//! A page of a budget table holds thousands of glyphs, nearly all one character each; a
//! `String` per glyph was one allocation and one free per glyph, a measurable share of the
//! whole extraction. Text up to [`INLINE`] bytes (any one character, most ligatures and short
//! ToUnicode sequences) is stored inline; longer text is boxed.

use std::fmt;
use std::ops::Deref;

/// Longest text kept inline, in UTF-8 bytes (the value is the same size as a `String`).
pub const INLINE: usize = 22;

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Boxed(Box<str>),
}

/// The text of a glyph: dereferences to `&str`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct GlyphText(Repr);

impl GlyphText {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ever filled from a `&str` (see `From<&str>`), so always valid UTF-8.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(bytes.get(..usize::from(*len)).unwrap_or_default())
                    .unwrap_or_default()
            }
            Repr::Boxed(s) => s,
        }
    }

    /// Text from UTF-16 code units: `None` on an unpaired surrogate when `lossy` is false,
    /// U+FFFD for it when true (as `String::from_utf16` / `from_utf16_lossy`).
    pub(crate) fn from_utf16(units: &[u16], lossy: bool) -> Option<GlyphText> {
        let mut bytes = [0u8; INLINE];
        let mut len = 0;
        for c in char::decode_utf16(units.iter().copied()) {
            let c = match c {
                Ok(c) => c,
                Err(_) if lossy => char::REPLACEMENT_CHARACTER,
                Err(_) => return None,
            };
            match bytes.get_mut(len..len + c.len_utf8()) {
                Some(slot) => len += c.encode_utf8(slot).len(),
                None => {
                    let s = if lossy {
                        String::from_utf16_lossy(units)
                    } else {
                        String::from_utf16(units).ok()?
                    };
                    return Some(GlyphText::from(s));
                }
            }
        }
        Some(GlyphText(Repr::Inline { len: len as u8, bytes }))
    }

    /// One character.
    pub fn from_char(c: char) -> GlyphText {
        let mut bytes = [0u8; INLINE];
        let len = c.encode_utf8(&mut bytes).len() as u8;
        GlyphText(Repr::Inline { len, bytes })
    }
}

impl Default for GlyphText {
    fn default() -> Self {
        GlyphText(Repr::Inline { len: 0, bytes: [0; INLINE] })
    }
}

impl From<&str> for GlyphText {
    fn from(s: &str) -> Self {
        match s.len() {
            len @ 0..=INLINE => {
                let mut bytes = [0u8; INLINE];
                if let Some(slot) = bytes.get_mut(..len) {
                    slot.copy_from_slice(s.as_bytes());
                }
                GlyphText(Repr::Inline { len: len as u8, bytes })
            }
            _ => GlyphText(Repr::Boxed(s.into())),
        }
    }
}

impl From<String> for GlyphText {
    fn from(s: String) -> Self {
        if s.len() <= INLINE {
            GlyphText::from(s.as_str())
        } else {
            GlyphText(Repr::Boxed(s.into_boxed_str()))
        }
    }
}

impl From<char> for GlyphText {
    fn from(c: char) -> Self {
        GlyphText::from_char(c)
    }
}

impl Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for GlyphText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for GlyphText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Prints as the string it holds (`"收"`), so debug output is what it was with `String`.
impl fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for GlyphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_boxed_read_back() {
        for s in ["", "收", "fi", "A", "\u{10FFFF}", "一二三四五六七", "一二三四五六七八"]
        {
            let t = GlyphText::from(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(GlyphText::from(s.to_string()), t);
            assert_eq!(format!("{t:?}"), format!("{s:?}"));
        }
        assert_eq!(GlyphText::from_char('支'), "支");
        let units: Vec<u16> = "收\u{20087}".encode_utf16().collect();
        assert_eq!(GlyphText::from_utf16(&units, false).as_deref(), Some("收\u{20087}"));
        assert_eq!(GlyphText::from_utf16(&[0xD800], false), None);
        assert_eq!(GlyphText::from_utf16(&[0xD800, 0x41], true).as_deref(), Some("\u{FFFD}A"));
        let long: Vec<u16> = "一二三四五六七八九十".encode_utf16().collect();
        assert_eq!(GlyphText::from_utf16(&long, true).as_deref(), Some("一二三四五六七八九十"));
        // Equal text is equal whichever way it is stored.
        assert_eq!(GlyphText::from("x".repeat(30)).as_str(), "x".repeat(30));
    }
}
