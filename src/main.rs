//! The `yusuan` binary: parse the command line, run, exit with a documented code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic inside an extraction becomes that document's `internal_error` record, naming
    // where it happened; any other panic is a bug in yusuan, printed by Rust's default hook,
    // and the process exits with 101 (see the README's exit codes).
    yusuan::batch::install_panic_hook();
    match cli::parse() {
        Ok(opts) => cli::run(opts).into(),
        Err(exit) => exit.into(),
    }
}
