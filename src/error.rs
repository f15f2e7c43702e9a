//! The library's error type: a document that could not be read at all.
//!
//! Findings about a document that *was* read (a missing table, a total that does not add
//! up) are data in the output, never an `Error`.

use std::path::PathBuf;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}; {}", io_advice(source))]
    Io { path: PathBuf, source: std::io::Error },

    #[error("{path} is empty (0 bytes); re-download or re-export the document")]
    Empty { path: PathBuf },

    #[error(
        "{path} is not text: {detail}; if it is a PDF, give it a .pdf extension, otherwise \
         re-export the document as text"
    )]
    NotText { path: PathBuf, detail: String },

    #[error("{path}: no budget table was found ({detail}); is this a budget disclosure?")]
    NoBudgetTable { path: PathBuf, detail: String },

    #[error("{path}: unsupported input type {extension:?}; yusuan reads .pdf and .txt files")]
    UnsupportedType { path: PathBuf, extension: String },

    #[error("{path}: {detail}")]
    Pdf { path: PathBuf, code: &'static str, detail: String },

    #[error("{path}: extraction panicked ({detail}); this is a bug in yusuan, please report it")]
    Panic { path: PathBuf, detail: String },

    #[error(
        "{path}: extraction took longer than {seconds} s (--timeout-per-doc) and was abandoned; \
         rerun it alone with a longer timeout, or report it if it never finishes"
    )]
    Timeout { path: PathBuf, seconds: f64 },
}

impl Error {
    /// The stable machine-readable code carried in the output's `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Empty { .. } => "empty_file",
            Error::NotText { .. } => "not_text",
            Error::NoBudgetTable { .. } => "no_budget_table",
            Error::UnsupportedType { .. } => "unsupported_type",
            Error::Pdf { code, .. } => code,
            Error::Panic { .. } => "internal_error",
            Error::Timeout { .. } => "timeout",
        }
    }
}

/// What the user can do about an input that could not be read.
fn io_advice(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            "check the path (was the file moved or deleted after it was listed?), then rerun"
        }
        std::io::ErrorKind::PermissionDenied => {
            "make it readable by this user (chmod, or run as its owner), then rerun"
        }
        std::io::ErrorKind::IsADirectory => "name the files in it, or the directory alone",
        _ => "check the file and the disk it is on, then rerun; a rerun tries it again",
    }
}

pub type Result<T> = std::result::Result<T, Error>;
