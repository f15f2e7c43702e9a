//! Content-stream lexer: operands and operators read straight from the decompressed bytes.
//!
//! The interpreter asks for one operator at a time ([`Lexer::next_operator`]) and reads its
//! operands from [`Lexer::operands`]: numbers as `f64`, names and strings as [`Bytes`] that
//! point into the stream itself when there is nothing to undo (no `#xx` in a name, no escape or
//! carriage return in a string) and into a scratch buffer otherwise (escapes undone, hex
//! decoded). Nothing is allocated per operator once the buffers have grown: this replaces
//! lopdf's content parser, which built a `Vec<Operation>` of `Object`s for every stream and
//! took more time than everything else the interpreter does.
//!
//! The grammar is lopdf's (PDF 32000 §7.2–7.3, §8.9.7), value for value on well-formed
//! streams: reals are read as `f32` as lopdf reads them, a minus sign inside a fraction
//! (`0.00-4142502`) is dropped, a bare end-of-line in a string reads as `\n`, inline images
//! (`BI … ID … EI`) are skipped by their computed length or, failing that, up to a white-space
//! framed `EI`. Arrays and dictionaries nest at most [`MAX_NESTING`] deep, parentheses in a
//! string at most [`MAX_PAREN_DEPTH`], and one operator takes at most [`MAX_OPERANDS`]
//! operands; anything that cannot be read is a [`LexError`] at a byte offset, and the caller
//! keeps what came before it. Comments are white space wherever they stand.

use std::fmt;

/// Arrays and dictionaries nested deeper than this are an error (lopdf's bound).
pub(crate) const MAX_NESTING: usize = 100;
/// Parentheses nested deeper than this inside a literal string are an error (lopdf's bound).
pub(crate) const MAX_PAREN_DEPTH: usize = 100;
/// Operands (array elements included) before one operator. A page's whole text in one `TJ`
/// stays far below; a stream of nothing but numbers does not grow the stack without bound.
pub(crate) const MAX_OPERANDS: usize = 1 << 20;

/// Where an operand's bytes are: in the stream (`scratch == false`) or in the lexer's
/// scratch buffer, which holds the current operator's decoded strings and names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bytes {
    start: usize,
    end: usize,
    scratch: bool,
}

/// One operand of the current operator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Operand {
    /// An integer or real (finite; a real too large for `f32` is [`Operand::Other`]).
    Number(f64),
    Name(Bytes),
    /// A literal or hexadecimal string, decoded.
    Str(Bytes),
    /// An array: its elements follow, up to (not including) index `end` of the operands.
    Array {
        end: usize,
    },
    /// A boolean, null, dictionary, or keyword inside an array: nothing the interpreter reads.
    Other,
}

/// Why the rest of a stream cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    /// Byte offset in the stream.
    pub at: usize,
    pub what: &'static str,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

/// A number as read: lopdf keeps integers and reals apart, and inline-image sizes must be
/// integers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Int(i64),
    Real(f32),
}

impl Num {
    fn value(self) -> Option<f64> {
        let v = match self {
            Num::Int(i) => i as f64,
            Num::Real(r) => f64::from(r),
        };
        v.is_finite().then_some(v)
    }
}

/// PDF white space (PDF 32000 Table 1).
#[inline]
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0C)
}

#[inline]
fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

#[inline]
fn is_regular(c: u8) -> bool {
    !is_space(c) && !is_delimiter(c)
}

/// Characters of an operator (lopdf: alphanumeric and `*'"`; `d0`, `d1` and `T*` included).
#[inline]
fn is_keyword(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'*' | b'\'' | b'"')
}

#[inline]
fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Powers of ten exact in `f32` (5^10 < 2^24), for the fast path of [`Lexer::number`].
const POW10: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// An inline image's dictionary value, as far as its data length needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ImageValue<'a> {
    Int(i64),
    Name(&'a [u8]),
    Bool(bool),
    /// An array whose first element is this name (`[/Indexed …]`).
    Array(Option<&'a [u8]>),
    Other,
}

/// Content-stream lexer over one stream's bytes.
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    operands: Vec<Operand>,
    scratch: Vec<u8>,
    /// Indices in `operands` of the arrays still open.
    open: Vec<usize>,
    /// A real's digits without stray minus signs, for the slow path of [`Lexer::number`].
    number_text: String,
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer {
            data,
            pos: 0,
            operands: Vec::new(),
            scratch: Vec::new(),
            open: Vec::new(),
            number_text: String::new(),
        }
    }

    /// The current operator's operands, arrays flattened (see [`Operand::Array`]).
    pub fn operands(&self) -> &[Operand] {
        &self.operands
    }

    /// The bytes of a name or string operand of the current operator.
    pub fn bytes(&self, b: Bytes) -> &[u8] {
        let source = if b.scratch { self.scratch.as_slice() } else { self.data };
        source.get(b.start..b.end).unwrap_or_default()
    }

    fn error(&self, what: &'static str) -> LexError {
        LexError { at: self.pos, what }
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.data.get(self.pos + offset).copied()
    }

    /// Reads operands up to the next operator and returns it; `Ok(None)` at the end (operands
    /// with no operator after them are dropped, as lopdf drops them).
    pub fn next_operator(&mut self) -> Result<Option<&'a [u8]>, LexError> {
        self.operands.clear();
        self.scratch.clear();
        self.open.clear();
        loop {
            self.skip_space();
            let Some(c) = self.peek(0) else {
                if self.open.is_empty() {
                    return Ok(None);
                }
                return Err(self.error("unterminated array"));
            };
            let operand = match c {
                b'/' => Operand::Name(self.name()),
                b'(' => Operand::Str(self.literal_string()?),
                b'<' if self.peek(1) == Some(b'<') => {
                    self.skip_dictionary()?;
                    Operand::Other
                }
                b'<' => Operand::Str(self.hex_string()?),
                b'[' => {
                    if self.open.len() >= MAX_NESTING {
                        return Err(self.error("arrays nested too deeply"));
                    }
                    self.open.push(self.operands.len());
                    self.pos += 1;
                    Operand::Array { end: 0 }
                }
                b']' => {
                    let Some(start) = self.open.pop() else {
                        return Err(self.error("']' with no array open"));
                    };
                    let end = self.operands.len();
                    if let Some(Operand::Array { end: e }) = self.operands.get_mut(start) {
                        *e = end;
                    }
                    self.pos += 1;
                    continue;
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    self.number()?.value().map_or(Operand::Other, Operand::Number)
                }
                c if is_keyword(c) => {
                    let word = self.keyword();
                    if !self.open.is_empty() || matches!(word, b"true" | b"false" | b"null") {
                        Operand::Other
                    } else {
                        if word == b"BI" {
                            self.operands.clear();
                            self.inline_image()?;
                        }
                        return Ok(Some(word));
                    }
                }
                _ => return Err(self.error("unexpected byte")),
            };
            if self.operands.len() >= MAX_OPERANDS {
                return Err(self.error("too many operands for one operator"));
            }
            self.operands.push(operand);
        }
    }

    /// White space and comments.
    fn skip_space(&mut self) {
        while let Some(c) = self.peek(0) {
            if is_space(c) {
                self.pos += 1;
            } else if c == b'%' {
                while self.peek(0).is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// White space only (what lopdf allows around inline image data).
    fn skip_white(&mut self) {
        while self.peek(0).is_some_and(is_space) {
            self.pos += 1;
        }
    }

    fn keyword(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek(0).is_some_and(is_keyword) {
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    /// A name, at its `/`. `#xx` stands for one byte; a `#` not followed by two hex digits
    /// ends the name (as in lopdf).
    fn name(&mut self) -> Bytes {
        self.pos += 1;
        let start = self.pos;
        while self.peek(0).is_some_and(|c| is_regular(c) && c != b'#') {
            self.pos += 1;
        }
        if self.peek(0) != Some(b'#') {
            return Bytes { start, end: self.pos, scratch: false };
        }
        let out = self.scratch.len();
        self.scratch.extend_from_slice(self.data.get(start..self.pos).unwrap_or_default());
        while let Some(c) = self.peek(0) {
            if c == b'#' {
                let (Some(hi), Some(lo)) =
                    (self.peek(1).and_then(hex_value), self.peek(2).and_then(hex_value))
                else {
                    break;
                };
                self.scratch.push((hi << 4) | lo);
                self.pos += 3;
            } else if is_regular(c) {
                self.scratch.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        Bytes { start: out, end: self.scratch.len(), scratch: true }
    }

    /// A literal string, at its `(`: borrowed when it holds no escape and no carriage
    /// return, else decoded into the scratch buffer.
    fn literal_string(&mut self) -> Result<Bytes, LexError> {
        let start = self.pos + 1;
        let mut i = start;
        let mut depth = 0usize;
        loop {
            match self.data.get(i) {
                None => return Err(self.error("unterminated string")),
                Some(b'(') => {
                    depth += 1;
                    if depth > MAX_PAREN_DEPTH {
                        return Err(self.error("parentheses nested too deeply in a string"));
                    }
                }
                Some(b')') => {
                    if depth == 0 {
                        self.pos = i + 1;
                        return Ok(Bytes { start, end: i, scratch: false });
                    }
                    depth -= 1;
                }
                Some(b'\\' | b'\r') => break,
                Some(_) => {}
            }
            i += 1;
        }
        let out = self.scratch.len();
        self.scratch.extend_from_slice(self.data.get(start..i).unwrap_or_default());
        loop {
            let Some(&c) = self.data.get(i) else {
                return Err(self.error("unterminated string"));
            };
            i += 1;
            match c {
                b'\\' => {
                    let Some(&e) = self.data.get(i) else {
                        return Err(self.error("unterminated string"));
                    };
                    i += 1;
                    let byte = match e {
                        b'0'..=b'7' => {
                            // Up to three octal digits; overflow is ignored (PDF 32000 §7.3.4.2).
                            let mut v = u16::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u16::from(d - b'0');
                                        i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            v as u8
                        }
                        // A backslash before an end of line joins the lines.
                        b'\r' => {
                            if self.data.get(i) == Some(&b'\n') {
                                i += 1;
                            }
                            continue;
                        }
                        b'\n' => continue,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 0x08,
                        b'f' => 0x0C,
                        other => other,
                    };
                    self.scratch.push(byte);
                }
                // A bare end of line is `\n` whatever it was.
                b'\r' => {
                    if self.data.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    self.scratch.push(b'\n');
                }
                b'(' => {
                    depth += 1;
                    if depth > MAX_PAREN_DEPTH {
                        return Err(self.error("parentheses nested too deeply in a string"));
                    }
                    self.scratch.push(c);
                }
                b')' => {
                    if depth == 0 {
                        self.pos = i;
                        return Ok(Bytes { start: out, end: self.scratch.len(), scratch: true });
                    }
                    depth -= 1;
                    self.scratch.push(c);
                }
                _ => self.scratch.push(c),
            }
        }
    }

    /// A hexadecimal string, at its `<`; an odd last digit is followed by 0.
    fn hex_string(&mut self) -> Result<Bytes, LexError> {
        self.pos += 1;
        let out = self.scratch.len();
        let mut high: Option<u8> = None;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(self.error("unterminated hex string"));
            };
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if is_space(c) {
                continue;
            }
            let Some(v) = hex_value(c) else {
                self.pos -= 1;
                return Err(self.error("non-hex byte in a hex string"));
            };
            match high.take() {
                Some(h) => self.scratch.push((h << 4) | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            self.scratch.push(h << 4);
        }
        Ok(Bytes { start: out, end: self.scratch.len(), scratch: true })
    }

    /// A number, at its first character: `12`, `-3`, `+4`, `.5`, `-.3`, `4.`, `0.00-41`.
    fn number(&mut self) -> Result<Num, LexError> {
        let start = self.pos;
        let mut i = start;
        let negative = match self.data.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        // `None` once the digits overflow u64.
        let mut mantissa: Option<u64> = Some(0);
        let push = |m: Option<u64>, d: u8| m?.checked_mul(10)?.checked_add(u64::from(d - b'0'));
        let int_start = i;
        while let Some(&d @ b'0'..=b'9') = self.data.get(i) {
            mantissa = push(mantissa, d);
            i += 1;
        }
        let int_digits = i - int_start;
        if self.data.get(i) != Some(&b'.') {
            if int_digits == 0 {
                return Err(self.error("malformed number"));
            }
            let value = match mantissa {
                Some(m) if negative => 0i64.checked_sub_unsigned(m),
                Some(m) => i64::try_from(m).ok(),
                None => None,
            };
            self.pos = i;
            return value.map(Num::Int).ok_or_else(|| self.error("integer out of range"));
        }
        i += 1;
        let mut fraction_digits = 0usize;
        let mut stray_minus = false;
        while let Some(&d) = self.data.get(i) {
            match d {
                b'0'..=b'9' => {
                    mantissa = push(mantissa, d);
                    fraction_digits += 1;
                }
                // Only after the fraction's first run of digits (lopdf's `digit0` then
                // `take_while`); a minus sign there is dropped, as pdf.js and Poppler do.
                b'-' => stray_minus = true,
                _ => break,
            }
            i += 1;
        }
        if int_digits == 0 && !self.data.get(int_start + 1).is_some_and(u8::is_ascii_digit) {
            return Err(self.error("malformed number"));
        }
        self.pos = i;
        // Exact: both operands are exact in f32, and IEEE division rounds correctly, so this is
        // the correctly rounded value `f32::from_str` gives (Clinger's fast path).
        if let (Some(m @ 0..0x100_0000), Some(scale)) = (mantissa, POW10.get(fraction_digits)) {
            let v = m as f32 / scale;
            return Ok(Num::Real(if negative { -v } else { v }));
        }
        let text = self.data.get(start..i).unwrap_or_default();
        self.number_text.clear();
        for (k, &c) in text.iter().enumerate() {
            if k == 0 || c != b'-' || !stray_minus {
                self.number_text.push(char::from(c));
            }
        }
        self.number_text
            .parse::<f32>()
            .map(Num::Real)
            .map_err(|_| LexError { at: start, what: "malformed number" })
    }

    /// Skips a dictionary (operand of `BDC`, `DP`), at its `<<`, with what it holds.
    fn skip_dictionary(&mut self) -> Result<(), LexError> {
        // One bit per open level: 1 a dictionary, 0 an array (MAX_NESTING < 128).
        let mut kinds: u128 = 0;
        let mut depth = 0usize;
        loop {
            self.skip_space();
            let Some(c) = self.peek(0) else {
                return Err(self.error("unterminated dictionary"));
            };
            let scratch = self.scratch.len();
            match c {
                b'<' if self.peek(1) == Some(b'<') => {
                    if depth >= MAX_NESTING {
                        return Err(self.error("dictionaries nested too deeply"));
                    }
                    kinds = (kinds << 1) | 1;
                    depth += 1;
                    self.pos += 2;
                }
                b'[' => {
                    if depth >= MAX_NESTING {
                        return Err(self.error("arrays nested too deeply"));
                    }
                    kinds <<= 1;
                    depth += 1;
                    self.pos += 1;
                }
                b'>' if self.peek(1) == Some(b'>') && depth > 0 && kinds & 1 == 1 => {
                    kinds >>= 1;
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                b']' if depth > 0 && kinds & 1 == 0 => {
                    kinds >>= 1;
                    depth -= 1;
                    self.pos += 1;
                }
                b'/' => {
                    self.name();
                }
                b'(' => {
                    self.literal_string()?;
                }
                b'<' => {
                    self.hex_string()?;
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    self.number()?;
                }
                c if is_keyword(c) => {
                    self.keyword();
                }
                _ => return Err(self.error("unexpected byte in a dictionary")),
            }
            self.scratch.truncate(scratch);
        }
    }

    /// One value of an inline image dictionary.
    fn image_value(&mut self) -> Result<ImageValue<'a>, LexError> {
        self.skip_space();
        let scratch = self.scratch.len();
        let value = match self.peek(0) {
            Some(b'/') => match self.name() {
                Bytes { start, end, scratch: false } => {
                    ImageValue::Name(self.data.get(start..end).unwrap_or_default())
                }
                _ => ImageValue::Other,
            },
            Some(b'0'..=b'9' | b'+' | b'-' | b'.') => match self.number()? {
                Num::Int(i) => ImageValue::Int(i),
                Num::Real(_) => ImageValue::Other,
            },
            Some(b'[') => {
                self.pos += 1;
                self.skip_space();
                let first = self.name_at();
                let mut depth = 1usize;
                while depth > 0 {
                    self.skip_space();
                    match self.peek(0) {
                        None => return Err(self.error("unterminated array")),
                        Some(b'[') => {
                            depth += 1;
                            if depth > MAX_NESTING {
                                return Err(self.error("arrays nested too deeply"));
                            }
                            self.pos += 1;
                        }
                        Some(b']') => {
                            depth -= 1;
                            self.pos += 1;
                        }
                        Some(_) => {
                            self.image_value()?;
                        }
                    }
                }
                ImageValue::Array(first)
            }
            Some(b'(') => {
                self.literal_string()?;
                ImageValue::Other
            }
            Some(b'<') if self.peek(1) == Some(b'<') => {
                self.skip_dictionary()?;
                ImageValue::Other
            }
            Some(b'<') => {
                self.hex_string()?;
                ImageValue::Other
            }
            Some(c) if is_keyword(c) => match self.keyword() {
                b"true" => ImageValue::Bool(true),
                b"false" => ImageValue::Bool(false),
                _ => ImageValue::Other,
            },
            _ => return Err(self.error("unexpected byte in an inline image")),
        };
        self.scratch.truncate(scratch);
        Ok(value)
    }

    /// A name without `#` escapes at the current position, consumed; `None` (nothing
    /// consumed) for anything else.
    fn name_at(&mut self) -> Option<&'a [u8]> {
        if self.peek(0) != Some(b'/') {
            return None;
        }
        let scratch = self.scratch.len();
        let name = match self.name() {
            Bytes { start, end, scratch: false } => self.data.get(start..end),
            _ => None,
        };
        self.scratch.truncate(scratch);
        Some(name.unwrap_or_default())
    }

    /// Skips an inline image after its `BI`: the dictionary, `ID`, the data, `EI`.
    fn inline_image(&mut self) -> Result<(), LexError> {
        let mut entries: Vec<(&'a [u8], ImageValue<'a>)> = Vec::new();
        loop {
            self.skip_space();
            if self.data.get(self.pos..self.pos + 2) == Some(&b"ID"[..]) {
                self.pos += 2;
                break;
            }
            let Some(key) = self.name_at() else {
                return Err(self.error("inline image without ID"));
            };
            let value = self.image_value()?;
            if entries.len() >= MAX_OPERANDS {
                return Err(self.error("inline image dictionary too large"));
            }
            entries.push((key, value));
        }
        // One white-space character (CR LF counting as one) separates ID from the data.
        if self.data.get(self.pos..self.pos + 2) == Some(&b"\r\n"[..]) {
            self.pos += 2;
        } else if self.peek(0).is_some_and(is_space) {
            self.pos += 1;
        }
        let length = image_length(&entries);
        if let Some(end) = length.and_then(|n| self.pos.checked_add(n)) {
            if end <= self.data.len() {
                self.pos = end;
                self.skip_white();
                if self.data.get(self.pos..self.pos + 2) != Some(&b"EI"[..]) {
                    return Err(self.error("inline image data not followed by EI"));
                }
                self.pos += 2;
                self.skip_white();
                return Ok(());
            }
        }
        // Length unknown (a filter, a named colour space) or past the end: the data ends at
        // the first `EI` with white space on both sides.
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let found = rest.windows(3).enumerate().find(|&(k, w)| {
            is_space(w[0]) // ok: windows(3) yields slices of exactly three
                && w[1..] == *b"EI"
                && rest.get(k + 3).is_none_or(|&c| is_space(c))
        });
        let Some((k, _)) = found else {
            return Err(self.error("inline image without EI"));
        };
        self.pos += k + 3;
        self.skip_white();
        Ok(())
    }
}

/// Bytes of an unfiltered inline image's data, from its dictionary (lopdf's rule: `/W`,
/// `/H`, `/BPC` integers, colour components from `/CS` or 1 for an image mask); `None` when
/// it cannot be computed.
fn image_length(entries: &[(&[u8], ImageValue)]) -> Option<usize> {
    let get = |abbr: &[u8], full: &[u8]| {
        let find = |key: &[u8]| entries.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| *v);
        find(abbr).or_else(|| find(full))
    };
    let size = |abbr: &[u8], full: &[u8]| match get(abbr, full) {
        Some(ImageValue::Int(i)) => usize::try_from(i).ok(),
        _ => None,
    };
    if get(b"F", b"Filter").is_some() {
        return None;
    }
    let width = size(b"W", b"Width")?;
    let height = size(b"H", b"Height")?;
    let mask = get(b"IM", b"ImageMask") == Some(ImageValue::Bool(true));
    let bpc = match get(b"BPC", b"BitsPerComponent") {
        None if mask => 1,
        _ => size(b"BPC", b"BitsPerComponent")?,
    };
    let colors = if mask {
        1
    } else {
        match get(b"CS", b"ColorSpace")? {
            ImageValue::Array(Some(b"Indexed" | b"I")) => 1,
            ImageValue::Name(b"DeviceGray" | b"G" | b"Gray") => 1,
            ImageValue::Name(b"DeviceRGB" | b"RGB") => 3,
            ImageValue::Name(b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK") => 4,
            _ => return None,
        }
    };
    bpc.checked_mul(colors)
        .and_then(|bits| width.checked_mul(bits))
        .and_then(|row| row.div_ceil(8).checked_mul(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (operator, operands rendered) for every operator of `data`, and the error if any.
    fn lex(data: &[u8]) -> (Vec<(String, Vec<String>)>, Option<LexError>) {
        let mut lx = Lexer::new(data);
        let mut out = Vec::new();
        loop {
            match lx.next_operator() {
                Ok(Some(op)) => {
                    let operands = lx
                        .operands()
                        .iter()
                        .map(|o| match o {
                            Operand::Number(n) => format!("{n}"),
                            Operand::Name(b) => {
                                format!("/{}", String::from_utf8_lossy(lx.bytes(*b)))
                            }
                            Operand::Str(b) => format!("{:?}", lx.bytes(*b)),
                            Operand::Array { end } => format!("[..{end}"),
                            Operand::Other => "_".to_string(),
                        })
                        .collect();
                    out.push((String::from_utf8_lossy(op).into_owned(), operands));
                }
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    fn ops(data: &[u8]) -> Vec<(String, Vec<String>)> {
        let (out, err) = lex(data);
        assert_eq!(err, None, "{}", String::from_utf8_lossy(data));
        out
    }

    #[test]
    fn numbers_as_lopdf_reads_them() {
        let got = ops(b"12 -3 +4 .5 -.3 4. 0.00-41 1.5 0.1 595.28 -0 1234567.891 m");
        let want: Vec<String> = [
            12.0,
            -3.0,
            4.0,
            f64::from(0.5f32),
            f64::from(-0.3f32),
            4.0,
            f64::from(0.0041f32),
            1.5,
            f64::from(0.1f32),
            f64::from(595.28f32),
            0.0,
            f64::from("1234567.891".parse::<f32>().unwrap_or_default()),
        ]
        .iter()
        .map(|v| format!("{v}"))
        .collect();
        assert_eq!(got, vec![("m".to_string(), want)]);
        // A number runs into the operator after it, as in lopdf.
        assert_eq!(ops(b"1 0 0 1 0 0cm")[0].0, "cm");
        // Bad numbers and integers beyond i64 stop the stream.
        assert!(lex(b"- m").1.is_some());
        assert!(lex(b". m").1.is_some());
        assert!(lex(b"99999999999999999999 m").1.is_some());
        // A real too large for f32 is not a number.
        let big = format!("{}.0 w", "9".repeat(60));
        assert_eq!(ops(big.as_bytes())[0].1, vec!["_"]);
    }

    #[test]
    fn strings_names_and_arrays() {
        let got =
            ops(b"/F1#20x 12 Tf [(a\\)b) -120 <48 65 6c6> (x(y)z)] TJ (l1\r\nl2\\\nl3\\101\\n) Tj");
        assert_eq!(got[0], ("Tf".to_string(), vec!["/F1 x".to_string(), "12".to_string()]));
        assert_eq!(
            got[1].1,
            vec![
                "[..5".to_string(),
                format!("{:?}", b"a)b"),
                "-120".to_string(),
                format!("{:?}", [0x48, 0x65, 0x6c, 0x60]),
                format!("{:?}", b"x(y)z"),
            ]
        );
        assert_eq!(got[2].1, vec![format!("{:?}", b"l1\nl2l3A\n")]);
        // Octal escapes overflow silently; a bare CR is a newline.
        assert_eq!(ops(b"(\\777\r) Tj")[0].1, vec![format!("{:?}", [0xFF, b'\n'])]);
    }

    #[test]
    fn comments_dictionaries_keywords() {
        let got = ops(b"% head\n/P <</MCID 0 /A [1 (x) <</B true>>]>> BDC % mid\n q true null Q");
        assert_eq!(got[0], ("BDC".to_string(), vec!["/P".to_string(), "_".to_string()]));
        assert_eq!(got[1], ("q".to_string(), vec![]));
        assert_eq!(got[2], ("Q".to_string(), vec!["_".to_string(), "_".to_string()]));
        assert_eq!(ops(b"0 0 10 10 re f* T* d0 ' \"").len(), 6);
    }

    #[test]
    fn inline_images_are_skipped() {
        // Length from the dictionary: the data may hold "EI" and anything else.
        let got = ops(b"q BI /W 4 /H 1 /BPC 8 /CS /G ID xEI) EI Q");
        assert_eq!(got.iter().map(|o| o.0.as_str()).collect::<Vec<_>>(), ["q", "BI", "Q"]);
        // A filter: the data ends at the first white-space framed EI.
        let got = ops(b"BI /W 4 /H 1 /F /AHx /CS /RGB ID 00ff00> EI 1 w");
        assert_eq!(got.iter().map(|o| o.0.as_str()).collect::<Vec<_>>(), ["BI", "w"]);
        // An indexed image mask-less image with the CR LF separator.
        let got = ops(b"BI /W 2 /H 2 /BPC 8 /CS [/I /RGB 1 <000000ffffff>] ID\r\nabcd\nEI n");
        assert_eq!(got.iter().map(|o| o.0.as_str()).collect::<Vec<_>>(), ["BI", "n"]);
        assert!(lex(b"BI /W 4 /H 1 /F /A ID 0000").1.is_some());
    }

    #[test]
    fn errors_keep_what_came_before() {
        for junk in [&b"q (unterminated"[..], b"q <12x> Tj", b"q ] Q", b"q [ 1 2", b"q { Q", b"q #"]
        {
            let (out, err) = lex(junk);
            assert_eq!(out.len(), 1, "{}", String::from_utf8_lossy(junk));
            assert!(err.is_some());
        }
        let deep = format!("{}{}", "[".repeat(MAX_NESTING + 1), "]".repeat(MAX_NESTING + 1));
        assert!(lex(deep.as_bytes()).1.is_some());
        let deep =
            format!("({}{}) Tj", "(".repeat(MAX_PAREN_DEPTH + 1), ")".repeat(MAX_PAREN_DEPTH + 1));
        assert!(lex(deep.as_bytes()).1.is_some());
        let fits = format!("({}{}) Tj", "(".repeat(MAX_PAREN_DEPTH), ")".repeat(MAX_PAREN_DEPTH));
        assert_eq!(ops(fits.as_bytes()).len(), 1);
    }

    /// lopdf's operands flattened and rendered as `render_lexer` renders the lexer's.
    fn render_lopdf(objects: &[lopdf::Object], out: &mut Vec<String>) {
        use lopdf::Object;
        for o in objects {
            match o {
                Object::Integer(i) => out.push(format!("{:?}", *i as f64)),
                Object::Real(r) if r.is_finite() => out.push(format!("{:?}", f64::from(*r))),
                Object::Name(n) => out.push(format!("/{n:?}")),
                Object::String(s, _) => out.push(format!("({s:?})")),
                Object::Array(items) => {
                    let at = out.len();
                    out.push(String::new());
                    render_lopdf(items, out);
                    out[at] = format!("[{}", out.len());
                }
                _ => out.push("_".to_string()),
            }
        }
    }

    fn render_lexer(lx: &Lexer) -> Vec<String> {
        lx.operands()
            .iter()
            .map(|o| match o {
                Operand::Number(v) => format!("{v:?}"),
                Operand::Name(b) => format!("/{:?}", lx.bytes(*b)),
                Operand::Str(b) => format!("({:?})", lx.bytes(*b)),
                Operand::Array { end } => format!("[{end}"),
                Operand::Other => "_".to_string(),
            })
            .collect()
    }

    /// Every content stream of the sample PDFs, and of ../shared/corpus when it is there,
    /// reads as lopdf's parser reads it: the same operators with the same operand values.
    #[test]
    #[allow(clippy::print_stderr)]
    fn same_operations_as_lopdf_on_real_files() {
        use lopdf::{content::Content, Document, Object};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("samples/pdf")];
        let corpus = root.join("../shared/corpus");
        if corpus.is_dir() {
            dirs.push(corpus);
        } else if std::env::var("CI").as_deref() == Ok("true") {
            panic!("../shared/corpus is missing"); // ok: a test, failing under CI as it must
        } else {
            eprintln!("notice: ../shared/corpus not found; comparing on samples/pdf only");
        }
        let mut streams = 0;
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("readable directory") // ok: test
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect();
            files.sort();
            for path in files {
                let Ok(doc) = Document::load(&path) else { continue };
                for page in doc.page_iter() {
                    for id in doc.get_page_contents(page) {
                        let Some(Object::Stream(s)) = doc.objects.get(&id) else { continue };
                        let data = if s.filters().map(|f| f.is_empty()).unwrap_or(true) {
                            s.content.clone()
                        } else {
                            s.decompressed_content().unwrap_or_default()
                        };
                        streams += 1;
                        let mut lx = Lexer::new(&data);
                        for op in Content::decode_iter(&data).map_while(Result::ok) {
                            let got = lx.next_operator();
                            let what = format!("{} stream {id:?}", path.display());
                            assert_eq!(got, Ok(Some(op.operator.as_bytes())), "{what}");
                            if op.operator != "BI" {
                                let mut want = Vec::new();
                                render_lopdf(&op.operands, &mut want);
                                assert_eq!(render_lexer(&lx), want, "{what} {}", op.operator);
                            }
                        }
                    }
                }
            }
        }
        assert!(streams > 0);
    }
}
