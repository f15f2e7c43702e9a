//! The closing summary every run prints on stderr unless `--quiet`: per document the tables
//! found (number, short name, pages, rows), its warnings and its failed checks by rule, then
//! what to do next. One screen: a batch lists only the first documents in full and then
//! the ones with failures, each cut to a few lines.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use yusuan::model::DocumentOutput;
use yusuan::write::xlsx::{pages_text, short_name};

use super::{Outputs, XlsxOut};

/// Documents described in full; past these, only the ones with failures, in one line each.
const DETAILED: usize = 3;
/// One-line mentions of further documents with failures.
const LISTED: usize = 8;
/// Warning lines per document (the rest are counted).
const WARNINGS: usize = 4;
/// Rules named per document (the rest are counted).
const RULES: usize = 6;

/// What the summary keeps of one document (not the document: a batch holds thousands).
struct DocDigest {
    file: String,
    title: Option<String>,
    error: Option<String>,
    /// (label, pages, rows) per group of tables of one number and name.
    tables: Vec<(String, String, usize)>,
    table_count: usize,
    warnings: Vec<String>,
    warning_count: usize,
    checks: usize,
    /// Failed checks per rule, in rule order.
    failed: BTreeMap<String, usize>,
}

impl DocDigest {
    fn of(doc: &DocumentOutput) -> DocDigest {
        // A kind printed once per project (12) is one line, "×N", its pages as a range.
        struct Group {
            key: (Option<u8>, String),
            count: usize,
            pages: Vec<u32>,
            rows: usize,
        }
        let mut groups: Vec<Group> = Vec::new();
        for t in &doc.tables {
            let key = (t.number, short_name(t));
            match groups.last_mut() {
                Some(g) if g.key == key => {
                    g.count += 1;
                    g.pages.extend(&t.pages);
                    g.rows += t.rows.len();
                }
                _ => {
                    groups.push(Group { key, count: 1, pages: t.pages.clone(), rows: t.rows.len() })
                }
            }
        }
        let tables = groups
            .into_iter()
            .map(|g| {
                let (number, name) = g.key;
                let mut label = match number {
                    Some(n) => format!("{n:02} {name}"),
                    None => format!("-- {name}"),
                };
                let mut pages = g.pages;
                if g.count > 1 {
                    label.push_str(&format!(" ×{}", g.count));
                    pages = match (pages.first(), pages.last()) {
                        (Some(&a), Some(&b)) if a < b => (a..=b).collect(),
                        _ => pages,
                    };
                }
                (label, pages_text(&pages).unwrap_or_default(), g.rows)
            })
            .collect();
        let warnings = doc
            .warnings
            .iter()
            .take(WARNINGS)
            .map(|w| match w.page {
                Some(p) => format!("{} (p. {p}): {}", w.code, clip(&w.message, 90)),
                None => format!("{}: {}", w.code, clip(&w.message, 96)),
            })
            .collect();
        let mut failed: BTreeMap<String, usize> = BTreeMap::new();
        for c in doc.checks.iter().filter(|c| !c.ok) {
            *failed.entry(c.rule.clone()).or_default() += 1;
        }
        DocDigest {
            file: doc.source.file.clone(),
            title: doc.document.title.clone(),
            error: doc.error.as_ref().map(|e| format!("{}: {}", e.code, e.message)),
            tables,
            table_count: doc.tables.len(),
            warnings,
            warning_count: doc.warnings.len(),
            checks: doc.checks.len(),
            failed,
        }
    }

    fn failures(&self) -> usize {
        self.failed.values().sum()
    }

    fn troubled(&self) -> bool {
        self.error.is_some() || !self.failed.is_empty()
    }

    fn lines(&self, out: &mut Vec<String>) {
        let title = self.title.as_deref().unwrap_or("(no title read)");
        out.push(format!("{} — {title}", self.file));
        if let Some(e) = &self.error {
            out.push(format!("  not extracted: {}", clip(e, 110)));
            return;
        }
        out.push(format!("  {} table(s):", self.table_count));
        for (label, pages, rows) in &self.tables {
            let pages = if pages.is_empty() { "text".to_string() } else { pages.clone() };
            out.push(format!(
                "    {:<width$} {:<pages_width$} {rows:>4} rows",
                label,
                pages,
                width = pad(label, 24),
                pages_width = pad(&pages, 16)
            ));
        }
        if self.warning_count == 0 {
            out.push("  warnings: none".to_string());
        } else {
            out.push(format!("  warnings: {}", self.warning_count));
            for w in &self.warnings {
                out.push(format!("    {w}"));
            }
            if self.warning_count > self.warnings.len() {
                out.push(format!("    … and {} more", self.warning_count - self.warnings.len()));
            }
        }
        if self.failed.is_empty() {
            out.push(format!("  checks: {} evaluated, all hold", self.checks));
        } else {
            out.push(format!("  checks: {} evaluated, {} failed:", self.checks, self.failures()));
            for (rule, n) in self.failed.iter().take(RULES) {
                out.push(format!("    {rule} ×{n}"));
            }
            if self.failed.len() > RULES {
                out.push(format!("    … and {} more rule(s)", self.failed.len() - RULES));
            }
        }
    }
}

/// Collects what the summary needs while the run goes on.
#[derive(Default)]
pub(super) struct Digest {
    detailed: Vec<DocDigest>,
    listed: Vec<DocDigest>,
    more_troubled: usize,
    documents: usize,
}

impl Digest {
    pub(super) fn add(&mut self, doc: &DocumentOutput) {
        self.documents += 1;
        if self.detailed.len() < DETAILED {
            self.detailed.push(DocDigest::of(doc));
            return;
        }
        let troubled = doc.error.is_some() || doc.checks.iter().any(|c| !c.ok);
        if !troubled {
            return;
        }
        if self.listed.len() < LISTED {
            self.listed.push(DocDigest::of(doc));
        } else {
            self.more_troubled += 1;
        }
    }

    /// Prints the summary; `single` is the one input's path when the run had one.
    pub(super) fn print(&self, outputs: &Outputs, single: Option<&str>) {
        let mut out = Vec::new();
        for d in &self.detailed {
            d.lines(&mut out);
        }
        if !self.listed.is_empty() {
            out.push(format!(
                "{} more document(s); with an error or failed checks:",
                self.documents - self.detailed.len()
            ));
            for d in &self.listed {
                let what = match &d.error {
                    Some(e) => clip(e, 80),
                    None => format!("{} of {} checks failed", d.failures(), d.checks),
                };
                out.push(format!("  {}: {what}", d.file));
            }
            if self.more_troubled > 0 {
                out.push(format!("  … and {} more", self.more_troubled));
            }
        }
        next_steps(outputs, single, self.detailed.iter().any(DocDigest::troubled), &mut out);
        print_lines(&out);
    }
}

/// What the user can do next, given what this run already wrote.
fn next_steps(outputs: &Outputs, single: Option<&str>, troubled: bool, out: &mut Vec<String>) {
    let file = single.unwrap_or("FILE_OR_DIR");
    let stem = single
        .and_then(|s| Path::new(s).file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "budget".to_string());
    let mut steps = Vec::new();
    match &outputs.xlsx {
        None if single.is_some() => steps.push(format!(
            "yusuan extract {file} --xlsx {stem}.xlsx   # a workbook: a sheet per table, 检查, 说明"
        )),
        None => steps.push(format!(
            "yusuan extract {file} -o out/ --xlsx   # out/<stem>.json and out/<stem>.xlsx"
        )),
        Some(XlsxOut::File(p)) => steps.push(format!("open {}   # the workbook", p.display())),
        Some(XlsxOut::Dir(d)) => {
            steps.push(format!("open {}/<stem>.xlsx   # one workbook per document", d.display()))
        }
    }
    if outputs.stdout_json {
        steps.push(format!("yusuan extract {file} -o out/   # the JSON in out/{stem}.json"));
    }
    if troubled {
        steps.push(
            "failed checks are findings, not errors: the 检查 sheet or `checks` in the JSON \
             says which rows disagree"
                .to_string(),
        );
    }
    for (i, s) in steps.iter().enumerate() {
        out.push(format!("{} {s}", if i == 0 { "next:" } else { "     " }));
    }
    out.push("(--quiet hides this summary)".to_string());
}

/// At most `n` characters, with `…` when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut cut: String = s.chars().take(n.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Padding that lines columns up on a terminal, where a CJK character is two columns wide.
fn pad(label: &str, width: usize) -> usize {
    let wide = label.chars().filter(|c| !c.is_ascii()).count();
    width.saturating_sub(wide)
}

#[allow(clippy::print_stderr)]
fn print_lines(lines: &[String]) {
    let mut err = io::stderr().lock();
    for l in lines {
        let _ = writeln!(err, "{l}");
    }
}
