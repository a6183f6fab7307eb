//! The dev server's memory of per-file checks: a Markdown document's links, anchors, images and
//! embeds (`content::check_doc`) are checked again only when something they read changed. At
//! 10,000 lessons checking every link of every file again was most of a rebuild's validation.
//!
//! A document's diagnostics are kept with a key of everything `check_doc` reads: the file's
//! path and text (its outline is made from the text), and a fingerprint of the cross-file facts
//! (`Context`): where every file is written and its anchors (`SiteIndex::fingerprint`), every
//! file's path (which decides the translations the messages name), and the quiz, case and reply
//! ids with what a quiz embed's `pick` is checked against. Checks across files (ids used twice,
//! prerequisite circles, warnings about the whole course) always run whole.

use super::Known;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hashing;
use crate::links::SiteIndex;
use crate::load::{Course, Doc};
use std::collections::HashMap;
use std::sync::Mutex;
use xxhash_rust::xxh3::Xxh3;

/// Each document's diagnostics by edition language and file, with the key they were made for.
/// (Looked up by `&str`, so a document whose verdict is kept allocates nothing.)
#[derive(Debug, Default)]
pub struct Memo {
    docs: Mutex<HashMap<String, HashMap<String, Kept>>>,
}

/// A document's key and its diagnostics.
type Kept = (u64, Vec<Diagnostic>);

/// The memo as one validation uses it: the edition's language and the fingerprint of the
/// cross-file facts of this build.
pub(super) struct Scope<'a> {
    memo: &'a Memo,
    lang: &'a str,
    context: u64,
}

impl<'a> Scope<'a> {
    pub(super) fn new(memo: &'a Memo, course: &'a Course, index: &SiteIndex) -> Scope<'a> {
        Scope {
            memo,
            lang: &course.edition.lang,
            context: context(course, index),
        }
    }

    /// `check(doc, d)`'s diagnostics for `doc`, kept from an earlier build when the document's
    /// key is unchanged.
    pub(super) fn check_doc(
        &self,
        doc: &Doc,
        d: &mut Diagnostics,
        check: impl FnOnce(&mut Diagnostics),
    ) {
        let key = doc_key(doc, self.context);
        let kept = self.memo.docs.lock().ok().and_then(|m| {
            m.get(self.lang)?
                .get(&doc.file)
                .filter(|(k, _)| *k == key)
                .map(|(_, diags)| diags.clone())
        });
        if let Some(diags) = kept {
            for x in diags {
                d.push(x);
            }
            return;
        }
        let mut local = Diagnostics::new();
        check(&mut local);
        let diags: Vec<Diagnostic> = local.iter().cloned().collect();
        if let Ok(mut m) = self.memo.docs.lock() {
            m.entry(self.lang.to_string())
                .or_default()
                .insert(doc.file.clone(), (key, diags));
        }
        d.extend(local);
    }
}

/// Runs `check` for `doc` through the memo when `known` has one, else directly.
pub(super) fn check_doc(
    known: &Known,
    doc: &Doc,
    d: &mut Diagnostics,
    check: impl FnOnce(&mut Diagnostics),
) {
    match &known.memo {
        Some(scope) => scope.check_doc(doc, d, check),
        None => check(d),
    }
}

/// The key of one document: its path and text, and the build's `context`.
fn doc_key(doc: &Doc, context: u64) -> u64 {
    let mut h = Xxh3::new();
    h.update(&context.to_le_bytes());
    hashing::str(&mut h, &doc.file);
    h.update(&doc.text_digest().to_le_bytes());
    h.digest()
}

/// A fingerprint of everything outside a document that `check_doc` reads. Each list is
/// written with its name and each part with its length, so that moving a byte from one part to
/// the next changes it.
pub(super) fn context(course: &Course, index: &SiteIndex) -> u64 {
    let mut h = Xxh3::new();
    h.update(&index.fingerprint().to_le_bytes());
    let mut list = |name: &str, parts: &mut dyn Iterator<Item = &str>| {
        hashing::str(&mut h, name);
        for p in parts {
            hashing::str(&mut h, p);
        }
    };
    // Every file's path: the index names a translation in messages by its file.
    let modules = course.modules.iter();
    list(
        "modules",
        &mut modules.flat_map(|m| {
            std::iter::once(m.doc.file.as_str())
                .chain(m.lessons.iter().map(|l| l.doc.file.as_str()))
        }),
    );
    list("home", &mut course.home.iter().map(|x| x.doc.file.as_str()));
    list(
        "pages",
        &mut course.pages.iter().map(|p| p.doc.file.as_str()),
    );
    // Files that did not parse count as known ids.
    list(
        "cases",
        &mut course
            .cases
            .iter()
            .flat_map(|c| [c.id.as_str(), c.file.as_str()]),
    );
    list(
        "broken cases",
        &mut course.broken.cases.iter().map(String::as_str),
    );
    list(
        "replies",
        &mut course
            .replies
            .iter()
            .flat_map(|r| [r.id.as_str(), r.file.as_str()]),
    );
    list(
        "broken replies",
        &mut course.broken.replies.iter().map(String::as_str),
    );
    list(
        "broken quizzes",
        &mut course.broken.quizzes.iter().map(String::as_str),
    );
    // Quizzes: id and file, whether the quiz draws from pools, and its bank's size (what an
    // embed's `pick` is checked against).
    hashing::str(&mut h, "quizzes");
    for q in &course.quizzes {
        hashing::str(&mut h, &q.id);
        hashing::str(&mut h, &q.file);
        let size = q.data.questions.as_ref().map(|v| v.len() + 1);
        hashing::count(&mut h, size.unwrap_or(0));
        h.update(&[q.data.draw.is_some() as u8]);
    }
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_course::{course, BANK};

    const CASE: &str = "title: Refund
start: opening
nodes:
  opening:
    choices:
      - { text: Ask, next: good }
endings:
  good: { title: Solved, outcome: success }
";

    fn index_of(c: &Course) -> SiteIndex {
        crate::paths::site_index(c, &crate::site::page_list(c))
    }

    fn context_of(c: &Course) -> u64 {
        context(c, &index_of(c))
    }

    #[test]
    fn the_context_changes_with_each_fact_a_document_check_reads() {
        let base = course("", &[("basics-check", BANK)], &[], "");
        let same = course("", &[("basics-check", BANK)], &[], "");
        assert_eq!(
            context_of(&base),
            context_of(&same),
            "same inputs, same key"
        );
        let one_question = BANK.split("  - id: own").next().unwrap();
        let changes = [
            // `pick` is checked against the bank's size.
            (
                "a bank's size",
                course("", &[("basics-check", one_question)], &[], ""),
            ),
            // A quiz id that an embed names comes and goes.
            (
                "another quiz",
                course("", &[("basics-check", BANK), ("more", BANK)], &[], ""),
            ),
            (
                "a case",
                course("", &[("basics-check", BANK)], &[("refund", CASE)], ""),
            ),
        ];
        for (what, changed) in changes {
            assert_ne!(context_of(&base), context_of(&changed), "{what}");
        }
    }

    #[test]
    fn a_document_is_checked_again_only_when_its_key_changes() {
        let c = course("", &[("basics-check", BANK)], &[], "");
        let index = index_of(&c);
        let memo = Memo::default();
        let scope = Scope::new(&memo, &c, &index);
        let doc = &c.modules[0].lessons[0].doc;
        let runs = std::cell::Cell::new(0);
        let check = |d: &mut Diagnostics| {
            runs.set(runs.get() + 1);
            d.push(Diagnostic::warning(&doc.file, None, "seen"));
        };
        let mut first = Diagnostics::new();
        scope.check_doc(doc, &mut first, check);
        let mut again = Diagnostics::new();
        scope.check_doc(doc, &mut again, check);
        assert_eq!(runs.get(), 1, "unchanged: the kept diagnostics");
        assert_eq!(first.into_sorted(), again.into_sorted());

        let edited = doc.with_text(&format!("{}More.\n", doc.text));
        scope.check_doc(&edited, &mut Diagnostics::new(), check);
        assert_eq!(runs.get(), 2, "its text changed");

        let other_context = Scope {
            memo: &memo,
            lang: "",
            context: scope.context ^ 1,
        };
        other_context.check_doc(&edited, &mut Diagnostics::new(), check);
        assert_eq!(runs.get(), 3, "a fact from another file changed");

        let other_edition = Scope {
            memo: &memo,
            lang: "zh-CN",
            context: other_context.context,
        };
        other_edition.check_doc(&edited, &mut Diagnostics::new(), check);
        assert_eq!(runs.get(), 4, "another edition keeps its own");
        other_context.check_doc(&edited, &mut Diagnostics::new(), check);
        assert_eq!(runs.get(), 4, "and does not push out the first edition's");
    }

    #[test]
    fn validating_with_a_memo_finds_what_validating_without_one_does() {
        let c = course(
            "",
            &[("basics-check", BANK)],
            &[],
            "competencies: [no-such]\n",
        );
        let index = index_of(&c);
        let plain = super::super::validate(&c, &index).into_sorted();
        assert!(!plain.is_empty(), "the course has a problem to find");
        let memo = Memo::default();
        for _ in 0..2 {
            let kept = super::super::validate_with(&c, &index, Some(&memo)).into_sorted();
            assert_eq!(kept, plain);
        }
    }
}
