//! Inputs: files, directories and lists turned into [`Input`]s, and `--shard K/N`, the
//! stable subset of them one machine of many takes.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::InputFormat;

/// One document to extract: where it is and how the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// The path as given (or as found under a given directory), for `source.file`.
    pub display: String,
    /// What `--shard` hashes: the path relative to the directory argument it was found
    /// under (`/`-separated), or the path as given for a file named directly. Relative, so
    /// machines that mount the corpus at different places still agree.
    pub shard_key: String,
}

impl Input {
    /// An input named directly (on the command line or in a stdin list).
    pub fn named(path: PathBuf) -> Input {
        let display = path.display().to_string();
        Input { shard_key: display.replace('\\', "/"), display, path }
    }
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
///
/// A path named directly that cannot be looked at (missing, unreadable, a dangling link)
/// is still an input: reading it fails, and that is its document's `io` error, so every
/// output answers for every path the user named. A directory holding no document is a
/// problem naming it.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputProblem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let before = (inputs.len(), problems.len());
                walk(p, &mut inputs, &mut problems);
                if (inputs.len(), problems.len()) == before {
                    problems.push(InputProblem {
                        path: p.clone(),
                        message: format!(
                            "{} holds no .pdf or .txt document (searched with its \
                             subdirectories); check the path, or name the files",
                            p.display()
                        ),
                    });
                }
            }
            Ok(m) if !m.is_file() => problems.push(not_regular(p)),
            Ok(_) | Err(_) => inputs.push(Input::named(p.clone())),
        }
    }
    (inputs, problems)
}

fn not_regular(path: &Path) -> InputProblem {
    InputProblem {
        path: path.to_path_buf(),
        message: format!(
            "{} is not a regular file (a pipe, socket or device); skipped, since reading it \
             could wait for ever",
            path.display()
        ),
    }
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
                    message: format!(
                        "cannot read directory {}: {e}; its documents were not extracted \
                         (make it readable, then rerun)",
                        d.display()
                    ),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(_) if InputFormat::of(&path).is_some() => {
                    // A FIFO, socket or device named x.pdf would block the read for ever; a
                    // dangling link stays an input, whose read error names it.
                    match std::fs::metadata(&path) {
                        Ok(m) if !m.is_file() => problems.push(not_regular(&path)),
                        _ => found.push(path),
                    }
                }
                _ => {}
            }
        }
    }
    found.sort();
    inputs.extend(found.into_iter().map(|p| {
        let relative: Vec<String> = p
            .strip_prefix(dir)
            .unwrap_or(&p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Input { display: p.display().to_string(), shard_key: relative.join("/"), path: p }
    }));
}

/// `--shard K/N`: the K-th (1-based) of N disjoint subsets that together hold every input.
///
/// An input's shard is a hash of its [`Input::shard_key`] (its path relative to the
/// directory it was found in), not of its bytes: deciding needs no read of the file, so N
/// machines over a network share do not each read the whole corpus, and a file that is
/// being replaced keeps its shard. SHA-256 (not std's `Hash`, which may change between Rust
/// releases and is seeded per process) makes the choice the same on every machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based, as `--shard 1/4` … `--shard 4/4` (Slurm's `--array=1-4` counts the same way).
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Whether `input` belongs to this shard.
    pub fn contains(&self, input: &Input) -> bool {
        shard_of(&input.shard_key, self.count) + 1 == self.index
    }
}

/// The 0-based shard of `key` among `count` (0 when `count` is 0).
pub fn shard_of(key: &str, count: u64) -> u64 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first).checked_rem(count).unwrap_or(0)
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard takes K/N with 1 <= K <= N (as in 2/8), not {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(key: &str) -> Input {
        Input::named(PathBuf::from(key))
    }

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<Input> = (0..200).map(|i| input(&format!("d/{i}.pdf"))).collect();
        for count in 1..=5 {
            let mut seen = vec![0; inputs.len()];
            for index in 1..=count {
                let shard = Shard { index, count };
                for (i, inp) in inputs.iter().enumerate() {
                    if shard.contains(inp) {
                        seen[i] += 1;
                    }
                }
            }
            assert!(seen.iter().all(|&n| n == 1), "{count} shards: {seen:?}");
        }
    }

    #[test]
    fn shard_of_is_pinned() {
        // Pinned (computed independently with Python's hashlib) so that a change of hash,
        // which would reshuffle the shards of a running cluster, fails here first.
        assert_eq!(shard_of("gbc_005.pdf", 7), 4);
        assert_eq!(shard_of("gbc_005.pdf", 1000), 909);
        assert_eq!(shard_of("sub/a.txt", 7), 5);
        assert_eq!(shard_of("renwu_220.pdf", 1000), 898);
    }

    #[test]
    fn shard_parses_k_of_n() {
        assert_eq!("2/8".parse(), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/3", "4/3", "1", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_missing_path_is_an_input_and_an_empty_directory_a_problem_naming_it() {
        let dir = std::env::temp_dir().join(format!("yusuan-empty-dir-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir"); // ok: test scaffolding
        let missing = dir.join("missing.pdf");
        let (inputs, problems) = collect_inputs(&[missing.clone(), dir.clone()]);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(inputs, vec![Input::named(missing)]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, dir);
        assert!(
            problems[0].message.contains(&dir.display().to_string()),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn directory_inputs_are_keyed_relative_to_the_directory() {
        let dir = std::env::temp_dir().join(format!("yusuan-shard-key-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).expect("mkdir"); // ok: test scaffolding
        std::fs::write(sub.join("a.txt"), "x").expect("write"); // ok: test scaffolding
        let (inputs, problems) = collect_inputs(std::slice::from_ref(&dir));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(problems.is_empty());
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs[0].shard_key, "sub/a.txt");
    }
}
