//! What the dev server keeps between rebuilds, so a rebuild redoes only what changed: outlined
//! Markdown, the template engine, quiz and case texts, what each page was made from, and the
//! search index's file names (the index is built after the pages, so they reload first). A
//! one-off build uses an empty session that keeps nothing.

use crate::build::PageMemory;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default)]
pub struct Session {
    /// Keep caches between builds (the dev server); a one-off build keeps nothing, so its
    /// memory is not doubled by copies it will never reuse.
    pub(crate) persistent: bool,
    pub(crate) markdown: Arc<crate::load::ParseCache>,
    /// The engine, with the templates it was made from.
    pub(crate) engine: Option<(Vec<(String, String)>, tera::Tera)>,
    pub(crate) pages: PageCache,
    pub(crate) texts: crate::site::TextCache,
    /// Each document's diagnostics with the key of what they were made from (see
    /// `validate::Memo`), so a rebuild checks again only the files whose inputs changed.
    pub(crate) validation: crate::validate::Memo,
    /// Build the search index after the pages (`take_search`) rather than with them: the dev
    /// server reloads the pages first and updates the index a moment later.
    pub(crate) defer_search: bool,
    /// The course whose search index is still to be built (see `take_search`).
    pub(crate) pending_search: Option<SearchInput>,
    /// The files of the last index built: a deferred build keeps them in the output as they
    /// are until the new index replaces them.
    pub(crate) search_kept: Vec<crate::search::WrittenFile>,
    /// What the last `build` of the output folder made (`build` only; the dev server's own
    /// memory is `pages`).
    pub(crate) last_build: Option<crate::output::LastBuild>,
    /// The sessions of the other language editions, by language.
    pub(crate) editions: std::collections::BTreeMap<String, Session>,
}

impl Session {
    /// A session for a process that rebuilds many times.
    pub fn persistent() -> Session {
        Session {
            persistent: true,
            defer_search: true,
            ..Session::default()
        }
    }

    /// The session of another language edition: the same settings, its own caches (its pages
    /// share their paths with the default edition's). Its search index is built with its pages.
    pub(crate) fn edition(&mut self, lang: &str) -> &mut Session {
        let persistent = self.persistent;
        self.editions
            .entry(lang.to_string())
            .or_insert_with(|| Session {
                persistent,
                ..Session::default()
            })
    }

    /// Where each language edition built so far is written: `""`, then `zh-CN/`… (the dev server
    /// copies a changed static file into each).
    pub fn edition_prefixes(&self) -> Vec<String> {
        std::iter::once(String::new())
            .chain(self.editions.keys().map(|lang| format!("{lang}/")))
            .collect()
    }

    /// Makes the template engine for `templates` (kept in `engine`) unless the session has
    /// one made from the same templates; a new engine also forgets the rendered pages.
    pub(crate) fn prepare_engine(
        &mut self,
        templates: &[crate::source::SourceFile],
    ) -> Result<(), Vec<crate::diagnostics::Diagnostic>> {
        let key: Vec<(String, String)> = templates
            .iter()
            .map(|t| (t.path.clone(), t.text.to_string()))
            .collect();
        if self.engine.as_ref().is_none_or(|(k, _)| *k != key) {
            let tera = crate::render::engine(templates)?;
            self.engine = Some((key, tera));
            self.pages = PageCache::default();
        }
        Ok(())
    }
}

/// What the search index is made from: the course and its page list.
pub type SearchInput = (crate::load::Course, Vec<crate::site::PageEntry>);

/// The course whose search index the last build deferred, to build it elsewhere (see
/// `serve::search`).
pub fn take_search(session: &mut Session) -> Option<SearchInput> {
    session.pending_search.take()
}

/// What the pages an earlier build made were made from, by path: the fingerprint of the page's
/// job (`render::fingerprint`) and, where it has one, its key (`site::PageMaker::key`). No
/// HTML: the output sink holds the files, and a page whose key or fingerprint is unchanged is
/// only kept there (`output::Sink::keep`). A page whose key is unchanged is not even made.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: HashMap<String, Made>,
}

#[derive(Debug)]
struct Made {
    print: u64,
    key: Option<u64>,
}

impl PageMemory for PageCache {
    fn by_key(&self, path: &str, key: u64) -> Option<u64> {
        self.pages
            .get(path)
            .filter(|m| m.key == Some(key))
            .map(|m| m.print)
    }

    fn same_print(&self, path: &str, print: u64) -> bool {
        self.pages.get(path).is_some_and(|m| m.print == print)
    }

    /// The output sink (`output::Remember`) has the digests of the files it wrote.
    fn remember(&mut self, path: &str, print: u64, key: Option<u64>, _digest: Option<u64>) {
        match self.pages.get_mut(path) {
            Some(m) => *m = Made { print, key },
            None => {
                self.pages.insert(path.to_string(), Made { print, key });
            }
        }
    }
}
