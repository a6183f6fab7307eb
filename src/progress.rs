//! A one-line progress display for builds that take more than a moment.
//!
//! A course of thousands of lessons takes seconds to build; an author at a terminal should see
//! that something is happening and how far it got. The line appears only after a short delay (a
//! small course finishes without it), is redrawn in place at most ten times a second by its own
//! thread, and is erased before anything else is printed. Nothing is drawn when standard error
//! is not a terminal (CI logs stay clean) or with `--quiet`.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a build runs before the line appears. `SKILLPRESS_PROGRESS_DELAY_MS` overrides it
/// (the tests use 0 to see the line on a tiny course).
const DEFAULT_DELAY: Duration = Duration::from_millis(500);
const FRAME: Duration = Duration::from_millis(100);

/// A handle on the display; the default one shows nothing. Cheap to clone and share across
/// threads: stages and ticks only touch atomics.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<Shared>>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(on)"
        } else {
            "Progress(off)"
        })
    }
}

struct Shared {
    stage: Mutex<String>,
    done: AtomicUsize,
    total: AtomicUsize,
    stop: AtomicBool,
    drawer: Mutex<Option<JoinHandle<()>>>,
}

impl Progress {
    /// A display on standard error when it is a terminal and `wanted`; otherwise none.
    pub fn on_terminal(wanted: bool) -> Progress {
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress::default();
        }
        let delay = std::env::var("SKILLPRESS_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Duration::from_millis)
            .unwrap_or(DEFAULT_DELAY);
        Progress::to(Box::new(std::io::stderr()), delay)
    }

    /// A display written to `out`, starting after `delay`.
    pub fn to(mut out: Box<dyn Write + Send>, delay: Duration) -> Progress {
        let shared = Arc::new(Shared {
            stage: Mutex::new(String::new()),
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            drawer: Mutex::new(None),
        });
        let state = shared.clone();
        let handle = std::thread::spawn(move || {
            let start = Instant::now();
            let mut shown = String::new();
            loop {
                let stopping = state.stop.load(Ordering::Acquire);
                if !stopping && start.elapsed() >= delay {
                    let line = state.line();
                    if line != shown && !line.is_empty() {
                        let _ = write!(out, "\r\x1b[K{line}");
                        let _ = out.flush();
                        shown = line;
                    }
                }
                if stopping {
                    if !shown.is_empty() {
                        let _ = write!(out, "\r\x1b[K");
                        let _ = out.flush();
                    }
                    return;
                }
                std::thread::park_timeout(FRAME);
            }
        });
        *shared.drawer.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
        Progress(Some(shared))
    }

    /// Starts a stage; with `total` > 0 its ticks are shown as "done/total".
    pub fn stage(&self, name: &str, total: usize) {
        if let Some(s) = &self.0 {
            *s.stage.lock().unwrap_or_else(|e| e.into_inner()) = name.to_string();
            s.done.store(0, Ordering::Release);
            s.total.store(total, Ordering::Release);
            // Show a new stage at once rather than at the next frame.
            if let Some(h) = s.drawer.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                h.thread().unpark();
            }
        }
    }

    /// One more item of the current stage done.
    pub fn tick(&self) {
        if let Some(s) = &self.0 {
            s.done.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// Erases the line and stops drawing; call before printing anything else.
    pub fn finish(&self) {
        if let Some(s) = &self.0 {
            s.stop.store(true, Ordering::Release);
            let handle = s.drawer.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(h) = handle {
                h.thread().unpark();
                let _ = h.join();
            }
        }
    }
}

impl Shared {
    fn line(&self) -> String {
        let stage = self.stage.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let total = self.total.load(Ordering::Acquire);
        if total == 0 {
            return stage;
        }
        let done = self.done.load(Ordering::Acquire).min(total);
        format!("{stage} {done}/{total}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Buffer {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn draws_stages_and_counts_in_place_then_erases_the_line() {
        let buf = Buffer::default();
        let p = Progress::to(Box::new(buf.clone()), Duration::ZERO);
        p.stage("Rendering pages", 3);
        p.tick();
        p.tick();
        std::thread::sleep(FRAME * 3);
        p.finish();
        let text = buf.text();
        assert!(text.contains("\r\x1b[KRendering pages 2/3"), "{text:?}");
        assert!(text.ends_with("\r\x1b[K"), "{text:?}");
    }

    #[test]
    fn a_quick_run_draws_nothing() {
        let buf = Buffer::default();
        let p = Progress::to(Box::new(buf.clone()), Duration::from_secs(60));
        p.stage("Checking", 0);
        p.finish();
        assert_eq!(buf.text(), "");
    }

    #[test]
    fn the_default_display_is_off_and_harmless() {
        let p = Progress::default();
        p.stage("Rendering pages", 10);
        p.tick();
        p.finish();
        assert_eq!(format!("{p:?}"), "Progress(off)");
    }
}
