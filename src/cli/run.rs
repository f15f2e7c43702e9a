//! One extract run: the sinks the options ask for, what a rerun may skip, the progress bar
//! and the closing summary.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use yusuan::batch::{self, Done, Input, Outcome, Resume};
use yusuan::model::DocumentOutput;
use yusuan::write::xlsx::{XlsxSink, XlsxTarget};
#[cfg(feature = "parquet")]
use yusuan::write::ParquetSink;
use yusuan::write::{CsvSink, DirLayout, DirSink, JsonSink, NdjsonSink, Sink, SqliteSink};

use super::summary::Digest;
use super::{report, Config, Exit, ServeOpts, XlsxOut};

/// Decides whether an input is done: every resumable output (-o DIR, --sqlite) holds it,
/// made from the same bytes.
struct Resumer<'a> {
    selected: &'a [usize],
    dir: Option<Arc<DirLayout>>,
    sqlite: Option<BTreeMap<String, Done>>,
}

impl Resume for Resumer<'_> {
    fn done(&self, index: usize, _input: &Input, sha256: &str) -> Option<Done> {
        let full = *self.selected.get(index)?;
        let mut found = None;
        if let Some(dir) = &self.dir {
            let done = dir.done(full).filter(|d| d.is_final_for(sha256))?;
            found = Some(done);
        }
        if let Some(db) = &self.sqlite {
            let done = db.get(sha256).filter(|d| d.is_final_for(sha256))?;
            found = Some(done.clone());
        }
        found
    }
}

/// What the run saw, for the summary and the exit code.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: usize,
    skipped: usize,
    skipped_failed: usize,
    write_errors: usize,
    checks_failed: usize,
    pages: u64,
    /// Tables found per kind, ordered by the kind's number (unnumbered kinds last).
    tables: BTreeMap<(u8, &'static str), usize>,
}

impl Tally {
    fn count(&mut self, doc: &DocumentOutput) {
        if doc.error.is_some() {
            self.failed += 1;
        } else {
            self.ok += 1;
        }
        self.checks_failed += doc.checks.iter().filter(|c| !c.ok).count();
        for t in &doc.tables {
            let key = (t.kind.number().unwrap_or(u8::MAX), t.kind.as_str());
            *self.tables.entry(key).or_default() += 1;
        }
    }
}

/// How a run ended.
pub(super) enum Ended {
    Done,
    /// By a signal: what was written is whole, and the user was told how to resume.
    Interrupted,
}

pub(super) fn extract(config: &Config, failures: &mut usize) -> anyhow::Result<Ended> {
    if config.selected.is_empty() {
        if config.inputs.is_empty() {
            // Each path that gave nothing was named already (see `collect_inputs`).
            if *failures == 0 {
                *failures += 1;
                report("no .pdf or .txt documents found in the given paths");
            }
        } else if !config.quiet {
            report(&format!("this shard holds none of the {} document(s)", config.inputs.len()));
        }
        return Ok(Ended::Done);
    }
    let out = &config.outputs;
    let layout = out
        .dir
        .as_ref()
        .map(|dir| Arc::new(DirLayout::new(dir, config.inputs.iter().map(|i| i.display.as_str()))));
    let stdout = io::stdout();
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    if out.stdout_json {
        sinks.push(Box::new(JsonSink::new(io::BufWriter::new(stdout.lock()))));
    }
    if out.ndjson {
        sinks.push(Box::new(NdjsonSink::new(io::BufWriter::new(stdout.lock()))));
    }
    if let Some(layout) = &layout {
        sinks.push(Box::new(DirSink::new(Arc::clone(layout))?));
    }
    let mut db_done = None;
    if let Some(path) = &out.sqlite {
        let sink = SqliteSink::open(path)?;
        if !config.force {
            db_done = Some(sink.done()?);
        }
        sinks.push(Box::new(sink));
    }
    // Sinks from here on write one whole-run file each; an interrupted run drops them.
    let resumable = sinks.len();
    if let Some(path) = &out.csv {
        sinks.push(Box::new(CsvSink::create(path)?));
    }
    #[cfg(feature = "parquet")]
    if let Some(dir) = &out.parquet {
        sinks.push(Box::new(ParquetSink::create(dir)?));
    }
    if let Some(xlsx) = &out.xlsx {
        let target = match xlsx {
            XlsxOut::File(path) => XlsxTarget::File(path.clone()),
            XlsxOut::Dir(dir) => {
                // Beside -o's JSON, the workbooks take the same names.
                let layout = match &layout {
                    Some(l) if out.dir.as_ref() == Some(dir) => Arc::clone(l),
                    _ => Arc::new(DirLayout::new(
                        dir,
                        config.inputs.iter().map(|i| i.display.as_str()),
                    )),
                };
                XlsxTarget::Dir { dir: dir.clone(), layout }
            }
        };
        sinks.push(Box::new(XlsxSink::new(target)?));
    }
    let resumer = (!config.force && !out.has_stream()).then(|| Resumer {
        selected: &config.selected,
        dir: layout.clone(),
        sqlite: db_done,
    });
    let inputs: Vec<Input> =
        config.selected.iter().filter_map(|&i| config.inputs.get(i).cloned()).collect();

    let bar = progress_bar(inputs.len(), config.quiet);
    let say = |m: &str| bar.suspend(|| report(m));
    let started = Instant::now();
    let (mut seen_pages, mut seen_failed) = (0u64, 0usize);
    let mut tally = Tally::default();
    let mut handed = 0usize;
    let mut digest = Digest::default();
    let arrived = |o: &Outcome| {
        if let Outcome::Extracted(doc) = o {
            seen_pages += u64::from(doc.source.pages.unwrap_or(0));
            seen_failed += usize::from(doc.error.is_some());
        }
        let rate = seen_pages as f64 / started.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!("{rate:.0} pages/s, {seen_failed} failed"));
        bar.inc(1);
    };
    let result = batch::run(
        &inputs,
        &config.options,
        resumer.as_ref().map(|r| r as &dyn Resume),
        arrived,
        |i, outcome| {
            let full = config.selected.get(i).copied().unwrap_or(i);
            handed += 1;
            match outcome {
                Outcome::Skipped(done) => {
                    tally.skipped += 1;
                    if let Some(code) = &done.error {
                        tally.skipped_failed += 1;
                        say(&format!(
                            "{}: failed in an earlier run ({code}); kept (--force extracts it \
                             again)",
                            inputs.get(i).map(|x| x.display.as_str()).unwrap_or("?")
                        ));
                    }
                    for sink in &mut sinks {
                        if let Err(e) = sink.skipped(full) {
                            say(&e.to_string());
                            tally.write_errors += 1;
                        }
                    }
                    Ok(())
                }
                Outcome::Extracted(doc) => {
                    if let Some(e) = &doc.error {
                        say(&e.message);
                    }
                    tally.count(doc);
                    digest.add(doc);
                    tally.pages += u64::from(doc.source.pages.unwrap_or(0));
                    for sink in &mut sinks {
                        match sink.write(full, doc) {
                            Ok(()) => {}
                            // A broken pipe (`| head`) ends the run quietly; other write
                            // errors are named and the batch goes on, so one unwritable
                            // file costs one document.
                            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(e),
                            Err(e) => {
                                say(&e.to_string());
                                tally.write_errors += 1;
                            }
                        }
                    }
                    Ok(())
                }
            }
        },
    );
    bar.finish_and_clear();
    let interrupted = config.options.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst));
    if interrupted {
        // Half a run in place of a whole-run file (CSV, Parquet) would pass for all of it;
        // dropping the sink removes its temporary and leaves the previous file.
        sinks.truncate(resumable);
    }
    let finished = result.and_then(|()| sinks.iter_mut().try_for_each(|s| s.finish()));
    drop(sinks);
    match finished {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(Ended::Done),
        Err(e) => return Err(e).context("writing output"),
        Ok(()) => {}
    }
    *failures += tally.failed + tally.skipped_failed + tally.write_errors;
    if interrupted {
        interrupted_summary(config, handed, inputs.len());
        return Ok(Ended::Interrupted);
    }
    if !config.quiet {
        if inputs.len() > 1 {
            summary(&tally, inputs.len(), started.elapsed().as_secs_f64());
        }
        let single = match inputs.as_slice() {
            [one] => Some(one.display.as_str()),
            _ => None,
        };
        digest.print(out, single);
    }
    Ok(Ended::Done)
}

/// What an interrupted run wrote and the command that resumes it.
fn interrupted_summary(config: &Config, handed: usize, total: usize) {
    super::interrupt::announce();
    let out = &config.outputs;
    let mut kept = Vec::new();
    if out.ndjson || out.stdout_json {
        kept.push("stdout".to_string());
    }
    kept.extend(out.dir.iter().chain(&out.sqlite).map(|p| p.display().to_string()));
    report(&format!(
        "stopped: {handed} of {total} document(s) written to {} (each whole), {} not",
        kept.join(", "),
        total - handed.min(total)
    ));
    for path in out.csv.iter().chain(&out.parquet) {
        report(&format!(
            "{} not written: it holds a whole run, so the previous one (if any) is kept",
            path.display()
        ));
    }
    let command = super::interrupt::resume_command();
    let stdin = if config.from_stdin { " (with the same list on stdin)" } else { "" };
    if out.has_stream() || config.force {
        // Nothing is skipped on such a rerun: it extracts everything again.
        report(&format!("to write everything, rerun{stdin}: {command}"));
    } else {
        report(&format!("to resume, rerun{stdin} (documents already written are kept): {command}"));
    }
}

/// documents done/total, pages/s and failures so far; hidden unless stderr is a terminal.
fn progress_bar(total: usize, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{elapsed_precise} [{bar:30}] {pos}/{len} documents, {msg} (eta {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn summary(t: &Tally, total: usize, seconds: f64) {
    let kept = if t.skipped > 0 {
        format!(", {} kept from an earlier run", t.skipped)
    } else {
        String::new()
    };
    report(&format!(
        "{total} document(s): {} extracted, {} failed{kept}, {} not written; {} check(s) \
         failed; {} page(s) in {seconds:.1} s ({:.0} pages/s)",
        t.ok,
        t.failed + t.skipped_failed,
        t.write_errors,
        t.checks_failed,
        t.pages,
        t.pages as f64 / seconds.max(1e-3),
    ));
    if !t.tables.is_empty() {
        let kinds: Vec<String> =
            t.tables.iter().map(|((_, kind), n)| format!("{kind} {n}")).collect();
        report(&format!("tables found: {}", kinds.join(", ")));
    }
}

/// `yusuan serve`: the local page, until the process is stopped.
pub(super) fn serve(opts: &ServeOpts) -> Exit {
    let config = yusuan::serve::Config {
        port: opts.port,
        max_upload: (opts.max_upload_mb as usize).saturating_mul(1024 * 1024),
        max_files: opts.max_files as usize,
        timeout: std::time::Duration::from_secs(opts.timeout_per_doc.max(1)),
        options: opts.limits.options(),
    };
    let started = yusuan::serve::serve(&config, |addr| {
        report(&format!(
            "serving on http://{addr}/ — open it in a browser and drop PDFs or .txt files \
             (Ctrl-C stops; nothing is kept)"
        ));
    });
    match started {
        Ok(()) => Exit::Ok,
        Err(e) => {
            report(&format!("cannot serve on 127.0.0.1:{}: {e}", opts.port));
            Exit::SomeFailed
        }
    }
}
