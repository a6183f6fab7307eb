//! `skillpress serve`: the authors' loop. Builds, serves the output folder, watches the course,
//! rebuilds on every change through the same pipeline as `build` (keeping caches so only what
//! changed is redone), reloads open pages, and shows a failed build's errors inside the page
//! until they are fixed.
//!
//! Threads: the main thread runs the watch-and-rebuild loop; worker threads answer HTTP
//! requests; a heartbeat thread pings the live-reload connections.

mod http;
mod reload;
mod search;
mod session;
mod watch;

pub use session::{take_search, PageCache, SearchInput, Session};

use crate::build::{self, BuildOptions};
use crate::diagnostics;
use crate::discover;
use crate::error::Error;
use crate::output;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use watch::{Change, Signal};

const WORKERS: usize = 4;
const HEARTBEAT: Duration = Duration::from_secs(15);
/// A batch of changes ends after this much quiet...
const QUIET: Duration = Duration::from_millis(30);
/// ...or after this long, so a stream of saves still rebuilds.
const BATCH_CAP: Duration = Duration::from_millis(1000);
/// The least time between the end of one rebuild and the start of the next.
const REBUILD_GAP: Duration = Duration::from_millis(400);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    pub port: u16,
    pub poll: bool,
    pub open: bool,
}

/// What the HTTP workers share with the rebuild loop.
pub struct ServeState {
    out_root: PathBuf,
    build_id: AtomicU64,
    last_error: Mutex<Option<String>>,
    clients: reload::Clients,
}

impl ServeState {
    fn build_id(&self) -> u64 {
        self.build_id.load(Ordering::SeqCst)
    }

    fn last_error(&self) -> Option<String> {
        self.last_error.lock().ok().and_then(|e| e.clone())
    }

    fn set_error(&self, error: Option<String>) {
        if let Ok(mut e) = self.last_error.lock() {
            *e = error;
        }
    }

    /// Moves to a new build id and tells every open page.
    fn announce(&self, event: &str, data: Option<&str>) {
        let id = self.build_id.fetch_add(1, Ordering::SeqCst) + 1;
        let data = data.map(str::to_string).unwrap_or_else(|| id.to_string());
        self.clients.send(&reload::event(event, &data));
    }
}

/// The rebuild side: options, caches, and what was written.
struct Builder {
    opts: BuildOptions,
    /// The course as last read, patched file by file on plain edits.
    inputs: Option<discover::Inputs>,
    session: Session,
    /// The output folder, written file by file as the pages are made.
    out: Arc<output::Remember>,
    /// The search index of the last good build, while it is being built.
    search: Option<search::SearchJob>,
}

impl Builder {
    /// Builds and writes; returns the error text for the overlay when the course has errors.
    fn rebuild(&mut self, changed: &[String]) -> Result<String, String> {
        let start = Instant::now();
        // An index still being built is of a course that just changed: stop it (what it had
        // written stays until this build's index replaces it).
        self.stop_search();
        let patched = match &mut self.inputs {
            Some(inputs) => {
                discover::refresh(&self.opts.root, inputs, changed).map_err(|e| e.to_string())?
            }
            None => false,
        };
        if !patched {
            self.inputs = Some(discover::discover(&self.opts.root).map_err(|e| e.to_string())?);
        }
        let inputs = self.inputs.clone().expect("inputs read above");
        if std::env::var_os("SKILLPRESS_TIMINGS").is_some() {
            eprintln!(
                "timing: discover  {:>8.1} ms (patched: {patched})",
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.out.begin();
        // Only the first build reads the record of the last `build`.
        let first = self.session.last_build.is_some();
        let compiled = build::compile(inputs, &self.opts, &mut self.session, &*self.out);
        self.session.last_build = None;
        match compiled {
            Ok(compiled) => {
                let report = self.out.finish().map_err(|e| e.to_string())?;
                let warnings = diagnostics::render_human(&compiled.warnings);
                let reused = match compiled.reused {
                    n if n > 0 && first => format!(" ({n} as the last build made them)"),
                    _ => String::new(),
                };
                Ok(format!(
                    "{warnings}Built {} pages{reused} in {} ms: {} written, {} removed",
                    compiled.page_count,
                    start.elapsed().as_millis(),
                    report.written,
                    report.removed
                ))
            }
            Err(Error::Content(diags)) => Err(diagnostics::render_human(&diags)),
            Err(e) => Err(format!("error: {e}\n")),
        }
    }

    /// Starts building the search index the last rebuild deferred. It runs after pages have
    /// reloaded, on its own thread: searching can wait a moment, reading cannot.
    fn start_search(&mut self) {
        if let Some(input) = take_search(&mut self.session) {
            self.search = Some(search::SearchJob::start(input, self.out.clone()));
        }
    }

    /// Stops the index being built, keeping its files' names if it had finished.
    fn stop_search(&mut self) {
        if let Some(files) = self.search.take().and_then(search::SearchJob::stop) {
            self.session.search_kept = files;
        }
    }

    /// Copies changed static files; returns whether they are all stylesheets.
    fn copy_static(&mut self, files: &[String]) -> Result<bool, String> {
        for rel in files {
            let f = discover::read_static(&self.opts.root, rel).map_err(|e| e.to_string())?;
            // Every language edition has its own copy of the static files.
            for prefix in self.session.edition_prefixes() {
                let path = format!("{prefix}{rel}");
                self.out.write(&path, &f.bytes).map_err(|e| e.to_string())?;
            }
        }
        Ok(files.iter().all(|f| f.ends_with(".css")))
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}

/// Runs the dev server until Ctrl-C.
pub fn run(mut opts: ServeOptions) -> Result<(), Error> {
    // Watchers report absolute paths; compare them with an absolute root.
    if let Ok(root) = opts.build.root.canonicalize() {
        opts.build.root = root;
    }
    let inputs = discover::discover(&opts.build.root)?;
    let out = build::out_dir(&opts.build, build::configured_output(&inputs).as_deref());
    output::check_out_dir(&opts.build.root, &out)?;
    // Before anything else: what a killed build or server left beside the site.
    output::recover(&out)?;
    std::fs::create_dir_all(&out).map_err(|e| Error::io(&out, e))?;
    let out_root = out.canonicalize().map_err(|e| Error::io(&out, e))?;

    let server = tiny_http::Server::http((opts.bind.as_str(), opts.port)).map_err(|e| {
        let in_use = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            Error::Other(format!(
                "port {} on {} is already in use; choose another with --port (0 picks a free one)",
                opts.port, opts.bind
            ))
        } else {
            Error::Other(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))
        }
    })?;
    let server = Arc::new(server);
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_else(|| format!("{}:{}", opts.bind, opts.port));

    // A fresh id per server start, so a tab that reconnects after a restart reloads itself.
    let first_id = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(1);
    let state = Arc::new(ServeState {
        out_root,
        build_id: AtomicU64::new(first_id),
        last_error: Mutex::new(None),
        clients: reload::Clients::default(),
    });

    // The first build keeps the pages the last `build` of this folder made from the same sources
    // (see `output::LastBuild`); later rebuilds use the session's own memory.
    let mut session = Session::persistent();
    session.last_build = Some(output::LastBuild::load(
        &out,
        &inputs.templates,
        opts.build.drafts,
        false,
    ));
    let mut builder = Builder {
        opts: opts.build.clone(),
        session,
        // Read once above; the first rebuild starts from it instead of reading the course again.
        inputs: Some(inputs),
        out: Arc::new(output::Remember::new(&out)),
        search: None,
    };
    // The first build of a large course takes seconds: show how far it got (rebuilds are quick).
    let progress = crate::progress::Progress::on_terminal(true);
    builder.opts.progress = progress.clone();
    let first = builder.rebuild(&[]);
    progress.finish();
    builder.opts.progress = crate::progress::Progress::default();
    match first {
        Ok(msg) => println!("{msg}"),
        Err(errors) => {
            eprint!("{errors}");
            state.set_error(Some(errors));
        }
    }
    builder.start_search();

    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let server = server.clone();
        let state = state.clone();
        workers.push(std::thread::spawn(move || {
            for request in server.incoming_requests() {
                http::handle(request, &state);
            }
        }));
    }
    let stopping = Arc::new(AtomicBool::new(false));
    {
        let state = state.clone();
        let stopping = stopping.clone();
        std::thread::spawn(move || {
            while !stopping.load(Ordering::SeqCst) {
                std::thread::sleep(HEARTBEAT);
                state.clients.send(": ping\n\n");
            }
        });
    }

    let (tx, rx) = channel();
    let mut watcher = watch::start(&opts.build.root, opts.poll, tx.clone()).map_err(|e| {
        Error::Other(format!(
            "cannot watch the course for changes: {e}; try --poll"
        ))
    })?;
    {
        let tx = tx.clone();
        let _ = ctrlc::set_handler(move || {
            let _ = tx.send(Signal::Stop);
        });
    }

    let url = format!("http://{addr}/");
    println!(
        "Serving {url} (watching for changes{}; Ctrl-C to stop)",
        if opts.poll { ", polling" } else { "" }
    );
    if opts.open {
        open_browser(&url);
    }

    // Test hook (docs/format.md): a batch ends only when this file at the course root changes.
    let batch_end = std::env::var_os("SKILLPRESS_SERVE_BATCH_END").map(|n| opts.build.root.join(n));
    let mut last_rebuild = Instant::now();
    while let Some(mut paths) = watch::next_batch(&rx, QUIET, BATCH_CAP, last_rebuild + REBUILD_GAP)
    {
        if let Some(end) = &batch_end {
            if !watch::extend_until(&rx, end, &mut paths) {
                break;
            }
        }
        let changed = watch::relevant(&opts.build.root, &paths);
        if changed.is_empty() {
            continue;
        }
        watch::watch_new_folders(&opts.build.root, watcher.as_mut(), &changed);
        match watch::classify(&opts.build.root, &changed) {
            Change::Static(files) if state.last_error().is_none() => {
                match builder.copy_static(&files) {
                    Ok(true) => {
                        println!("Copied {}", files.join(", "));
                        state.announce("css", Some(&files.join("\n")));
                    }
                    Ok(false) => {
                        println!("Copied {}", files.join(", "));
                        state.announce("reload", None);
                    }
                    Err(e) => eprintln!("error: {e}"),
                }
            }
            _ => {
                let changed: Vec<String> = changed.iter().cloned().collect();
                match builder.rebuild(&changed) {
                    Ok(msg) => {
                        println!("{msg}");
                        state.set_error(None);
                    }
                    Err(errors) => {
                        eprint!("{errors}");
                        state.set_error(Some(errors));
                    }
                }
                // Pages reload after a failed build too, to show the errors.
                state.announce("reload", None);
                builder.start_search();
                last_rebuild = Instant::now();
            }
        }
    }

    stopping.store(true, Ordering::SeqCst);
    builder.stop_search();
    drop(watcher);
    for _ in 0..WORKERS {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    println!("Stopped.");
    Ok(())
}
