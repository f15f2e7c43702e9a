//! CMap streams (PDF 32000 §9.7.5, §9.10.3): codespace ranges that split a byte string into
//! codes, `bfchar`/`bfrange` (ToUnicode: code → text) and `cidchar`/`cidrange` (embedded
//! encodings: code → CID). The parser is a flat token loop: no recursion, and ranges are
//! stored as ranges so a hostile `<00000000> <FFFFFFFF>` costs nothing.

use crate::pdf::{FastMap, GlyphText};

/// One codespace range: codes of `len` bytes whose bytes each lie within `lo[i]..=hi[i]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodespaceRange {
    pub len: usize,
    pub lo: [u8; 4],
    pub hi: [u8; 4],
}

/// What a range maps to.
#[derive(Debug, Clone)]
enum RangeTarget {
    /// Consecutive targets starting at this text (last UTF-16 unit incremented).
    Start(Vec<u16>),
    /// One text per code, in order.
    List(Vec<GlyphText>),
}

/// A parsed CMap: codespace, code → text and code → CID.
#[derive(Debug, Clone, Default)]
pub(crate) struct CMap {
    pub codespace: Vec<CodespaceRange>,
    /// Sorted by code after parsing, for binary search.
    chars: Vec<(u32, GlyphText)>,
    ranges: Vec<(u32, u32, RangeTarget)>,
    /// No two ranges overlap, and `ranges` is sorted by start (binary search per glyph
    /// instead of a scan of every range); otherwise `ranges` keeps the file's order.
    ranges_disjoint: bool,
    cid_chars: FastMap<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
    /// 1 for vertical writing.
    pub wmode: u8,
    /// Name given to `usecmap`, if any (a predefined CMap this one extends).
    pub use_cmap: Option<String>,
}

impl CMap {
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }

    pub fn has_cids(&self) -> bool {
        !self.cid_chars.is_empty() || !self.cid_ranges.is_empty()
    }

    /// Text for a code from `bfchar`/`bfrange`.
    pub fn lookup(&self, code: u32) -> Option<GlyphText> {
        if let Ok(i) = self.chars.binary_search_by_key(&code, |(c, _)| *c) {
            return self.chars.get(i).map(|(_, s)| s.clone());
        }
        if self.ranges_disjoint {
            // Sorted by start and not overlapping: the one range that can hold the code.
            let i = self.ranges.partition_point(|(lo, _, _)| *lo <= code);
            let (lo, hi, target) = self.ranges.get(i.checked_sub(1)?)?;
            return if code <= *hi { range_text(*lo, target, code) } else { None };
        }
        // Later ranges win, as later definitions override earlier ones.
        let (lo, _, target) =
            self.ranges.iter().rev().find(|(lo, hi, _)| (*lo..=*hi).contains(&code))?;
        range_text(*lo, target, code)
    }

    /// CID for a code from `cidchar`/`cidrange`.
    pub fn cid(&self, code: u32) -> Option<u32> {
        if let Some(c) = self.cid_chars.get(&code) {
            return Some(*c);
        }
        self.cid_ranges
            .iter()
            .rev()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
            .map(|(lo, _, start)| start.saturating_add(code - lo))
    }
}

/// Splits `bytes` at the front into one code: `(code, length)`, per the codespace ranges
/// (PDF 32000 §9.7.6.2). Bytes matching no range consume the shortest code length.
pub(crate) fn next_code(codespace: &[CodespaceRange], bytes: &[u8]) -> (u32, usize) {
    for len in 1..=4 {
        let Some(head) = bytes.get(..len) else { break };
        let matched = codespace.iter().any(|r| {
            r.len == len && head.iter().enumerate().all(|(i, b)| r.lo[i] <= *b && *b <= r.hi[i])
        });
        if matched {
            return (be_code(head), len);
        }
    }
    let len = codespace.iter().map(|r| r.len).min().unwrap_or(1).clamp(1, 4).min(bytes.len());
    (be_code(bytes.get(..len).unwrap_or_default()), len.max(1))
}

/// The text a `bfrange` starting at `lo` gives `code` (which it holds).
fn range_text(lo: u32, target: &RangeTarget, code: u32) -> Option<GlyphText> {
    let offset = code.checked_sub(lo)?;
    match target {
        RangeTarget::Start(units) => {
            let (last, head) = units.split_last()?;
            let last = last.checked_add(u16::try_from(offset).ok()?)?;
            // The usual target is one or two units: no allocation for those.
            let mut buf = [0u16; 8];
            match buf.get_mut(..=head.len()) {
                Some(slot) => {
                    let (tail, start) = slot.split_last_mut()?;
                    start.copy_from_slice(head);
                    *tail = last;
                    GlyphText::from_utf16(slot, true)
                }
                None => {
                    let mut units = units.clone();
                    *units.last_mut()? = last;
                    GlyphText::from_utf16(&units, true)
                }
            }
        }
        RangeTarget::List(list) => list.get(offset as usize).cloned(),
    }
}

fn be_code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Name(String),
    Int(i64),
    Word(String),
    ArrayOpen,
    ArrayClose,
}

/// Tokenises the PostScript subset CMaps use. Literal strings and dictionaries are skipped.
fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        match b {
            b'%' => {
                while data.get(i).is_some_and(|c| *c != b'\n' && *c != b'\r') {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                i += 1;
                // Bytes decoded as the digits come; an odd last digit is followed by 0.
                let mut bytes = Vec::new();
                let mut high: Option<u8> = None;
                while let Some(&c) = data.get(i) {
                    i += 1;
                    if c == b'>' {
                        break;
                    }
                    if let Some(d) = (c as char).to_digit(16) {
                        match high.take() {
                            Some(h) => bytes.push((h << 4) | d as u8),
                            None => high = Some(d as u8),
                        }
                    }
                }
                if let Some(h) = high {
                    bytes.push(h << 4);
                }
                out.push(Token::Hex(bytes));
            }
            b'(' => {
                let mut depth = 0usize;
                while let Some(&c) = data.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            b'[' => {
                out.push(Token::ArrayOpen);
                i += 1;
            }
            b']' => {
                out.push(Token::ArrayClose);
                i += 1;
            }
            b'{' | b'}' => i += 1,
            c if c.is_ascii_whitespace() || c == 0 => i += 1,
            _ => {
                let start = i;
                while data.get(i).is_some_and(|c| {
                    !c.is_ascii_whitespace() && !b"[]<>(){}%".contains(c) && *c != 0
                }) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = String::from_utf8_lossy(data.get(start..i).unwrap_or_default());
                if let Some(name) = word.strip_prefix('/') {
                    out.push(Token::Name(name.to_string()));
                } else if let Ok(n) = word.parse::<i64>() {
                    out.push(Token::Int(n));
                } else {
                    out.push(Token::Word(word.into_owned()));
                }
            }
        }
    }
    out
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks(2).map(|p| (u16::from(p[0]) << 8) | u16::from(*p.get(1).unwrap_or(&0))).collect()
}

fn hex_text(bytes: &[u8]) -> GlyphText {
    if let [b] = bytes {
        return GlyphText::from_char(char::from(*b));
    }
    GlyphText::from_utf16(&utf16_units(bytes), true).unwrap_or_default()
}

/// Parses a CMap stream's data. Anything not understood is skipped.
pub(crate) fn parse(data: &[u8]) -> CMap {
    let tokens = tokenize(data);
    let mut cmap = CMap::default();
    let mut i = 0;
    let mut last_name: Option<String> = None;
    while let Some(tok) = tokens.get(i) {
        i += 1;
        match tok {
            Token::Name(n) => {
                if n == "WMode" {
                    if let Some(Token::Int(v)) = tokens.get(i) {
                        cmap.wmode = u8::from(*v == 1);
                    }
                }
                last_name = Some(n.clone());
            }
            Token::Word(w) => match w.as_str() {
                "usecmap" => cmap.use_cmap = last_name.take(),
                "begincodespacerange" => {
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        i += 2;
                        if lo.len() == hi.len() && (1..=4).contains(&lo.len()) {
                            let mut r = CodespaceRange { len: lo.len(), lo: [0; 4], hi: [0; 4] };
                            r.lo[..lo.len()].copy_from_slice(lo);
                            r.hi[..hi.len()].copy_from_slice(hi);
                            cmap.codespace.push(r);
                        }
                    }
                }
                "beginbfchar" => {
                    while let (Some(Token::Hex(src)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        i += 2;
                        let text = match dst {
                            Token::Hex(d) => hex_text(d),
                            Token::Name(n) => super::encoding::glyph_name_to_text(n)
                                .map(GlyphText::from)
                                .unwrap_or_default(),
                            _ => continue,
                        };
                        if src.len() <= 4 {
                            cmap.chars.push((be_code(src), text));
                        }
                    }
                }
                "beginbfrange" => {
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        i += 2;
                        let (lo, hi) = (be_code(lo), be_code(hi));
                        match tokens.get(i) {
                            Some(Token::Hex(dst)) => {
                                i += 1;
                                if lo <= hi {
                                    cmap.ranges.push((
                                        lo,
                                        hi,
                                        RangeTarget::Start(utf16_units(dst)),
                                    ));
                                }
                            }
                            Some(Token::ArrayOpen) => {
                                i += 1;
                                let mut list = Vec::new();
                                while let Some(Token::Hex(d)) = tokens.get(i) {
                                    list.push(hex_text(d));
                                    i += 1;
                                }
                                if let Some(Token::ArrayClose) = tokens.get(i) {
                                    i += 1;
                                }
                                if lo <= hi {
                                    cmap.ranges.push((lo, hi, RangeTarget::List(list)));
                                }
                            }
                            _ => break,
                        }
                    }
                }
                "begincidchar" => {
                    while let (Some(Token::Hex(src)), Some(Token::Int(cid))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        i += 2;
                        if let Ok(cid) = u32::try_from(*cid) {
                            cmap.cid_chars.insert(be_code(src), cid);
                        }
                    }
                }
                "begincidrange" => {
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi)), Some(Token::Int(cid))) =
                        (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                    {
                        i += 3;
                        let (lo, hi) = (be_code(lo), be_code(hi));
                        if let (true, Ok(cid)) = (lo <= hi, u32::try_from(*cid)) {
                            cmap.cid_ranges.push((lo, hi, cid));
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    // Later definitions override earlier ones: a stable sort keeps their order, and the
    // dedup keeps the last of each code.
    cmap.chars.sort_by_key(|(c, _)| *c);
    cmap.chars.reverse();
    cmap.chars.dedup_by_key(|(c, _)| *c);
    cmap.chars.reverse();
    let mut spans: Vec<(u32, u32)> = cmap.ranges.iter().map(|(lo, hi, _)| (*lo, *hi)).collect();
    spans.sort_unstable();
    cmap.ranges_disjoint = spans.windows(2).all(|w| w[0].1 < w[1].0); // ok: windows(2)
    if cmap.ranges_disjoint {
        cmap.ranges.sort_by_key(|(lo, _, _)| *lo);
    }
    cmap
}

#[cfg(test)]
mod tests {
    use super::*;

    const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar
<0003> <0020>
<0A1B> <6536>
endbfchar
2 beginbfrange
<0010> <0012> <652F>
<0020> <0021> [<51FA> <D840DC87>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_and_both_bfrange_forms() {
        let cmap = parse(TO_UNICODE);
        assert_eq!(cmap.lookup(0x0A1B).as_deref(), Some("收"));
        assert_eq!(cmap.lookup(0x0003).as_deref(), Some(" "));
        assert_eq!(cmap.lookup(0x0011).as_deref(), Some("\u{6530}"));
        assert_eq!(cmap.lookup(0x0020).as_deref(), Some("出"));
        assert_eq!(cmap.lookup(0x0021).as_deref(), Some("\u{20087}"));
        assert_eq!(cmap.lookup(0x0013), None);
    }

    #[test]
    fn codespace_splits_mixed_lengths() {
        let cmap = parse(b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange");
        let bytes = [0x41, 0xCA, 0xD5, 0x31];
        let (c, n) = next_code(&cmap.codespace, &bytes);
        assert_eq!((c, n), (0x41, 1));
        let (c, n) = next_code(&cmap.codespace, &bytes[1..]);
        assert_eq!((c, n), (0xCAD5, 2));
        // A lone lead byte at the end still advances.
        assert_eq!(next_code(&cmap.codespace, &[0xCA]), (0xCA, 1));
    }

    #[test]
    fn cid_ranges_and_wmode() {
        let cmap = parse(
            b"/WMode 1 def 1 begincidrange <8140> <8178> 10072 endcidrange
1 begincidchar <20> 7716 endcidchar",
        );
        assert_eq!(cmap.cid(0x8141), Some(10073));
        assert_eq!(cmap.cid(0x20), Some(7716));
        assert_eq!(cmap.wmode, 1);
    }

    #[test]
    fn overlapping_ranges_later_wins_disjoint_ranges_searched() {
        let cmap = parse(b"2 beginbfrange <10> <20> <0041> <15> <16> <0061> endbfrange");
        assert!(!cmap.ranges_disjoint);
        assert_eq!(cmap.lookup(0x15).as_deref(), Some("a"));
        assert_eq!(cmap.lookup(0x17).as_deref(), Some("H"));
        let cmap =
            parse(b"3 beginbfrange <30> <31> <0061> <10> <12> <0041> <20> <20> <0078> endbfrange");
        assert!(cmap.ranges_disjoint);
        assert_eq!(cmap.lookup(0x11).as_deref(), Some("B"));
        assert_eq!(cmap.lookup(0x20).as_deref(), Some("x"));
        assert_eq!(cmap.lookup(0x31).as_deref(), Some("b"));
        assert_eq!(cmap.lookup(0x13), None);
        assert_eq!(cmap.lookup(0x05), None);
    }

    #[test]
    fn huge_range_is_not_expanded() {
        let cmap = parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(cmap.lookup(1).as_deref(), Some("B"));
        assert_eq!(cmap.lookup(0xFFFF_FFFF), None); // overflows the UTF-16 unit
    }

    #[test]
    fn garbage_does_not_panic() {
        let _ = parse(b"<<<< ((( [ <0G> begincodespacerange <00> endbfrange beginbfrange <01>");
        let _ = parse(&[0xFF, 0x00, b'<', b'(', b'\\']);
    }
}
