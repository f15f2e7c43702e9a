//! `yusuan inspect FILE`: the text, SVG or JSON view of what the extraction saw.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use yusuan::inspect::{self, Inspection, PageSelection};

use super::{report, Exit, LimitOpts};

#[derive(clap::Args, Debug)]
pub struct InspectOpts {
    /// The PDF to inspect. Example: `yusuan inspect doc.pdf`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Pages to show, 1-based: single pages and ranges. Example: `--pages 3,5-7`
    #[arg(long, value_name = "LIST", value_parser = PageSelection::parse)]
    pub pages: Option<PageSelection>,

    /// Print the text lines of each page with their boxes, font and size (the default).
    #[arg(long, conflicts_with_all = ["svg", "json"])]
    pub text: bool,

    /// Write one SVG per page into DIR (<file stem>-p<N>.svg). Example: `--svg debug/`
    #[arg(long, value_name = "DIR", conflicts_with = "json")]
    pub svg: Option<PathBuf>,

    /// Print the same objects as JSON. Example: `--json > doc.inspect.json`
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub limits: LimitOpts,
}

pub(super) fn run(opts: &InspectOpts) -> Exit {
    let selected = opts.pages.clone().unwrap_or_else(PageSelection::all);
    let display = opts.file.display().to_string();
    let options = opts.limits.options();
    let read = std::panic::catch_unwind(|| {
        inspect::inspect_path(&opts.file, &display, &selected, &options)
    });
    let ins = match read {
        Ok(Ok(ins)) => ins,
        Ok(Err(e)) => {
            report(&e.to_string());
            return Exit::SomeFailed;
        }
        Err(_) => {
            report(&format!(
                "{display}: inspect panicked; this is a bug in yusuan, please report it"
            ));
            return Exit::SomeFailed;
        }
    };
    let written = match &opts.svg {
        Some(dir) => write_svgs(&ins, dir, &opts.file),
        None if opts.json => print(&json(&ins)),
        None => print(&inspect::render_text(&ins)),
    };
    match written {
        Ok(()) => Exit::Ok,
        Err(e) => {
            report(&format!("{e:#}"));
            Exit::SomeFailed
        }
    }
}

fn json(ins: &Inspection) -> String {
    let mut s = serde_json::to_string_pretty(ins).unwrap_or_default();
    s.push('\n');
    s
}

fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing to stdout"),
    }
}

fn write_svgs(ins: &Inspection, dir: &Path, file: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let stem = file.file_stem().map_or("page".into(), |s| s.to_string_lossy().into_owned());
    for page in &ins.pages {
        let path = dir.join(format!("{stem}-p{}.svg", page.page));
        std::fs::write(&path, inspect::page_svg(page))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    report(&format!("{} SVG page(s) written to {}", ins.pages.len(), dir.display()));
    Ok(())
}
