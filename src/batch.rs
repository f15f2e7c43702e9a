//! Many documents: finding the inputs, extracting them in parallel, isolated from each
//! other, and handing the results over in input order.
//!
//! One bad file never stops a batch: a read error, a document yusuan cannot understand and
//! even a panic inside the extractor become that document's `error`, and the run goes on.
//! Results reach the consumer in input order whatever the thread count, so the output is
//! byte-identical across runs.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;

use crate::model::{DocumentOutput, SourceFormat};
use crate::{extract_path_with, failed, Error, InputFormat, Options};

/// One document to extract: where it is and how the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// The path as given (or as found under a given directory), for `source.file`.
    pub display: String,
}

/// A path that could not be turned into inputs (a missing path, an unreadable directory).
#[derive(Debug)]
pub struct InputProblem {
    pub path: PathBuf,
    pub message: String,
}

/// Expands files and directories into inputs. Directories are walked recursively for
/// `.pdf` and `.txt` files, in sorted order; files named directly are taken whatever their
/// extension (an unsupported one becomes that document's error).
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputProblem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut inputs, &mut problems),
            Ok(_) => inputs.push(Input { path: p.clone(), display: p.display().to_string() }),
            Err(e) => problems.push(InputProblem {
                path: p.clone(),
                message: format!("cannot read {}: {e}", p.display()),
            }),
        }
    }
    (inputs, problems)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<InputProblem>) {
    // An explicit stack, not recursion: directory depth comes from the file system.
    let mut stack = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                problems.push(InputProblem {
                    path: d.clone(),
                    message: format!("cannot read directory {}: {e}", d.display()),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(_) if InputFormat::of(&path).is_some() => found.push(path),
                _ => {}
            }
        }
    }
    found.sort();
    inputs.extend(found.into_iter().map(|p| Input { display: p.display().to_string(), path: p }));
}

/// Extracts one input, turning a panic into the document's error.
pub fn extract_isolated(input: &Input) -> DocumentOutput {
    extract_isolated_with(input, &Options::default())
}

/// [`extract_isolated`] with explicit [`Options`].
pub fn extract_isolated_with(input: &Input, options: &Options) -> DocumentOutput {
    match catch_unwind(AssertUnwindSafe(|| extract_path_with(&input.path, &input.display, options)))
    {
        Ok(doc) => doc,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let format = match InputFormat::of(&input.path) {
                Some(InputFormat::Pdf) => SourceFormat::Pdf,
                _ => SourceFormat::Text,
            };
            let err = Error::Panic { path: input.path.clone(), detail };
            failed(&input.display, String::new(), format, None, &err)
        }
    }
}

/// Extracts every input on `jobs` threads (0: all cores), calling `each` with the results
/// in input order as they become available. Stops early only if `each` returns an error.
pub fn run<E: Send>(
    inputs: &[Input],
    jobs: usize,
    each: impl FnMut(usize, DocumentOutput) -> Result<(), E>,
) -> Result<(), E> {
    run_with(inputs, jobs, &Options::default(), each)
}

/// [`run`] with explicit [`Options`].
pub fn run_with<E: Send>(
    inputs: &[Input],
    jobs: usize,
    options: &Options,
    mut each: impl FnMut(usize, DocumentOutput) -> Result<(), E>,
) -> Result<(), E> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build();
    let (tx, rx) = mpsc::channel::<(usize, DocumentOutput)>();
    let work = move || {
        inputs.par_iter().enumerate().for_each_with(tx, |tx, (i, input)| {
            // A closed receiver means the consumer stopped; the rest is not needed.
            let _ = tx.send((i, extract_isolated_with(input, options)));
        });
    };
    std::thread::scope(|scope| {
        let handle = scope.spawn(move || match pool {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        });
        let mut pending: BTreeMap<usize, DocumentOutput> = BTreeMap::new();
        let mut next = 0usize;
        let mut result = Ok(());
        for (i, doc) in rx {
            pending.insert(i, doc);
            while let Some(doc) = pending.remove(&next) {
                if result.is_ok() {
                    result = each(next, doc);
                }
                next += 1;
            }
            if result.is_err() {
                break;
            }
        }
        let _ = handle.join();
        result
    })
}
