//! Issue #13, defect 2: `kill -9` at many moments of a large build. After each kill the published
//! folder must hold no temporary file and be wholly the old site or wholly the new one, and the
//! next command (`check`) must remove what the killed build left beside it.
//!
//! 2,000 lessons under CI (`CI=true`), 300 otherwise, so a local `cargo test` stays quick. The
//! kill moments are fractions of a measured full build, so the sweep covers reading, rendering
//! (pages are staged as they render), writing and the swap on any machine.
//! `SKILLPRESS_BIN=path` runs the sweep against another binary (an older release, to see it fail).

mod common;
use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn binary() -> PathBuf {
    std::env::var_os("SKILLPRESS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_skillpress")))
}

/// Lesson `k` of a module: prose, a list, a table, a code block, links to its neighbours.
fn lesson(m: usize, k: usize, lessons: usize) -> String {
    let mut text = format!("---\ntitle: Lesson {m}.{k}\nduration: 5\n---\n");
    for p in 0..4 {
        text.push_str(&format!(
            "## Part {p}\n\nA customer writes at {k}:{p:02} about order {m}{k}{p}. Restate the request, \
             check the account, and answer in plain words. 先确认客户的问题，再给出答案。\n\n\
             - listen first\n- restate\n- resolve, then confirm\n\n"
        ));
    }
    if k % 3 == 0 {
        text.push_str("| step | what |\n| --- | --- |\n| 1 | greet |\n| 2 | solve |\n\n");
    }
    if k % 4 == 0 {
        text.push_str("```json\n{ \"ticket\": 42, \"status\": \"open\" }\n```\n\n");
    }
    if k > 1 {
        text.push_str(&format!(
            "Back to [the previous lesson]({0:02}-lesson-{0}.md).\n",
            k - 1
        ));
    }
    if k < lessons {
        text.push_str(&format!(
            "On to [the next lesson]({0:02}-lesson-{0}.md).\n",
            k + 1
        ));
    }
    text
}

/// A course of `n` lessons in modules of ten, on top of the `minimal` fixture.
fn generate(dir: &Path, n: usize) {
    let modules = n.div_ceil(10);
    for m in 2..modules + 2 {
        let folder = dir.join(format!("content/modules/{m:03}-module-{m}"));
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join("index.md"),
            format!("---\ntitle: Module {m}\nsummary: Part {m} of the course.\n---\nStart with [the first lesson](01-lesson-1.md).\n"),
        )
        .unwrap();
        for k in 1..=10 {
            fs::write(
                folder.join(format!("{k:02}-lesson-{k}.md")),
                lesson(m, k, 10),
            )
            .unwrap();
        }
    }
}

/// Switches the course between two versions: the title (on every page) and one lesson differ.
fn set_version(dir: &Path, version: char) {
    let course = fs::read_to_string(dir.join("course.yaml")).unwrap();
    let title_line = course.lines().find(|l| l.starts_with("title:")).unwrap();
    fs::write(
        dir.join("course.yaml"),
        course.replace(title_line, &format!("title: Kill sweep {version}")),
    )
    .unwrap();
    let extra = dir.join("content/modules/002-module-2/11-lesson-11.md");
    if version == 'B' {
        fs::write(&extra, lesson(2, 11, 11)).unwrap();
    } else {
        let _ = fs::remove_file(&extra);
    }
}

/// Every file of the site with a hash of its bytes.
fn snapshot(out: &Path) -> BTreeMap<String, u64> {
    let mut files = BTreeMap::new();
    if !out.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            fs::read(entry.path()).unwrap().hash(&mut h);
            let rel = entry
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            files.insert(rel, h.finish());
        }
    }
    files
}

/// Whether a file name belongs to a build in progress (the record a finished build leaves for
/// the next, `.public.skillpress-cache`, does not).
fn is_temporary(name: &str) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    (name.contains("skillpress-") && !name.ends_with(".skillpress-cache")) || name.ends_with(".tmp")
}

/// Names in `dir` (recursively) that belong to a build in progress.
fn temporary_names(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| is_temporary(name))
        .collect()
}

fn build(dir: &Path) -> Duration {
    let start = Instant::now();
    let out = Command::new(binary())
        .args(["build", "--quiet"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    start.elapsed()
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site_and_no_temporary_file() {
    let lessons = if std::env::var_os("CI").is_some() {
        2_000
    } else {
        300
    };
    let dir = fixture("minimal");
    generate(&dir, lessons);
    let out = dir.join("public");

    set_version(&dir, 'A');
    build(&dir);
    let site_a = snapshot(&out);
    set_version(&dir, 'B');
    let full = build(&dir);
    let site_b = snapshot(&out);
    assert_ne!(site_a, site_b);
    let mut on_disk = 'B';

    // Every kill point is checked and reported before the test fails, so a run against an older
    // binary says how many points broke the site, not only the first.
    let mut seen = Vec::new();
    let mut broken = Vec::new();
    let fractions = [0.2, 0.5, 0.8, 0.95, 1.0, 1.05, 1.15, 1.3];
    for (i, fraction) in fractions.into_iter().enumerate() {
        let target = if on_disk == 'A' { 'B' } else { 'A' };
        set_version(&dir, target);
        let mut child = Command::new(binary())
            .args(["build", "--quiet"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill(); // SIGKILL
        let finished = child.wait().unwrap().success();

        let mut problems = Vec::new();
        let temps = temporary_names(&out);
        if !temps.is_empty() {
            problems.push(format!(
                "{} temporary files in the site (e.g. {})",
                temps.len(),
                temps[0]
            ));
        }
        // Temporary files are reported above; the site's own files must be one whole version.
        let now: BTreeMap<String, u64> = snapshot(&out)
            .into_iter()
            .filter(|(k, _)| !is_temporary(k))
            .collect();
        let state = if now == site_a || now == site_b {
            on_disk = if now == site_a { 'A' } else { 'B' };
            if on_disk == target {
                "new"
            } else {
                "old"
            }
        } else {
            let only = |this: &BTreeMap<String, u64>, other: &BTreeMap<String, u64>| {
                now.iter()
                    .filter(|(k, v)| this.get(*k) == Some(v) && other.get(*k) != Some(v))
                    .count()
            };
            let (as_a, as_b) = (only(&site_a, &site_b), only(&site_b, &site_a));
            problems.push(format!(
                "a mixed site of {} files: {as_a} as only in A, {as_b} as only in B",
                now.len()
            ));
            // The version most files are in: the next build of the sweep aims at the other.
            on_disk = if as_a > as_b { 'A' } else { 'B' };
            "mixed"
        };
        let left_beside = temporary_names(&dir).len();

        // The next command cleans up before anything else: `check` here, the first and last
        // time (it costs a full check); the next build of the sweep the other times.
        if i == 0 || i + 1 == fractions.len() {
            let check = Command::new(binary())
                .arg("check")
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(check.status.success(), "{}", stderr(&check));
            let after = temporary_names(&dir);
            if !after.is_empty() {
                problems.push(format!(
                    "{} temporary entries left after `check` (e.g. {})",
                    after.len(),
                    after[0]
                ));
            }
        }
        seen.push(format!(
            "{fraction:.2}: {state} site{}, {left_beside} leftover entries beside it{}",
            if finished {
                " (the build had finished)"
            } else {
                ""
            },
            if problems.is_empty() {
                String::new()
            } else {
                format!(" -- BROKEN: {}", problems.join("; "))
            }
        ));
        if !problems.is_empty() {
            broken.push(fraction);
        }
    }
    eprintln!(
        "kill sweep over {lessons} lessons ({} files, full build {:.1} s): {} of {} kill points \
         broke the site\n  {}",
        site_b.len(),
        full.as_secs_f64(),
        broken.len(),
        fractions.len(),
        seen.join("\n  ")
    );
    assert!(
        broken.is_empty(),
        "killed at {broken:?}: the site was broken (see above)"
    );
}
