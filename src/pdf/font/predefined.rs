//! Predefined CMaps named by a Type0 font's `/Encoding` (PDF 32000 §9.7.5.2) that Chinese
//! budget PDFs use, decoded without the CMap files: the Unicode ones (UniGB-UCS2, UniGB-UTF16)
//! carry UTF-16BE codes, the GB ones (GB-EUC, GBK-EUC, GBKp-EUC, GBK2K) carry GBK/GB 18030
//! bytes. CIDs are only approximated (for widths): ASCII maps to Adobe-GB1's proportional
//! or half-width Latin CIDs, everything else to the font's default width.

use crate::pdf::GlyphText;

/// How codes of a predefined CMap are split and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Predefined {
    /// Identity-H / Identity-V: two-byte codes, CID = code.
    Identity,
    /// UniGB-UCS2 and other Uni*-UCS2 CMaps: two-byte UTF-16BE code units.
    Ucs2,
    /// UniGB-UTF16 and other Uni*-UTF16 CMaps: UTF-16BE, surrogate pairs as four-byte codes.
    Utf16,
    /// GB-EUC, GBpc-EUC, GBK-EUC, GBKp-EUC: one byte up to 0x80, else two bytes (GBK).
    Gbk,
    /// GBK2K: GB 18030 with one, two and four-byte codes.
    Gb18030,
}

/// The predefined CMap for an `/Encoding` name, and whether it writes vertically.
pub(crate) fn lookup(name: &str) -> Option<(Predefined, bool)> {
    let vertical = name.ends_with("-V");
    let base = name.strip_suffix("-H").or_else(|| name.strip_suffix("-V")).unwrap_or(name);
    let kind = match base {
        "Identity" => Predefined::Identity,
        _ if base.starts_with("Uni") && base.ends_with("-UCS2") => Predefined::Ucs2,
        _ if base.starts_with("Uni") && base.ends_with("-UTF16") => Predefined::Utf16,
        "GB-EUC" | "GBpc-EUC" | "GBK-EUC" | "GBKp-EUC" | "GBT-EUC" | "GBTpc-EUC" => Predefined::Gbk,
        "GBK2K" => Predefined::Gb18030,
        _ => return None,
    };
    Some((kind, vertical))
}

impl Predefined {
    /// Splits one code off the front of `bytes`: `(code, length)`.
    pub fn next_code(self, bytes: &[u8]) -> (u32, usize) {
        let b = |i: usize| bytes.get(i).copied().map(u32::from);
        let two = |len| match (b(0), b(1)) {
            (Some(h), Some(l)) => ((h << 8) | l, 2),
            (Some(h), None) => (h, 1),
            _ => (0, len),
        };
        match self {
            Predefined::Identity | Predefined::Ucs2 => two(1),
            Predefined::Utf16 => {
                let (first, n) = two(1);
                if n == 2 && (0xD800..0xDC00).contains(&first) {
                    if let (Some(h), Some(l)) = (b(2), b(3)) {
                        return ((first << 16) | (h << 8) | l, 4);
                    }
                }
                (first, n)
            }
            Predefined::Gbk => match b(0) {
                Some(h) if h <= 0x80 => (h, 1),
                _ => two(1),
            },
            Predefined::Gb18030 => match (b(0), b(1)) {
                (Some(h), _) if h <= 0x80 => (h, 1),
                (Some(_), Some(l)) if (0x30..=0x39).contains(&l) && bytes.len() >= 4 => {
                    let code = bytes.iter().take(4).fold(0u32, |acc, x| (acc << 8) | u32::from(*x));
                    (code, 4)
                }
                _ => two(1),
            },
        }
    }

    /// Unicode text of a code, for the CMaps whose codes are text.
    pub fn text(self, code: u32, len: usize) -> Option<GlyphText> {
        match self {
            Predefined::Identity => None,
            Predefined::Ucs2 | Predefined::Utf16 => {
                let pair = [(code >> 16) as u16, (code & 0xFFFF) as u16];
                let units = if len == 4 { &pair[..] } else { &pair[1..] };
                GlyphText::from_utf16(units, false)
            }
            Predefined::Gbk | Predefined::Gb18030 => {
                let bytes = code.to_be_bytes();
                let start = 4usize.saturating_sub(len.clamp(1, 4));
                // Decoded into a buffer on the stack: one code is at most two characters.
                let mut buf = [0u8; 16];
                let out = std::str::from_utf8_mut(&mut buf).ok()?; // ok: zeros are UTF-8
                let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
                let (result, _, written) =
                    decoder.decode_to_str_without_replacement(bytes.get(start..)?, out, true);
                match result {
                    encoding_rs::DecoderResult::InputEmpty => {
                        Some(GlyphText::from(out.get(..written)?))
                    }
                    _ => None,
                }
            }
        }
    }

    /// Approximate Adobe-GB1 CID of a code (for widths); `None` when only the default
    /// width applies.
    pub fn approx_cid(self, code: u32, len: usize) -> Option<u32> {
        match self {
            Predefined::Identity => Some(code),
            Predefined::Ucs2 | Predefined::Utf16 | Predefined::Gb18030 => {
                (len <= 2 && (0x20..=0x7E).contains(&code)).then(|| code - 0x1F)
            }
            Predefined::Gbk => match code {
                0x20 if len == 1 => Some(7716),
                0x21..=0x7E if len == 1 => Some(code - 0x21 + 814),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(lookup("UniGB-UCS2-H"), Some((Predefined::Ucs2, false)));
        assert_eq!(lookup("UniGB-UTF16-V"), Some((Predefined::Utf16, true)));
        assert_eq!(lookup("GBK-EUC-H"), Some((Predefined::Gbk, false)));
        assert_eq!(lookup("GBK2K-V"), Some((Predefined::Gb18030, true)));
        assert_eq!(lookup("Identity-V"), Some((Predefined::Identity, true)));
        assert_eq!(lookup("90ms-RKSJ-H"), None);
    }

    #[test]
    fn gbk_bytes_decode() {
        // "收支2" in GBK: CA D5 D6 A7 32
        let bytes = [0xCA, 0xD5, 0xD6, 0xA7, 0x32];
        let mut rest = &bytes[..];
        let mut out = String::new();
        while !rest.is_empty() {
            let (code, len) = Predefined::Gbk.next_code(rest);
            out.push_str(&Predefined::Gbk.text(code, len).unwrap_or_default());
            rest = &rest[len..];
        }
        assert_eq!(out, "收支2");
        assert_eq!(Predefined::Gbk.approx_cid(0x32, 1), Some(0x32 - 0x21 + 814));
    }

    #[test]
    fn utf16_surrogates_and_ucs2() {
        let (code, len) = Predefined::Utf16.next_code(&[0xD8, 0x40, 0xDC, 0x87]);
        assert_eq!(len, 4);
        assert_eq!(Predefined::Utf16.text(code, len).as_deref(), Some("\u{20087}"));
        let (code, len) = Predefined::Ucs2.next_code(&[0x65, 0x36]);
        assert_eq!(Predefined::Ucs2.text(code, len).as_deref(), Some("收"));
        assert_eq!(Predefined::Ucs2.approx_cid(0x41, 2), Some(34));
    }

    #[test]
    fn gb18030_four_byte() {
        // U+00A5 is the four-byte GB 18030 code 81 30 84 36.
        let (code, len) = Predefined::Gb18030.next_code(&[0x81, 0x30, 0x84, 0x36]);
        assert_eq!(len, 4);
        assert_eq!(Predefined::Gb18030.text(code, len).as_deref(), Some("\u{A5}"));
    }
}
