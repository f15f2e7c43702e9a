//! One document, isolated: a panic becomes its error record, and with a time limit a
//! document that runs too long gets a `timeout` record while the batch goes on.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;
use std::sync::Once;
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
    let outer = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(extract));
    GUARDED.with(|g| g.set(outer));
    match result {
        Ok(doc) => doc,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let detail = match LAST_PANIC.with(|p| p.take()) {
                Some(place) => format!("{message} at {place}"),
                None => message,
            };
            let err = Error::Panic { path: input.path.clone(), detail };
            failed(&input.display, String::new(), format_of(&input.path), None, &err)
        }
    }
}

thread_local! {
    /// Whether this thread is inside [`guarded`], whose caller turns a panic into a record.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// Where the last guarded panic on this thread happened (and its backtrace, when
    /// `RUST_BACKTRACE` asks for one), left by the hook for [`guarded`] to report.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the process's panic hook (once; later calls do nothing). A panic inside an
/// extraction is the document's `internal_error`, so the hook prints nothing and records
/// where it happened — `src/pdf/font/mod.rs:244:35`, plus the backtrace when
/// `RUST_BACKTRACE` is set — for the record's message. Any other panic (a bug outside one
/// document) goes to the hook that was installed before, normally Rust's default, which
/// prints it; the binary then exits with 101.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                return previous(info);
            }
            let mut place =
                info.location().map_or_else(|| "an unknown place".to_string(), |l| l.to_string());
            let trace = std::backtrace::Backtrace::capture();
            if trace.status() == std::backtrace::BacktraceStatus::Captured {
                place.push_str(&format!("\nbacktrace:\n{trace}"));
            }
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(place));
        }));
    });
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
    fn a_guarded_panic_names_where_it_happened_and_others_reach_the_previous_hook() {
        // The hook is process-wide: the recorder below sees panics of other tests too, so
        // it is asked only about this test's own messages.
        static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
        std::panic::set_hook(Box::new(|info| {
            let message = info.payload().downcast_ref::<&str>().map(|s| s.to_string());
            let mut seen = SEEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            seen.extend(message);
        }));
        install_panic_hook();
        let line = line!() + 1;
        let doc = guarded(&input(), || panic!("guarded boom")); // ok: test
        let message = doc.error.map(|e| e.message).unwrap_or_default();
        let place = format!("src/batch/isolate.rs:{line}:");
        assert!(message.contains(&format!("guarded boom at {place}")), "{message}");
        let outside = catch_unwind(|| panic!("outside boom")); // ok: test
        assert!(outside.is_err());
        let seen = SEEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        assert!(seen.iter().any(|m| m == "outside boom"), "{seen:?}");
        assert!(!seen.iter().any(|m| m == "guarded boom"), "{seen:?}");
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let doc = guarded(&input(), || panic!("boom")); // ok: test
        let e = doc.error.expect("an error record"); // ok: test
        assert_eq!(e.code, "internal_error");
        assert!(e.message.contains("boom"));
    }
}
