//! Collects [`PdfWarning`]s for a document, each distinct message once (with the page it was
//! first seen on), and at most [`MAX_WARNINGS`] in all.

use std::collections::HashSet;

use super::PdfWarning;

/// Beyond this many distinct warnings a document gets one last "more warnings" entry.
const MAX_WARNINGS: usize = 200;

#[derive(Debug, Default)]
pub(crate) struct Warnings {
    list: Vec<PdfWarning>,
    seen: HashSet<(&'static str, String)>,
    dropped: usize,
}

impl Warnings {
    pub fn push(&mut self, code: &'static str, message: String, page: Option<usize>) {
        if self.seen.contains(&(code, message.clone())) {
            return;
        }
        if self.list.len() >= MAX_WARNINGS {
            self.dropped += 1;
            return;
        }
        self.seen.insert((code, message.clone()));
        self.list.push(PdfWarning { code, message, page });
    }

    pub fn finish(mut self) -> Vec<PdfWarning> {
        if self.dropped > 0 {
            self.list.push(PdfWarning {
                code: "warnings",
                message: format!("{} further distinct warnings not listed", self.dropped),
                page: None,
            });
        }
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedups_and_caps() {
        let mut w = Warnings::default();
        w.push("font", "a".into(), Some(1));
        w.push("font", "a".into(), Some(2));
        for i in 0..300 {
            w.push("font", format!("m{i}"), None);
        }
        let list = w.finish();
        assert_eq!(list.len(), MAX_WARNINGS + 1);
        assert_eq!(list[0].page, Some(1));
        assert!(list.last().is_some_and(|l| l.message.starts_with("101 further")));
    }
}
