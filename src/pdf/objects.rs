//! Small accessors over lopdf objects that never fail loudly: a missing or mistyped entry is
//! `None`, and references are followed a bounded number of times.

use std::cell::Cell;

use lopdf::{Dictionary, Document, Object, Stream};

use super::{Limits, PdfError, HARD_MAX_REFERENCE_DEPTH};

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
    /// The stream alone decompresses to more than the per-stream limit.
    TooLarge,
    /// The document has used up its decompression budget (see [`DecompressionBudget`]).
    BudgetSpent,
    Undecodable(String),
}

thread_local! {
    /// Bytes the document being read on this thread may still decompress.
    static BUDGET: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// The document-wide decompression budget (`Limits::max_decompressed_total`), in force on
/// this thread until dropped. A thread-local rather than a parameter because every stream
/// (content, forms, fonts, CMaps) is read through [`stream_data`], some of them lazily from
/// deep inside font decoding; a document is read on one thread from start to end.
pub(crate) struct DecompressionBudget {
    previous: usize,
}

impl DecompressionBudget {
    pub fn start(total: usize) -> DecompressionBudget {
        DecompressionBudget { previous: BUDGET.with(|b| b.replace(total)) }
    }
}

impl Drop for DecompressionBudget {
    fn drop(&mut self) {
        BUDGET.with(|b| b.set(self.previous));
    }
}

impl StreamError {
    /// The error that makes the whole document fail: a limit, named.
    pub fn into_pdf_error(self, limits: &Limits) -> PdfError {
        // Decompression stops at the limit, so all that is known is "more than max".
        let (limit, max) = match self {
            StreamError::TooLarge => ("max_decompressed_stream", limits.max_decompressed_stream),
            StreamError::BudgetSpent => ("max_decompressed_total", limits.max_decompressed_total),
            StreamError::Undecodable(detail) => return PdfError::Damaged { detail },
        };
        PdfError::LimitExceeded { limit, value: max.saturating_add(1), max }
    }
}

/// The decoded data of a stream, bounded by `max` bytes and by what is left of the
/// document's budget: one small stream referenced by thousands of pages, or thousands of
/// small bombs, cost what they decompress to, not what they weigh in the file.
pub(crate) fn stream_data(stream: &Stream, max: usize) -> Result<Vec<u8>, StreamError> {
    let remaining = BUDGET.with(Cell::get);
    let cap = max.min(remaining);
    let over = if cap < max { StreamError::BudgetSpent } else { StreamError::TooLarge };
    let has_filter = stream.filters().map(|f| !f.is_empty()).unwrap_or(false);
    let data = if !has_filter {
        if stream.content.len() > cap {
            return Err(over);
        }
        stream.content.clone()
    } else {
        match stream.decompressed_content_with_limit(cap) {
            Ok(data) => data,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(over),
            Err(e) => return Err(StreamError::Undecodable(e.to_string())),
        }
    };
    BUDGET.with(|b| b.set(remaining.saturating_sub(data.len())));
    Ok(data)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_shared_by_every_stream_of_a_document() {
        let stream = Stream::new(lopdf::Dictionary::new(), vec![b' '; 60]);
        {
            let _budget = DecompressionBudget::start(100);
            assert!(stream_data(&stream, 1000).is_ok());
            // 40 bytes left: the same stream read again is over the document's budget.
            assert!(matches!(stream_data(&stream, 1000), Err(StreamError::BudgetSpent)));
            // Over the per-stream limit is the per-stream error.
            assert!(matches!(stream_data(&stream, 10), Err(StreamError::TooLarge)));
        }
        // The next document starts afresh.
        assert!(stream_data(&stream, 1000).is_ok());
    }
}
