//! Bytes of a text export → a `String`, whatever encoding the exporter chose.
//!
//! Chinese government text exports come as UTF-8 (with or without BOM), GBK/GB18030
//! (Windows "ANSI" on a Chinese system) and UTF-16 (Windows "Unicode"). We detect rather
//! than assume, and refuse binary data instead of decoding it into noise.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// The encoding a text export was found to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// Why bytes are not a text export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText(pub String);

/// Share of control characters above which a decoded file is taken to be binary.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Decodes a text export, detecting its encoding.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), NotText> {
    if bytes.starts_with(b"%PDF-") {
        return Err(NotText("it starts with %PDF-, so it is a PDF".into()));
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (strict(encoding_rs::UTF_8, rest)?, TextEncoding::Utf8)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (strict(UTF_16LE, rest)?, TextEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (strict(UTF_16BE, rest)?, TextEncoding::Utf16Be)
    } else if let Some(le) = utf16_without_bom(bytes) {
        let enc = if le { UTF_16LE } else { UTF_16BE };
        let which = if le { TextEncoding::Utf16Le } else { TextEncoding::Utf16Be };
        (strict(enc, bytes)?, which)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), TextEncoding::Utf8)
    } else {
        let text = strict(GB18030, bytes).map_err(|_| {
            NotText("its bytes are neither UTF-8, UTF-16 nor GBK/GB18030 text".into())
        })?;
        (text, TextEncoding::Gb18030)
    };
    let chars = text.chars().count().max(1);
    let control = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    if control as f64 / chars as f64 > MAX_CONTROL_SHARE {
        return Err(NotText(format!(
            "{control} of its {chars} characters are control characters, so it looks binary"
        )));
    }
    Ok((text, encoding))
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, NotText> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(|| NotText(format!("it is not valid {}", encoding.name())))
}

/// UTF-16 without a BOM: CJK and ASCII text alike put NUL bytes on one side far more often
/// than any 8-bit encoding does. `Some(true)` for little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // ASCII-heavy UTF-16 has NULs on one side; CJK-heavy UTF-16 has newlines and tabs as
    // 0x0A00/0x0900 (LE) — look for those too.
    let le_marks = sample.chunks_exact(2).filter(|p| matches!(p, [0x0A | 0x09, 0])).count();
    let be_marks = sample.chunks_exact(2).filter(|p| matches!(p, [0, 0x0A | 0x09])).count();
    if odd_nul * 4 > pairs && even_nul * 20 < pairs || le_marks > 2 && be_marks == 0 {
        Some(true)
    } else if even_nul * 4 > pairs && odd_nul * 20 < pairs || be_marks > 2 && le_marks == 0 {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "2025年部门收支总体情况表\n收入\t\t支出\t\n项目\t金额\t项目\t金额\n";

    #[test]
    fn all_supported_encodings_decode_to_the_same_text() {
        let (gbk, _, _) = GB18030.encode(SAMPLE);
        let utf16le: Vec<u8> = SAMPLE.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = SAMPLE.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut bom8 = b"\xEF\xBB\xBF".to_vec();
        bom8.extend_from_slice(SAMPLE.as_bytes());
        let mut bom16 = b"\xFF\xFE".to_vec();
        bom16.extend_from_slice(&utf16le);
        let cases: [(&[u8], TextEncoding); 6] = [
            (SAMPLE.as_bytes(), TextEncoding::Utf8),
            (&bom8, TextEncoding::Utf8),
            (&gbk, TextEncoding::Gb18030),
            (&utf16le, TextEncoding::Utf16Le),
            (&utf16be, TextEncoding::Utf16Be),
            (&bom16, TextEncoding::Utf16Le),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(bytes), Ok((SAMPLE.to_string(), want)));
        }
    }

    #[test]
    fn binary_and_pdf_bytes_are_refused() {
        assert!(decode(b"%PDF-1.7\n%\xE2\xE3").is_err());
        let binary: Vec<u8> = (0u8..=255).cycle().take(4000).collect();
        assert!(decode(&binary).is_err());
        assert!(decode(b"\x00\x01\x02\x03\x04\x05\x06\x07abc").is_err());
    }
}
