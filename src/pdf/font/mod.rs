//! Fonts: byte strings of a `Tj`/`TJ` operand → codes → Unicode text and advance widths.
//!
//! Decoding order (PDF 32000 §9.10.2): the font's ToUnicode CMap; for Type0 fonts with a
//! predefined Chinese CMap, the code itself (UTF-16BE for UniGB-UCS2/UTF16, GBK/GB 18030 for
//! the GB CMaps); the embedded TrueType program's own cmap, inverted (glyph id → Unicode);
//! the Adobe-GB1 CID → Unicode table for CID fonts with that ordering and no TrueType
//! program. Simple fonts use their base encoding and `/Differences`, checked against the
//! embedded program when there is one. A mapping that yields nothing usable is reported as
//! `text: None`; the caller counts and warns.

mod adobe_gb1;
mod cmap;
mod encoding;
#[allow(clippy::unreadable_literal)]
mod encoding_tables;
mod predefined;
mod std14;
mod truetype;

use std::cell::OnceCell;
use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::objects::{self, decode_name, stream_data};
use super::GlyphText;
use cmap::CMap;
use encoding::BaseEncoding;
use predefined::Predefined;
use truetype::TrueTypeInfo;

/// One decoded code of a string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decoded {
    /// Unicode text; `Some("")` for codes mapped to nothing on purpose, `None` when no
    /// mapping was found.
    pub text: Option<GlyphText>,
    /// Advance in 1/1000 of the font size (horizontal, or downward for vertical fonts).
    pub width: f64,
    /// The code is the single byte 32, to which word spacing applies.
    pub is_space: bool,
}

/// A loaded font, shared by every use of it in a document.
#[derive(Debug)]
pub(crate) struct Font<'d> {
    /// `/BaseFont`, decoded leniently (it may be raw GBK).
    pub name: String,
    /// Writing mode 1 (Identity-V and other `-V` CMaps).
    pub vertical: bool,
    /// What could not be understood while loading.
    pub problems: Vec<String>,
    kind: Kind,
    to_unicode: Option<CMap>,
    /// The embedded TrueType/OpenType program, still encoded: it is only decoded and parsed
    /// when a code needs it (no usable ToUnicode, or no width).
    program: Option<(&'d lopdf::Stream, usize)>,
    program_info: OnceCell<Option<TrueTypeInfo>>,
}

#[derive(Debug)]
enum Kind {
    Simple(Simple),
    Composite(Composite),
}

#[derive(Debug)]
struct Simple {
    /// Text per code from the base encoding and `/Differences`.
    encoded: Vec<Option<String>>,
    /// Codes whose `/Differences` name is a glyph index (`g123`).
    diff_gids: HashMap<u8, u16>,
    widths: Vec<Option<f64>>,
    missing_width: Option<f64>,
    /// Scale from glyph-space widths to 1/1000 em (1 except for Type3 fonts).
    width_scale: f64,
}

#[derive(Debug)]
enum Codes {
    Predefined(Predefined),
    Embedded(CMap),
}

#[derive(Debug)]
struct Composite {
    codes: Codes,
    widths: CidWidthRuns,
    width_ranges: Vec<(u32, u32, f64)>,
    default_width: f64,
    /// Vertical advance (1/1000, positive = downward) from `/DW2`.
    vertical_advance: f64,
    /// CIDs are Adobe-GB1 CIDs (ordering GB1, no TrueType program to read instead).
    gb1: bool,
    /// `/CIDToGIDMap` stream; `None` is Identity.
    cid_to_gid: Option<Vec<u16>>,
    truetype: bool,
}

/// Text that is of no use to a reader: empty, U+FFFD, private use or control characters.
fn is_clean(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| {
            let u = u32::from(c);
            !(c == '\u{FFFD}'
                || (0xE000..=0xF8FF).contains(&u)
                || u >= 0xF0000
                || (c.is_control() && !c.is_whitespace()))
        })
}

impl<'d> Font<'d> {
    /// Loads a font dictionary. Never fails: what cannot be read ends up in `problems`.
    pub fn load(doc: &'d Document, dict: &'d Dictionary, max_stream: usize) -> Font<'d> {
        let name = objects::get(doc, dict, b"BaseFont")
            .and_then(|o| match o {
                Object::Name(n) => Some(decode_name(n)),
                Object::String(s, _) => Some(decode_name(s)),
                _ => None,
            })
            .unwrap_or_else(|| "(unnamed)".to_string());
        let subtype = objects::get_name(doc, dict, b"Subtype").unwrap_or_default().to_vec();
        let mut problems = Vec::new();
        let to_unicode = match objects::get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(s)) => match stream_data(s, max_stream) {
                Ok(data) => Some(cmap::parse(&data)),
                Err(e) => {
                    problems.push(format!("ToUnicode CMap unreadable: {e:?}"));
                    None
                }
            },
            _ => None,
        };
        let mut font = Font {
            name,
            vertical: false,
            problems,
            kind: Kind::Simple(Simple {
                encoded: vec![None; 256],
                diff_gids: HashMap::new(),
                widths: Vec::new(),
                missing_width: None,
                width_scale: 1.0,
            }),
            to_unicode: to_unicode.filter(|c| !c.is_empty()),
            program: None,
            program_info: OnceCell::new(),
        };
        if subtype == b"Type0" {
            font.load_composite(doc, dict, max_stream);
        } else {
            font.load_simple(doc, dict, &subtype, max_stream);
        }
        font
    }

    fn load_program(
        &mut self,
        doc: &'d Document,
        descriptor: Option<&'d Dictionary>,
        max_stream: usize,
    ) {
        let Some(fd) = descriptor else { return };
        let stream = objects::get_stream(doc, fd, b"FontFile2").or_else(|| {
            objects::get_stream(doc, fd, b"FontFile3").filter(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"OpenType")
            })
        });
        self.program = stream.map(|s| (s, max_stream));
    }

    fn truetype(&self) -> Option<&TrueTypeInfo> {
        self.program_info
            .get_or_init(|| {
                let (stream, max) = self.program.as_ref()?;
                TrueTypeInfo::parse(&stream_data(stream, *max).ok()?)
            })
            .as_ref()
    }

    fn load_simple(
        &mut self,
        doc: &'d Document,
        dict: &'d Dictionary,
        subtype: &[u8],
        max_stream: usize,
    ) {
        let descriptor = objects::get_dict(doc, dict, b"FontDescriptor");
        self.load_program(doc, descriptor, max_stream);
        let flags = descriptor.and_then(|fd| objects::get_number(doc, fd, b"Flags")).unwrap_or(0.0);
        let symbolic = (flags as i64) & 4 != 0;
        let mut base = if subtype == b"TrueType" && !symbolic {
            Some(BaseEncoding::WinAnsi)
        } else if symbolic {
            None
        } else {
            Some(BaseEncoding::Standard)
        };
        let mut differences: Option<&[Object]> = None;
        match objects::get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => match BaseEncoding::from_name(n) {
                Some(b) => base = Some(b),
                None => self.problems.push(format!("unknown encoding /{}", decode_name(n))),
            },
            Some(Object::Dictionary(d)) => {
                if let Some(n) = objects::get_name(doc, d, b"BaseEncoding") {
                    match BaseEncoding::from_name(n) {
                        Some(b) => base = Some(b),
                        None => {
                            self.problems.push(format!("unknown base encoding /{}", decode_name(n)))
                        }
                    }
                }
                differences = objects::get_array(doc, d, b"Differences");
            }
            Some(Object::Null) | None => {}
            Some(_) => self.problems.push("malformed /Encoding".to_string()),
        }
        let mut encoded: Vec<Option<String>> =
            (0..=255u8).map(|c| base.and_then(|b| b.char_for(c)).map(String::from)).collect();
        let mut diff_gids = HashMap::new();
        if let Some(diffs) = differences {
            let mut code: i64 = 0;
            for item in diffs {
                match objects::resolve(doc, item) {
                    Some(Object::Integer(i)) => code = *i,
                    Some(Object::Name(n)) => {
                        if let Ok(c) = u8::try_from(code) {
                            let glyph = String::from_utf8_lossy(n);
                            let text = encoding::glyph_name_to_text(&glyph);
                            if text.is_none() {
                                if let Some(gid) = encoding::glyph_name_index(&glyph) {
                                    diff_gids.insert(c, gid);
                                }
                            }
                            if let Some(slot) = encoded.get_mut(usize::from(c)) {
                                *slot = text;
                            }
                        }
                        // The start code comes from the file: i64::MAX must not overflow.
                        code = code.saturating_add(1);
                    }
                    _ => {}
                }
            }
        }
        let first = objects::get_number(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
        let mut widths = vec![None; 256];
        if let Some(ws) = objects::get_array(doc, dict, b"Widths") {
            for (i, w) in objects::numbers(doc, ws).into_iter().enumerate() {
                // `/FirstChar 1e30` casts to usize::MAX: past the table, not an overflow.
                if let Some(slot) = first.checked_add(i).and_then(|c| widths.get_mut(c)) {
                    *slot = Some(w);
                }
            }
        }
        let missing_width = descriptor
            .and_then(|fd| objects::get_number(doc, fd, b"MissingWidth"))
            .filter(|w| *w > 0.0);
        let width_scale = if subtype == b"Type3" {
            objects::get_array(doc, dict, b"FontMatrix")
                .map(|m| objects::numbers(doc, m))
                .and_then(|m| m.first().copied())
                .map_or(1.0, |a| a * 1000.0)
        } else {
            1.0
        };
        self.kind = Kind::Simple(Simple { encoded, diff_gids, widths, missing_width, width_scale });
    }

    fn load_composite(&mut self, doc: &'d Document, dict: &'d Dictionary, max_stream: usize) {
        let codes = match objects::get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                let name = decode_name(n);
                match predefined::lookup(&name) {
                    Some((p, vertical)) => {
                        self.vertical = vertical;
                        Codes::Predefined(p)
                    }
                    None => {
                        self.problems.push(format!(
                            "unsupported predefined CMap /{name}; codes read as two-byte CIDs"
                        ));
                        Codes::Predefined(Predefined::Identity)
                    }
                }
            }
            Some(Object::Stream(s)) => match stream_data(s, max_stream) {
                Ok(data) => {
                    let cmap = cmap::parse(&data);
                    self.vertical = cmap.wmode == 1;
                    let base = cmap.use_cmap.as_deref().and_then(predefined::lookup);
                    if cmap.has_cids() || cmap.codespace.is_empty() && base.is_none() {
                        Codes::Embedded(cmap)
                    } else if let Some((p, v)) = base {
                        self.vertical |= v;
                        Codes::Predefined(p)
                    } else {
                        Codes::Embedded(cmap)
                    }
                }
                Err(e) => {
                    self.problems.push(format!("encoding CMap unreadable: {e:?}"));
                    Codes::Predefined(Predefined::Identity)
                }
            },
            _ => {
                self.problems.push("Type0 font without /Encoding; read as Identity-H".to_string());
                Codes::Predefined(Predefined::Identity)
            }
        };
        let descendant = objects::get_array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| objects::resolve(doc, o))
            .and_then(objects::as_dict);
        let Some(cid_font) = descendant else {
            self.problems.push("Type0 font without descendant font".to_string());
            self.kind = Kind::Composite(Composite {
                codes,
                widths: CidWidthRuns::default(),
                width_ranges: Vec::new(),
                default_width: 1000.0,
                vertical_advance: 1000.0,
                gb1: false,
                cid_to_gid: None,
                truetype: false,
            });
            return;
        };
        let truetype = objects::get_name(doc, cid_font, b"Subtype") == Some(b"CIDFontType2");
        let descriptor = objects::get_dict(doc, cid_font, b"FontDescriptor");
        self.load_program(doc, descriptor, max_stream);
        let ordering = objects::get_dict(doc, cid_font, b"CIDSystemInfo")
            .and_then(|csi| objects::get(doc, csi, b"Ordering"))
            .and_then(|o| match o {
                Object::String(s, _) => Some(s.clone()),
                Object::Name(n) => Some(n.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let gb1 = ordering == b"GB1" && !(truetype && self.program.is_some());
        let default_width = objects::get_number(doc, cid_font, b"DW").unwrap_or(1000.0);
        let vertical_advance = objects::get_array(doc, cid_font, b"DW2")
            .map(|a| objects::numbers(doc, a))
            .and_then(|v| v.get(1).copied())
            .map_or(1000.0, |w1| -w1);
        let (widths, width_ranges) =
            objects::get_array(doc, cid_font, b"W").map(|w| parse_w(doc, w)).unwrap_or_default();
        let cid_to_gid = match objects::get(doc, cid_font, b"CIDToGIDMap") {
            Some(Object::Stream(s)) => match stream_data(s, max_stream) {
                Ok(data) => {
                    // ok: chunks_exact(2) yields pairs only
                    Some(data.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect())
                }
                Err(e) => {
                    self.problems.push(format!("CIDToGIDMap unreadable: {e:?}"));
                    None
                }
            },
            _ => None,
        };
        if self.to_unicode.is_none()
            && matches!(codes, Codes::Predefined(Predefined::Identity) | Codes::Embedded(_))
            && !gb1
            && self.program.is_none()
        {
            self.problems.push(format!(
                "no ToUnicode, no embedded TrueType program and ordering {:?}: text cannot be mapped",
                String::from_utf8_lossy(&ordering)
            ));
        }
        self.kind = Kind::Composite(Composite {
            codes,
            widths,
            width_ranges,
            default_width,
            vertical_advance,
            gb1,
            cid_to_gid,
            truetype,
        });
    }

    /// Decodes a string operand into `out` (cleared first).
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Decoded>) {
        out.clear();
        match &self.kind {
            Kind::Simple(simple) => {
                for &code in bytes {
                    let text = self.simple_text(simple, code);
                    let width = self.simple_width(simple, code, text.as_deref());
                    out.push(Decoded { text, width, is_space: code == 32 });
                }
            }
            Kind::Composite(comp) => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let (code, len) = match &comp.codes {
                        Codes::Predefined(p) => p.next_code(rest),
                        Codes::Embedded(cmap) if cmap.codespace.is_empty() => {
                            Predefined::Identity.next_code(rest)
                        }
                        Codes::Embedded(cmap) => cmap::next_code(&cmap.codespace, rest),
                    };
                    let len = len.clamp(1, rest.len());
                    rest = rest.get(len..).unwrap_or_default();
                    let text = self.composite_text(comp, code, len);
                    let width = if self.vertical {
                        comp.vertical_advance
                    } else {
                        self.composite_width(comp, code, len)
                    };
                    out.push(Decoded { text, width, is_space: len == 1 && code == 32 });
                }
            }
        }
    }

    fn unicode_from_to_unicode(&self, code: u32) -> Option<GlyphText> {
        self.to_unicode.as_ref().and_then(|c| c.lookup(code))
    }

    fn simple_text(&self, simple: &Simple, code: u8) -> Option<GlyphText> {
        let from_cmap = self.unicode_from_to_unicode(u32::from(code));
        if let Some(t) = &from_cmap {
            if is_clean(t) || t.is_empty() {
                return from_cmap;
            }
        }
        let encoded = simple.encoded.get(usize::from(code)).and_then(|e| e.as_deref());
        let from_program = || -> Option<GlyphText> {
            let tt = self.truetype()?;
            if let Some(c) = encoded.and_then(|t| t.chars().next()) {
                if !tt.has_unicode_cmap || tt.gid_for_char(c).is_some() {
                    return None;
                }
            }
            let gid = simple.diff_gids.get(&code).or_else(|| tt.code_to_gid.get(&code))?;
            tt.gid_to_char.get(gid).map(|c| GlyphText::from_char(*c))
        };
        if self.program.is_some() {
            if let Some(t) = from_program() {
                return Some(t);
            }
        }
        encoded.map(GlyphText::from).or(from_cmap)
    }

    fn simple_width(&self, simple: &Simple, code: u8, text: Option<&str>) -> f64 {
        if let Some(Some(w)) = simple.widths.get(usize::from(code)) {
            return w * simple.width_scale;
        }
        if let Some(w) = simple.missing_width {
            return w * simple.width_scale;
        }
        if let Some(tt) = self.truetype() {
            let gid =
                simple.diff_gids.get(&code).or_else(|| tt.code_to_gid.get(&code)).copied().or_else(
                    || text.and_then(|t| t.chars().next()).and_then(|c| tt.gid_for_char(c)),
                );
            if let Some(w) = gid.and_then(|g| tt.advance(g)) {
                return w;
            }
        }
        std14::approx_width(&self.name, text.unwrap_or_default())
    }

    fn composite_text(&self, comp: &Composite, code: u32, len: usize) -> Option<GlyphText> {
        let from_cmap = self.unicode_from_to_unicode(code);
        if let Some(t) = &from_cmap {
            if is_clean(t) || t.is_empty() {
                return from_cmap;
            }
        }
        let cid = match &comp.codes {
            Codes::Predefined(p) => {
                if let Some(t) = p.text(code, len).filter(|t| is_clean(t)) {
                    return Some(t);
                }
                (*p == Predefined::Identity).then_some(code)
            }
            Codes::Embedded(cmap) => Some(cmap.cid(code).unwrap_or(code)),
        };
        let from_tables = cid.and_then(|cid| {
            if comp.truetype {
                let gid = match &comp.cid_to_gid {
                    Some(map) => *map.get(cid as usize)?,
                    None => u16::try_from(cid).ok()?,
                };
                if let Some(c) = self.truetype().and_then(|tt| tt.gid_to_char.get(&gid)) {
                    return Some(GlyphText::from_char(*c));
                }
            }
            if comp.gb1 {
                return adobe_gb1::cid_to_char(cid).map(GlyphText::from_char);
            }
            None
        });
        from_tables.or(from_cmap)
    }

    fn composite_width(&self, comp: &Composite, code: u32, len: usize) -> f64 {
        let cid = match &comp.codes {
            Codes::Predefined(p) => p.approx_cid(code, len),
            Codes::Embedded(cmap) => Some(cmap.cid(code).unwrap_or(code)),
        };
        let Some(cid) = cid else {
            return if len == 1 { 500.0 } else { comp.default_width };
        };
        if let Some(w) = comp.widths.get(cid) {
            return w;
        }
        comp.width_ranges
            .iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&cid))
            .map_or(comp.default_width, |(_, _, w)| *w)
    }
}

/// Parses a `/W` array: `c [w1 w2 …]` and `c_first c_last w`.
/// Widths of single CIDs, and of CID ranges `(first, last, width)`.
type CidWidths = (CidWidthRuns, Vec<(u32, u32, f64)>);

fn parse_w(doc: &Document, w: &[Object]) -> CidWidths {
    let mut single = Vec::new();
    let mut ranges = Vec::new();
    let items: Vec<&Object> = w.iter().filter_map(|o| objects::resolve(doc, o)).collect();
    let mut i = 0;
    while let Some(first) = items.get(i).and_then(|o| objects::number(o)) {
        let first = first.max(0.0) as u32;
        match items.get(i + 1) {
            Some(Object::Array(list)) => {
                for (k, width) in objects::numbers(doc, list).into_iter().enumerate() {
                    single.push((first.saturating_add(k as u32), width));
                }
                i += 2;
            }
            Some(o) => {
                let last = objects::number(o);
                let width = items.get(i + 2).and_then(|o| objects::number(o));
                if let (Some(last), Some(width)) = (last, width) {
                    ranges.push((first, last.max(0.0) as u32, width));
                }
                i += 3;
            }
            None => break,
        }
    }
    (CidWidthRuns::new(single), ranges)
}

/// The single-CID widths of a `/W` array as runs of consecutive CIDs over one array of
/// widths. A font often lists every CID it has (tens of thousands); a hash map of them took
/// 17 MB over renwu_177's 210 fonts, this takes a third of that.
#[derive(Debug, Default)]
struct CidWidthRuns {
    /// First CID of each run and where its widths start in `widths`, sorted by CID.
    runs: Vec<(u32, u32)>,
    widths: Vec<f64>,
}

impl CidWidthRuns {
    /// From `(cid, width)` in `/W` order; a CID listed twice keeps its last width.
    fn new(mut pairs: Vec<(u32, f64)>) -> CidWidthRuns {
        pairs.sort_by_key(|&(cid, _)| cid); // stable: equal CIDs stay in `/W` order
        let mut out = CidWidthRuns::default();
        let mut last: Option<u32> = None;
        for (cid, width) in pairs {
            match last {
                Some(l) if l == cid => {
                    if let Some(w) = out.widths.last_mut() {
                        *w = width;
                    }
                    continue;
                }
                Some(l) if l.checked_add(1) == Some(cid) => {}
                _ => out.runs.push((cid, out.widths.len() as u32)),
            }
            out.widths.push(width);
            last = Some(cid);
        }
        out.widths.shrink_to_fit();
        out.runs.shrink_to_fit();
        out
    }

    fn get(&self, cid: u32) -> Option<f64> {
        let i = self.runs.partition_point(|&(first, _)| first <= cid).checked_sub(1)?;
        let (first, start) = self.runs[i]; // ok: i < runs.len() by partition_point
        let end = self.runs.get(i + 1).map_or(self.widths.len(), |&(_, s)| s as usize);
        let at = start as usize + (cid - first) as usize;
        (at < end).then(|| self.widths[at]) // ok: at < end <= widths.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn doc_with(objs: Vec<Object>) -> (Document, Vec<lopdf::ObjectId>) {
        let mut doc = Document::with_version("1.7");
        let ids = objs.into_iter().map(|o| doc.add_object(o)).collect();
        (doc, ids)
    }

    fn texts(font: &Font, bytes: &[u8]) -> (String, Vec<f64>) {
        let mut out = Vec::new();
        font.decode(bytes, &mut out);
        let text = out.iter().map(|d| d.text.as_deref().unwrap_or("?")).collect();
        (text, out.iter().map(|d| d.width).collect())
    }

    #[test]
    fn w_array_both_forms() {
        let (doc, _) = doc_with(vec![]);
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(20),
            Object::Integer(250),
        ];
        let (single, ranges) = parse_w(&doc, &w);
        assert_eq!(single.get(2), Some(600.0));
        assert_eq!(single.get(1), Some(500.0));
        assert_eq!(single.get(3), None);
        assert_eq!(single.get(0), None);
        assert_eq!(ranges, vec![(10, 20, 250.0)]);
    }

    #[test]
    fn w_runs_keep_the_last_width_of_a_cid_and_split_at_gaps() {
        let runs = CidWidthRuns::new(vec![(5, 1.0), (6, 2.0), (9, 3.0), (5, 4.0), (u32::MAX, 5.0)]);
        assert_eq!(runs.runs.len(), 3);
        let got: Vec<Option<f64>> = [4, 5, 6, 7, 8, 9, 10, u32::MAX].map(|c| runs.get(c)).into();
        assert_eq!(got, [None, Some(4.0), Some(2.0), None, None, Some(3.0), None, Some(5.0)]);
        assert_eq!(CidWidthRuns::new(Vec::new()).get(0), None);
    }

    #[test]
    fn simple_font_with_differences_and_widths() {
        let (doc, _) = doc_with(vec![]);
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => dictionary! {
                "Type" => "Encoding",
                "Differences" => vec![Object::Integer(65), "uni6536".into(), "uni652F".into()],
            },
            "FirstChar" => 65, "Widths" => vec![Object::Integer(1000), Object::Integer(900)],
        };
        let font = Font::load(&doc, &dict, 1 << 20);
        let (text, widths) = texts(&font, b"AB1");
        assert_eq!(text, "收支1");
        assert_eq!(widths, vec![1000.0, 900.0, 556.0]);
    }

    #[test]
    fn differences_starting_at_i64_max_do_not_overflow() {
        let (doc, _) = doc_with(vec![]);
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => dictionary! {
                "Differences" => vec![Object::Integer(i64::MAX), "A".into(), "B".into()],
            },
        };
        let font = Font::load(&doc, &dict, 1 << 20);
        // Codes past 255 name no byte: the base encoding stands.
        assert_eq!(texts(&font, b"AB").0, "AB");
    }

    #[test]
    fn first_char_past_usize_with_two_widths_does_not_overflow() {
        let (doc, _) = doc_with(vec![]);
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "FirstChar" => Object::Real(1e30),
            "Widths" => vec![Object::Integer(1000), Object::Integer(900), Object::Integer(800)],
        };
        let font = Font::load(&doc, &dict, 1 << 20);
        // The widths land nowhere; the standard font's own width is used.
        assert_eq!(texts(&font, b"A").1, vec![667.0]);
    }

    #[test]
    fn type0_identity_with_to_unicode() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfrange <0001> <0002> [<6536> <652F>] endbfrange"
            .to_vec();
        let (doc, ids) = doc_with(vec![
            Object::Stream(Stream::new(dictionary! {}, cmap)),
            Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun",
                "W" => vec![Object::Integer(1), Object::Integer(2), Object::Integer(800)],
            }),
        ]);
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun",
            "Encoding" => "Identity-H", "ToUnicode" => Object::Reference(ids[0]),
            "DescendantFonts" => vec![Object::Reference(ids[1])],
        };
        let font = Font::load(&doc, &dict, 1 << 20);
        let (text, widths) = texts(&font, &[0, 1, 0, 2, 0, 3]);
        assert_eq!(text, "收支?");
        assert_eq!(widths, vec![800.0, 800.0, 1000.0]);
    }

    #[test]
    fn wps_style_to_unicode_with_mixed_codespace_arrays_and_multi_char_targets() {
        // The WPS family of issue 11 (SimSun / FZXBSJW--GB1-0 subsets, Identity-H with
        // ToUnicode): a ToUnicode codespace of mixed lengths, bfrange arrays, one code
        // mapped to two characters, codes written with fewer bytes than the font's.
        let cmap = b"2 begincodespacerange <00> <80> <8140> <FFFE> endcodespacerange
2 beginbfrange <0001> <0003> [<0032> <0030> <5E74>] <10> <11> <51B3> endbfrange
1 beginbfchar <0004> <51B37B97> endbfchar"
            .to_vec();
        let (doc, ids) = doc_with(vec![
            Object::Stream(Stream::new(dictionary! {}, cmap)),
            Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "FZXBSJW--GB1-0",
            }),
        ]);
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "FZXBSJW--GB1-0",
            "Encoding" => "Identity-H", "ToUnicode" => Object::Reference(ids[0]),
            "DescendantFonts" => vec![Object::Reference(ids[1])],
        };
        let font = Font::load(&doc, &dict, 1 << 20);
        let (text, _) = texts(&font, &[0, 1, 0, 2, 0, 3, 0, 4, 0, 0x10, 0, 0x11]);
        assert_eq!(text, "20年决算决\u{51B4}");
    }

    #[test]
    fn type0_ucs2_and_gbk_and_gb1() {
        let (doc, ids) = doc_with(vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("GB1"), "Supplement" => 4,
            },
            "DW" => 1000,
        })]);
        let make = |enc: &str| {
            dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
                "Encoding" => enc, "DescendantFonts" => vec![Object::Reference(ids[0])],
            }
        };
        let ucs2_dict = make("UniGB-UCS2-H");
        let ucs2 = Font::load(&doc, &ucs2_dict, 1 << 20);
        assert_eq!(texts(&ucs2, &[0x65, 0x36, 0x00, 0x31]).0, "收1");
        let gbk_dict = make("GBK-EUC-H");
        let gbk = Font::load(&doc, &gbk_dict, 1 << 20);
        let (text, widths) = texts(&gbk, &[0xCA, 0xD5, 0x31]);
        assert_eq!(text, "收1");
        assert_eq!(widths, vec![1000.0, 1000.0]);
        let identity_dict = make("Identity-H");
        let identity = Font::load(&doc, &identity_dict, 1 << 20);
        assert_eq!(texts(&identity, &[0x05, 0x92, 0x00, 0x22]).0, "当A");
        assert!(!texts(&Font::load(&doc, &make("Identity-V"), 1 << 20), &[0, 1]).0.is_empty());
    }

    #[test]
    fn unknown_cmap_is_a_problem_not_a_panic() {
        let (doc, _) = doc_with(vec![]);
        let dict = dictionary! { "Subtype" => "Type0", "Encoding" => "90ms-RKSJ-H" };
        let font = Font::load(&doc, &dict, 1 << 20);
        assert!(!font.problems.is_empty());
        let mut out = Vec::new();
        font.decode(&[1, 2, 3], &mut out);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn cleanliness() {
        assert!(is_clean("收"));
        assert!(is_clean(" "));
        assert!(!is_clean(""));
        assert!(!is_clean("\u{E001}"));
        assert!(!is_clean("\u{FFFD}"));
        assert!(!is_clean("\u{0001}"));
    }
}
