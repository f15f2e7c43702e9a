//! yusuan (预算): Chinese government budget disclosures → clean, typed, checked JSON.
//!
//! The pipeline runs one way:
//!
//! ```text
//! PDF bytes ─ pdf ─▶ glyphs, rulings ─ layout ─▶ lines and grids (Item) ─┐
//! text bytes ─ text::encoding ─▶ text ─ text::read_layout ────────────────┤
//!   tables::stitch ─▶ RawTable (title, 单位, grid, notes)
//!   ─ tables::assemble ─▶ Table (columns, rows)
//!   ─ records::read ─▶ column spec (role, measure) + typed records
//!   ─ meta / checks ─▶ document metadata, accounting identities
//!   ─ write ─▶ JSON / NDJSON / CSV / SQLite / Parquet
//! ```
//!
//! This file is the one place the stages are called in order (`finish` and
//! [`read_table`]); no stage calls a later one, and the types they hand each other that the
//! contract owns live at the bottom, in [`contract`] and [`model`].
//!
//! [`extract_path`] reads one file into the contract's [`model::DocumentOutput`]; it never
//! panics on bad input and never prints: a document that cannot be read comes back with
//! its `error` set, findings (missing tables, failed checks) come back as data.
//! [`batch`] runs many documents in parallel, isolated from each other.

pub mod batch;
pub mod checks;
pub mod contract;
pub mod error;
pub mod inspect;
pub mod layout;
pub mod meta;
pub mod model;
pub mod normalize;
pub mod pdf;
mod radicals;
pub mod records;
pub mod serve;
pub mod tables;
pub mod text;
pub mod vocabulary;
pub mod write;

use std::path::Path;

use sha2::{Digest, Sha256};

use contract::TableKind;
pub use error::{Error, Result};
use model::{DocError, DocumentMeta, DocumentOutput, Source, SourceFormat, Table, Warning};

/// What kind of input a path is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Pdf,
    Text,
}

impl InputFormat {
    /// `.pdf` / `.txt` (case-insensitive); `None` for anything else.
    pub fn of(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(InputFormat::Pdf),
            "txt" => Some(InputFormat::Text),
            _ => None,
        }
    }
}

/// How to extract: today, the bounds put on untrusted input (see [`pdf::Limits`]). The
/// default is generous enough for every real disclosure seen so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub limits: pdf::Limits,
}

/// Reads and extracts one document. `display` is the path as the user gave it (it goes
/// into `source.file`). Never fails: an unreadable document is answered with `error` set.
pub fn extract_path(path: &Path, display: &str) -> DocumentOutput {
    extract_path_with(path, display, &Options::default())
}

/// [`extract_path`] with explicit [`Options`].
pub fn extract_path_with(path: &Path, display: &str, options: &Options) -> DocumentOutput {
    match std::fs::read(path) {
        Ok(bytes) => extract_bytes_with(&bytes, path, display, options),
        Err(source) => {
            let err = Error::Io { path: path.to_path_buf(), source };
            failed(display, String::new(), source_format(path), None, &err)
        }
    }
}

/// Extracts one document from its bytes; `path` decides the format and names errors.
pub fn extract_bytes(bytes: &[u8], path: &Path, display: &str) -> DocumentOutput {
    extract_bytes_with(bytes, path, display, &Options::default())
}

/// [`extract_bytes`] with explicit [`Options`].
pub fn extract_bytes_with(
    bytes: &[u8],
    path: &Path,
    display: &str,
    options: &Options,
) -> DocumentOutput {
    let sha256 = batch::hex(&Sha256::digest(bytes));
    let format = source_format(path);
    let result = match InputFormat::of(path) {
        Some(InputFormat::Text) => extract_text(bytes, path).map_err(Failure::from),
        Some(InputFormat::Pdf) => extract_pdf(bytes, path, &options.limits),
        None => Err(Failure::from(Error::UnsupportedType {
            path: path.to_path_buf(),
            extension: path
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })),
    };
    match result {
        Ok(extracted) => DocumentOutput {
            schema: model::SCHEMA,
            source: Source { file: display.to_string(), sha256, format, pages: extracted.pages },
            document: extracted.document,
            tables: extracted.tables,
            checks: extracted.checks,
            warnings: extracted.warnings,
            error: None,
        },
        Err(Failure { error, pages }) => failed(display, sha256, format, pages, &error),
    }
}

/// Why a document could not be read, with its page count when that was known before the
/// failure (a PDF whose page tree was read, then failed on a limit, had no text layer or
/// held no budget table): `source.pages` still reports it.
struct Failure {
    error: Error,
    pages: Option<u32>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure { error, pages: None }
    }
}

/// A document's content once read.
struct Extracted {
    pages: Option<u32>,
    document: DocumentMeta,
    tables: Vec<Table>,
    checks: Vec<model::Check>,
    warnings: Vec<Warning>,
}

fn extract_pdf(
    bytes: &[u8],
    path: &Path,
    limits: &pdf::Limits,
) -> std::result::Result<Extracted, Failure> {
    if bytes.is_empty() {
        return Err(Error::Empty { path: path.to_path_buf() }.into());
    }
    let pdf_error = |e: pdf::PdfError| Error::Pdf {
        path: path.to_path_buf(),
        code: pdf_error_code(&e),
        detail: e.to_string(),
    };
    let file = pdf::open_pdf(bytes, limits).map_err(|e| Failure::from(pdf_error(e)))?;
    // From here on the page count is known, and every failure reports it.
    let pages = u32::try_from(file.page_count()).ok();
    let doc = file.read().map_err(|e| Failure { error: pdf_error(e), pages })?;
    extract_pdf_pages(&doc, pages, path).map_err(|error| Failure { error, pages })
}

/// Tables, records and checks from a PDF's interpreted pages.
fn extract_pdf_pages(doc: &pdf::PdfDocument, pages: Option<u32>, path: &Path) -> Result<Extracted> {
    let mut warnings: Vec<Warning> = doc
        .warnings
        .iter()
        .map(|w| Warning {
            code: w.code,
            message: w.message.clone(),
            page: w.page.and_then(|p| u32::try_from(p).ok()),
        })
        .collect();
    let blank: Vec<usize> =
        doc.pages.iter().filter(|p| p.glyphs.is_empty()).map(|p| p.number).collect();
    if blank.len() == doc.pages.len() {
        return Err(Error::Pdf {
            path: path.to_path_buf(),
            code: "no_text_layer",
            detail: format!(
                "no text layer on any of its {} page(s); it is a scan, and OCR is not supported",
                doc.pages.len()
            ),
        });
    }
    if !blank.is_empty() {
        let list: Vec<String> = blank.iter().map(ToString::to_string).collect();
        warnings.push(Warning::new(
            "no_text_layer",
            format!(
                "page(s) {} have no text layer (scanned or blank); OCR is not supported, so \
                 anything printed there is missing",
                list.join(", ")
            ),
        ));
    }
    let items: Vec<contract::Item> = layout::document_items(&doc.pages);
    let stitched = tables::stitch::stitch(items, false, &mut warnings);
    finish(stitched, pages, warnings, path)
}

pub(crate) fn pdf_error_code(e: &pdf::PdfError) -> &'static str {
    match e {
        pdf::PdfError::NotAPdf { .. } => "not_a_pdf",
        pdf::PdfError::Encrypted { .. } => "encrypted",
        pdf::PdfError::Damaged { .. } | pdf::PdfError::NoPages { .. } => "damaged_pdf",
        pdf::PdfError::LimitExceeded { .. } => "limit_exceeded",
    }
}

fn extract_text(bytes: &[u8], path: &Path) -> Result<Extracted> {
    if bytes.is_empty() {
        return Err(Error::Empty { path: path.to_path_buf() });
    }
    let (text, _encoding) = text::encoding::decode(bytes)
        .map_err(|e| Error::NotText { path: path.to_path_buf(), detail: e.0 })?;
    let mut warnings = Vec::new();
    let stitched = text::read_layout(&text, &mut warnings);
    finish(stitched, None, warnings, path)
}

/// Tables, records, metadata and checks from the stitched items of either front end.
fn finish(
    stitched: tables::stitch::Stitched,
    pages: Option<u32>,
    mut warnings: Vec<Warning>,
    path: &Path,
) -> Result<Extracted> {
    let listed = tables::contents::entries(&stitched.prose);
    tables::contents::warn_unprinted(&listed, &stitched.tables, &mut warnings);
    let tables: Vec<Table> =
        stitched.tables.into_iter().map(|raw| read_table(raw, &mut warnings)).collect();
    // Prose-only parts of a disclosure (the 说明 published apart from its tables) are still
    // budget documents: answered with a warning, not an error. Anything else is not one.
    // A table's title is not prose: a one-table book's only mention of 决算 is its title
    // (地方政府债务限额及余额决算情况表).
    let titled = tables.iter().any(|t| vocabulary::labels::mentions_budget(&t.title));
    if tables.iter().all(|t| t.kind == TableKind::Other)
        && !titled
        && !mentions_budget(&stitched.prose)
    {
        let detail = if tables.is_empty() {
            "no table was found in it, and its text never mentions 预算 or 决算".to_string()
        } else {
            format!(
                "{} table(s) found, none titled as a standard budget table, and its text never \
                 mentions 预算 or 决算",
                tables.len()
            )
        };
        return Err(Error::NoBudgetTable { path: path.to_path_buf(), detail });
    }
    let document = meta::document_meta(&stitched.prose, &tables);
    warn_missing_tables(&tables, &mut warnings);
    let mut checks = checks::run_checks(&tables, document.unit.as_deref());
    checks.extend(checks::final_accounts_checks(&tables));
    checks.extend(checks::prose_checks(&stitched.prose, &tables, document.unit.as_deref()));
    Ok(Extracted { pages, document, tables, checks, warnings })
}

/// One raw table through the table stages: grid → header paths and body (`tables`), then
/// column meanings and typed records (`records`).
pub fn read_table(raw: tables::RawTable, warnings: &mut Vec<Warning>) -> Table {
    let mut table = tables::assemble(raw, warnings);
    records::read(&mut table, warnings);
    table
}

/// True when the prose reads like part of a budget disclosure.
fn mentions_budget(prose: &[String]) -> bool {
    prose.iter().take(200).any(|l| vocabulary::labels::mentions_budget(l))
}

/// A warning per standard table not found. Provinces publish subsets, so this is a finding
/// for the user to weigh, not an error.
fn warn_missing_tables(tables: &[Table], warnings: &mut Vec<Warning>) {
    let found = |k: TableKind| tables.iter().any(|t| t.kind == k);
    let missing: Vec<String> = TableKind::STANDARD
        .iter()
        .filter(|&&k| !found(k))
        .map(|k| format!("{} ({})", k.number().unwrap_or(0), k.as_str()))
        .collect();
    if !missing.is_empty() {
        warnings.push(Warning::new(
            "table_not_found",
            format!("standard table(s) not found: {}", missing.join(", ")),
        ));
    }
}

fn source_format(path: &Path) -> SourceFormat {
    match InputFormat::of(path) {
        Some(InputFormat::Pdf) => SourceFormat::Pdf,
        _ => SourceFormat::Text,
    }
}

/// The answer for a document that could not be read.
pub fn failed(
    display: &str,
    sha256: String,
    format: SourceFormat,
    pages: Option<u32>,
    err: &Error,
) -> DocumentOutput {
    DocumentOutput {
        schema: model::SCHEMA,
        source: Source { file: display.to_string(), sha256, format, pages },
        document: DocumentMeta::default(),
        tables: Vec::new(),
        checks: Vec::new(),
        warnings: Vec::new(),
        error: Some(DocError { code: err.code().to_string(), message: err.to_string() }),
    }
}

/// Compiles one of the regex literals written in this crate's source (never one built from
/// input). Every pattern is exercised by the unit tests, so the panic cannot be reached.
pub(crate) fn static_regex(pattern: &str) -> regex::Regex {
    let compiled = regex::Regex::new(pattern);
    compiled.expect("a regex literal in yusuan's source is invalid") // ok: literals only
}
