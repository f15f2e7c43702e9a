//! Small accessors over lopdf objects that never fail loudly: a missing or mistyped entry is
//! `None`, and references are followed a bounded number of times.

use lopdf::{Dictionary, Document, Object, Stream};

use super::HARD_MAX_REFERENCE_DEPTH;

/// Follows references until a direct object is reached. The loop bound guards against
/// `1 0 R` → itself; `document::check_references` has already rejected longer chains.
pub(crate) fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..=HARD_MAX_REFERENCE_DEPTH {
        match obj {
            Object::Reference(id) => obj = doc.objects.get(id)?,
            other => return Some(other),
        }
    }
    None
}

pub(crate) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

pub(crate) fn get_dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    as_dict(get(doc, dict, key)?)
}

/// A dictionary, or the dictionary of a stream.
pub(crate) fn as_dict(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub(crate) fn get_name<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub(crate) fn get_array<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

pub(crate) fn get_stream<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Stream> {
    match get(doc, dict, key)? {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

pub(crate) fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    number(get(doc, dict, key)?)
}

/// A finite number from an Integer or Real.
pub(crate) fn number(obj: &Object) -> Option<f64> {
    let v = match obj {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

/// Numbers of an array, following references; non-numbers are skipped.
pub(crate) fn numbers(doc: &Document, arr: &[Object]) -> Vec<f64> {
    arr.iter().filter_map(|o| resolve(doc, o).and_then(number)).collect()
}

/// Why a stream's data could not be had.
#[derive(Debug)]
pub(crate) enum StreamError {
    TooLarge,
    Undecodable(String),
}

/// The decoded data of a stream, bounded by `max` bytes.
pub(crate) fn stream_data(stream: &Stream, max: usize) -> Result<Vec<u8>, StreamError> {
    let has_filter = stream.filters().map(|f| !f.is_empty()).unwrap_or(false);
    if !has_filter {
        if stream.content.len() > max {
            return Err(StreamError::TooLarge);
        }
        return Ok(stream.content.clone());
    }
    match stream.decompressed_content_with_limit(max) {
        Ok(data) => Ok(data),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(StreamError::TooLarge)
        }
        Err(e) => Err(StreamError::Undecodable(e.to_string())),
    }
}

/// Text for a font or document name that may be PDFDocEncoding, UTF-16 or raw GBK bytes.
pub(crate) fn decode_name(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return text.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let (text, _, _) = encoding_rs::GB18030.decode(bytes);
    text.into_owned()
}
