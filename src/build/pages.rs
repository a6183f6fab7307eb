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

/// What a long-running process remembers of the pages it made (the dev server's
/// `serve::PageCache`): not their HTML, which the output sink already holds, but what each was
/// made from, so a rebuild makes and renders only the pages that changed.
pub trait PageMemory: Sync {
    /// The fingerprint of the page at `path` as last made, when it was made from `key`.
    fn by_key(&self, path: &str, key: u64) -> Option<u64>;
    /// Whether the page at `path` was last rendered from a job with the fingerprint `print`.
    fn same_print(&self, path: &str, print: u64) -> bool;
    fn remember(&mut self, path: &str, print: u64, key: Option<u64>);
}

/// A page that went to the sink: its path, and (with a page memory) its fingerprint and key.
struct Made {
    path: String,
    print: u64,
    key: Option<u64>,
}

/// Makes, renders and hands to `sink` every page of `site`; gives their paths in the page
/// list's order, or every failure. With a `memory` (the dev server), a page whose key or
/// fingerprint is unchanged since the last build is not made again: the sink is told to keep
/// it. Without one (build, check, export) no key or fingerprint is computed.
pub fn make_pages(
    site: &Site,
    renderer: &Renderer,
    mut memory: Option<&mut dyn PageMemory>,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<Vec<String>, Vec<Diagnostic>> {
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
                });
            };
            let key = site.maker.key(entry);
            if let Some(print) = key.and_then(|k| kept.by_key(&entry.path, k)) {
                sink.keep(&entry.path);
                let path = entry.path.clone();
                return Ok(Made { path, print, key });
            }
            let job = site.maker.job(entry);
            let print = render::fingerprint(&job);
            if kept.same_print(&job.path, print) {
                sink.keep(&job.path);
                let path = job.path;
                return Ok(Made { path, print, key });
            }
            let (path, html) = renderer.page(job)?;
            sink.put(&path, html.into_bytes());
            Ok(Made { path, print, key })
        })
        .collect();
    let mut paths = Vec::with_capacity(made.len());
    let mut errors = Vec::new();
    for m in made {
        match m {
            Ok(m) => {
                if let Some(memory) = memory.as_deref_mut() {
                    memory.remember(&m.path, m.print, m.key);
                }
                paths.push(m.path);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(paths)
    } else {
        Err(errors)
    }
}
