//! Many documents: finding the inputs, extracting them in parallel, isolated from each
//! other, and handing the results over in input order.
//!
//! One bad file never stops a batch: a read error, a document yusuan cannot understand, a
//! panic inside the extractor and (with [`Options::timeout`]) a document that runs too long
//! become that document's `error`, and the run goes on. Results reach the consumer in input
//! order whatever the thread count, so the output is byte-identical across runs. A
//! [`Resume`] lets a rerun skip documents an earlier run already wrote.

mod inputs;
mod isolate;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};

pub use inputs::{collect_inputs, shard_of, Input, InputProblem, Shard};
pub use isolate::{extract_bytes_isolated, extract_isolated, install_panic_hook, with_timeout};

use crate::model::DocumentOutput;

/// How a batch runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Threads; 0 = all cores.
    pub jobs: usize,
    /// Longest one document may take; `None` waits for ever. See [`with_timeout`] for what
    /// happens to the thread of a document that runs over.
    pub timeout: Option<Duration>,
    /// How each document is extracted (limits on untrusted input).
    pub extract: crate::Options,
    /// Set (by a signal handler) to stop taking documents: see [`run`].
    pub stop: Option<Arc<AtomicBool>>,
}

impl Options {
    fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst))
    }
}

/// What an earlier run left for a document: the input's hash it was made from, and its
/// error code if it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub sha256: String,
    pub error: Option<String>,
}

impl Done {
    /// Whether a rerun may keep this result for an input hashing to `sha256`: same bytes,
    /// and not a failure that another try may cure (`timeout`, `io`).
    pub fn is_final_for(&self, sha256: &str) -> bool {
        !self.sha256.is_empty()
            && self.sha256 == sha256
            && !matches!(self.error.as_deref(), Some("timeout" | "io"))
    }
}

/// Decides, in the worker threads, whether an input is already done.
pub trait Resume: Sync {
    /// `Some` when input `index` (of the slice given to [`run`]), whose bytes hash to
    /// `sha256`, already has a final output.
    fn done(&self, index: usize, input: &Input, sha256: &str) -> Option<Done>;
}

/// One input's result. Nearly every outcome is a document, so boxing it would only add an
/// allocation per document.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    /// Extracted now (possibly with its `error` set).
    Extracted(DocumentOutput),
    /// Kept from an earlier run, not extracted again.
    Skipped(Done),
}

/// Extracts every input, calling `arrived` with each outcome as soon as it is ready (for
/// progress) and `each` with the outcomes in input order. Stops early if `each` returns an
/// error, or once [`Options::stop`] is set: no input is started after that, the ones in
/// flight finish, and `each` gets the outcomes up to the first input not started (a
/// prefix of the inputs, so a rerun that skips what was written resumes exactly there).
/// The caller tells an interrupted run by its flag.
pub fn run<E: Send>(
    inputs: &[Input],
    options: &Options,
    resume: Option<&dyn Resume>,
    mut arrived: impl FnMut(&Outcome),
    mut each: impl FnMut(usize, &Outcome) -> Result<(), E>,
) -> Result<(), E> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.jobs).build();
    let workers = pool.as_ref().map_or(1, |p| p.current_num_threads());
    let (tx, rx) = mpsc::channel::<(usize, usize, Outcome)>();
    // An outcome handed over goes back to the worker that made it, to be freed there:
    // glibc frees a block fastest on the thread that allocated it, and freeing every
    // document's output on the consumer thread cost that thread as much as writing it.
    let graveyards: Vec<Mutex<Vec<Outcome>>> = (0..workers).map(|_| Mutex::default()).collect();
    let bury = |w: usize| {
        if let Some(Ok(mut dead)) = graveyards.get(w).map(Mutex::lock) {
            dead.clear();
        }
    };
    // Each worker takes the next input not yet started, so inputs start in order: results
    // wait for their predecessors only as long as the documents in flight take (a split of
    // the list into halves kept half the corpus's outputs in memory, waiting for the first),
    // and a worker is never idle while an input is left.
    let next = AtomicUsize::new(0);
    let worker = |w: usize, tx: mpsc::Sender<(usize, usize, Outcome)>| loop {
        bury(w);
        if options.stopped() {
            return;
        }
        let i = next.fetch_add(1, Ordering::SeqCst);
        let Some(input) = inputs.get(i) else {
            return;
        };
        // A closed receiver means the consumer stopped; the rest is not needed.
        if tx.send((i, w, process(i, input, options, resume))).is_err() {
            return;
        }
    };
    let work = || match pool {
        Ok(pool) => pool.scope(|s| {
            for w in 0..workers {
                let tx = tx.clone();
                s.spawn(move |_| worker(w, tx));
            }
            drop(tx);
        }),
        Err(_) => worker(0, tx),
    };
    std::thread::scope(|scope| {
        let handle = scope.spawn(work);
        let mut pending: BTreeMap<usize, (usize, Outcome)> = BTreeMap::new();
        let mut next = 0usize;
        let mut result = Ok(());
        for (i, w, outcome) in rx {
            arrived(&outcome);
            pending.insert(i, (w, outcome));
            while let Some((w, outcome)) = pending.remove(&next) {
                if result.is_ok() {
                    result = each(next, &outcome);
                }
                if let Some(Ok(mut dead)) = graveyards.get(w).map(Mutex::lock) {
                    dead.push(outcome);
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

/// One input on a worker thread: skip it if done, else extract it within the time limit.
fn process(i: usize, input: &Input, options: &Options, resume: Option<&dyn Resume>) -> Outcome {
    if resume.is_none() && options.timeout.is_none() {
        return Outcome::Extracted(extract_isolated(input, &options.extract));
    }
    let Ok(bytes) = std::fs::read(&input.path) else {
        // Unreadable: extract_path names the I/O error in the document's record.
        return Outcome::Extracted(extract_isolated(input, &options.extract));
    };
    let sha256 = hex(&Sha256::digest(&bytes));
    if let Some(done) = resume.and_then(|r| r.done(i, input, &sha256)) {
        return Outcome::Skipped(done);
    }
    match options.timeout {
        None => Outcome::Extracted(extract_bytes_isolated(input, &bytes, &options.extract)),
        Some(limit) => {
            // The worker may outlive this call (it is abandoned on timeout), so it owns
            // what it reads.
            let owned = input.clone();
            let extract = options.extract.clone();
            Outcome::Extracted(with_timeout(input, &sha256, limit, move || {
                extract_bytes_isolated(&owned, &bytes, &extract)
            }))
        }
    }
}

/// Lower-case hex of a digest, as `source.sha256` carries it.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
