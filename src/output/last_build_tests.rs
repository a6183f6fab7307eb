use super::*;
use crate::build::PageMemory;

/// The record of `site` for a build without template overrides or `--drafts`.
fn load(site: &Path) -> LastBuild {
    LastBuild::load(site, &[], false, false)
}

/// A site folder with one page in each of two editions and a search file, and a record of them
/// (the page made from key 7).
fn built_once(dir: &Path) -> PathBuf {
    let site = dir.join("public");
    fs::create_dir_all(site.join("zh-CN")).unwrap();
    fs::write(site.join("a.html"), "page a").unwrap();
    fs::write(site.join("zh-CN/a.html"), "页面").unwrap();
    fs::write(site.join("s0.js"), "index").unwrap();
    let mut last = load(&site);
    let r = last.edition("");
    r.remember("a.html", 70, Some(7), Some(super::super::digest(b"page a")));
    r.remember_search(IndexRecord {
        key: 9,
        files: vec![WrittenFile::of("s0.js", b"index")],
    });
    let zh = last.edition("zh-CN/");
    zh.remember(
        "a.html",
        71,
        None,
        Some(super::super::digest("页面".as_bytes())),
    );
    last.save().unwrap();
    site
}

/// Whether the record of `site` (loaded as `load` does) would keep page a.
fn keeps_a(last: &mut LastBuild) -> bool {
    last.edition("").by_key("a.html", 7) == Some(70)
}

/// Replaces the `n`th line of the record beside `site`.
fn change_line(dir: &Path, n: usize, to: impl Fn(&str) -> String) {
    let cache = dir.join(".public.skillpress-cache");
    let text = fs::read_to_string(&cache).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == n { to(l) } else { l.to_string() })
        .collect();
    fs::write(&cache, lines.join("\n") + "\n").unwrap();
}

#[test]
fn records_are_read_back_and_kept_while_the_files_are_intact() {
    let dir = tempfile::tempdir().unwrap();
    let site = built_once(dir.path());
    assert!(dir.path().join(".public.skillpress-cache").is_file());
    let mut last = load(&site);
    let r = last.edition("");
    assert_eq!(r.by_key("a.html", 7), Some(70));
    assert_eq!(r.by_key("a.html", 8), None, "another key");
    assert!(r.same_print("a.html", 70));
    assert!(!r.same_print("a.html", 71));
    assert_eq!(r.by_key("b.html", 7), None, "never made");
    assert_eq!(r.search_if(9).map(|f| f.len()), Some(1));
    assert_eq!(r.search_if(10), None, "another index key");
    let zh = last.edition("zh-CN/");
    assert!(
        zh.same_print("a.html", 71),
        "each edition has its own records"
    );
    assert_eq!(zh.by_key("a.html", 7), None);

    // A file changed since it was recorded is not kept.
    fs::write(site.join("a.html"), "page A").unwrap();
    fs::write(site.join("s0.js"), "other").unwrap();
    let mut last = load(&site);
    let r = last.edition("");
    assert_eq!(r.by_key("a.html", 7), None);
    assert_eq!(r.search_if(9), None);
}

#[test]
fn other_settings_templates_or_program_start_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let site = built_once(dir.path());
    assert!(keeps_a(&mut load(&site)));
    assert!(
        !keeps_a(&mut LastBuild::load(&site, &[], true, false)),
        "--drafts"
    );
    assert!(
        !keeps_a(&mut LastBuild::load(&site, &[], false, true)),
        "--fresh"
    );
    let overrides = [crate::test_course::file(
        "templates/page.html",
        "{{ page.title }}",
    )];
    assert!(!keeps_a(&mut LastBuild::load(
        &site, &overrides, false, false
    )));

    // The record says which program wrote it (`program SIZE DATE DIGEST PATH`): the same file
    // (path, size and date) with another digest is another program.
    let parts = |l: &str| l.splitn(5, ' ').map(String::from).collect::<Vec<_>>();
    change_line(dir.path(), 1, |l| {
        let p = parts(l);
        format!("program {} {} 0123456789abcdef {}", p[1], p[2], p[4])
    });
    assert!(!keeps_a(&mut load(&site)));
    // Another file (here: another date) is read again: this same program keeps the pages.
    fs::remove_file(dir.path().join(".public.skillpress-cache")).unwrap();
    let site = built_once(dir.path());
    change_line(dir.path(), 1, |l| {
        let p = parts(l);
        format!("program {} 2 {} {}", p[1], p[3], p[4])
    });
    assert!(keeps_a(&mut load(&site)));
}

#[test]
fn a_damaged_record_or_a_missing_site_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let site = built_once(dir.path());
    let cache = dir.path().join(".public.skillpress-cache");
    let text = fs::read_to_string(&cache).unwrap();
    fs::write(&cache, text.replace("\np ", "\nq ")).unwrap();
    assert!(!keeps_a(&mut load(&site)), "an unknown line");
    // Cut inside the page's line (only damage from outside can do that: the file is written
    // whole, then renamed into place): the page named by half a path is not kept.
    let cut = text.find(" a.html").unwrap() + 3;
    fs::write(&cache, &text[..cut]).unwrap();
    assert!(!keeps_a(&mut load(&site)), "a record cut short");
    // Paths outside the site are refused: the whole record is.
    for outside in ["../s0.js", "/s0.js", "x//s0.js", "x\\s0.js"] {
        fs::write(&cache, text.replace(" s0.js", &format!(" {outside}"))).unwrap();
        assert!(!keeps_a(&mut load(&site)), "{outside}");
    }
    fs::write(&cache, &text).unwrap();
    assert!(keeps_a(&mut load(&site)));

    fs::rename(&site, dir.path().join("moved")).unwrap();
    assert!(!keeps_a(&mut load(&site)));
}

#[test]
fn only_what_this_build_made_or_kept_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let site = built_once(dir.path());
    let mut last = load(&site);
    // This build keeps a.html (no new digest) and makes b.html; the old index is not remade.
    let r = last.edition("");
    r.remember("a.html", 70, Some(7), None);
    fs::write(site.join("b.html"), "page b").unwrap();
    r.remember("b.html", 80, None, Some(super::super::digest(b"page b")));
    last.save().unwrap();
    let mut next = load(&site);
    let r = next.edition("");
    assert_eq!(r.by_key("a.html", 7), Some(70));
    assert!(r.same_print("b.html", 80));
    assert_eq!(
        r.search_if(9),
        None,
        "the index was not part of the last build"
    );
    assert!(!next.edition("zh-CN/").same_print("a.html", 71));
}
