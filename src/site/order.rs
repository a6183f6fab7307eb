//! The reading order (home, then each module's overview, lessons and check) with each page's
//! place in it, so previous/next links cost no search. Taken from the page list.

use super::page_list::PageEntry;
use crate::links::relative_url;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub struct ReadingOrder<'a> {
    pub(super) entries: Vec<&'a PageEntry>,
    pub(super) position: HashMap<&'a str, usize>,
}

impl<'a> ReadingOrder<'a> {
    pub fn new(pages: &'a [PageEntry]) -> Self {
        let entries: Vec<&PageEntry> = pages.iter().filter(|p| p.kind.is_read_in_order()).collect();
        let position = entries
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.as_str(), i))
            .collect();
        ReadingOrder { entries, position }
    }

    pub fn first_after_home(&self) -> Option<&PageEntry> {
        self.entries.get(1).copied()
    }

    /// The pages before and after `path` in the reading order.
    pub fn neighbours(&self, path: &str) -> (Option<&PageEntry>, Option<&PageEntry>) {
        match self.position.get(path) {
            Some(&i) => (
                i.checked_sub(1).and_then(|b| self.entries.get(b).copied()),
                self.entries.get(i + 1).copied(),
            ),
            None => (None, None),
        }
    }
}

/// Sets a page's `prev` and `next` links.
pub fn prev_next(m: &mut Map<String, Value>, order: &ReadingOrder, path: &str) {
    let (prev, next) = order.neighbours(path);
    if let Some(p) = prev {
        m.insert(
            "prev".into(),
            json!({"title": p.title, "url": relative_url(path, &p.path)}),
        );
    }
    if let Some(n) = next {
        m.insert(
            "next".into(),
            json!({"title": n.title, "url": relative_url(path, &n.path)}),
        );
    }
}
