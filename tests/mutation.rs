//! Issue #13, guard rail: a deterministic mutation smoke test. Files of the `full` fixture are
//! damaged in the ways an unlucky author or an attacker would (flipped bytes, truncation, odd
//! embeds, deep nesting, huge lines, YAML tricks, control characters), and `check` must answer
//! every one without a panic, within 5 seconds of processor time, with exit 1 only when every error names
//! `path:line:col`, and with no Rust type name in any message.
//!
//! Most cases call the library in-process (fast); a smaller sample runs the binary, to cover the
//! exit code and the printed form. The generator is a fixed-seed xorshift: the same cases on
//! every run, and a failure names the case number to replay.

mod common;
use common::*;
use skillpress::build::BuildOptions;
use skillpress::diagnostics::{Diagnostic, Severity};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// In-process cases, and cases run through the binary.
const IN_PROCESS: usize = 2_000;
const THROUGH_BINARY: usize = 60;
const TIME_LIMIT: Duration = Duration::from_secs(5);

/// The files mutated: every text file of the fixture that is course content.
const TARGETS: [&str; 10] = [
    "course.yaml",
    "content/competencies.yaml",
    "content/index.md",
    "content/modules/01-listening/index.md",
    "content/modules/01-listening/01-restate.md",
    "content/modules/02-data/01-dashboards.md",
    "content/cases/refund.yaml",
    "content/pages/glossary.md",
    "quizzes/listening-check.yaml",
    "quizzes/final.yaml",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const EMBEDS: &[&str] = &[
    "{{ quiz(\"listening-check\") }}",
    "{{ quiz(\"nope\") }}",
    "{{ case(\"refund\") }}",
    "{{ case() }}",
    "{{ quiz(",
    "{{",
    "}}",
    "{% raw %}",
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    "[x](../../../../etc/passwd)",
    "[x](#no-such-heading)",
    "![](missing.png)",
    "![]()",
    "[x](/content/cases/refund.yaml#nope)",
    "<details><summary>",
    "```\n",
    "---\n",
    "---\ntitle: again\n---\n",
    ":::tip\n",
    "[^1]",
    "\u{feff}",
    "\u{0}",
    "\u{1b}[2J",
    "\r",
    "\t",
    "\u{202e}",
    "&a ",
    "*a ",
    "<<: *a\n",
    "!!binary ",
    "!Rust ",
    "? ",
    "...\n",
    "%YAML 1.2\n",
    "'",
    "\"",
    ": ",
    "- ",
    "#",
    "|\n",
    ">-\n",
    "~",
    "1e400",
    "-0",
    ".nan",
    "99999999999999999999999",
];

/// One mutated version of one target file. Returns (file, bytes, what was done).
fn mutate(rng: &mut Rng, root: &Path) -> (&'static str, Vec<u8>, String) {
    let file = *rng.pick(&TARGETS);
    let mut bytes = std::fs::read(root.join(file)).unwrap();
    let len = bytes.len();
    let kind = rng.below(9);
    let what = match kind {
        0 => {
            let n = 1 + rng.below(4);
            for _ in 0..n {
                let i = rng.below(len);
                bytes[i] = rng.next() as u8;
            }
            format!("{n} flipped bytes")
        }
        1 => {
            let at = rng.below(len);
            bytes.truncate(at);
            format!("truncated at {at}")
        }
        2 | 3 => {
            let embed = *rng.pick(EMBEDS);
            let at = line_start(&bytes, rng.below(len));
            let mid = rng.below(len);
            let at = if kind == 2 {
                at
            } else {
                char_boundary(&bytes, mid)
            };
            bytes.splice(at..at, embed.bytes());
            format!("{embed:?} inserted at {at}")
        }
        4 => {
            let depth = [10, 70, 200, 5_000, 50_000][rng.below(5)];
            let (open, close) = *rng.pick(&[("[", "]"), ("{a: ", "}"), ("- ", ""), ("  - ", "")]);
            let nested = format!("{}x{}", open.repeat(depth), close.repeat(depth));
            let at = char_boundary(&bytes, rng.below(len));
            bytes.splice(at..at, nested.bytes());
            format!("{depth} levels of {open:?} at {at}")
        }
        5 => {
            let size = [1_000, 50_000, 200_000][rng.below(3)];
            let unit = *rng.pick(&["a", "字", "[", "`", "*", " ", "<", "&"]);
            let line = unit.repeat(size / unit.len());
            let at = line_start(&bytes, rng.below(len));
            bytes.splice(at..at, format!("{line}\n").bytes());
            format!("a line of {size} bytes of {unit:?} at {at}")
        }
        6 => {
            let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
            let i = rng.below(lines.len());
            let mut out: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
            if rng.below(2) == 0 {
                out.remove(i);
                bytes = out.join(&b'\n');
                format!("line {} removed", i + 1)
            } else {
                let dup = out[i].clone();
                out.insert(i, dup);
                bytes = out.join(&b'\n');
                format!("line {} doubled", i + 1)
            }
        }
        7 => {
            // Re-indent one line by a random amount (YAML structure).
            let at = line_start(&bytes, rng.below(len));
            let n = rng.below(9);
            bytes.splice(at..at, std::iter::repeat_n(b' ', n));
            format!("{n} spaces at {at}")
        }
        _ => {
            // An alias bomb appended.
            let mut bomb = String::from("\nbomb0: &b0 [x, x, x, x, x, x, x, x, x]\n");
            for k in 1..9 {
                bomb.push_str(&format!(
                    "bomb{k}: &b{k} [{}]\n",
                    vec![format!("*b{}", k - 1); 9].join(", ")
                ));
            }
            bytes.extend(bomb.bytes());
            "an alias bomb appended".to_string()
        }
    };
    (file, bytes, what)
}

fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1)
}

/// `at` moved back to the start of a UTF-8 character, so insertions keep the text valid.
fn char_boundary(bytes: &[u8], mut at: usize) -> usize {
    while at > 0 && at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
        at -= 1;
    }
    at
}

/// What must hold of the diagnostics of a run; `None` when it does.
fn violation(diags: &[Diagnostic]) -> Option<String> {
    for d in diags {
        if d.severity == Severity::Error && (d.line.is_none() || d.column.is_none()) {
            return Some(format!("an error without line and column: {d}"));
        }
        if let Some(name) = rust_name(&d.to_string()) {
            return Some(format!("a Rust name ({name}) in: {d}"));
        }
    }
    None
}

/// A Rust type or internal word outside the `quoted` parts (which repeat the author's text).
fn rust_name(text: &str) -> Option<&'static str> {
    let outside: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ");
    const NAMES: [&str; 20] = [
        "u8", "u16", "u32", "u64", "usize", "i32", "i64", "f32", "f64", "String", "Vec<",
        "Option<", "struct ", "enum ", "::", "serde", "panicked", "unwrap", "Some(", "None",
    ];
    NAMES.iter().copied().find(|n| {
        outside.match_indices(n).any(|(i, _)| {
            let before = outside[..i].chars().next_back();
            let after = outside[i + n.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word(before) && (!word(after) || n.ends_with(['<', ' ', ':', '(']))
        })
    })
}

/// Writes the mutated file into a fresh copy of the fixture.
fn course_with(file: &str, bytes: &[u8]) -> PathBuf {
    let dir = scratch("mutation");
    copy_dir(&fixtures().join("full"), &dir);
    std::fs::write(dir.join(file), bytes).unwrap();
    dir
}

/// The stages where input is judged (discover, parse, validate), without rendering: most of
/// the in-process cases, so 2,000 of them fit in CI time.
fn judge(root: &Path) -> Result<Vec<Diagnostic>, skillpress::error::Error> {
    let inputs = skillpress::discover::discover(root)?;
    let opts = skillpress::load::LoadOptions {
        drafts: false,
        labels: skillpress::locale::Locale::for_language(None).labels(),
        cache: None,
    };
    let (course, mut diags) = skillpress::load::load(inputs, &opts);
    if let Some(course) = &course {
        diags.extend(skillpress::validate::validate(
            course,
            &skillpress::paths::site_index(course, &skillpress::site::page_list(course)),
        ));
    }
    Ok(diags.into_sorted())
}

/// Every this many in-process cases runs the whole of `check` (rendering every page too).
const FULL_CHECK_EVERY: usize = 40;

#[test]
fn mutated_courses_never_panic_hang_or_report_without_a_position() {
    // A case's panic is caught and reported below; its default message would only add noise.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("mutation-case") {
            default_hook(info);
        }
    }));
    let base = fixtures().join("full");
    // One copy of the course; each case writes its file and puts the original back.
    let work = scratch("mutation-work");
    copy_dir(&base, &work);
    let mut rng = Rng(0x5EED_1313_2026);
    let mut failures = Vec::new();
    let (mut errors, mut clean) = (0, 0);
    let started = Instant::now();
    for case in 0..IN_PROCESS {
        let (file, bytes, what) = mutate(&mut rng, &base);
        std::fs::write(work.join(file), &bytes).unwrap();
        let full = case % FULL_CHECK_EVERY == 0;
        let (tx, rx) = mpsc::channel();
        let root = work.clone();
        let t = Instant::now();
        std::thread::Builder::new()
            .name("mutation-case".into())
            .spawn(move || {
                let result = std::panic::catch_unwind(|| {
                    if full {
                        skillpress::build::check(&BuildOptions {
                            root,
                            ..BuildOptions::default()
                        })
                    } else {
                        judge(&root)
                    }
                });
                let _ = tx.send(result);
            })
            .unwrap();
        // A hang is judged by the processor time this process spends on the case, not by the
        // clock, so a machine busy with other work cannot fail it (as for the binary below).
        let cpu_start = cpu_time(std::process::id());
        let answer = loop {
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(result) => break Ok(result),
                Err(mpsc::RecvTimeoutError::Disconnected) => break Err("ended without an answer"),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let spent = cpu_time(std::process::id()).saturating_sub(cpu_start);
                    if spent > TIME_LIMIT || t.elapsed() > 12 * TIME_LIMIT {
                        break Err("no answer within the time limit");
                    }
                }
            }
        };
        let outcome = match answer {
            Err(why) => Some(format!("{why} ({TIME_LIMIT:?} of processor time)")),
            Ok(Err(_)) => Some("panicked".to_string()),
            Ok(Ok(Err(e))) => Some(format!("failed with exit {}: {e}", e.exit_code())),
            Ok(Ok(Ok(diags))) => {
                if diags.iter().any(|d| d.severity == Severity::Error) {
                    errors += 1;
                } else {
                    clean += 1;
                }
                violation(&diags)
            }
        };
        if let Some(problem) = outcome {
            let stage = if full { "check" } else { "parse and validate" };
            failures.push(format!(
                "case {case} ({file}: {what}, {stage}, {:?}): {problem}",
                t.elapsed()
            ));
        }
        std::fs::copy(base.join(file), work.join(file)).unwrap();
    }
    eprintln!(
        "{IN_PROCESS} mutated courses in process in {:.1} s ({} through the whole of `check`): {errors} with errors, {clean} without, {} failures",
        started.elapsed().as_secs_f64(),
        IN_PROCESS.div_ceil(FULL_CHECK_EVERY),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_binary_exits_1_with_positions_on_mutated_courses() {
    let base = fixtures().join("full");
    // Another seed: different cases from the in-process run.
    let mut rng = Rng(0xB1A2_2026_0013);
    let mut failures = Vec::new();
    for case in 0..THROUGH_BINARY {
        let (file, bytes, what) = mutate(&mut rng, &base);
        let dir = course_with(file, &bytes);
        let mut child = bin()
            .args(["check"])
            .current_dir(&dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            // The limit is on the processor time the run used: on a loaded CI machine the wall
            // clock also counts other jobs. A run that blocks without computing is caught by
            // the wall clock, with room for that load.
            if cpu_time(child.id()) > TIME_LIMIT || start.elapsed() > 12 * TIME_LIMIT {
                let _ = child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        let problem = match status.and_then(|s| s.code()) {
            None => Some(format!("no exit within {TIME_LIMIT:?} of processor time")),
            Some(0) if err.contains(": error:") => Some("exit 0 with errors".to_string()),
            Some(0) => None,
            Some(1) => err
                .lines()
                .filter(|l| l.contains(": error: "))
                .find(|l| {
                    let head = l.split(": error: ").next().unwrap_or_default();
                    let mut parts = head.rsplitn(3, ':');
                    let (col, line) = (parts.next(), parts.next());
                    !(col.is_some_and(|c| c.parse::<u32>().is_ok())
                        && line.is_some_and(|c| c.parse::<u32>().is_ok()))
                })
                .map(|l| format!("an error without line:col: {l}"))
                .or_else(|| {
                    (!err.contains(": error: ")).then(|| "exit 1 without an error line".to_string())
                })
                .or_else(|| rust_name(&err).map(|n| format!("a Rust name ({n})"))),
            Some(code) => Some(format!("exit {code}: {err}")),
        };
        if let Some(problem) = problem {
            failures.push(format!("case {case} ({file}: {what}): {problem}"));
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    eprintln!(
        "{THROUGH_BINARY} mutated courses through the binary, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The processor time (user and system, all threads) process `pid` has used so far.
#[cfg(target_os = "linux")]
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let ticks = fields.get(11).unwrap_or(&0) + fields.get(12).unwrap_or(&0);
    // SAFETY: sysconf only reads a system constant.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_millis(ticks * 1000 / per_second)
}

#[cfg(not(target_os = "linux"))]
fn cpu_time(_: u32) -> Duration {
    Duration::ZERO
}

#[test]
fn rust_names_are_recognised_outside_quotes_only() {
    assert_eq!(rust_name("expected u32, found `u32`"), Some("u32"));
    assert_eq!(rust_name("unknown field `Vec<u8>`"), None);
    assert_eq!(rust_name("invalid type: Option<String>"), Some("String"));
    assert_eq!(rust_name("a menu32 item"), None);
}
