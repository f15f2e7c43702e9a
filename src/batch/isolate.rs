//! One document, isolated: a panic becomes its error record, and with a time limit a
//! document that runs too long gets a `timeout` record while the batch goes on.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use super::Input;
use crate::model::{DocumentOutput, SourceFormat};
use crate::{extract_bytes_with, extract_path_with, failed, Error, InputFormat, Options};

/// Extracts one input, turning a panic into the document's error.
pub fn extract_isolated(input: &Input, options: &Options) -> DocumentOutput {
    guarded(input, || extract_path_with(&input.path, &input.display, options))
}

/// As [`extract_isolated`], from bytes already read (and hashed) by the caller.
pub fn extract_bytes_isolated(input: &Input, bytes: &[u8], options: &Options) -> DocumentOutput {
    guarded(input, || extract_bytes_with(bytes, &input.path, &input.display, options))
}

fn guarded(input: &Input, extract: impl FnOnce() -> DocumentOutput) -> DocumentOutput {
    match catch_unwind(AssertUnwindSafe(extract)) {
        Ok(doc) => doc,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let err = Error::Panic { path: input.path.clone(), detail };
            failed(&input.display, String::new(), format_of(&input.path), None, &err)
        }
    }
}

/// Runs `extract` on a thread of its own and waits at most `limit` for it. On timeout the
/// document gets a `timeout` error record and the thread is **abandoned**, not stopped:
/// Rust cannot kill a thread, so it runs on (using a core and its memory) until the
/// extraction ends by itself or the process exits. A run with many stuck documents can
/// therefore slow down; the record says which document to look at.
pub fn with_timeout(
    input: &Input,
    sha256: &str,
    limit: Duration,
    extract: impl FnOnce() -> DocumentOutput + Send + 'static,
) -> DocumentOutput {
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned =
        std::thread::Builder::new().name(format!("yusuan {}", input.display)).spawn(move || {
            // The receiver is gone only after a timeout; the result is then unwanted.
            let _ = tx.send(extract());
        });
    if let Err(e) = spawned {
        let err = Error::Panic {
            path: input.path.clone(),
            detail: format!("cannot start a thread for the time limit: {e}"),
        };
        return failed(&input.display, sha256.to_string(), format_of(&input.path), None, &err);
    }
    match rx.recv_timeout(limit) {
        Ok(doc) => doc,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let err = Error::Timeout { path: input.path.clone(), seconds: limit.as_secs_f64() };
            failed(&input.display, sha256.to_string(), format_of(&input.path), None, &err)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let err = Error::Panic {
                path: input.path.clone(),
                detail: "the extraction thread ended without a result".to_string(),
            };
            failed(&input.display, sha256.to_string(), format_of(&input.path), None, &err)
        }
    }
}

fn format_of(path: &Path) -> SourceFormat {
    match InputFormat::of(path) {
        Some(InputFormat::Pdf) => SourceFormat::Pdf,
        _ => SourceFormat::Text,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn input() -> Input {
        Input::named(PathBuf::from("stuck.txt"))
    }

    #[test]
    fn an_extraction_that_never_ends_gets_a_timeout_record() {
        // The extraction waits on a channel nobody sends on: it can never finish, so the
        // outcome does not depend on how fast the machine is.
        let (_keep, never) = mpsc::channel::<()>();
        let doc = with_timeout(&input(), "abc", Duration::from_millis(20), move || {
            let _ = never.recv();
            extract_isolated(&Input::named(PathBuf::from("stuck.txt")), &Options::default())
        });
        let err = doc.error.as_ref().map(|e| e.code.as_str());
        assert_eq!(err, Some("timeout"));
        assert_eq!(doc.source.sha256, "abc");
    }

    #[test]
    fn an_extraction_within_the_limit_returns_its_document() {
        let doc = with_timeout(&input(), "", Duration::from_secs(600), || {
            extract_isolated(&Input::named(PathBuf::from("missing.txt")), &Options::default())
        });
        assert_eq!(doc.error.map(|e| e.code), Some("io".to_string()));
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let doc = guarded(&input(), || panic!("boom")); // ok: test
        let e = doc.error.expect("an error record"); // ok: test
        assert_eq!(e.code, "internal_error");
        assert!(e.message.contains("boom"));
    }
}
