use super::*;
use crate::build::PageMemory;

/// A site folder with one page, and a record of it made from key 7.
fn built_once(dir: &Path) -> PathBuf {
    let site = dir.join("public");
    fs::create_dir_all(site.join("zh-CN")).unwrap();
    fs::write(site.join("a.html"), "page a").unwrap();
    fs::write(site.join("zh-CN/a.html"), "页面").unwrap();
    fs::write(site.join("s0.js"), "index").unwrap();
    let mut last = LastBuild::load(&site, 1);
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

#[test]
fn records_are_read_back_and_kept_while_the_files_are_intact() {
    let dir = tempfile::tempdir().unwrap();
    let site = built_once(dir.path());
    assert!(dir.path().join(".public.skillpress-cache").is_file());
    let mut last = LastBuild::load(&site, 1);
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
    let mut last = LastBuild::load(&site, 1);
    let r = last.edition("");
    assert_eq!(r.by_key("a.html", 7), None);
    assert_eq!(r.search_if(9), None);
}

#[test]
fn another_program_a_missing_site_or_a_damaged_file_starts_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let site = built_once(dir.path());
    assert_eq!(
        LastBuild::load(&site, 2).edition("").by_key("a.html", 7),
        None
    );

    let cache = dir.path().join(".public.skillpress-cache");
    let text = fs::read_to_string(&cache).unwrap();
    fs::write(&cache, text.replace("\np ", "\nq ")).unwrap();
    assert_eq!(
        LastBuild::load(&site, 1).edition("").by_key("a.html", 7),
        None
    );
    fs::write(&cache, text).unwrap();
    assert_eq!(
        LastBuild::load(&site, 1).edition("").by_key("a.html", 7),
        Some(70)
    );

    fs::rename(&site, dir.path().join("moved")).unwrap();
    assert_eq!(
        LastBuild::load(&site, 1).edition("").by_key("a.html", 7),
        None
    );
}

#[test]
fn only_what_this_build_made_or_kept_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let site = built_once(dir.path());
    let mut last = LastBuild::load(&site, 1);
    // This build keeps a.html (no new digest) and makes b.html; the old index is not remade.
    let r = last.edition("");
    r.remember("a.html", 70, Some(7), None);
    fs::write(site.join("b.html"), "page b").unwrap();
    r.remember("b.html", 80, None, Some(super::super::digest(b"page b")));
    last.save().unwrap();
    let mut next = LastBuild::load(&site, 1);
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
