//! The dev server's search index, built on its own thread after each rebuild's pages are
//! written: the reload event does not wait for it (at 10,000 lessons it takes over a second of
//! CPU), and the next edit stops it rather than waiting for it.

use super::session::SearchInput;
use crate::output::Remember;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

/// The index files, when the build was not stopped.
type Finished = Option<Vec<crate::search::WrittenFile>>;

/// A search index being built and written.
pub struct SearchJob {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Finished>,
}

impl SearchJob {
    /// Builds the index of `input` and writes the files that changed through `out`.
    pub fn start(input: SearchInput, out: Arc<Remember>) -> SearchJob {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            let (course, pages) = input;
            let mut files = Vec::new();
            let mut written = 0;
            let mut failure = None;
            let whole = crate::search::course_index_unless(&course, &pages, &stopped, &mut |f| {
                match out.write(&f.path, &f.bytes) {
                    Ok(true) => written += 1,
                    Ok(false) => {}
                    Err(e) => {
                        failure.get_or_insert(e);
                    }
                }
                files.push(crate::search::WrittenFile::of(&f.path, &f.bytes));
                None
            });
            whole?;
            if let Some(e) = failure {
                eprintln!("error: {e}");
                return None;
            }
            println!(
                "Search index: {} files, {written} written in {} ms",
                files.len(),
                start.elapsed().as_millis()
            );
            Some(files)
        });
        SearchJob { stop, thread }
    }

    /// Stops the job (unless it has finished) and waits for it; the index's files if it
    /// finished.
    pub fn stop(self) -> Finished {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().ok().flatten()
    }
}
