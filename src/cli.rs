//! Command line: clap options → a validated [`Config`] → the run → an exit code.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

use yusuan::batch::{self, Input};
use yusuan::pdf::Limits;
use yusuan::write::{DirSink, JsonSink, NdjsonSink, Sink};

/// Exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Every document extracted.
    Ok = 0,
    /// Some input failed; each failure is named on stderr.
    SomeFailed = 1,
    /// The command line was wrong.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "yusuan",
    version,
    about = "Chinese government budget disclosures (部门预算公开) → clean, typed, checked JSON"
)]
pub struct Opts {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract the standard tables of budget documents (.pdf, .txt) into JSON.
    #[command(after_help = "Examples:\n  \
        yusuan extract samples/lingbao-gxj-2025.txt              # one document, JSON on stdout\n  \
        yusuan extract samples/ -o out/                         # out/<stem>.json per document\n  \
        yusuan extract samples/ --ndjson > all.ndjson           # one document per line\n  \
        find docs -name '*.txt' | yusuan extract - --ndjson     # inputs listed on stdin\n  \
        yusuan extract docs/ -o out/ --jobs 2 --quiet           # two threads, no summary\n\n\
        Exit codes: 0 every document extracted; 1 some input failed (each named on stderr);\n\
        2 usage error.")]
    Extract(ExtractOpts),
}

#[derive(clap::Args, Debug)]
pub struct ExtractOpts {
    /// Files or directories (walked recursively for .pdf and .txt); `-` reads a list of
    /// paths, one per line, from stdin. Example: `yusuan extract a.txt docs/`
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub inputs: Vec<PathBuf>,

    /// Write DIR/<input file stem>.json per document instead of printing.
    /// Example: `-o out/`
    #[arg(short = 'o', long = "out-dir", value_name = "DIR", conflicts_with = "ndjson")]
    pub out_dir: Option<PathBuf>,

    /// Print one document per line (NDJSON) on stdout. Example: `--ndjson > all.ndjson`
    #[arg(long)]
    pub ndjson: bool,

    /// Threads to extract with; 0 = all cores. Example: `--jobs 2`
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    pub jobs: usize,

    /// No summary line on stderr (failures are still named). Example: `--quiet`
    #[arg(short = 'q', long)]
    pub quiet: bool,

    #[command(flatten)]
    pub limits: LimitOpts,
}

/// Where the output goes.
enum Target {
    Stdout,
    Ndjson,
    Dir(PathBuf),
}

/// The validated configuration of an extract run.
struct Config {
    inputs: Vec<Input>,
    target: Target,
    jobs: usize,
    quiet: bool,
    options: yusuan::Options,
}

/// Runs the command line; the only caller is `main`.
pub fn run(opts: Opts) -> Exit {
    let Command::Extract(opts) = opts.command;
    let mut failures = 0usize;
    let config = match validate(opts, &mut failures) {
        Ok(c) => c,
        Err(e) => {
            report(&format!("{e:#}"));
            return Exit::Usage;
        }
    };
    match extract(&config, &mut failures) {
        Ok(()) if failures == 0 => Exit::Ok,
        Ok(()) => Exit::SomeFailed,
        Err(e) => {
            report(&format!("{e:#}"));
            Exit::SomeFailed
        }
    }
}

fn validate(opts: ExtractOpts, failures: &mut usize) -> anyhow::Result<Config> {
    let mut paths = Vec::new();
    for p in opts.inputs {
        if p.as_os_str() == "-" {
            if io::stdin().is_terminal() {
                bail!("`-` reads paths from stdin, but stdin is a terminal; pipe a list in");
            }
            for line in io::stdin().lock().lines() {
                let line = line.context("reading the list of inputs from stdin")?;
                let line = line.trim();
                if !line.is_empty() {
                    paths.push(PathBuf::from(line));
                }
            }
        } else {
            paths.push(p);
        }
    }
    let (inputs, problems) = batch::collect_inputs(&paths);
    for p in &problems {
        report(&p.message);
    }
    *failures += problems.len();
    let target = match (opts.out_dir, opts.ndjson) {
        (Some(dir), _) => Target::Dir(dir),
        (None, true) => Target::Ndjson,
        (None, false) => {
            if inputs.len() > 1 {
                bail!(
                    "{} documents found; JSON on stdout holds one. Use -o DIR for one file \
                     per document, or --ndjson for one document per line",
                    inputs.len()
                );
            }
            Target::Stdout
        }
    };
    Ok(Config {
        inputs,
        target,
        jobs: opts.jobs,
        quiet: opts.quiet,
        options: opts.limits.options(),
    })
}

fn extract(config: &Config, failures: &mut usize) -> anyhow::Result<()> {
    if config.inputs.is_empty() {
        *failures += 1;
        report("no .pdf or .txt documents found in the given paths");
        return Ok(());
    }
    let stdout = io::stdout();
    let mut sink: Box<dyn Sink> = match &config.target {
        Target::Stdout => Box::new(JsonSink::new(io::BufWriter::new(stdout.lock()))),
        Target::Ndjson => Box::new(NdjsonSink::new(io::BufWriter::new(stdout.lock()))),
        Target::Dir(dir) => Box::new(DirSink::new(dir)?),
    };
    let mut ok = 0usize;
    let mut failed = 0usize;
    let mut write_errors = 0usize;
    let mut checks_failed = 0usize;
    let result = batch::run_with(&config.inputs, config.jobs, &config.options, |_, doc| {
        if let Some(e) = &doc.error {
            report(&e.message);
            failed += 1;
        } else {
            ok += 1;
        }
        checks_failed += doc.checks.iter().filter(|c| !c.ok).count();
        match sink.write(&doc) {
            Ok(()) => Ok(()),
            // A broken pipe (`| head`) ends the run quietly; other write errors are named
            // and the batch goes on, so one unwritable file costs one document.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(e),
            Err(e) => {
                report(&e.to_string());
                write_errors += 1;
                Ok(())
            }
        }
    });
    match result.and_then(|()| sink.finish()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => return Err(e).context("writing output"),
        Ok(()) => {}
    }
    *failures += failed + write_errors;
    if !config.quiet && config.inputs.len() > 1 {
        let line = format!(
            "yusuan: {} document(s): {ok} extracted, {failed} failed, {write_errors} not \
             written; {checks_failed} check(s) failed",
            config.inputs.len()
        );
        report(&line);
    }
    Ok(())
}

/// The binary's one way to talk to the user besides the output.
#[allow(clippy::print_stderr)]
fn report(message: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "yusuan: {message}");
}

const MIB: usize = 1024 * 1024;

/// Bounds on untrusted PDF input (`yusuan::pdf::Limits`); over one, a document fails with
/// `limit_exceeded`. The defaults pass every real disclosure seen so far.
#[derive(clap::Args, Debug)]
#[command(next_help_heading = "Limits on untrusted input")]
pub struct LimitOpts {
    /// Largest decompressed stream, and one page's content, in MiB. Example: `--max-stream-mb 64`
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u32).range(1..),
          default_value_t = (Limits::default().max_decompressed_stream / MIB) as u32)]
    pub max_stream_mb: u32,

    /// Most MiB one document's streams may decompress to in all. Example: `--max-total-mb 512`
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u32).range(1..),
          default_value_t = (Limits::default().max_decompressed_total / MIB) as u32)]
    pub max_total_mb: u32,

    /// Largest number of objects in one PDF. Example: `--max-objects 100000`
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_objects)]
    pub max_objects: usize,

    /// Largest number of content-stream operators on one page. Example: `--max-operators 1000000`
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_operators_per_page)]
    pub max_operators: usize,

    /// Deepest nesting of Form XObjects (1 to 64). Example: `--max-xobject-depth 8`
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=64),
          default_value_t = Limits::default().max_xobject_depth as u8)]
    pub max_xobject_depth: u8,

    /// Largest number of pages in one PDF. Example: `--max-pages 1000`
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pages)]
    pub max_pages: usize,
}

impl LimitOpts {
    fn options(&self) -> yusuan::Options {
        yusuan::Options {
            limits: Limits {
                max_decompressed_stream: (self.max_stream_mb as usize).saturating_mul(MIB),
                max_decompressed_total: (self.max_total_mb as usize).saturating_mul(MIB),
                max_objects: self.max_objects,
                max_operators_per_page: self.max_operators,
                max_xobject_depth: usize::from(self.max_xobject_depth),
                max_pages: self.max_pages,
                ..Limits::default()
            },
        }
    }
}
