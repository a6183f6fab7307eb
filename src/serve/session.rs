//! What the dev server keeps between rebuilds, so a rebuild redoes only what changed: parsed
//! Markdown, the template engine, quiz and case texts, rendered pages, and the search index
//! (built after the pages, so they reload first). A one-off build uses an empty session that
//! keeps nothing.

use crate::render::PageMemory;
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
    /// Build the search index after the pages (`finish_search`) rather than with them: the dev
    /// server reloads the pages first and updates the index a moment later.
    pub(crate) defer_search: bool,
    /// The course whose search index is still to be built, and the last index built.
    pub(crate) pending_search: Option<(crate::load::Course, Vec<crate::site::PageEntry>)>,
    pub(crate) search_files: Vec<crate::discover::BinaryFile>,
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

/// Builds the search index a deferred build left out; returns its files (written by the caller).
pub fn finish_search(session: &mut Session) -> Option<Vec<crate::discover::BinaryFile>> {
    let (course, pages) = session.pending_search.take()?;
    let index = crate::search::course_index(&course, &pages, &mut Some);
    session.search_files = index.files.clone();
    Some(index.files)
}

/// Pages rendered by an earlier build, by path, with a fingerprint of everything that went into
/// them (`render::fingerprint`); a page whose fingerprint is unchanged is not rendered again,
/// and a lesson whose key (`site::PageMaker::key`) is unchanged is not even made again.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: HashMap<String, (u64, String)>,
    keys: HashMap<String, u64>,
}

impl PageMemory for PageCache {
    fn by_key(&self, path: &str, key: u64) -> Option<(u64, String)> {
        if self.keys.get(path) != Some(&key) {
            return None;
        }
        self.pages.get(path).cloned()
    }

    fn by_print(&self, path: &str, print: u64) -> Option<String> {
        match self.pages.get(path) {
            Some((p, html)) if *p == print => Some(html.clone()),
            _ => None,
        }
    }

    fn remember(&mut self, path: &str, print: u64, key: Option<u64>, html: String) {
        self.pages.insert(path.to_string(), (print, html));
        match key {
            Some(k) => self.keys.insert(path.to_string(), k),
            None => self.keys.remove(path),
        };
    }
}
