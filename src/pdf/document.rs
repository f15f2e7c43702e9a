//! Loading: bytes → lopdf document (with the empty-password decryption and the object,
//! page and stream limits), the page tree with inherited boxes, rotation and resources, and
//! one interpreter run per page.

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::content::{FontCache, Interpreter};
use super::geometry::PageBox;
use super::objects::{self, decode_name, stream_data, DecompressionBudget, StreamError};
use super::warnings::Warnings;
use super::{
    page, Limits, Page, PdfDocument, PdfError, HARD_MAX_REFERENCE_DEPTH, WARN_CONTENT, WARN_FONT,
    WARN_PAGE, WARN_REFERENCE,
};

/// How far `%PDF-` may sit from the start of the file (PDF 32000 Annex H tolerance).
const HEADER_WINDOW: usize = 1024;
/// Parents followed when looking for inherited page attributes.
const MAX_PARENT_DEPTH: usize = 64;
/// US Letter, used when a page has no usable MediaBox.
const DEFAULT_BOX: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

/// What the first bytes of a non-PDF input look like, for the error message.
fn describe_start(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "nothing (the input is empty)".to_string();
    }
    let head = bytes.get(..bytes.len().min(24)).unwrap_or_default();
    let text = String::from_utf8_lossy(head);
    let lower = text.to_ascii_lowercase();
    let kind = if lower.trim_start().starts_with("<!doctype html")
        || lower.trim_start().starts_with("<html")
    {
        " (an HTML page)"
    } else if head.starts_with(b"PK\x03\x04") {
        " (a ZIP archive, e.g. .docx/.xlsx/.ofd)"
    } else if head.starts_with(b"\xD0\xCF\x11\xE0") {
        " (an OLE file, e.g. .doc/.xls)"
    } else {
        ""
    };
    format!("{text:?}{kind}")
}

fn map_load_error(e: lopdf::Error, limits: &Limits) -> PdfError {
    match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => {
            PdfError::Encrypted { detail: e.to_string() }
        }
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            PdfError::LimitExceeded {
                limit: "max_decompressed_stream",
                value: limit.saturating_add(1),
                max: limits.max_decompressed_stream,
            }
        }
        other => PdfError::Damaged { detail: other.to_string() },
    }
}

/// Walks every chain of objects that are themselves references (`5 0 obj 6 0 R endobj`):
/// a chain longer than the limit is an error, a cycle a warning (its objects read as
/// missing, as poppler and qpdf treat them). Each chain is walked at most `max` steps, so
/// this is O(objects × max) at worst and O(objects) for real files, which have none.
fn check_references(
    doc: &Document,
    limits: &Limits,
    warnings: &mut Warnings,
) -> Result<(), PdfError> {
    let max = limits.max_reference_depth.min(HARD_MAX_REFERENCE_DEPTH);
    for (&start, obj) in &doc.objects {
        let Object::Reference(first) = obj else {
            continue;
        };
        let mut chain = vec![start, *first];
        let mut last = *first;
        while let Some(Object::Reference(next)) = doc.objects.get(&last) {
            if chain.contains(next) {
                let ids: Vec<String> = chain.iter().map(|(n, g)| format!("{n} {g} R")).collect();
                warnings.push(
                    WARN_REFERENCE,
                    format!(
                        "reference cycle {} → {} {} R; these objects read as missing",
                        ids.join(" → "),
                        next.0,
                        next.1
                    ),
                    None,
                );
                break;
            }
            chain.push(*next);
            last = *next;
            if chain.len() - 1 > max {
                return Err(PdfError::LimitExceeded {
                    limit: "max_reference_depth",
                    value: chain.len() - 1,
                    max,
                });
            }
        }
    }
    Ok(())
}

/// Indirect objects written at the top level (`12 0 obj`), counted in one pass over the
/// bytes before lopdf builds them, so a file of millions of tiny objects is refused before it
/// takes the memory. Objects inside object streams are counted after loading.
fn count_top_level_objects(bytes: &[u8]) -> usize {
    bytes
        .windows(5)
        .filter(|w| {
            matches!(w, [digit, space, b'o', b'b', b'j']
                if digit.is_ascii_digit() && matches!(space, b' ' | b'\n' | b'\r' | b'\t'))
        })
        .count()
}

fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| objects::resolve(doc, o))
        .and_then(objects::as_dict)?;
    match objects::get(doc, info, key)? {
        Object::String(s, _) => {
            let text = decode_name(s);
            let text = text.trim_matches(char::from(0)).trim().to_string();
            (!text.is_empty()).then_some(text)
        }
        _ => None,
    }
}

/// Page attributes that may be inherited from the page tree.
struct Inherited<'a> {
    media_box: Option<Vec<f64>>,
    crop_box: Option<Vec<f64>>,
    rotate: Option<f64>,
    resources: Option<&'a Dictionary>,
}

fn inherited<'a>(doc: &'a Document, page: &'a Dictionary) -> Inherited<'a> {
    let mut out = Inherited { media_box: None, crop_box: None, rotate: None, resources: None };
    let mut node = Some(page);
    for _ in 0..MAX_PARENT_DEPTH {
        let Some(dict) = node else { break };
        let rect = |key: &[u8]| {
            objects::get_array(doc, dict, key)
                .map(|a| objects::numbers(doc, a))
                .filter(|v| v.len() == 4)
        };
        if out.media_box.is_none() {
            out.media_box = rect(b"MediaBox");
        }
        if out.crop_box.is_none() {
            out.crop_box = rect(b"CropBox");
        }
        if out.rotate.is_none() {
            out.rotate = objects::get_number(doc, dict, b"Rotate");
        }
        if out.resources.is_none() {
            out.resources = objects::get_dict(doc, dict, b"Resources");
        }
        node = objects::get_dict(doc, dict, b"Parent");
    }
    out
}

fn normalise(v: &[f64]) -> Option<[f64; 4]> {
    let [a, b, c, d] = <[f64; 4]>::try_from(v).ok()?;
    let r = [a.min(c), b.min(d), a.max(c), b.max(d)];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

fn page_box(attrs: &Inherited, number: usize, warnings: &mut Warnings) -> PageBox {
    let media = attrs.media_box.as_deref().and_then(normalise);
    if media.is_none() {
        warnings.push(WARN_PAGE, "no usable MediaBox; US Letter assumed".to_string(), Some(number));
    }
    let media = media.unwrap_or(DEFAULT_BOX);
    // The CropBox, intersected with the MediaBox.
    let visible = attrs
        .crop_box
        .as_deref()
        .and_then(normalise)
        .and_then(|c| {
            normalise(&[
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ])
        })
        .unwrap_or(media);
    let raw = attrs.rotate.unwrap_or(0.0);
    let rotate = (((raw / 90.0).round() as i64).rem_euclid(4) * 90) as u16;
    if (raw / 90.0 - (raw / 90.0).round()).abs() > 1e-6 {
        warnings.push(
            WARN_PAGE,
            format!("/Rotate {raw} is not a multiple of 90; {rotate} used"),
            Some(number),
        );
    }
    PageBox { llx: visible[0], lly: visible[1], urx: visible[2], ury: visible[3], rotate }
}

fn page_content(
    doc: &Document,
    id: ObjectId,
    number: usize,
    limits: &Limits,
    warnings: &mut Warnings,
) -> Result<Vec<u8>, PdfError> {
    let mut data = Vec::new();
    for stream_id in doc.get_page_contents(id) {
        let Some(Object::Stream(stream)) = doc.objects.get(&stream_id) else {
            warnings.push(
                WARN_CONTENT,
                format!("content stream {} {} missing", stream_id.0, stream_id.1),
                Some(number),
            );
            continue;
        };
        match stream_data(stream, limits.max_decompressed_stream) {
            Ok(d) => {
                data.extend_from_slice(&d);
                data.push(b'\n');
            }
            Err(StreamError::Undecodable(e)) => {
                warnings.push(
                    WARN_CONTENT,
                    format!("content stream {} {} undecodable: {e}", stream_id.0, stream_id.1),
                    Some(number),
                );
            }
            Err(e) => return Err(e.into_pdf_error(limits)),
        }
        if data.len() > limits.max_decompressed_stream {
            return Err(PdfError::LimitExceeded {
                limit: "max_decompressed_stream",
                value: data.len(),
                max: limits.max_decompressed_stream,
            });
        }
    }
    Ok(data)
}

/// A PDF whose objects are loaded (and decrypted) and whose page tree has been walked: the
/// page count is known, no page has been interpreted yet. [`PdfFile::read`] does the rest.
/// Split in two so that a document failing later (a limit on its content, no text layer)
/// can still report how many pages it has.
pub struct PdfFile {
    doc: Document,
    page_ids: Vec<ObjectId>,
    limits: Limits,
}

/// Drops the objects of a tagged PDF's structure tree while lopdf loads them. Nothing reads
/// them, and a Word export holds one per span of text: renwu_168's 71 pages carry 26,000,
/// which made the object model 50 MB of a 65 MB peak. A structure element is a dictionary
/// with a structure type `/S` and a parent `/P` and no `/Type` but `StructElem` (Word writes
/// none); annotations also have `/P` but always a `/Type`, actions an `/S` but no `/P`.
fn skip_structure_element(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Dictionary(dict) = object {
        let typed = match dict.get(b"Type") {
            Ok(Object::Name(name)) => name != b"StructElem",
            Ok(_) => true,
            Err(_) => false,
        };
        let structure = matches!(dict.get(b"S"), Ok(Object::Name(_)))
            && matches!(dict.get(b"P"), Ok(Object::Reference(_)));
        if structure && !typed {
            return None;
        }
    }
    // lopdf keeps using `object` for a top-level object and takes the returned copy for one
    // inside an object stream, which is never a stream: so a stream (possibly large) is not
    // copied, and the rest, dictionaries of a few entries, are.
    match object {
        Object::Stream(_) => Some((id, Object::Null)),
        other => Some((id, other.clone())),
    }
}

/// Loads `bytes` and walks the page tree, within the object and stream limits.
pub(crate) fn open(bytes: &[u8], limits: &Limits) -> Result<PdfFile, PdfError> {
    let window = bytes.get(..bytes.len().min(HEADER_WINDOW)).unwrap_or_default();
    if !window.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotAPdf { first_bytes: describe_start(bytes) });
    }
    let top_level = count_top_level_objects(bytes);
    if top_level > limits.max_objects {
        return Err(PdfError::LimitExceeded {
            limit: "max_objects",
            value: top_level,
            max: limits.max_objects,
        });
    }
    let load = |filter: Option<lopdf::FilterFunc>| {
        let options = LoadOptions {
            max_decompressed_size: Some(limits.max_decompressed_stream),
            filter,
            ..LoadOptions::default()
        };
        Document::load_mem_with_options(bytes, options).map_err(|e| map_load_error(e, limits))
    };
    let mut doc = load(Some(skip_structure_element))?;
    // lopdf rebuilds a damaged page tree only on an unfiltered load, so a damaged file is
    // read again the way it always was.
    if doc.xref_recovery.is_some() || doc.page_iter().next().is_none() {
        doc = load(None)?;
    }
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        doc.decrypt("").map_err(|e| PdfError::Encrypted { detail: e.to_string() })?;
    }
    if doc.objects.len() > limits.max_objects {
        return Err(PdfError::LimitExceeded {
            limit: "max_objects",
            value: doc.objects.len(),
            max: limits.max_objects,
        });
    }
    // Every page id, even past `max_pages`, so a document over that limit still reports its
    // page count: lopdf visits each kid at most once per object in the file, so this is
    // bounded by `max_objects`, checked above. The per-page work is what `read` bounds.
    let page_ids: Vec<ObjectId> = doc.page_iter().collect();
    if page_ids.is_empty() {
        return Err(PdfError::NoPages { objects: doc.objects.len() });
    }
    Ok(PdfFile { doc, page_ids, limits: limits.clone() })
}

impl PdfFile {
    /// Number of pages in the page tree.
    pub fn page_count(&self) -> usize {
        self.page_ids.len()
    }

    /// Interprets every page (within the page, reference, operator and decompression
    /// limits) into glyphs and ruling lines.
    pub fn read(self) -> Result<PdfDocument, PdfError> {
        let PdfFile { doc, page_ids, limits } = self;
        if page_ids.len() > limits.max_pages {
            return Err(PdfError::LimitExceeded {
                limit: "max_pages",
                value: page_ids.len(),
                max: limits.max_pages,
            });
        }
        let mut warnings = Warnings::default();
        check_references(&doc, &limits, &mut warnings)?;
        let _budget = DecompressionBudget::start(limits.max_decompressed_total);
        let mut fonts = FontCache::default();
        let mut pages = Vec::with_capacity(page_ids.len());
        for (i, id) in page_ids.iter().enumerate() {
            let number = i + 1;
            let Some(dict) = doc.objects.get(id).and_then(objects::as_dict) else {
                warnings.push(
                    WARN_PAGE,
                    format!("page object {} {} missing; empty page kept", id.0, id.1),
                    Some(number),
                );
                let (width, height) = (DEFAULT_BOX[2], DEFAULT_BOX[3]);
                pages.push(Page { number, width, height, ..Page::default() });
                continue;
            };
            let attrs = inherited(&doc, dict);
            let pbox = page_box(&attrs, number, &mut warnings);
            let (width, height) = pbox.display_size();
            let content = page_content(&doc, *id, number, &limits, &mut warnings)?;
            let mut interp = Interpreter::new(
                &doc,
                &limits,
                &mut fonts,
                &mut warnings,
                number,
                pbox.device_matrix(),
            );
            interp.run_page(&content, attrs.resources)?;
            let out = std::mem::take(&mut interp.out);
            let glyphs = page::remove_fake_bold(page::on_page_glyphs(out.glyphs, width, height));
            let lines = page::on_page_lines(out.lines, width, height);
            let clipped = page::on_page_glyphs(out.clipped, width, height);
            pages.push(Page { number, width, height, glyphs, lines, fonts: out.fonts, clipped });
        }
        let mut unmapped: Vec<_> = fonts.unmapped.iter().collect();
        unmapped.sort();
        for (name, (count, first_page)) in unmapped {
            warnings.push(
                WARN_FONT,
                format!("font {name}: {count} glyphs have no Unicode mapping (shown as U+FFFD)"),
                Some(*first_page),
            );
        }
        Ok(PdfDocument {
            pages,
            warnings: warnings.finish(),
            producer: info_string(&doc, b"Producer"),
            title: info_string(&doc, b"Title"),
        })
    }
}

/// [`open`] then [`PdfFile::read`].
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<PdfDocument, PdfError> {
    open(bytes, limits)?.read()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf_says_what_it_is() {
        let err = read(b"<!DOCTYPE html><html>", &Limits::default()).err();
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("HTML") && msg.contains("<!DOCTYPE"), "{msg}");
        let msg = read(b"", &Limits::default()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("empty"), "{msg}");
    }

    #[test]
    fn truncated_pdf_is_damaged_not_a_panic() {
        let r = read(b"%PDF-1.7\n1 0 obj << /Type /Catalog", &Limits::default());
        assert!(
            matches!(r, Err(PdfError::Damaged { .. }) | Err(PdfError::NoPages { .. })),
            "{r:?}"
        );
    }

    #[test]
    fn reference_chains_are_bounded_and_cycles_cut() {
        let mut doc = Document::with_version("1.7");
        // 1 → 2 → … → 40 → a number: a chain of 39 references.
        for n in 1..40u32 {
            doc.objects.insert((n, 0), Object::Reference((n + 1, 0)));
        }
        doc.objects.insert((40, 0), Object::Integer(7));
        let mut w = Warnings::default();
        let err = check_references(&doc, &Limits::default(), &mut w).err();
        assert!(
            matches!(
                err,
                Some(PdfError::LimitExceeded { limit: "max_reference_depth", max: 32, .. })
            ),
            "{err:?}"
        );
        let roomy = Limits { max_reference_depth: 40, ..Limits::default() };
        assert!(check_references(&doc, &roomy, &mut w).is_ok());

        // 50 ↔ 51: a cycle is a warning, and resolving it gives nothing (no hang).
        let mut doc = Document::with_version("1.7");
        doc.objects.insert((50, 0), Object::Reference((51, 0)));
        doc.objects.insert((51, 0), Object::Reference((50, 0)));
        let mut w = Warnings::default();
        assert!(check_references(&doc, &Limits::default(), &mut w).is_ok());
        let warnings = w.finish();
        assert!(warnings.iter().any(|w| w.code == WARN_REFERENCE), "{warnings:?}");
        assert!(objects::resolve(&doc, &Object::Reference((50, 0))).is_none());
    }

    #[test]
    fn objects_are_counted_before_loading() {
        assert_eq!(count_top_level_objects(b"1 0 obj\n<<>>\nendobj 12 0 obj [] endobj"), 2);
        let many = "1 0 obj null endobj\n".repeat(50);
        let limits = Limits { max_objects: 40, ..Limits::default() };
        let err = read(format!("%PDF-1.7\n{many}").as_bytes(), &limits).err();
        assert!(
            matches!(err, Some(PdfError::LimitExceeded { limit: "max_objects", value: 50, .. })),
            "{err:?}"
        );
    }

    #[test]
    fn rotation_is_normalised() {
        let mut w = Warnings::default();
        let attrs = Inherited {
            media_box: Some(vec![0.0, 0.0, 595.0, 842.0]),
            crop_box: None,
            rotate: Some(-90.0),
            resources: None,
        };
        assert_eq!(page_box(&attrs, 1, &mut w).rotate, 270);
    }

    #[test]
    fn structure_elements_are_dropped_and_nothing_else() {
        use lopdf::{dictionary, Stream};
        let keep = |o: Object| {
            let mut o2 = o.clone();
            let kept = skip_structure_element((1, 0), &mut o2);
            (kept.is_some(), o2 == o)
        };
        // Word's untyped structure element, and a typed one.
        let word = dictionary! { "S" => "P", "P" => Object::Reference((2, 0)), "K" => 0 };
        assert_eq!(keep(Object::Dictionary(word)), (false, true));
        let typed =
            dictionary! { "Type" => "StructElem", "S" => "Span", "P" => Object::Reference((2, 0)) };
        assert_eq!(keep(Object::Dictionary(typed)), (false, true));
        // An annotation has /P, an action /S: both stay.
        let annot = dictionary! { "Type" => "Annot", "S" => "X", "P" => Object::Reference((3, 0)) };
        assert_eq!(keep(Object::Dictionary(annot)), (true, true));
        let action = dictionary! { "S" => "URI", "URI" => Object::string_literal("http://x") };
        assert_eq!(keep(Object::Dictionary(action)), (true, true));
        // lopdf keeps reading a top-level object after the filter: it must be left intact.
        let stream =
            Stream::new(dictionary! { "S" => "P", "P" => Object::Reference((2, 0)) }, vec![1]);
        assert_eq!(keep(Object::Stream(stream)), (true, true));
    }
}
