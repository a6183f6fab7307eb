//! The pages of one edition, from the page list to the sink: the site stage makes each page's
//! job (template, context, Markdown body), the render stage turns it into HTML, the sink takes
//! it. Each page goes through all three on whichever core takes it, so no page's context or HTML
//! waits in memory for the others.

use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::progress::Progress;
use crate::render::{self, Renderer};
use crate::site::Site;
use rayon::prelude::*;

/// What is remembered of the pages an earlier build made (the dev server's `serve::PageCache`,
/// `build`'s `output::LastBuild`): not their HTML, which the output folder already holds, but
/// what each was made from, so a rebuild makes and renders only the pages that changed.
pub trait PageMemory: Sync {
    /// The fingerprint of the page at `path` as last made, when it was made from `key`.
    fn by_key(&self, path: &str, key: u64) -> Option<u64>;
    /// Whether the page at `path` was last rendered from a job with the fingerprint `print`.
    fn same_print(&self, path: &str, print: u64) -> bool;
    /// Notes the page this build made or kept at `path`; `digest` is the digest of the bytes
    /// it rendered (`output::digest`), `None` for a page kept as it was.
    fn remember(&mut self, path: &str, print: u64, key: Option<u64>, digest: Option<u64>);
}

/// A page that went to the sink: its path, and (with a page memory) its fingerprint, key and
/// the digest of its bytes when they were rendered anew.
struct Made {
    path: String,
    print: u64,
    key: Option<u64>,
    digest: Option<u64>,
}

/// The pages of a build: their paths in the page list's order, and how many were kept from
/// the last build instead of being rendered.
pub struct MadePages {
    pub paths: Vec<String>,
    pub reused: usize,
}

/// Makes, renders and hands to `sink` every page of `site`, or gives every failure. With a
/// `memory` (the dev server; `build` into a folder it built before), a page whose key or
/// fingerprint is unchanged since the last build is not made again: the sink is told to keep
/// it. Without one (check, export) no key or fingerprint is computed.
pub fn make_pages(
    site: &Site,
    renderer: &Renderer,
    mut memory: Option<&mut dyn PageMemory>,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<MadePages, Vec<Diagnostic>> {
    let kept: Option<&dyn PageMemory> = memory.as_deref();
    let made: Vec<Result<Made, Diagnostic>> = site
        .pages
        .par_iter()
        .map(|entry| {
            progress.tick();
            let Some(kept) = kept else {
                let (path, html) = renderer.page(site.maker.job(entry))?;
                sink.put(&path, html.into_bytes());
                return Ok(Made {
                    path,
                    print: 0,
                    key: None,
                    digest: None,
                });
            };
            let key = site.maker.key(entry);
            // A page kept as it stands: the sink is told its path, the memory its key and print.
            let keep = |path: String, print: u64| {
                sink.keep(&path);
                Made {
                    path,
                    print,
                    key,
                    digest: None,
                }
            };
            if let Some(print) = key.and_then(|k| kept.by_key(&entry.path, k)) {
                return Ok(keep(entry.path.clone(), print));
            }
            let job = site.maker.job(entry);
            let print = render::fingerprint(&job);
            if kept.same_print(&job.path, print) {
                return Ok(keep(job.path, print));
            }
            let (path, html) = renderer.page(job)?;
            let digest = Some(crate::output::digest(html.as_bytes()));
            sink.put(&path, html.into_bytes());
            Ok(Made {
                path,
                print,
                key,
                digest,
            })
        })
        .collect();
    let mut paths = Vec::with_capacity(made.len());
    let mut errors = Vec::new();
    let mut reused = 0;
    for m in made {
        match m {
            Ok(m) => {
                if let Some(memory) = memory.as_deref_mut() {
                    memory.remember(&m.path, m.print, m.key, m.digest);
                    reused += usize::from(m.digest.is_none());
                }
                paths.push(m.path);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(MadePages { paths, reused })
    } else {
        Err(errors)
    }
}
