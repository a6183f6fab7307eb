//! Building courses as a user does: the pages of spec §3, links that work from disk, golden
//! output, determinism, overrides, drafts and stale files.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn build_ok(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "build failed:\n{}",
        stderr(&out)
    );
    stdout(&out)
}

/// Every `href="…"` and `src="…"` of a page.
fn references(html: &str) -> Vec<String> {
    let mut refs = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                refs.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    refs
}

/// Every relative link of every page points at a file of the site (and at an existing id when
/// it has an anchor); no link is root-absolute, so the site works from disk and any sub-path.
fn assert_links_resolve(out: &Path) {
    let files: BTreeSet<String> = tree(out).into_iter().collect();
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for r in references(&html) {
            if r.starts_with("https://") || r.starts_with("http://") || r.starts_with("mailto:") {
                continue;
            }
            assert!(!r.starts_with('/'), "{page}: root-absolute link `{r}`");
            let (path, anchor) = r.split_once('#').unwrap_or((&r, ""));
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                page.clone()
            } else {
                let dir = Path::new(page).parent().unwrap();
                let joined = dir.join(path);
                let mut parts: Vec<String> = Vec::new();
                for c in joined.components() {
                    match c.as_os_str().to_str().unwrap() {
                        ".." => {
                            assert!(parts.pop().is_some(), "{page}: `{r}` leaves the site");
                        }
                        "." => {}
                        s => parts.push(s.to_string()),
                    }
                }
                parts.join("/")
            };
            assert!(
                !path.ends_with('/'),
                "{page}: `{r}` points at a folder, not a file"
            );
            assert!(
                files.contains(&target),
                "{page}: `{r}` → `{target}` does not exist"
            );
            if !anchor.is_empty() && target.ends_with(".html") {
                let t = std::fs::read_to_string(out.join(&target)).unwrap();
                assert!(
                    t.contains(&format!("id=\"{anchor}\"")),
                    "{page}: `{r}`: no id `{anchor}` in {target}"
                );
            }
        }
    }
}

#[test]
fn example_course_builds_every_page_of_the_spec_with_working_links() {
    let dir = scratch("example");
    for f in ["course.yaml", "content", "quizzes", "templates", "static"] {
        let from = repo().join(f);
        if from.is_dir() {
            copy_dir(&from, &dir.join(f));
        } else {
            std::fs::copy(&from, dir.join(f)).unwrap();
        }
    }
    let out = run(&dir, &["check", "--deny-warnings"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the example course must have no error and no warning:\n{}",
        stderr(&out)
    );
    let summary = build_ok(&dir, &[]);
    assert!(summary.starts_with("Built "), "{summary}");
    let public = dir.join("public");
    let files = tree(&public);
    for page in [
        "index.html",
        "cases/index.html",
        "competencies.html",
        "progress.html",
        "search.html",
        "404.html",
        "certificate.html",
        "quizzes/final-assessment.html",
        "modules/working-with-the-bot/index.html",
        "modules/working-with-the-bot/check.html",
        "cases/want-a-real-person.html",
        "assets/nav.js",
        "assets/highlight.css",
        "assets/skillpress.css",
        "assets/skillpress.js",
        "modules/working-with-the-bot/handoff-flow.svg",
    ] {
        assert!(files.iter().any(|f| f == page), "missing {page}");
    }
    // A free page's description is its own; a page without one has the course's.
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap();
    for (page, description) in [
        (
            "pages/glossary.html",
            "The terms of digital customer service used in this course,",
        ),
        ("zh-CN/pages/glossary.html", "本课程用到的数字化客服术语"),
        (
            "search.html",
            "A self-paced course for customer-service teams",
        ),
    ] {
        assert!(
            read(page).contains(&format!(
                "<meta name=\"description\" content=\"{description}"
            )),
            "{page}"
        );
    }
    let lessons = files
        .iter()
        .filter(|f| {
            f.starts_with("modules/")
                && f.ends_with(".html")
                && !f.ends_with("index.html")
                && !f.ends_with("check.html")
        })
        .count();
    assert!(lessons >= 24, "{lessons} lessons");
    assert!(
        files
            .iter()
            .filter(|f| f.starts_with("cases/") && *f != "cases/index.html")
            .count()
            >= 8
    );
    assert_links_resolve(&public);
}

#[test]
fn minimal_fixture_matches_golden_pages() {
    let dir = fixture("minimal");
    build_ok(&dir, &[]);
    let public = dir.join("public");
    let expected = fixtures().join("minimal/expected");
    let files = tree(&public);
    golden(&expected.join("files.txt"), &(files.join("\n") + "\n"));
    for page in [
        "index.html",
        "modules/basics/index.html",
        "modules/basics/first.html",
        "modules/basics/check.html",
        "quizzes/basics-check.html",
        "competencies.html",
    ] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        golden(&expected.join(format!("{page}.main")), &main_part(&html));
    }
    golden(
        &expected.join("nav.js"),
        &std::fs::read_to_string(public.join("assets/nav.js")).unwrap(),
    );
    assert_links_resolve(&public);
}

/// Builds a fixture and compares its file list, the `<main>` of every page and the navigation
/// with the fixture's `expected/` folder.
fn matches_expected_folder(name: &str) {
    let dir = fixture(name);
    build_ok(&dir, &[]);
    let public = dir.join("public");
    let expected = fixtures().join(name).join("expected");
    let files = tree(&public);
    golden(&expected.join("files.txt"), &(files.join("\n") + "\n"));
    let pages: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() > 10, "{name}: {} pages", pages.len());
    for page in pages {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        golden(&expected.join(format!("{page}.main")), &main_part(&html));
    }
    golden(
        &expected.join("nav.js"),
        &std::fs::read_to_string(public.join("assets/nav.js")).unwrap(),
    );
    assert_links_resolve(&public);
}

#[test]
fn full_fixture_matches_its_expected_folder() {
    matches_expected_folder("full");
}

#[test]
fn zh_fixture_matches_its_expected_folder() {
    matches_expected_folder("zh");
}

#[test]
fn full_fixture_uses_every_feature() {
    let dir = fixture("full");
    build_ok(&dir, &[]);
    let public = dir.join("public");
    let read =
        |p: &str| std::fs::read_to_string(public.join(p)).unwrap_or_else(|_| panic!("missing {p}"));
    assert_links_resolve(&public);

    // The course's own template replaced the built-in one; static files were added.
    assert!(read("pages/glossary.html").contains("data-override=\"page.html\""));
    assert!(read("assets/extra.css").contains(".author-html"));
    assert!(read("robots.txt").contains("User-agent"));
    // Drafts are left out unless asked for.
    assert!(!public.join("modules/listening/draft.html").exists());
    // The image next to the lesson is copied alongside.
    assert!(read("modules/listening/flow.svg").contains("<svg"));
    // sitemap.xml lists pages under base_url; canonical links too.
    let sitemap = read("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://training.example.com/full/modules/listening/restate.html</loc>"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("404.html"));
    assert!(read("index.html")
        .contains("rel=\"canonical\" href=\"https://training.example.com/full/\""));

    let lesson = read("modules/listening/restate.html");
    // Callouts, tables, footnotes, task lists, strikethrough, highlighting, heading anchors.
    for kind in ["note", "tip", "important", "warning", "caution"] {
        assert!(
            lesson.contains(&format!("callout callout-{kind}")),
            "callout {kind}"
        );
    }
    assert!(lesson.contains("<table>"));
    assert!(lesson.contains("footnote-definition"));
    assert!(lesson.contains("<del>Guessing</del>"));
    assert!(lesson.contains("type=\"checkbox\" disabled checked"));
    assert!(lesson.contains("<pre class=\"code\" data-lang=\"yaml\"><code><span class=\"hl-"));
    assert!(lesson.contains("<h2 id=\"why\">"));
    assert!(lesson.contains("href=\"#why\""));
    // The embed became a playable quiz, with the pick override; embeds in code stay text.
    assert!(lesson.contains("data-quiz=\"listening-check\""));
    assert!(lesson.contains("{{ quiz(id=&quot;listening-check&quot;) }}"));
    assert!(lesson.contains("<code>{{ case(id=\"refund\") }}</code>"));
    // Links to source files became links to pages.
    assert!(lesson.contains("href=\"one-question.html#one-at-a-time\""));
    assert!(lesson.contains("href=\"../../cases/refund.html\""));
    assert!(lesson.contains("href=\"../../quizzes/listening-check.html\""));
    assert!(lesson.contains("href=\"https://example.org/\""));
    // Previous/next and breadcrumbs are in the page.
    assert!(lesson.contains("rel=\"prev\"") && lesson.contains("rel=\"next\""));
    assert!(lesson.contains("class=\"breadcrumbs\""));

    // Quiz pages list every question without JavaScript, with the test hooks.
    let quiz = read("quizzes/listening-check.html");
    for hook in [
        "data-question=\"l-single\"",
        "data-option=\"0\"",
        "data-option=\"true\"",
        "data-answer",
        "data-item=\"2\"",
        "data-match=\"1\"",
        "data-action=\"check\"",
        "data-action=\"retry\"",
    ] {
        assert!(quiz.contains(hook), "missing hook {hook}");
    }
    // Author text inside script elements cannot close them; quiz and case text is sanitised.
    let data_start = quiz.find("<script type=\"application/json\"").unwrap();
    let data = &quiz[data_start..];
    let data = &data[..data.find("</script>").unwrap()];
    assert!(!data[10..].contains("</"), "unescaped </ in quiz data");
    assert!(
        !quiz.contains("<script>alert"),
        "script from quiz text survived"
    );
    let case = read("cases/refund.html");
    assert!(
        !case.contains("<script>alert"),
        "script from case text survived"
    );
    assert!(case.contains("data-case=\"refund\""));
    // Assessments carry their whole pool and their draw rules.
    let fin = read("quizzes/final.html");
    assert!(fin.contains("\"draw\":[{"), "draw rules in the data");
    assert!(read("certificate.html").contains("final"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = fixture("full");
    let b = fixture("full");
    build_ok(&a, &[]);
    build_ok(&b, &["--out", "elsewhere"]);
    let differ = differing_files(&a.join("public"), &b.join("elsewhere"));
    assert!(differ.is_empty(), "{differ:?} differ between two builds");
    // A second build into the same folder writes nothing.
    let again = build_ok(&a, &[]);
    assert!(again.contains(" 0 written"), "{again}");
}

#[test]
fn stale_files_are_removed_and_base_url_flag_wins() {
    let dir = fixture("full");
    build_ok(&dir, &[]);
    std::fs::write(dir.join("public/leftover.html"), "x").unwrap();
    std::fs::remove_file(dir.join("content/modules/01-listening/02-one-question.md")).unwrap();
    std::fs::write(
        dir.join("content/modules/01-listening/01-restate.md"),
        "---\ntitle: Restate\n---\n## Why {#why}\n\nShort now.\n",
    )
    .unwrap();
    build_ok(&dir, &["--base-url", "https://other.example/x/"]);
    assert!(!dir.join("public/leftover.html").exists());
    assert!(!dir
        .join("public/modules/listening/one-question.html")
        .exists());
    let sitemap = std::fs::read_to_string(dir.join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("https://other.example/x/index.html")
            || sitemap.contains("<loc>https://other.example/x/</loc>")
    );
}

#[test]
fn drafts_flag_includes_drafts() {
    let dir = fixture("full");
    build_ok(&dir, &["--drafts"]);
    assert!(dir.join("public/modules/listening/draft.html").exists());
}

#[test]
fn a_case_without_persona_or_optional_keys_builds() {
    let dir = fixture("minimal");
    std::fs::create_dir_all(dir.join("content/cases")).unwrap();
    std::fs::write(
        dir.join("content/cases/bare.yaml"),
        "title: Bare case\ncompetencies: [listening]\nstart: a\nnodes:\n  a:\n    choices:\n      - { text: Go, next: done, effects: { satisfaction: 1 } }\nendings:\n  done: { title: Done, outcome: success }\n",
    )
    .unwrap();
    build_ok(&dir, &[]);
    let page = std::fs::read_to_string(dir.join("public/cases/bare.html")).unwrap();
    assert!(page.contains("data-case=\"bare\""));
}

#[test]
fn links_in_quiz_texts_work_on_every_page_the_quiz_is_shown() {
    let dir = fixture("minimal");
    let quiz = dir.join("quizzes/basics-check.yaml");
    let text = std::fs::read_to_string(&quiz).unwrap();
    let text = text.replacen(
        "competencies: [listening]\n",
        "competencies: [listening]\ndescription: Come back to [this check](/../quizzes/basics-check.yaml) later.\n",
        1,
    );
    let text = text.replacen(
        "    prompt: Why restate a request?\n",
        "    prompt: Why restate a request?\n    explanation: See [restating](/modules/01-basics/01-first.md#restate-the-request).\n",
        1,
    );
    std::fs::write(&quiz, text).unwrap();
    // The bank is also embedded in the lesson, one folder deeper than its quiz page.
    let lesson = dir.join("content/modules/01-basics/01-first.md");
    let mut body = std::fs::read_to_string(&lesson).unwrap();
    body.push_str("\n{{ quiz(id=\"basics-check\") }}\n");
    std::fs::write(&lesson, body).unwrap();
    build_ok(&dir, &[]);
    let out = dir.join("public");
    for (page, href) in [
        (
            "quizzes/basics-check.html",
            "../modules/basics/first.html#restate-the-request",
        ),
        (
            "modules/basics/check.html",
            "../../modules/basics/first.html#restate-the-request",
        ),
        (
            "modules/basics/first.html",
            "../../modules/basics/first.html#restate-the-request",
        ),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            html.contains(&format!("href=\"{href}\"")),
            "{page} lacks {href}"
        );
        assert!(
            !html.contains("skillpress-root"),
            "{page} kept the placeholder"
        );
    }
    let quiz_page = std::fs::read_to_string(out.join("quizzes/basics-check.html")).unwrap();
    assert!(quiz_page.contains("href=\"../quizzes/basics-check.html\""));
    assert_links_resolve(&out);
}

/// What a page says about languages: `<html lang>`, its title (the course's title in that
/// language), the `hreflang` alternates, the switcher
/// and the fallback notice (with the `<main>` tag that carries the text's language).
fn language_parts(html: &str) -> String {
    let mut out = Vec::new();
    let mut in_switcher = false;
    for line in html.lines() {
        let t = line.trim();
        if t.starts_with("<nav class=\"language-switcher\"") {
            in_switcher = true;
        }
        if in_switcher
            || t.starts_with("<html")
            || t.starts_with("<title>")
            || t.starts_with("<link rel=\"alternate\"")
            || t.starts_with("<main")
            || t.contains("data-fallback")
        {
            out.push(t.to_string());
        }
        if in_switcher && t == "</nav>" {
            in_switcher = false;
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn two_language_fixture_builds_each_edition_with_switcher_alternates_and_fallback() {
    let dir = fixture("two-languages");
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The untranslated lesson is reported, once.
    let said = stderr(&out);
    assert_eq!(
        said.matches("02-second.zh-CN.md` is missing").count(),
        1,
        "{said}"
    );
    let public = dir.join("public");
    let expected = fixtures().join("two-languages/expected");
    let files = tree(&public);
    golden(&expected.join("files.txt"), &(files.join("\n") + "\n"));
    // The same pages under the root and under zh-CN/.
    let pages = |prefix: &str| -> BTreeSet<String> {
        files
            .iter()
            .filter(|f| f.ends_with(".html"))
            .filter_map(|f| match prefix {
                "" => (!f.starts_with("zh-CN/")).then(|| f.clone()),
                p => f.strip_prefix(p).map(str::to_string),
            })
            .collect()
    };
    assert_eq!(pages(""), pages("zh-CN/"));
    // Each edition has its own navigation and search index.
    for f in ["assets/nav.js", "assets/search-index.js"] {
        assert!(files.contains(&f.to_string()) && files.contains(&format!("zh-CN/{f}")));
    }
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap();
    assert!(read("zh-CN/assets/nav.js").contains("第一课"));
    assert!(!read("assets/nav.js").contains("第一课"));
    // Each edition's course description: the translated home page's, else course.yaml's, in the
    // page's lead paragraph and its description for search engines.
    let zh_description = "一个模块，英文和简体中文两个版本；其中一个课时尚未翻译。";
    let en_description =
        "One module in English and Simplified Chinese; one lesson not translated yet.";
    for (page, description) in [
        ("zh-CN/index.html", zh_description),
        ("index.html", en_description),
    ] {
        let html = read(page);
        assert!(
            html.contains(&format!(
                "<meta name=\"description\" content=\"{description}\">"
            )),
            "{page}"
        );
        assert!(
            html.contains(&format!("<p class=\"lead\">{description}")),
            "{page}"
        );
    }
    assert!(!read("zh-CN/modules/basics/first.html").contains(en_description));
    for page in [
        "index.html",
        "modules/basics/second.html",
        "zh-CN/index.html",
        "zh-CN/modules/basics/first.html",
        "zh-CN/modules/basics/second.html",
        "zh-CN/cases/refund.html",
        "zh-CN/replies/index.html",
    ] {
        golden(
            &expected.join(format!("{page}.languages")),
            &language_parts(&read(page)),
        );
    }
    // Saved answers are kept by question version: a translated question (other item texts)
    // has its source's, so progress carries across languages.
    let versions = |page: &str| -> Vec<String> {
        read(page)
            .split("\"version\":\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect()
    };
    let en = versions("quizzes/basics-check.html");
    assert_eq!(en.len(), 3, "{en:?}");
    assert_eq!(en, versions("zh-CN/quizzes/basics-check.html"));
    // Each edition has its own reply library, from the reply translations.
    for page in [
        "zh-CN/modules/basics/first.html",
        "zh-CN/replies/index.html",
    ] {
        golden(
            &expected.join(format!("{page}.main")),
            &main_part(&read(page)),
        );
    }
    assert!(read("replies/index.html").contains("Confirming a refund in writing"));
    assert_links_resolve(&public);

    // Published at a base URL: each language's canonical links, alternates and sitemap name
    // its own pages.
    build_ok(&dir, &["--base-url", "https://training.example.com/cs/"]);
    let zh = read("zh-CN/modules/basics/first.html");
    let site = "https://training.example.com/cs/";
    for line in [
        format!("<link rel=\"canonical\" href=\"{site}zh-CN/modules/basics/first.html\">"),
        format!("<link rel=\"alternate\" hreflang=\"en\" href=\"{site}modules/basics/first.html\">"),
        format!("<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"{site}zh-CN/modules/basics/first.html\">"),
    ] {
        assert!(zh.contains(&line), "{line}\n{zh}");
    }
    let sitemap = read("zh-CN/sitemap.xml");
    assert!(
        sitemap.contains(&format!("<loc>{site}zh-CN/modules/basics/first.html</loc>")),
        "{sitemap}"
    );
    assert!(read("sitemap.xml").contains(&format!("<loc>{site}modules/basics/first.html</loc>")));
}

/// The reply library: the library page and a lesson that embeds a reply match their golden
/// files; the case and lesson a reply names link to it; only pages that show replies load the
/// replies' script; the search index has a section for each reply.
#[test]
fn reply_library_matches_golden_pages() {
    let dir = fixture("replies");
    build_ok(&dir, &[]);
    let public = dir.join("public");
    let expected = fixtures().join("replies/expected");
    let read =
        |p: &str| std::fs::read_to_string(public.join(p)).unwrap_or_else(|_| panic!("missing {p}"));
    for page in ["replies/index.html", "modules/basics/first.html"] {
        golden(
            &expected.join(format!("{page}.main")),
            &main_part(&read(page)),
        );
    }
    assert_links_resolve(&public);

    let case = read("cases/refund.html");
    assert!(
        case.contains("href=\"../replies/index.html#reply-refund-confirmation\""),
        "the case links to the reply that names it"
    );
    assert!(
        !case.contains("reply-bot-loop-takeover"),
        "only related replies"
    );
    for (page, loads) in [
        ("replies/index.html", true),
        ("modules/basics/first.html", true),
        ("cases/refund.html", false),
        ("index.html", false),
    ] {
        assert_eq!(
            read(page).contains("assets/replies.js"),
            loads,
            "{page}: replies.js"
        );
    }
    assert!(
        read("index.html").contains("href=\"replies/index.html\""),
        "nav link"
    );
    let search = read("assets/search-index.js");
    for anchor in ["reply-refund-confirmation", "reply-bot-loop-takeover"] {
        assert!(search.contains(anchor), "search index has {anchor}");
    }
}

#[test]
fn a_course_without_replies_has_no_library_page() {
    let dir = fixture("minimal");
    build_ok(&dir, &[]);
    let public = dir.join("public");
    assert!(!public.join("replies/index.html").exists());
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(!home.contains("replies/index.html"));
}

/// Replaces the first `from` in the file at `path` with `to`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The number of pages a build rendered, from its summary ("…, 3 rendered, …"); all of them
/// when it kept none.
fn rendered(summary: &str) -> usize {
    let pages = |s: &str| {
        s.split_whitespace()
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    match summary.split_once(", ") {
        Some((_, rest)) if rest.contains(" rendered, ") => pages(rest),
        _ => pages(summary.strip_prefix("Built ").unwrap()),
    }
}

/// Builds again into `public` (keeping what the last build made from unchanged sources) and
/// `--fresh` into another folder; the two sites must be the same byte for byte. Gives how
/// many pages the first rendered.
fn rebuild_equals_fresh(dir: &Path) -> usize {
    rebuild_and_compare(dir, &[]).0
}

/// `rebuild_equals_fresh` with more arguments for both builds, and whether the rebuild kept the
/// search index.
fn rebuild_and_compare(dir: &Path, args: &[&str]) -> (usize, bool) {
    let summary = build_ok(dir, args);
    let mut fresh = vec!["--fresh", "--out", "fresh"];
    fresh.extend_from_slice(args);
    build_ok(dir, &fresh);
    let differ = differing_files(&dir.join("public"), &dir.join("fresh"));
    assert!(
        differ.is_empty(),
        "kept pages differ from a fresh build: {differ:?}"
    );
    (rendered(&summary), summary.contains(" (kept)"))
}

/// `build` records what each page was made from beside the output folder and keeps the pages
/// whose sources did not change (docs/format.md, "What a build writes"). After each kind of
/// edit the site must be what a `--fresh` build makes, byte for byte, and only the pages the
/// edit reaches are rendered: a record that missed an input would keep a stale page, and one
/// that kept nothing would render every page, and this test fails either way.
#[test]
fn a_rebuild_renders_only_what_changed_and_equals_a_fresh_build() {
    let dir = fixture("full");
    let first = build_ok(&dir, &[]);
    let all = rendered(&first);
    assert!(dir.join(".public.skillpress-cache").is_file());
    assert!(!tree(&dir.join("public"))
        .iter()
        .any(|f| f.contains("skillpress-cache")));
    assert_eq!(rebuild_and_compare(&dir, &[]), (0, true), "nothing changed");

    let listening = dir.join("content/modules/01-listening");
    let data = dir.join("content/modules/02-data");
    // (file, from, to, at most this many pages rendered, whether the search index is kept: it
    // reads titles, texts and quizzes' descriptions, not questions, endings or the course title)
    let steps = [
        (
            data.join("01-dashboards.md"),
            "The queue shows waiting chats.",
            "The queue shows waiting chats and how long each has waited.",
            1,
            false,
        ),
        (
            listening.join("02-one-question.md"),
            "title: One question at a time",
            "title: One question, then wait",
            8,
            false,
        ),
        (
            data.join("index.md"),
            "title: Reading data\nsummary: Dashboards for agents.\ncompetencies: [data]",
            "title: Reading queue data\nsummary: Dashboards for agents.\ncompetencies: [data, listening]",
            all - 1,
            false,
        ),
        (
            dir.join("quizzes/listening-check.yaml"),
            "prompt: Why restate a request?",
            "prompt: Why restate what the customer asked?",
            all - 1,
            true,
        ),
        (
            dir.join("content/cases/refund.yaml"),
            "text: The customer leaves.",
            "text: The customer leaves the chat.",
            all - 1,
            true,
        ),
        (
            dir.join("templates/page.html"),
            "Overridden template",
            "Overridden template, edited",
            all,
            false,
        ),
        (
            dir.join("course.yaml"),
            "title: Full fixture course",
            "title: Full fixture course, second run",
            all,
            true,
        ),
        // A static file is copied, never part of a page.
        (
            dir.join("static/assets/extra.css"),
            "",
            "/* edited */\n",
            0,
            true,
        ),
        // Every page's interface strings, and the index's labels.
        (
            dir.join("course.yaml"),
            "language: en",
            "language: zh-CN",
            all,
            false,
        ),
    ];
    for (path, from, to, at_most, index_kept) in &steps {
        edit(path, from, to);
        let (n, kept) = rebuild_and_compare(&dir, &[]);
        assert!(
            n <= *at_most,
            "{n} pages rendered after editing {}",
            path.display()
        );
        assert_eq!(
            kept,
            *index_kept,
            "search index kept after editing {}",
            path.display()
        );
    }

    // A page changed in the output folder by hand is made again, not kept.
    let page = dir.join("public/modules/data/dashboards.html");
    std::fs::write(&page, "edited by hand").unwrap();
    assert_eq!(rebuild_equals_fresh(&dir), 1);
    // Another address to publish at: the canonical links of every page.
    let other = ["--base-url", "https://other.example/course/"];
    assert_eq!(rebuild_and_compare(&dir, &other).0, all);
    assert_eq!(rebuild_and_compare(&dir, &other), (0, true));
    // `--drafts` changes what is listed: nothing is kept from a build without it.
    let drafts = build_ok(&dir, &["--drafts"]);
    assert_eq!(rendered(&drafts), all + 1, "{drafts}");
    // A cache that cannot be read is ignored.
    std::fs::write(dir.join(".public.skillpress-cache"), "not a cache").unwrap();
    assert_eq!(rendered(&build_ok(&dir, &[])), all);
}

/// The same in two language editions: each edition's pages are kept apart.
#[test]
fn a_rebuild_in_two_languages_equals_a_fresh_build() {
    let dir = fixture("two-languages");
    build_ok(&dir, &[]);
    assert_eq!(rebuild_equals_fresh(&dir), 0, "nothing changed");
    let basics = dir.join("content/modules/01-basics");
    let (file, title, changed) = zh_title_edit(&dir);
    edit(&file, &title, &changed);
    let n = rebuild_equals_fresh(&dir);
    assert!((1..=6).contains(&n), "{n} pages rendered");
    edit(
        &basics.join("02-second.md"),
        "Close with a short summary.",
        "Close with a short summary of the call.",
    );
    // The English lesson, and the Chinese edition's page for it (a fallback to the English
    // text when the lesson has no translation).
    let n = rebuild_equals_fresh(&dir);
    assert!((1..=2).contains(&n), "{n} pages rendered");
}
