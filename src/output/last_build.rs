//! What `skillpress build` remembers of the site it wrote, so the next build of the same output
//! folder renders only the pages whose inputs changed (docs/format.md, "What a build writes").
//!
//! It is one file beside the output folder, never inside the published site (`public` →
//! `.public.skillpress-cache`). Per language edition it holds each page's key
//! (`site::PageMaker::key`) and fingerprint (`render::fingerprint`), the search index's key
//! (`search::course_key`), and a digest of the bytes of every such file as the build wrote it.
//!
//! A page is kept only when its key or fingerprint is unchanged *and* the old site's file still
//! has the recorded bytes (it is read and hashed): a page edited by hand, a folder restored from
//! elsewhere, or a record left by a build whose cache could not be saved costs a render, never a
//! stale page. The records hold only for the same program, template overrides and `--drafts`
//! (the stamp); anything else starts afresh, as does a build into a missing folder.

use crate::build::PageMemory;
use crate::error::Error;
use crate::search::WrittenFile;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The first line's start; a file written by another format version is not read.
const HEADER: &str = "skillpress build cache 1";

/// The records of the last build of one output folder, and this build's.
#[derive(Debug)]
pub struct LastBuild {
    /// The cache file.
    file: PathBuf,
    /// The published folder.
    site: PathBuf,
    stamp: u64,
    /// By edition prefix (`""`, `zh-CN/`).
    editions: BTreeMap<String, Records>,
}

/// One edition's records: what the last build made, and what this one made or kept.
#[derive(Debug, Default)]
pub struct Records {
    /// The edition's folder in the published site.
    folder: PathBuf,
    old_pages: HashMap<String, Page>,
    old_search: Option<IndexRecord>,
    pages: BTreeMap<String, Page>,
    search: Option<IndexRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Page {
    key: Option<u64>,
    print: u64,
    digest: u64,
}

/// The search index files of a build and the key they were made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRecord {
    pub key: u64,
    pub files: Vec<WrittenFile>,
}

impl LastBuild {
    /// The cache of `out` (the published folder) for a build with `stamp` (see
    /// `program_stamp`). Empty when `out` has no site, when the file is missing or unreadable,
    /// or when it was written with another stamp.
    pub fn load(out: &Path, stamp: u64) -> LastBuild {
        let site = super::staging::resolve(out);
        let file = super::staging::beside(&site).cache;
        let mut editions = if site.is_dir() {
            fs::read_to_string(&file)
                .ok()
                .and_then(|text| parse(&text, stamp))
                .unwrap_or_default()
        } else {
            BTreeMap::new()
        };
        for (prefix, records) in &mut editions {
            records.folder = site.join(prefix);
        }
        LastBuild {
            file,
            site,
            stamp,
            editions,
        }
    }

    /// No records: every page is rendered (`build --fresh`); this build's are saved.
    pub fn empty(out: &Path, stamp: u64) -> LastBuild {
        let site = super::staging::resolve(out);
        LastBuild {
            file: super::staging::beside(&site).cache,
            site,
            stamp,
            editions: BTreeMap::new(),
        }
    }

    /// The records of the edition written under `prefix`.
    pub fn edition(&mut self, prefix: &str) -> &mut Records {
        let folder = self.site.join(prefix);
        self.editions
            .entry(prefix.to_string())
            .or_insert_with(|| Records {
                folder,
                ..Records::default()
            })
    }

    /// Writes what this build made, for the next build (after the site was published). Editions
    /// this build did not make are left out.
    pub fn save(&self) -> Result<(), Error> {
        let mut text = format!("{HEADER} {:016x}\n", self.stamp);
        for (prefix, r) in &self.editions {
            if r.pages.is_empty() && r.search.is_none() {
                continue;
            }
            let _ = writeln!(text, "edition {prefix}");
            if let Some(s) = &r.search {
                let _ = writeln!(text, "search {:016x}", s.key);
                for f in &s.files {
                    let _ = writeln!(text, "s {:016x} {} {}", f.digest, f.bytes, f.path);
                }
            }
            for (path, p) in &r.pages {
                let key = p.key.map_or("-".to_string(), |k| format!("{k:016x}"));
                let _ = writeln!(text, "p {key} {:016x} {:016x} {path}", p.print, p.digest);
            }
        }
        let tmp = unsaved(&self.file);
        fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
        fs::rename(&tmp, &self.file).map_err(|e| Error::io(&self.file, e))
    }
}

/// Where the cache `file` is written before it is renamed into place (a kill leaves the old
/// one whole; `staging::recover` removes this).
pub(super) fn unsaved(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push("-new");
    PathBuf::from(name)
}

/// A stamp of what decides a page's bytes besides its key: this program (its version and a
/// digest of the sources it was compiled from, see build.rs: a program built from other code
/// starts afresh, the same program installed again does not), the course's template overrides
/// and `--drafts`.
pub fn program_stamp(templates: &[crate::source::SourceFile], drafts: bool) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    crate::hashing::str(&mut h, env!("CARGO_PKG_VERSION"));
    crate::hashing::str(&mut h, env!("SKILLPRESS_SOURCE_DIGEST"));
    for t in templates {
        crate::hashing::str(&mut h, &t.path);
        crate::hashing::str(&mut h, &t.text);
    }
    h.update(&[u8::from(drafts)]);
    h.digest()
}

/// The editions of a cache file written with `stamp`; `None` for any other file.
fn parse(text: &str, stamp: u64) -> Option<BTreeMap<String, Records>> {
    let mut lines = text.lines();
    let header = lines.next()?;
    let written = u64::from_str_radix(header.strip_prefix(HEADER)?.trim(), 16).ok()?;
    if written != stamp {
        return None;
    }
    let hex = |s: &str| u64::from_str_radix(s, 16).ok();
    let mut editions = BTreeMap::new();
    let mut current: Option<&mut Records> = None;
    for line in lines {
        if let Some(prefix) = line.strip_prefix("edition ") {
            current = Some(editions.entry(prefix.to_string()).or_default());
            continue;
        }
        let r = current.as_deref_mut()?;
        if let Some(key) = line.strip_prefix("search ") {
            r.old_search = Some(IndexRecord {
                key: hex(key)?,
                files: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("s ") {
            let mut parts = rest.splitn(3, ' ');
            let (digest, bytes, path) = (parts.next()?, parts.next()?, parts.next()?);
            r.old_search.as_mut()?.files.push(WrittenFile {
                path: path.to_string(),
                bytes: bytes.parse().ok()?,
                digest: hex(digest)?,
            });
        } else if let Some(rest) = line.strip_prefix("p ") {
            let mut parts = rest.splitn(4, ' ');
            let (key, print, digest, path) =
                (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let key = if key == "-" { None } else { Some(hex(key)?) };
            let page = Page {
                key,
                print: hex(print)?,
                digest: hex(digest)?,
            };
            r.old_pages.insert(path.to_string(), page);
        } else {
            return None;
        }
    }
    Some(editions)
}

impl Records {
    /// Whether the old site's file at `path` (in this edition) still has the bytes recorded.
    fn intact(&self, path: &str, digest: u64) -> bool {
        fs::read(self.folder.join(path)).is_ok_and(|bytes| super::digest(&bytes) == digest)
    }

    /// Whether the last build recorded a search index of this edition.
    pub fn has_index(&self) -> bool {
        self.old_search.is_some()
    }

    /// The last build's search index when it was made from `key` and every file of it is still
    /// as written; `None` means the index must be made again.
    pub fn search_if(&self, key: u64) -> Option<Vec<WrittenFile>> {
        use rayon::prelude::*;
        let old = self.old_search.as_ref().filter(|s| s.key == key)?;
        let all_intact = old.files.par_iter().all(|f| self.intact(&f.path, f.digest));
        all_intact.then(|| old.files.clone())
    }

    /// Notes the search index this build made or kept.
    pub fn remember_search(&mut self, index: IndexRecord) {
        self.search = Some(index);
    }
}

impl PageMemory for Records {
    fn by_key(&self, path: &str, key: u64) -> Option<u64> {
        let old = self.old_pages.get(path)?;
        (old.key == Some(key) && self.intact(path, old.digest)).then_some(old.print)
    }

    fn same_print(&self, path: &str, print: u64) -> bool {
        self.old_pages
            .get(path)
            .is_some_and(|old| old.print == print && self.intact(path, old.digest))
    }

    fn remember(&mut self, path: &str, print: u64, key: Option<u64>, digest: Option<u64>) {
        // A kept page has the bytes the last build recorded.
        let digest = digest.or_else(|| self.old_pages.get(path).map(|p| p.digest));
        if let Some(digest) = digest {
            self.pages
                .insert(path.to_string(), Page { key, print, digest });
        }
    }
}

#[cfg(test)]
#[path = "last_build_tests.rs"]
mod tests;
