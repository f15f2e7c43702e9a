//! Ctrl-C (SIGINT), SIGTERM and SIGHUP: the first asks the batch to stop taking documents
//! and to close its outputs cleanly; a second one ends the process at once with 130 (files
//! are still whole: each is written through a temporary file or a transaction).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::report;

/// The exit code of an interrupted run: 128 + SIGINT, what shells report for Ctrl-C.
pub const EXIT_CODE: u8 = 130;

/// Installs the handlers and returns the flag they set. If they cannot be installed, the
/// signals keep their default effect (the run stops abruptly; files are still whole).
pub fn install() -> Arc<AtomicBool> {
    use signal_hook::consts::signal::{SIGINT, SIGTERM};
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    let signals = [SIGINT, SIGTERM, signal_hook::consts::signal::SIGHUP];
    #[cfg(not(unix))]
    let signals = [SIGINT, SIGTERM];
    for signal in signals {
        // The exit first: it fires only when the flag is already set, i.e. on the second
        // signal (signal-hook runs a signal's actions in the order they were registered).
        let installed = signal_hook::flag::register_conditional_shutdown(
            signal,
            i32::from(EXIT_CODE),
            Arc::clone(&stop),
        )
        .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&stop)));
        if let Err(e) = installed {
            report(&format!(
                "cannot catch signal {signal} ({e}); an interrupt stops the run abruptly"
            ));
        }
    }
    // A signal handler may not print; this thread says what happens next. It ends with the
    // process.
    let flag = Arc::clone(&stop);
    let watcher = std::thread::Builder::new().name("yusuan signals".into()).spawn(move || {
        while !flag.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
        }
        announce();
    });
    if let Err(e) = watcher {
        report(&format!("cannot start the signal watcher ({e})"));
    }
    stop
}

/// Says, once, that the interrupt was seen: from the watcher as soon as it is, or from the
/// run's end if that comes first, so the line always precedes the summary.
pub fn announce() {
    static ANNOUNCED: AtomicBool = AtomicBool::new(false);
    if !ANNOUNCED.swap(true, Ordering::SeqCst) {
        report(
            "interrupted: finishing the documents in flight and closing the outputs \
             (interrupt again to stop at once)",
        );
    }
}

/// The command line that resumes this run: the same arguments, quoted for a POSIX shell.
pub fn resume_command() -> String {
    let words: Vec<String> =
        std::env::args_os().map(|a| shell_quote(&a.to_string_lossy())).collect();
    words.join(" ")
}

fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_the_shell_needs_it() {
        assert_eq!(shell_quote("docs/a.pdf"), "docs/a.pdf");
        assert_eq!(shell_quote("部门 预算.pdf"), "'部门 预算.pdf'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
