//! Command line: clap options → a validated [`Config`] → the run → an exit code.

mod inspect;
mod interrupt;
mod run;
mod summary;

use std::ffi::OsString;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::error::ErrorKind;
use clap::{Parser, Subcommand};
use yusuan::pdf::Limits;

use yusuan::batch::{self, Input, Shard};

/// Exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Every document extracted.
    Ok = 0,
    /// Some input failed; each failure is named on stderr.
    SomeFailed = 1,
    /// The command line was wrong.
    Usage = 2,
    /// Interrupted (Ctrl-C, SIGTERM): what was written is whole; rerunning resumes.
    Interrupted = interrupt::EXIT_CODE as isize,
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
        yusuan extract docs/ -o out/ --jobs 2 --quiet           # two threads, no progress or summary\n  \
        yusuan extract a.pdf --xlsx a.xlsx                      # one Excel workbook\n  \
        yusuan extract docs/ -o out/ --xlsx                     # out/<stem>.json and .xlsx each\n  \
        yusuan extract docs/ --csv facts.csv                    # one CSV row per figure\n  \
        yusuan extract docs/ --sqlite budget.db                 # documents, tables, facts, checks\n  \
        yusuan extract docs/ --parquet pq/                      # the same as Parquet files\n  \
        yusuan extract docs/ -o out/ --sqlite budget.db         # several outputs in one run\n  \
        yusuan extract docs/ -o out/ --force                    # extract again what a run already wrote\n  \
        yusuan extract docs/ -o out/ --shard 3/8                # this machine's eighth of the corpus\n  \
        yusuan extract docs/ -o out/ --timeout-per-doc 120      # give up on a document after 2 minutes\n\n\
        Rerunning with -o DIR and/or --sqlite skips documents already written from the same\n\
        input bytes (sha256); --force extracts everything again.\n\n\
        Exit codes: 0 every document extracted; 1 some input failed (each named on stderr);\n\
        2 usage error; 101 a bug in yusuan (please report it); 130 interrupted (Ctrl-C or\n\
        SIGTERM: the documents in flight are finished, the outputs closed, and the command\n\
        that resumes is printed).")]
    Extract(ExtractOpts),
    /// Show what yusuan saw on a PDF's pages: text lines, glyphs, ruling lines, cells and
    /// tables, as text, SVG pictures or JSON.
    #[command(after_help = "Examples:\n  \
        yusuan inspect doc.pdf --pages 3            # text lines of page 3 with boxes, fonts, sizes\n  \
        yusuan inspect doc.pdf --pages 3,5-7 --svg debug/   # debug/doc-p3.svg … one picture per page\n  \
        yusuan inspect doc.pdf --json > doc.inspect.json    # the same objects as data\n\n\
        Coordinates are PDF points on the page as displayed (rotation applied), origin top-left.")]
    Inspect(inspect::InspectOpts),
    /// A local web page (http://127.0.0.1:PORT/): drop PDFs or .txt files, see their tables
    /// as printed with failed checks highlighted, download the workbook, JSON and CSV.
    #[command(after_help = "Examples:\n  \
        yusuan serve                  # http://127.0.0.1:8765/\n  \
        yusuan serve --port 9000      # another port (0: any free one)\n\n\
        It listens on 127.0.0.1 only. Nothing is kept: each upload is extracted in memory\n\
        and answered, and the CSV's temporary file is removed before the answer is sent.")]
    Serve(ServeOpts),
}

#[derive(clap::Args, Debug)]
pub struct ServeOpts {
    /// Port to listen on (127.0.0.1 only); 0 picks a free one. Example: `--port 9000`
    #[arg(long, default_value_t = 8765, value_name = "N")]
    pub port: u16,

    /// Largest file accepted, in MiB. Example: `--max-upload-mb 100`
    #[arg(long, value_name = "MB", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_upload_mb: u32,

    /// Most files one drop may hold. Example: `--max-files 50`
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_files: u32,

    /// Give up on one file after SECONDS. Example: `--timeout-per-doc 60`
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub timeout_per_doc: u64,

    #[command(flatten)]
    pub limits: LimitOpts,
}

#[derive(clap::Args, Debug)]
pub struct ExtractOpts {
    /// Files or directories (walked recursively for .pdf and .txt); `-` reads a list of
    /// paths, one per line, from stdin. Example: `yusuan extract a.txt docs/`
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub inputs: Vec<PathBuf>,

    /// Write DIR/<input file stem>.json per document instead of printing; a rerun skips
    /// documents already there from the same input bytes. Example: `-o out/`
    #[arg(short = 'o', long = "out-dir", value_name = "DIR", conflicts_with = "ndjson")]
    pub out_dir: Option<PathBuf>,

    /// Print one document per line (NDJSON) on stdout. Example: `--ndjson > all.ndjson`
    #[arg(long)]
    pub ndjson: bool,

    /// Write the warehouse relations as CSV: PATH ending in .csv gets the facts (one row
    /// per figure) alone; any other PATH is a directory of documents.csv, tables.csv,
    /// facts.csv, checks.csv, cells.csv. Example: `--csv facts.csv`, `--csv csv/`
    #[arg(long, value_name = "PATH")]
    pub csv: Option<PathBuf>,

    /// Write the warehouse relations (documents, tables, facts, checks, cells) into a SQLite
    /// database; a document already in it is replaced, not duplicated. Example:
    /// `--sqlite budget.db`
    #[arg(long, value_name = "FILE")]
    pub sqlite: Option<PathBuf>,

    /// Write the warehouse relations as Parquet files into DIR, one per relation (builds
    /// with the `parquet` feature). Example: `--parquet pq/`
    #[arg(long, value_name = "DIR")]
    pub parquet: Option<PathBuf>,

    /// Write an Excel workbook per document: a sheet per table (merged header, amounts as
    /// numbers), a 检查 sheet of the checks and a 说明 sheet. FILE for one document; bare
    /// `--xlsx` with -o DIR writes DIR/<stem>.xlsx beside the JSON; a directory (or several
    /// documents) gets <stem>.xlsx per document. Example: `--xlsx budget.xlsx`
    #[arg(long, value_name = "FILE_OR_DIR", num_args = 0..=1)]
    pub xlsx: Option<Option<PathBuf>>,

    /// Extract every document again, even when -o DIR / --sqlite already hold it from the
    /// same input bytes. Example: `--force`
    #[arg(long)]
    pub force: bool,

    /// Take only the K-th of N stable subsets of the inputs (by a hash of each path
    /// relative to its directory argument), so N machines split a corpus with no
    /// coordination. Example: `--shard 3/8`
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,

    /// Give up on a document after SECONDS: it gets an error record with code `timeout`
    /// and the batch goes on. Example: `--timeout-per-doc 120`
    #[arg(long, value_name = "SECONDS")]
    pub timeout_per_doc: Option<f64>,

    /// Threads to extract with; 0 = all cores. Example: `--jobs 2`
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    pub jobs: usize,

    /// No progress bar and no summary on stderr (failures are still named).
    /// Example: `--quiet`
    #[arg(short = 'q', long)]
    pub quiet: bool,

    #[command(flatten)]
    pub limits: LimitOpts,
}

/// Where the output goes; several may be combined, except the two stdout forms.
#[derive(Default)]
struct Outputs {
    /// One pretty JSON document on stdout (no other output asked for).
    stdout_json: bool,
    ndjson: bool,
    dir: Option<PathBuf>,
    csv: Option<PathBuf>,
    sqlite: Option<PathBuf>,
    parquet: Option<PathBuf>,
    xlsx: Option<XlsxOut>,
}

/// Where `--xlsx` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum XlsxOut {
    /// The one document's workbook.
    File(PathBuf),
    /// `<dir>/<stem>.xlsx` per document (with -o DIR and a bare `--xlsx`, DIR itself).
    Dir(PathBuf),
}

impl Outputs {
    /// Outputs rewritten whole by every run: a document skipped would be missing from them.
    /// (Workbooks too: a rerun that adds `--xlsx` must write one for every document.)
    fn has_stream(&self) -> bool {
        self.stdout_json
            || self.ndjson
            || self.csv.is_some()
            || self.parquet.is_some()
            || self.xlsx.is_some()
    }
}

/// The validated configuration of an extract run.
struct Config {
    /// Every input, before `--shard` (output names are chosen over all of them).
    inputs: Vec<Input>,
    /// Indices into `inputs` of the ones this run extracts.
    selected: Vec<usize>,
    outputs: Outputs,
    options: batch::Options,
    force: bool,
    quiet: bool,
    /// Inputs were listed on stdin (`-`): a rerun needs the list again.
    from_stdin: bool,
}

/// Parses the command line. A first word that is no command but names an input (`yusuan
/// a.pdf`) gets the command that extracts it; other errors are clap's, help and version
/// exit 0.
pub fn parse() -> Result<Opts, Exit> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let error = match Opts::try_parse_from(&args) {
        Ok(opts) => return Ok(opts),
        Err(e) => e,
    };
    if error.kind() == ErrorKind::InvalidSubcommand {
        if let Some(first) = args.get(1).filter(|a| looks_like_input(Path::new(a))) {
            let rest: Vec<String> =
                args.iter().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
            report(&format!(
                "{} is not a command; to extract it, run:\n  yusuan extract {}",
                first.to_string_lossy(),
                rest.join(" ")
            ));
            return Err(Exit::Usage);
        }
    }
    let _ = error.print();
    Err(if error.use_stderr() { Exit::Usage } else { Exit::Ok })
}

/// An existing path, or a name with an input's extension (`.pdf`, `.txt`).
fn looks_like_input(path: &Path) -> bool {
    path.exists() || yusuan::InputFormat::of(path).is_some()
}

/// Runs the command line; the only caller is `main`.
pub fn run(opts: Opts) -> Exit {
    let opts = match opts.command {
        Command::Extract(opts) => opts,
        Command::Inspect(opts) => return inspect::run(&opts),
        Command::Serve(opts) => return run::serve(&opts),
    };
    let mut failures = 0usize;
    let mut config = match validate(opts, &mut failures) {
        Ok(c) => c,
        Err(e) => {
            report(&format!("{e:#}"));
            return Exit::Usage;
        }
    };
    config.options.stop = Some(interrupt::install());
    match run::extract(&config, &mut failures) {
        Ok(run::Ended::Interrupted) => Exit::Interrupted,
        Ok(run::Ended::Done) if failures == 0 => Exit::Ok,
        Ok(run::Ended::Done) => Exit::SomeFailed,
        Err(e) => {
            report(&format!("{e:#}"));
            Exit::SomeFailed
        }
    }
}

fn validate(opts: ExtractOpts, failures: &mut usize) -> anyhow::Result<Config> {
    let mut paths = Vec::new();
    let from_stdin = opts.inputs.iter().any(|p| p.as_os_str() == "-");
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
    let timeout = match opts.timeout_per_doc {
        None => None,
        Some(s) if s.is_finite() && s > 0.0 => Some(Duration::from_secs_f64(s)),
        Some(s) => bail!("--timeout-per-doc takes a positive number of seconds, not {s}"),
    };
    let (inputs, problems) = batch::collect_inputs(&paths);
    for p in &problems {
        report(&p.message);
    }
    *failures += problems.len();
    let selected: Vec<usize> =
        (0..inputs.len()).filter(|&i| opts.shard.is_none_or(|s| s.contains(&inputs[i]))).collect();
    let mut outputs = Outputs {
        ndjson: opts.ndjson,
        dir: opts.out_dir,
        csv: opts.csv,
        sqlite: opts.sqlite,
        parquet: opts.parquet,
        ..Outputs::default()
    };
    if cfg!(not(feature = "parquet")) && outputs.parquet.is_some() {
        bail!(
            "--parquet needs yusuan built with the `parquet` feature: \
             cargo install --path . --features parquet (in a clone of yusuan)"
        );
    }
    outputs.xlsx = match opts.xlsx {
        None => None,
        Some(None) => match &outputs.dir {
            Some(dir) => Some(XlsxOut::Dir(dir.clone())),
            None => bail!(
                "a bare --xlsx writes DIR/<stem>.xlsx beside the JSON of -o DIR; give -o DIR, \
                 or name the workbook: --xlsx budget.xlsx"
            ),
        },
        Some(Some(p)) if selected.len() == 1 && !p.is_dir() && !ends_with_separator(&p) => {
            Some(XlsxOut::File(p))
        }
        Some(Some(p)) => Some(XlsxOut::Dir(p)),
    };
    let files = outputs.dir.is_some()
        || outputs.xlsx.is_some()
        || outputs.csv.is_some()
        || outputs.sqlite.is_some()
        || outputs.parquet.is_some();
    if !files && !outputs.ndjson {
        if selected.len() > 1 {
            bail!(
                "{} documents found; JSON on stdout holds one. Use -o DIR for one file \
                 per document, --ndjson for one document per line, or --csv / --sqlite / \
                 --parquet",
                selected.len()
            );
        }
        outputs.stdout_json = true;
    }
    Ok(Config {
        inputs,
        selected,
        outputs,
        options: batch::Options {
            jobs: opts.jobs,
            timeout,
            extract: opts.limits.options(),
            stop: None,
        },
        force: opts.force,
        quiet: opts.quiet,
        from_stdin,
    })
}

/// `out/` names a directory even before it exists.
fn ends_with_separator(p: &std::path::Path) -> bool {
    p.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR])
}

/// The binary's one way to talk to the user besides the output.
#[allow(clippy::print_stderr)]
pub(crate) fn report(message: &str) {
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
