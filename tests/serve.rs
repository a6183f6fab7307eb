//! `skillpress serve` as an author uses it: the binary on a free port with a fixture course,
//! plain HTTP over a TCP socket (so no client tidies the paths we send), live-reload events,
//! the error overlay, bursts of saves, deletes and renames, Ctrl-C.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    lines: Receiver<String>,
    /// What it printed before its URL (the first build's summary).
    before_url: Vec<String>,
}

impl Server {
    fn start(dir: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(dir, extra, &[])
    }

    fn start_with_env(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = bin()
            .args(["serve", "--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut before_url = Vec::new();
        loop {
            let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the server printed no URL");
            };
            if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
                let port = rest.split('/').next().unwrap().parse().unwrap();
                return Server {
                    child,
                    port,
                    lines,
                    before_url,
                };
            }
            before_url.push(line);
        }
    }

    /// Sends a raw request; returns (status, headers, body).
    fn request(&self, method: &str, target: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head.to_lowercase(), body.to_string())
    }

    fn get(&self, target: &str) -> (u16, String, String) {
        self.request("GET", target)
    }

    /// Opens the live-reload stream; returns a reader of its events.
    fn events(&self) -> Receiver<(String, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET /__skillpress/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    if tx.send((name.clone(), d.to_string())).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }

    /// Waits until the server prints a line containing `what`.
    fn wait_for_line(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let line = self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no line with {what:?}"));
            if line.contains(what) {
                return line;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn next_event(rx: &Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (n, d) = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no {name} event"));
        if n == name {
            return d;
        }
    }
}

/// Writes a file the way editors do: a new file renamed over the old one.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp-save");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn serves_pages_and_assets_with_types_and_statuses() {
    let dir = fixture("full");
    let server = Server::start(&dir, &[]);
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(
        body.contains("<script data-build="),
        "reload script injected"
    );
    for (path, ty) in [
        ("/assets/skillpress.css", "text/css"),
        ("/assets/nav.js", "text/javascript"),
        ("/modules/listening/flow.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain"),
        ("/modules/listening/", "text/html"),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains(&format!("content-type: {ty}")),
            "{path}: {head}"
        );
    }
    let (status, _, body) = server.get("/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("<h1"), "the site's 404 page");
    let (status, head, _) = server.request("POST", "/");
    assert_eq!(status, 405);
    assert!(head.contains("allow: get, head"));
    let (status, head, body) = server.request("HEAD", "/index.html");
    assert_eq!(status, 200);
    assert!(head.contains("content-length"));
    assert!(body.is_empty());
    // The files on disk stay as `build` wrote them.
    let on_disk = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(!on_disk.contains("data-build"));
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let dir = fixture("full");
    std::fs::write(dir.join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("public-link.txt")).unwrap();
    let server = Server::start(&dir, &[]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("public/leak.txt")).unwrap();
    for target in [
        "/../course.yaml",
        "/%2e%2e/course.yaml",
        "/..%2fcourse.yaml",
        "/assets/..\\..\\course.yaml",
        "/%2e%2e%2fsecret.txt",
        "/assets/%00",
        "/leak.txt",
        "/../secret.txt",
    ] {
        let (status, _, body) = server.get(target);
        assert_eq!(status, 404, "{target}");
        assert!(
            !body.contains("secret") && !body.contains("id: full-fixture"),
            "{target} leaked"
        );
    }
}

#[test]
fn edits_reload_pages_and_stylesheets_swap() {
    let dir = fixture("full");
    let server = Server::start(&dir, &[]);
    let events = server.events();
    let hello = next_event(&events, "hello");
    let lesson = dir.join("content/modules/01-listening/02-one-question.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    save(
        &lesson,
        &text.replace("Ask one thing", "Ask exactly one thing"),
    );
    let id = next_event(&events, "reload");
    assert_ne!(id, hello);
    let (_, _, body) = server.get("/modules/listening/one-question.html");
    assert!(body.contains("Ask exactly one thing"));
    // A stylesheet-only change swaps the stylesheet.
    std::fs::write(dir.join("static/assets/extra.css"), ".x { color: red }\n").unwrap();
    assert_eq!(next_event(&events, "css"), "assets/extra.css");
    assert_eq!(server.get("/assets/extra.css").2, ".x { color: red }\n");
}

#[test]
fn a_broken_file_shows_an_overlay_until_fixed() {
    let dir = fixture("full");
    let server = Server::start(&dir, &[]);
    let events = server.events();
    next_event(&events, "hello");
    let quiz = dir.join("quizzes/listening-check.yaml");
    let good = std::fs::read_to_string(&quiz).unwrap();
    save(&quiz, &good.replace("type: true_false", "type: yes_no"));
    next_event(&events, "reload");
    server.wait_for_line("quizzes/listening-check.yaml:");
    let (status, _, body) = server.get("/quizzes/listening-check.html");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("skillpress-error-overlay"));
    assert!(
        body.contains("quizzes/listening-check.yaml:"),
        "the overlay names the file and line"
    );
    assert!(
        body.contains("data-question=\"l-tf\""),
        "old content still there"
    );
    save(&quiz, &good);
    next_event(&events, "reload");
    let (_, _, body) = server.get("/quizzes/listening-check.html");
    assert!(!body.contains("skillpress-error-overlay"));
}

/// A burst of saves is one rebuild. The burst is ended by a marker file (the test hook
/// `SKILLPRESS_SERVE_BATCH_END`) rather than by the server's quiet time, so a busy machine that
/// spreads the saves out cannot make this fail; the quiet time and cap are unit-tested in
/// `serve/watch.rs`. Build ids count the rebuilds: each reload carries the next one.
#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let dir = fixture("full");
    let server = Server::start_with_env(&dir, &[], &[("SKILLPRESS_SERVE_BATCH_END", "burst-end")]);
    let events = server.events();
    let first: u64 = next_event(&events, "hello").parse().unwrap();
    let lesson = dir.join("content/modules/02-data/01-dashboards.md");
    let dashboards =
        |text: &str| format!("---\ntitle: Dashboards\n---\n## A queue dashboard\n\n{text}\n");
    for i in 0..50 {
        std::fs::write(&lesson, dashboards(&format!("Version {i}."))).unwrap();
    }
    save(&dir.join("burst-end"), "1");
    let (name, id) = events.recv_timeout(Duration::from_secs(60)).unwrap();
    assert_eq!(
        (name.as_str(), id.parse::<u64>().unwrap()),
        ("reload", first + 1)
    );
    let (_, _, body) = server.get("/modules/data/dashboards.html");
    assert!(body.contains("Version 49."), "the last save wins");

    // One more save: its reload is the very next event and the next build id, so the burst
    // did not start a second rebuild behind the first.
    std::fs::write(&lesson, dashboards("After the burst.")).unwrap();
    save(&dir.join("burst-end"), "2");
    let (name, id) = events.recv_timeout(Duration::from_secs(60)).unwrap();
    assert_eq!(
        (name.as_str(), id.parse::<u64>().unwrap()),
        ("reload", first + 2)
    );
    let (_, _, body) = server.get("/modules/data/dashboards.html");
    assert!(body.contains("After the burst."));
}

#[test]
fn deleted_and_renamed_files_update_the_site() {
    let dir = fixture("full");
    let server = Server::start(&dir, &[]);
    let events = server.events();
    next_event(&events, "hello");
    let m = dir.join("content/modules/02-data");
    std::fs::rename(m.join("01-dashboards.md"), m.join("01-queues.md")).unwrap();
    next_event(&events, "reload");
    server.wait_for_line("Built");
    assert_eq!(server.get("/modules/data/queues.html").0, 200);
    assert_eq!(server.get("/modules/data/dashboards.html").0, 404);
    assert!(!dir.join("public/modules/data/dashboards.html").exists());
    std::fs::remove_file(dir.join("content/pages/glossary.md")).unwrap();
    // The module overview links to the glossary: the build now fails and says so.
    next_event(&events, "reload");
    let (_, _, body) = server.get("/index.html");
    assert!(
        body.contains("content/modules/02-data/index.md"),
        "overlay names the file with the broken link"
    );
}

#[test]
fn a_port_in_use_is_reported_with_exit_code_2() {
    let dir = fixture("minimal");
    let server = Server::start(&dir, &[]);
    let out = bin()
        .args(["serve", "--port", &server.port.to_string()])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already in use"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let dir = fixture("minimal");
    let mut server = Server::start(&dir, &[]);
    let status = std::process::Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    server.wait_for_line("Stopped.");
    let code = server.child.wait().unwrap();
    assert_eq!(code.code(), Some(0));
}

#[test]
fn polling_sees_changes_too() {
    let dir = fixture("minimal");
    let server = Server::start(&dir, &["--poll"]);
    let events = server.events();
    next_event(&events, "hello");
    let lesson = dir.join("content/modules/01-basics/01-first.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    std::fs::write(&lesson, text.replace("Say back", "Always say back")).unwrap();
    next_event(&events, "reload");
    assert!(server
        .get("/modules/basics/first.html")
        .2
        .contains("Always say back"));
}

#[test]
fn a_translation_edit_reloads_its_language_and_static_files_reach_every_language() {
    let dir = fixture("two-languages");
    std::fs::create_dir_all(dir.join("static/assets")).unwrap();
    std::fs::write(dir.join("static/assets/extra.css"), ".a {}\n").unwrap();
    let server = Server::start(&dir, &[]);
    let events = server.events();
    next_event(&events, "hello");
    let lesson = dir.join("content/modules/01-basics/01-first.zh-CN.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    save(&lesson, &text.replace("把听到的内容", "把听到的内容完整地"));
    next_event(&events, "reload");
    let (_, _, zh) = server.get("/zh-CN/modules/basics/first.html");
    assert!(zh.contains("把听到的内容完整地复述给客户"), "{zh}");
    let (_, _, en) = server.get("/modules/basics/first.html");
    assert!(en.contains("Say back what you heard."));
    std::fs::write(dir.join("static/assets/extra.css"), ".x { color: red }\n").unwrap();
    assert_eq!(next_event(&events, "css"), "assets/extra.css");
    for path in ["/assets/extra.css", "/zh-CN/assets/extra.css"] {
        assert_eq!(server.get(path).2, ".x { color: red }\n", "{path}");
    }
}

/// The paths where the served folder differs from a fresh `build` of the course as it is now.
fn differences_from_a_build(dir: &Path) -> Vec<String> {
    let fresh = scratch("fresh-build");
    let out = run(dir, &["build", "--out", fresh.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    differing_files(&dir.join("public"), &fresh)
}

/// Waits for a rebuild and its search index, then compares the served folder with a build.
fn assert_served_equals_build(server: &Server, events: &Receiver<(String, String)>, dir: &Path) {
    next_event(events, "reload");
    server.wait_for_line("Built");
    server.wait_for_line("Search index");
    let diff = differences_from_a_build(dir);
    assert!(diff.is_empty(), "served and built differ: {diff:?}");
}

/// Waits until the first build's search index is written (its line may come before or after
/// the URL the start waited for), then compares.
fn assert_first_build_equals_build(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let diff = differences_from_a_build(dir);
        if diff.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "served and built differ: {diff:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    save(path, &text.replacen(from, to, 1));
}

/// The dev server keeps only what pages were made from (keys and fingerprints), not the pages:
/// after each kind of edit, what it serves must be what a fresh build makes, byte for byte. Each
/// edit changes a page through one part of its key: its text, a neighbour's title (previous and
/// next links, the module's lesson list), a heading linked from another file, the module
/// overview, and what the course-wide pages list (a module's title and competencies, a
/// question). A key that left one of them out would keep a stale page, and this test fails.
#[test]
fn served_output_equals_a_fresh_build_after_each_kind_of_edit() {
    let dir = fixture("full");
    let server = Server::start(&dir, &[]);
    let events = server.events();
    next_event(&events, "hello");
    assert_first_build_equals_build(&dir);
    let listening = dir.join("content/modules/01-listening");
    let data = dir.join("content/modules/02-data");
    let edit_and_compare = |path: &Path, from: &str, to: &str| {
        edit(path, from, to);
        assert_served_equals_build(&server, &events, &dir);
    };

    let steps = [
        (
            data.join("01-dashboards.md"),
            "The queue shows waiting chats.",
            "The queue shows waiting chats and how long each has waited.",
        ),
        (
            listening.join("02-one-question.md"),
            "title: One question at a time",
            "title: One question, then wait",
        ),
        // The module page lists it and links to it as the next page.
        (
            data.join("01-dashboards.md"),
            "title: Dashboards",
            "title: Queue dashboards",
        ),
        (
            data.join("01-dashboards.md"),
            "## A queue dashboard",
            "## Reading the chart {#chart}\n\nLines go up.\n\n## A queue dashboard",
        ),
        (
            listening.join("02-one-question.md"),
            "Back to [why](01-restate.md#why).",
            "Back to [why](01-restate.md#why). See [the chart](../02-data/01-dashboards.md#chart).",
        ),
    ];
    for (path, from, to) in &steps {
        edit_and_compare(path, from, to);
    }

    edit(
        &data.join("index.md"),
        "title: ",
        "title: Data and queues\nformer_title: ",
    );
    // Not a key the format knows: the build fails (nothing is removed), then it is undone.
    next_event(&events, "reload");
    edit_and_compare(
        &data.join("index.md"),
        "title: Data and queues\nformer_title: ",
        "title: ",
    );
    let overview = std::fs::read_to_string(data.join("index.md")).unwrap();
    save(
        &data.join("index.md"),
        &format!(
            "{}\nA second paragraph of the overview.\n",
            overview.trim_end()
        ),
    );
    assert_served_equals_build(&server, &events, &dir);

    // The pages that list the whole course (home, competency map, progress, team) are kept
    // while only lesson bodies change: a module's title and competencies, and a question's
    // prompt (the team page shows it) must make them again.
    let steps = [
        (
            data.join("index.md"),
            "title: Reading data\nsummary: Dashboards for agents.\ncompetencies: [data]",
            "title: Reading queue data\nsummary: Dashboards for agents.\ncompetencies: [data, listening]",
        ),
        (
            dir.join("quizzes/listening-check.yaml"),
            "prompt: Why restate a request?",
            "prompt: Why restate what the customer asked?",
        ),
    ];
    for (path, from, to) in &steps {
        edit_and_compare(path, from, to);
    }
}

/// The first build of the dev server keeps the pages the last `build` made from the same sources
/// (the record beside the output folder): it serves what a fresh build makes, and later rebuilds
/// still write and remove those pages (the server learned their digests), here a lesson's text
/// and a removed lesson.
#[test]
fn the_first_build_keeps_what_the_last_build_made() {
    let dir = fixture("full");
    let built = run(&dir, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let server = Server::start(&dir, &[]);
    let first = server.before_url.iter().find(|l| l.starts_with("Built"));
    assert!(
        first.is_some_and(|l| l.contains("as the last build made them")),
        "{:?}",
        server.before_url
    );
    let events = server.events();
    next_event(&events, "hello");
    assert_first_build_equals_build(&dir);
    let listening = dir.join("content/modules/01-listening");
    edit(
        &listening.join("01-restate.md"),
        "## Why",
        "A new first line.\n\n## Why",
    );
    assert_served_equals_build(&server, &events, &dir);
    std::fs::remove_file(dir.join("content/modules/02-data/01-dashboards.md")).unwrap();
    assert_served_equals_build(&server, &events, &dir);
    assert!(!dir.join("public/modules/data/dashboards.html").exists());
}

/// The same with two language editions: a translated lesson's title (its edition's navigation)
/// and the default edition's module overview.
#[test]
fn served_output_equals_a_fresh_build_in_two_languages() {
    let dir = fixture("two-languages");
    let server = Server::start(&dir, &[]);
    let events = server.events();
    next_event(&events, "hello");
    assert_first_build_equals_build(&dir);
    let basics = dir.join("content/modules/01-basics");
    edit(
        &basics.join("02-second.md"),
        "Close with a short summary.",
        "Close with a short summary of the call.",
    );
    assert_served_equals_build(&server, &events, &dir);
    edit(
        &basics.join("02-second.md"),
        "title: Second lesson",
        "title: Summing up",
    );
    assert_served_equals_build(&server, &events, &dir);
    let (file, title, changed) = zh_title_edit(&dir);
    edit(&file, &title, &changed);
    assert_served_equals_build(&server, &events, &dir);
    edit(
        &basics.join("index.md"),
        "Start with [the first lesson](01-first.md).",
        "Start with [the first lesson](01-first.md#restate-the-request).",
    );
    assert_served_equals_build(&server, &events, &dir);
}

/// The page the overlay is shown on, after the reload that follows a save.
fn overlay_after_reload(server: &Server, events: &Receiver<(String, String)>) -> String {
    next_event(events, "reload");
    let (_, _, body) = server.get("/index.html");
    body
}

/// The dev server keeps each file's diagnostics between rebuilds and checks a file again only
/// when its text or a fact it reads from other files changed. Each step changes one of those:
/// the file's own link, a heading another file links to, a quiz a lesson embeds. A memo whose
/// key left one out would keep a stale verdict (a missed error, or one that stays after the
/// fix), and after each fix the served folder must still equal a fresh build.
#[test]
fn errors_follow_edits_of_the_file_and_of_the_files_it_depends_on() {
    let dir = fixture("full");
    let server = Server::start(&dir, &[]);
    let events = server.events();
    next_event(&events, "hello");
    assert_first_build_equals_build(&dir);
    let listening = dir.join("content/modules/01-listening");
    // Breaks the course with `break_it`, expects the error overlay to name every one of
    // `named`, then mends it with `mend` and expects no overlay and a site equal to a build.
    let broken_then_mended = |break_it: &dyn Fn(), named: &[&str], mend: &dyn Fn()| {
        break_it();
        let body = overlay_after_reload(&server, &events);
        assert!(body.contains("skillpress-error-overlay"), "{body}");
        for n in named {
            assert!(body.contains(n), "{n} not in: {body}");
        }
        mend();
        assert_served_equals_build(&server, &events, &dir);
        assert!(!server
            .get("/index.html")
            .2
            .contains("skillpress-error-overlay"));
    };
    let lesson = listening.join("02-one-question.md");
    let target = listening.join("01-restate.md");

    // A link broken in the file itself.
    broken_then_mended(
        &|| edit(&lesson, "(01-restate.md#why)", "(01-restate.md#whyy)"),
        &["02-one-question.md", "#whyy"],
        &|| edit(&lesson, "(01-restate.md#whyy)", "(01-restate.md#why)"),
    );

    // A heading renamed in one file breaks the link in another, unchanged file.
    broken_then_mended(
        &|| edit(&target, "## Why restate {#why}", "## Why restate {#reason}"),
        &["02-one-question.md", "#why"],
        &|| edit(&target, "## Why restate {#reason}", "## Why restate {#why}"),
    );

    // A quiz that a lesson embeds loses its id (its file is renamed): the lesson, unchanged,
    // is reported.
    let quizzes = dir.join("quizzes");
    let (old, new) = (
        quizzes.join("listening-check.yaml"),
        quizzes.join("listening-quiz.yaml"),
    );
    broken_then_mended(
        &|| std::fs::rename(&old, &new).unwrap(),
        &["01-restate.md", "unknown quiz `listening-check`"],
        &|| std::fs::rename(&new, &old).unwrap(),
    );
}
