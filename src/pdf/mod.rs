//! PDF bytes → pages of positioned glyphs and ruling lines.
//!
//! This is the only part of yusuan that knows about PDF. [`read_pdf`] takes the raw bytes of
//! a file and returns a [`PdfDocument`]: one [`Page`] per page in reading order, each holding
//! the [`Glyph`]s drawn on it (one Unicode character each, usually) and the horizontal and
//! vertical [`RulingLine`]s that table borders are made of.
//!
//! All coordinates are PDF points on the page *as displayed*: `/Rotate` and the origin of the
//! CropBox (or MediaBox) are already applied, the origin is the top-left corner and y grows
//! downward. A landscape table printed on a `/Rotate 90` portrait page comes out as an upright
//! landscape page (`width > height`).
//!
//! Reading is best-effort: a font, encoding or operator that cannot be understood becomes a
//! [`PdfWarning`] and the rest of the page is still read. Only a file that cannot be read at
//! all (not a PDF, encrypted with a real password, damaged beyond repair, over a [`Limits`]
//! bound) is a [`PdfError`]. A PDF whose pages carry no text (a scan) is not an error: its
//! pages simply have no glyphs.
//!
//! Stages: `document` (load, page tree — [`open_pdf`] stops here, with the page count — then
//! page boxes) → `content` (content-stream interpreter, text and graphics state, Form
//! XObjects) → `font` (decoding codes to Unicode and widths) and `paths` (paths to ruling
//! lines) → `page` (clean-up: fake-bold duplicates, off-page marks).

mod content;
mod document;
mod font;
mod geometry;
mod glyph_text;
mod lexer;
mod objects;
mod page;
mod paths;
mod warnings;

pub use document::PdfFile;
pub use glyph_text::GlyphText;
use thiserror::Error;

/// A hash map for internal lookups whose iteration order never reaches the output: foldhash
/// with a fixed seed (deterministic, and several times faster than SipHash on the small
/// integer keys used here — glyph grid cells, CIDs, object ids).
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// Bounds that keep a hostile or broken file from using unbounded memory, time or stack.
///
/// Going over one is a [`PdfError::LimitExceeded`] naming the limit (code `limit_exceeded`
/// in the output), never a crash. Each default is ten times or more what the most demanding
/// file of the shared corpus needs (116 pages, 26,490 objects, a 6.8 MB stream, 48 MB of
/// streams in all, under 25,000 operators and glyphs on a page, one level of forms); the
/// command line sets them with the flags named on each field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest size one stream may decompress to, and one page's content streams together,
    /// in bytes (decompression bombs). `--max-stream-mb`.
    pub max_decompressed_stream: usize,
    /// Most bytes all the streams of one document may decompress to together (a stream
    /// read for each of thousands of pages counts each time). `--max-total-mb`.
    pub max_decompressed_total: usize,
    /// Largest number of indirect objects in the file: counted in the bytes before loading
    /// (so millions of tiny objects are refused before they take memory) and again after.
    /// `--max-objects`.
    pub max_objects: usize,
    /// Longest chain of references to references (`1 0 obj 2 0 R endobj` …); at most
    /// [`HARD_MAX_REFERENCE_DEPTH`]. Cycles are cut with a warning. No flag: real files never
    /// chain more than two.
    pub max_reference_depth: usize,
    /// Largest number of content-stream operators run for one page, Form XObjects included;
    /// each glyph shown counts as one too (a string may show at most one per byte, and one
    /// longer than what is left is refused before it is decoded). `--max-operators`.
    pub max_operators_per_page: usize,
    /// Deepest nesting of Form XObjects (a form drawing a form …); at most
    /// [`HARD_MAX_XOBJECT_DEPTH`], as the interpreter recurses once per level.
    /// `--max-xobject-depth`.
    pub max_xobject_depth: usize,
    /// Largest number of pages. `--max-pages`.
    pub max_pages: usize,
}

/// Form XObjects are never nested deeper than this, whatever [`Limits`] says: the
/// interpreter recurses once per level, and a stack overflow cannot be caught.
pub const HARD_MAX_XOBJECT_DEPTH: usize = 64;
/// References are never followed further than this in a row, whatever [`Limits`] says.
pub const HARD_MAX_REFERENCE_DEPTH: usize = 64;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_decompressed_stream: 256 * 1024 * 1024,
            max_decompressed_total: 1024 * 1024 * 1024,
            max_objects: 2_000_000,
            max_reference_depth: 32,
            max_operators_per_page: 5_000_000,
            max_xobject_depth: 12,
            max_pages: 5_000,
        }
    }
}

/// `value > max`, or "more than max" where only that much was read (a stream whose
/// decompression was stopped at the limit reports `max + 1`).
fn over(value: usize, max: usize) -> String {
    if value == max.saturating_add(1) {
        format!("more than {max}")
    } else {
        format!("{value} > {max}")
    }
}

/// What a limit counts and the command-line flag that sets it, for error messages.
fn limit_hint(limit: &str) -> &'static str {
    match limit {
        "max_decompressed_stream" => "bytes in one decompressed stream; raise with --max-stream-mb",
        "max_decompressed_total" => {
            "bytes decompressed for the whole document; raise with --max-total-mb"
        }
        "max_objects" => "objects in the file; raise with --max-objects",
        "max_reference_depth" => "references followed in a row",
        "max_operators_per_page" => {
            "content operators and glyphs on one page; raise with --max-operators"
        }
        "max_xobject_depth" => "nested Form XObjects; raise with --max-xobject-depth",
        "max_pages" => "pages; raise with --max-pages",
        _ => "",
    }
}

/// A read document: its pages, what went wrong on the way, and two Info entries.
#[derive(Debug, Clone, Default)]
pub struct PdfDocument {
    pub pages: Vec<Page>,
    pub warnings: Vec<PdfWarning>,
    pub producer: Option<String>,
    pub title: Option<String>,
}

/// One page as displayed: size in points, glyphs and ruling lines in display coordinates.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub lines: Vec<RulingLine>,
    /// The `/BaseFont` names of the fonts used on the page; [`Glyph::font`] indexes it.
    pub fonts: Vec<String>,
    /// Glyphs drawn outside the clipping path: not visible, so not read; kept for
    /// `yusuan inspect` (text extractors that ignore clipping show them).
    pub clipped: Vec<Glyph>,
}

/// One drawn character. The box spans the glyph's advance horizontally and from ascent
/// (baseline − 0.88 × size) to descent (baseline + 0.12 × size) vertically.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Unicode text of the glyph, usually one character (stored inline, see [`GlyphText`]).
    pub text: GlyphText,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Font size in points as displayed (text matrix and CTM applied).
    pub size: f64,
    /// False for text that does not run left to right along the page's horizontal.
    pub upright: bool,
    /// Index into the page's [`Page::fonts`] (for `yusuan inspect`).
    pub font: u16,
    /// The code had no Unicode mapping: `text` is U+FFFD.
    pub unmapped: bool,
}

/// A horizontal or vertical line segment: `x0 <= x1`, `y0 <= y1`, and either `y0 == y1`
/// (horizontal) or `x0 == x1` (vertical). `width` is the stroke width (or the thickness of
/// the thin filled rectangle the line was drawn as).
#[derive(Debug, Clone, PartialEq)]
pub struct RulingLine {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub width: f64,
    /// Drawn as a thin filled rectangle rather than stroked.
    pub filled: bool,
}

/// Something that could not be read exactly; the best result was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfWarning {
    /// Stable machine-readable code, one of the `WARN_*` constants.
    pub code: &'static str,
    pub message: String,
    /// 1-based page the problem was first seen on, if it belongs to a page.
    pub page: Option<usize>,
}

/// A font could not be loaded or a code in it could not be mapped to Unicode.
pub const WARN_FONT: &str = "font";
/// An operator was unknown or had operands of the wrong kind.
pub const WARN_OPERATOR: &str = "operator";
/// A content stream could not be decoded or parsed completely.
pub const WARN_CONTENT: &str = "content";
/// A Form XObject was nested too deeply, referred to itself, or could not be read.
pub const WARN_XOBJECT: &str = "xobject";
/// A page's dictionary was malformed (box, rotation, resources).
pub const WARN_PAGE: &str = "page";
/// Objects refer to each other in a cycle; they read as missing.
pub const WARN_REFERENCE: &str = "reference";

/// Why a document could not be read at all.
#[derive(Error, Debug)]
pub enum PdfError {
    #[error("not a PDF: the input starts with {first_bytes}")]
    NotAPdf { first_bytes: String },
    #[error("the PDF is encrypted and the empty user password does not open it ({detail})")]
    Encrypted { detail: String },
    #[error("the PDF is damaged: {detail}")]
    Damaged { detail: String },
    #[error("the PDF has no pages ({objects} objects read)")]
    NoPages { objects: usize },
    #[error("limit {limit} exceeded: {} {}", over(*value, *max), limit_hint(limit))]
    LimitExceeded { limit: &'static str, value: usize, max: usize },
}

/// Reads a whole PDF held in memory. See the module documentation for the coordinate system.
pub fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<PdfDocument, PdfError> {
    document::read(bytes, limits)
}

/// The first half of [`read_pdf`]: loads the objects and walks the page tree, so the page
/// count is known ([`PdfFile::page_count`]) before the pages are interpreted
/// ([`PdfFile::read`]), and can be reported when that later stage fails.
pub fn open_pdf(bytes: &[u8], limits: &Limits) -> Result<PdfFile, PdfError> {
    document::open(bytes, limits)
}
