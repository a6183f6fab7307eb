//! Where every source file ends up in the site, and how a link written in one source file
//! (`../02-x/01-y.md#anchor`, `/cases/z.yaml`) resolves to a relative URL in the output.
//! Validation and rendering share this, so a link that checks is a link that works.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Output path relative to the site root (`modules/x/y.html`).
    pub output: String,
    /// Heading anchors, for Markdown targets; `None` where anchors cannot be linked.
    pub anchors: Option<Anchors>,
}

/// A document's heading anchors, shared with the parsed document (see `load::Doc::anchors`).
pub type Anchors = std::sync::Arc<BTreeSet<String>>;

/// Source path (relative to the course root) → target.
#[derive(Debug, Clone, Default)]
pub struct SiteIndex {
    targets: BTreeMap<String, Target>,
    /// Files that exist but did not parse: links to them are not reported a second time.
    broken: BTreeSet<String>,
    /// In a language edition, the translation that stands under a source's path (for messages).
    translated: BTreeMap<String, String>,
    /// `fingerprint`, taken once: the site stage and the validation memo both ask for it, and
    /// at 10,000 lessons hashing the index is a few milliseconds each time. Reset by every
    /// change.
    print: std::sync::OnceLock<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// `https://…`, `mailto:…`: left as written.
    External,
    /// A link into the course: output path and optional anchor.
    Internal {
        output: String,
        anchor: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    NoSuchFile {
        path: String,
    },
    NoSuchAnchor {
        source: String,
        anchor: String,
        known: Vec<String>,
    },
    AnchorNotAllowed {
        path: String,
    },
    OutputPath {
        path: String,
    },
}

impl SiteIndex {
    pub fn insert(&mut self, source: &str, output: &str, anchors: Option<Anchors>) {
        self.print = std::sync::OnceLock::new();
        self.targets.insert(
            source.to_string(),
            Target {
                output: output.to_string(),
                anchors,
            },
        );
    }

    /// Every source path a link can reach, with its output path.
    pub fn outputs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.targets
            .iter()
            .map(|(s, t)| (s.as_str(), t.output.as_str()))
    }

    /// `insert` for a translation: links written in any file of its edition reach it under its
    /// source's path; messages name the translation.
    pub fn insert_translation(&mut self, file: &str, output: &str, anchors: Option<Anchors>) {
        let source = crate::editions::source_path(file);
        if source != file {
            self.translated.insert(source.to_string(), file.to_string());
        }
        self.insert(&source, output, anchors);
    }

    /// The file a message should name for the source path `source`.
    pub fn shown(&self, source: &str) -> String {
        self.translated
            .get(source)
            .cloned()
            .unwrap_or_else(|| source.to_string())
    }

    /// Where the source file `source` is written, if it is.
    pub fn output_of(&self, source: &str) -> Option<&str> {
        self.targets.get(source).map(|t| t.output.as_str())
    }

    pub fn insert_broken(&mut self, source: &str) {
        self.print = std::sync::OnceLock::new();
        self.broken.insert(source.to_string());
    }

    /// A hash of every source → output mapping and its anchors, to tell whether any link's
    /// target may have moved.
    pub fn fingerprint(&self) -> u64 {
        *self.print.get_or_init(|| self.hash_all())
    }

    fn hash_all(&self) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (source, t) in &self.targets {
            h.update(source.as_bytes());
            h.update(t.output.as_bytes());
            if let Some(a) = &t.anchors {
                for x in a.iter() {
                    h.update(x.as_bytes());
                }
            }
        }
        for b in &self.broken {
            h.update(b.as_bytes());
        }
        h.digest()
    }

    /// Resolves `dest`, written in the source file `from` (a `#anchor` alone points into `from`
    /// itself, whose page and headings the index holds).
    pub fn resolve(&self, from: &str, dest: &str) -> Result<Resolved, LinkError> {
        if is_external(dest) {
            return Ok(Resolved::External);
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or("");
        // A translation's links are written as in its source, from the source's place.
        let from = &*crate::editions::source_path(from);
        if path.is_empty() {
            let anchor = anchor.unwrap_or_default();
            let own = self.targets.get(from);
            let known = own.and_then(|t| t.anchors.as_ref());
            if !anchor.is_empty() && !known.is_some_and(|k| k.contains(&anchor)) {
                return Err(LinkError::NoSuchAnchor {
                    source: self.shown(from),
                    anchor,
                    known: known
                        .map(|k| k.iter().cloned().collect())
                        .unwrap_or_default(),
                });
            }
            return Ok(Resolved::Internal {
                output: own.map(|t| t.output.clone()).unwrap_or_default(),
                anchor: Some(anchor),
            });
        }
        let decoded = percent_decode(path);
        let joined = if let Some(abs) = decoded.strip_prefix('/') {
            format!("content/{abs}")
        } else {
            let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            format!("{dir}/{decoded}")
        };
        let Some(norm) = normalize(&joined) else {
            return Err(LinkError::NoSuchFile { path: decoded });
        };
        let index_md = format!("{}/index.md", norm.trim_end_matches('/'));
        let (source, target) = match self.targets.get(&norm) {
            Some(t) => (norm.clone(), Some(t)),
            None => (index_md.clone(), self.targets.get(&index_md)),
        };
        let Some(target) = target else {
            if self.broken.contains(&norm) {
                return Ok(Resolved::External);
            }
            if norm.ends_with(".html") {
                return Err(LinkError::OutputPath { path: decoded });
            }
            return Err(LinkError::NoSuchFile { path: decoded });
        };
        if let Some(a) = &anchor {
            match &target.anchors {
                None => return Err(LinkError::AnchorNotAllowed { path: decoded }),
                Some(set) if !a.is_empty() && !set.contains(a) => {
                    return Err(LinkError::NoSuchAnchor {
                        source: self.shown(&source),
                        anchor: a.clone(),
                        known: set.iter().cloned().collect(),
                    })
                }
                _ => {}
            }
        }
        Ok(Resolved::Internal {
            output: target.output.clone(),
            anchor,
        })
    }
}

/// A URL with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Resolves `.` and `..`; `None` when the path climbs above the course root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The relative prefix from a page to the site root: `modules/a/b.html` → `../../`.
/// Stands for the way from a page to the site root in text rendered once for many pages (quiz,
/// case and competency texts); `fill_root` replaces it when the page is made.
pub const ROOT_MARK: &str = "skillpress-root:/";

/// `html` of the page at `page` with [`ROOT_MARK`] replaced by the page's way to the root where
/// it starts an attribute value: `href="…"` in the HTML, `href=\"…\"` inside the JSON the
/// scripts read. An author's own text never matches, because its quotes are escaped
/// (`&quot;`).
pub fn fill_root(html: String, page: &str) -> String {
    if !html.contains(ROOT_MARK) {
        return html;
    }
    let root = root_prefix(page);
    let (plain, in_json) = (format!("=\"{ROOT_MARK}"), format!("=\\\"{ROOT_MARK}"));
    html.replace(&plain, &format!("=\"{root}"))
        .replace(&in_json, &format!("=\\\"{root}"))
}

pub fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// A relative URL from the page at `from` to the output file `to` (both root-relative).
pub fn relative_url(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(to_parts.iter())
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut url = "../".repeat(from_dirs.len() - common);
    url.push_str(&to_parts[common..].join("/"));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SiteIndex {
        let mut i = SiteIndex::default();
        let anchors: BTreeSet<String> = ["triggers".to_string()].into();
        i.insert(
            "content/modules/02-bot/01-when.md",
            "modules/bot/when.html",
            Some(anchors.into()),
        );
        i.insert(
            "content/modules/02-bot/index.md",
            "modules/bot/index.html",
            Some(Default::default()),
        );
        i.insert("content/cases/refund.yaml", "cases/refund.html", None);
        i.insert("quizzes/handoff.yaml", "quizzes/handoff.html", None);
        i
    }

    fn resolve(from: &str, dest: &str) -> Result<Resolved, LinkError> {
        index().resolve(from, dest)
    }

    #[test]
    fn root_marks_are_filled_in_attributes_only() {
        let html = format!(
            "<a href=\"{m}modules/a.html\">x</a> <p>{m}</p> <script>{{\"h\":\"<a href=\\\"{m}b.html\\\">\"}}</script> href=&quot;{m}",
            m = ROOT_MARK
        );
        let out = fill_root(html, "quizzes/q.html");
        assert_eq!(
            out,
            format!("<a href=\"../modules/a.html\">x</a> <p>{m}</p> <script>{{\"h\":\"<a href=\\\"../b.html\\\">\"}}</script> href=&quot;{m}", m = ROOT_MARK)
        );
    }

    #[test]
    fn resolves_relative_and_rooted_links() {
        let from = "content/modules/03-empathy/01-a.md";
        assert_eq!(
            resolve(from, "../02-bot/01-when.md#triggers"),
            Ok(Resolved::Internal {
                output: "modules/bot/when.html".into(),
                anchor: Some("triggers".into())
            })
        );
        assert!(matches!(
            resolve(from, "../../cases/refund.yaml"),
            Ok(Resolved::Internal { .. })
        ));
        assert!(matches!(
            resolve(from, "../../../quizzes/handoff.yaml"),
            Ok(Resolved::Internal { .. })
        ));
        assert!(matches!(
            resolve(from, "/cases/refund.yaml"),
            Ok(Resolved::Internal { .. })
        ));
        assert!(matches!(
            resolve(from, "../02-bot/"),
            Ok(Resolved::Internal { .. })
        ));
        assert_eq!(
            resolve(from, "https://example.com/x.md"),
            Ok(Resolved::External)
        );
        assert_eq!(resolve(from, "mailto:a@b.c"), Ok(Resolved::External));
    }

    #[test]
    fn reports_missing_files_and_anchors() {
        let from = "content/modules/03-empathy/01-a.md";
        assert!(matches!(
            resolve(from, "../02-bot/02-nope.md"),
            Err(LinkError::NoSuchFile { .. })
        ));
        assert!(matches!(
            resolve(from, "../02-bot/01-when.md#nope"),
            Err(LinkError::NoSuchAnchor { .. })
        ));
        assert!(matches!(
            resolve(from, "/cases/refund.yaml#x"),
            Err(LinkError::AnchorNotAllowed { .. })
        ));
        assert!(matches!(
            resolve(from, "../../../../../etc/passwd"),
            Err(LinkError::NoSuchFile { .. })
        ));
        assert!(matches!(
            resolve(from, "../02-bot/when.html"),
            Err(LinkError::OutputPath { .. })
        ));
        assert!(matches!(
            resolve(from, "#missing"),
            Err(LinkError::NoSuchAnchor { .. })
        ));
    }

    #[test]
    fn relative_urls_between_pages() {
        assert_eq!(
            relative_url("modules/a/b.html", "cases/c.html"),
            "../../cases/c.html"
        );
        assert_eq!(
            relative_url("modules/a/b.html", "modules/a/c.html"),
            "c.html"
        );
        assert_eq!(
            relative_url("index.html", "modules/a/index.html"),
            "modules/a/index.html"
        );
        assert_eq!(relative_url("cases/x.html", "index.html"), "../index.html");
        assert_eq!(root_prefix("modules/a/b.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
