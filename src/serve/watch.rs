//! Watching the course for changes: native events or polling (`--poll`), bursts coalesced into
//! one rebuild, editor temporary files ignored, and each batch sorted into "only static files"
//! (copy them) or "anything else" (rebuild).

use crate::discover::is_ignored_name;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// The folders whose changes matter; the course root itself is watched without recursion, only
/// for `course.yaml` (editors often save it by writing a new file and renaming it over).
pub const WATCHED: [&str; 4] = ["content", "quizzes", "templates", "static"];

/// What the main loop waits for.
pub enum Signal {
    Changed(Vec<PathBuf>),
    Stop,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Only files under `static/` changed, all of which still exist: copy them.
    Static(Vec<String>),
    /// Anything else: rebuild (only changed pages are rewritten).
    Rebuild,
}

/// Keeps the paths that matter, relative to the root, `/`-separated.
pub fn relevant(root: &Path, paths: &[PathBuf]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in paths {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some(first) = parts.first() else { continue };
        if parts.iter().any(|seg| is_ignored_name(seg)) {
            continue;
        }
        let wanted = if parts.len() == 1 {
            first == "course.yaml" || WATCHED.contains(&first.as_str())
        } else {
            WATCHED.contains(&first.as_str())
        };
        if wanted {
            out.insert(parts.join("/"));
        }
    }
    out
}

/// Decides how much work a batch of changed paths needs.
pub fn classify(root: &Path, changed: &BTreeSet<String>) -> Change {
    if changed.is_empty() {
        return Change::Rebuild;
    }
    let mut statics = Vec::new();
    for rel in changed {
        match rel.strip_prefix("static/") {
            Some(inner) if root.join(rel).is_file() => statics.push(inner.to_string()),
            _ => return Change::Rebuild,
        }
    }
    Change::Static(statics)
}

/// Waits for the first event, then keeps collecting until the events stop for `quiet` or `cap`
/// has passed, so a burst of saves (or a formatter touching many files) is one rebuild. The
/// batch is also held until `not_before` (shortly after the previous rebuild), so a long stream
/// of saves rebuilds a few times rather than once per gap in the stream.
pub fn next_batch(
    rx: &Receiver<Signal>,
    quiet: Duration,
    cap: Duration,
    not_before: Instant,
) -> Option<Vec<PathBuf>> {
    let mut paths = match rx.recv() {
        Ok(Signal::Changed(p)) => p,
        Ok(Signal::Stop) | Err(_) => return None,
    };
    let start = Instant::now();
    loop {
        let now = Instant::now();
        let left = cap.saturating_sub(now - start);
        let hold = not_before.saturating_duration_since(now);
        if left.is_zero() {
            return Some(paths);
        }
        match rx.recv_timeout(quiet.max(hold).min(left)) {
            Ok(Signal::Changed(p)) => paths.extend(p),
            Ok(Signal::Stop) => return None,
            Err(RecvTimeoutError::Timeout) => return Some(paths),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// The test hook `SKILLPRESS_SERVE_BATCH_END`: keeps adding to a batch until an event names
/// `end`, so a test can deliver a burst of saves as one batch however slowly the machine runs
/// (the quiet and cap timings that end a batch otherwise are tested in `bursts_become_one_batch`).
/// Returns false when the server is stopping.
pub fn extend_until(rx: &Receiver<Signal>, end: &Path, paths: &mut Vec<PathBuf>) -> bool {
    while !paths.iter().any(|p| p == end) {
        match rx.recv() {
            Ok(Signal::Changed(p)) => paths.extend(p),
            Ok(Signal::Stop) | Err(_) => return false,
        }
    }
    true
}

/// Whether an event kind can mean a changed course: reading a file (which every build does) and
/// access-time updates cannot.
pub fn counts(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// Starts watching; events arrive on `tx` as `Signal::Changed`. The returned watcher must be
/// kept alive.
pub fn start(
    root: &Path,
    poll: bool,
    tx: Sender<Signal>,
) -> notify::Result<Box<dyn Watcher + Send>> {
    let handler = move |res: notify::Result<notify::Event>| {
        // Event kinds differ by platform, so beyond dropping reads (our own build opens every
        // file) only the paths are used; whether a path still exists is checked when it counts.
        if let Ok(event) = res {
            if counts(&event.kind) {
                let _ = tx.send(Signal::Changed(event.paths));
            }
        }
    };
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        // notify's poller keeps modification times in whole seconds, so two saves within one
        // second would look alike; comparing contents catches them (a few ms per scan).
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_millis(400))
            .with_compare_contents(true);
        Box::new(notify::PollWatcher::new(handler, config)?)
    } else {
        Box::new(notify::recommended_watcher(handler)?)
    };
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
}

/// Watches a folder that appeared after the server started (a new `static/`).
pub fn watch_new_folders(root: &Path, watcher: &mut dyn Watcher, changed: &BTreeSet<String>) {
    for rel in changed {
        if WATCHED.contains(&rel.as_str()) && root.join(rel).is_dir() {
            let _ = watcher.watch(&root.join(rel), RecursiveMode::Recursive);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn keeps_course_files_and_drops_editor_files_and_output() {
        let root = Path::new("/c");
        let paths: Vec<PathBuf> = [
            "/c/content/modules/01-a/01-b.md",
            "/c/content/modules/01-a/.01-b.md.swp",
            "/c/content/modules/01-a/01-b.md~",
            "/c/public/index.html",
            "/c/course.yaml",
            "/c/README.md",
            "/c/static/assets/x.css",
            "/elsewhere/a.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let kept: Vec<String> = relevant(root, &paths).into_iter().collect();
        assert_eq!(
            kept,
            [
                "content/modules/01-a/01-b.md",
                "course.yaml",
                "static/assets/x.css"
            ]
        );
    }

    #[test]
    fn static_only_changes_are_copied() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static/assets")).unwrap();
        std::fs::write(dir.path().join("static/assets/x.css"), "a").unwrap();
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(
            classify(dir.path(), &set(&["static/assets/x.css"])),
            Change::Static(vec!["assets/x.css".into()])
        );
        // A deleted static file may uncover a built-in one: rebuild.
        assert_eq!(
            classify(dir.path(), &set(&["static/assets/gone.css"])),
            Change::Rebuild
        );
        assert_eq!(
            classify(
                dir.path(),
                &set(&["static/assets/x.css", "content/index.md"])
            ),
            Change::Rebuild
        );
    }

    #[test]
    fn reads_do_not_count_as_changes() {
        use notify::event::{AccessKind, CreateKind, DataChange, RenameMode};
        assert!(!counts(&EventKind::Access(AccessKind::Any)));
        assert!(!counts(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(counts(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
        assert!(counts(&EventKind::Modify(ModifyKind::Name(RenameMode::To))));
        assert!(counts(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn bursts_become_one_batch() {
        let (tx, rx) = channel();
        for i in 0..50 {
            tx.send(Signal::Changed(vec![PathBuf::from(format!(
                "/c/content/{i}.md"
            ))]))
            .unwrap();
        }
        let now = Instant::now();
        let batch =
            next_batch(&rx, Duration::from_millis(30), Duration::from_secs(1), now).unwrap();
        assert_eq!(batch.len(), 50);
        // Held until `not_before`, even when the events stop sooner.
        tx.send(Signal::Changed(vec![PathBuf::from("/c/content/x.md")]))
            .unwrap();
        let hold_until = Instant::now() + Duration::from_millis(200);
        next_batch(
            &rx,
            Duration::from_millis(10),
            Duration::from_secs(1),
            hold_until,
        )
        .unwrap();
        assert!(Instant::now() >= hold_until);
        tx.send(Signal::Stop).unwrap();
        assert!(next_batch(&rx, Duration::from_millis(30), Duration::from_secs(1), now).is_none());
    }

    #[test]
    fn a_batch_end_marker_holds_the_batch_until_it_is_named() {
        let (tx, rx) = channel();
        let end = Path::new("/c/burst-end");
        let mut paths = vec![PathBuf::from("/c/content/0.md")];
        for i in 1..5 {
            tx.send(Signal::Changed(vec![PathBuf::from(format!(
                "/c/content/{i}.md"
            ))]))
            .unwrap();
        }
        tx.send(Signal::Changed(vec![end.to_path_buf()])).unwrap();
        tx.send(Signal::Changed(vec![PathBuf::from("/c/content/after.md")]))
            .unwrap();
        assert!(extend_until(&rx, end, &mut paths));
        assert_eq!(paths.len(), 6, "{paths:?}");
        assert_eq!(paths.last().unwrap(), end);
        // What came after the marker is the next batch's; a stop ends the wait.
        let mut next = Vec::new();
        tx.send(Signal::Stop).unwrap();
        assert!(!extend_until(&rx, end, &mut next));
        assert_eq!(next, [PathBuf::from("/c/content/after.md")]);
    }
}
