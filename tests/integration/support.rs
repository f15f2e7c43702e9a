//! Shared helpers: scratch directories, running the binary, JSON comparison, the schema.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

/// A fresh, empty scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Runs `yusuan` with `args` in the repository root, stdin closed.
pub fn yusuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("run yusuan")
}

pub fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout))
    })
}

pub fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Every difference between `actual` and the fields `expected` has, named by where it is:
/// `tables[3](appropriation_summary).rows[15][2]: "…" != "…"`.
pub fn differences(actual: &Value, expected: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff(actual, expected, &mut String::new(), &mut out);
    out
}

fn diff(actual: &Value, expected: &Value, path: &mut String, out: &mut Vec<String>) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (k, ev) in e {
                let len = path.len();
                path.push_str(&format!(".{k}"));
                match a.get(k) {
                    Some(av) => diff(av, ev, path, out),
                    None => out.push(format!("{path}: missing")),
                }
                path.truncate(len);
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.len() != e.len() {
                out.push(format!("{path}: {} items, expected {}", a.len(), e.len()));
            }
            for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                let len = path.len();
                let kind = ev.get("kind").and_then(Value::as_str).map(|k| format!("({k})"));
                path.push_str(&format!("[{i}]{}", kind.unwrap_or_default()));
                diff(av, ev, path, out);
                path.truncate(len);
            }
        }
        _ if actual != expected => out.push(format!("{path}: {actual} != {expected} (expected)")),
        _ => {}
    }
}

/// The shipped JSON Schema, compiled once.
pub fn validate(doc: &Value) {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    let v = SCHEMA.get_or_init(|| {
        let schema = read_json(&root().join("schema/yusuan-1.schema.json"));
        jsonschema::validator_for(&schema).expect("schema compiles")
    });
    let errors: Vec<String> =
        v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "output violates the schema:\n{}", errors.join("\n"));
}

/// `doc` without the fields that name the input file (they differ between copies).
pub fn without_source(mut doc: Value) -> Value {
    if let Some(o) = doc.as_object_mut() {
        o.remove("source");
    }
    doc
}
