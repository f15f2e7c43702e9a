//! The `yusuan` binary: parse the command line, run, exit with a documented code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Panics inside an extraction become that document's error record (see `batch`); the
    // default hook would also print a backtrace notice into the user's terminal.
    std::panic::set_hook(Box::new(|_| {}));
    cli::run(cli::Opts::parse()).into()
}
