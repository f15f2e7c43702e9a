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

/// A file or directory under `../shared`, the project's shared data. Absent: under
/// `CI=true` the test fails (CI always has it, so absence is a broken checkout); elsewhere
/// the test is skipped with a line written straight to stderr — past the harness's output
/// capture, so it shows without `--nocapture` — that `scripts/test` counts as skipped.
pub fn shared(relative: &str, test: &str) -> Option<PathBuf> {
    let path = root().join("../shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(!ci, "{test}: {} is absent, and CI=true needs it", path.display());
    skip_notice(test, &format!("{} is absent", path.display()));
    None
}

/// Writes `SKIPPED: test: why` on the process's real stderr (the harness captures only
/// the print macros), the line `scripts/test` counts.
pub fn skip_notice(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "\nSKIPPED: {test}: {why}");
}

/// JSON as written: objects keep their keys in the order they appear, numbers their text.
/// (`serde_json::Value` sorts keys, so comparing through it cannot see a reordering.)
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn parse(text: &str) -> Json {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e})"))
    }

    pub fn of(doc: &yusuan::model::DocumentOutput) -> Json {
        Json::parse(&serde_json::to_string(doc).expect("serialises"))
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn brief(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => n.clone(),
            Json::String(s) => format!("{s:?}"),
            Json::Array(a) => format!("[{} items]", a.len()),
            Json::Object(o) => {
                format!("{{{}}}", o.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(","))
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

/// The key serde_json (with `arbitrary_precision`) wraps a number's text in.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n.to_string()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n.to_string()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        Ok(Json::Number(n.to_string()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == NUMBER_TOKEN {
                return Ok(Json::Number(map.next_value()?));
            }
            fields.push((key, map.next_value()?));
        }
        Ok(Json::Object(fields))
    }
}

/// Every difference between `actual` and `expected`, both ways and in order: a missing
/// key, an extra key, keys in another order, an array of another length or order, a
/// number printed differently (`876.0` for `876.00`). With `subset`, keys `expected` does
/// not have are left out of `actual` first (for a reference that holds only some fields);
/// what remains must still match exactly and in order.
pub fn exact_differences(actual: &Json, expected: &Json, subset: bool) -> Vec<String> {
    let mut out = Vec::new();
    exact(actual, expected, subset, &mut String::new(), &mut out);
    out
}

fn exact(actual: &Json, expected: &Json, subset: bool, path: &mut String, out: &mut Vec<String>) {
    match (actual, expected) {
        (Json::Object(a), Json::Object(e)) => {
            let a: Vec<&(String, Json)> =
                a.iter().filter(|(k, _)| !subset || e.iter().any(|(ek, _)| ek == k)).collect();
            let a_keys: Vec<&str> = a.iter().map(|(k, _)| k.as_str()).collect();
            let e_keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
            if a_keys != e_keys {
                let missing: Vec<&&str> = e_keys.iter().filter(|k| !a_keys.contains(k)).collect();
                let extra: Vec<&&str> = a_keys.iter().filter(|k| !e_keys.contains(k)).collect();
                out.push(format!(
                    "{path}: keys {a_keys:?}, expected {e_keys:?} (missing {missing:?}, extra \
                     {extra:?})"
                ));
            }
            for (k, ev) in e {
                if let Some((_, av)) = a.iter().find(|(ak, _)| ak == k) {
                    let len = path.len();
                    path.push_str(&format!(".{k}"));
                    exact(av, ev, subset, path, out);
                    path.truncate(len);
                }
            }
        }
        (Json::Array(a), Json::Array(e)) => {
            if a.len() != e.len() {
                out.push(format!("{path}: {} items, expected {}", a.len(), e.len()));
            }
            for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                let len = path.len();
                let kind = match ev.get("kind") {
                    Some(Json::String(k)) => format!("({k})"),
                    _ => String::new(),
                };
                path.push_str(&format!("[{i}]{kind}"));
                exact(av, ev, subset, path, out);
                path.truncate(len);
            }
        }
        _ if actual != expected => {
            out.push(format!("{path}: {} != {} (expected)", actual.brief(), expected.brief()))
        }
        _ => {}
    }
}
