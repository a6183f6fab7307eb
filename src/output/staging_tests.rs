use super::*;

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap()
}

#[test]
fn nothing_changes_on_disk_until_commit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("index.html"), "old").unwrap();
    fs::write(out.join("same.html"), "same").unwrap();
    fs::write(out.join("gone.html"), "x").unwrap();
    let staging = Staging::new(&out);
    staging.put("index.html", b"new");
    staging.put("same.html", b"same");
    staging.put("deep/er/page.html", b"p");
    assert_eq!(read(&out.join("index.html")), "old");
    assert!(!out.join("deep/er/page.html").exists());
    let taken: Vec<String> = staging.paths().into_iter().collect();
    assert_eq!(taken, ["deep/er/page.html", "index.html", "same.html"]);
    let keep: BTreeSet<String> = ["kept.css".to_string()].into();
    fs::write(out.join("kept.css"), "k").unwrap();
    let report = staging.commit(&keep).unwrap();
    assert_eq!(
        (report.written, report.unchanged, report.removed),
        (2, 1, 1)
    );
    assert_eq!(read(&out.join("index.html")), "new");
    assert_eq!(read(&out.join("deep/er/page.html")), "p");
    assert!(out.join("kept.css").exists() && !out.join("gone.html").exists());
    let names: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        !names.iter().any(|n| n.ends_with(".skillpress-tmp")),
        "{names:?}"
    );
}

#[test]
fn a_dropped_staging_leaves_the_old_site_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(out.join("modules")).unwrap();
    fs::write(out.join("index.html"), "old").unwrap();
    let staging = Staging::new(&out);
    staging.put("index.html", b"new");
    staging.put("modules/a/b/lesson.html", b"l");
    drop(staging);
    let mut left: Vec<_> = walkdir::WalkDir::new(&out)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(&out)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    left.sort();
    assert_eq!(left, ["index.html", "modules"]);
    assert_eq!(read(&out.join("index.html")), "old");
}

#[test]
fn a_path_put_twice_fails_the_commit_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let staging = Staging::new(&out);
    staging.put("modules/a/check.html", b"page");
    staging.put("modules/a/check.html", b"asset");
    let err = staging.commit(&BTreeSet::new()).unwrap_err();
    assert!(err.to_string().contains("modules/a/check.html"), "{err}");
    drop(staging);
    assert!(!out.exists());
}

#[test]
fn a_write_error_is_reported_by_commit() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the folder holding the output should be.
    fs::write(dir.path().join("site"), "not a folder").unwrap();
    let staging = Staging::new(&dir.path().join("site/public"));
    staging.put("modules/a.html", b"x");
    let err = staging.commit(&BTreeSet::new()).unwrap_err();
    assert!(err.to_string().contains("site"), "{err}");
}

/// Every entry of `dir` (files and folders), relative, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| crate::discover::rel(dir, e.unwrap().path()))
        .collect();
    v.sort();
    v
}

#[test]
fn the_published_folder_never_holds_a_staged_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("index.html"), "old").unwrap();
    let staging = Staging::new(&out);
    staging.put("index.html", b"new");
    staging.put("a/b.html", b"b");
    // Until the commit, the new pages are beside the site, not in it.
    assert_eq!(entries(&out), ["index.html"]);
    assert_eq!(
        entries(&dir.path().join(".public.skillpress-new")),
        ["a", "a/b.html", "index.html"]
    );
    staging.commit(&BTreeSet::new()).unwrap();
    assert_eq!(entries(&out), ["a", "a/b.html", "index.html"]);
    assert_eq!(
        entries(dir.path()),
        ["public", "public/a", "public/a/b.html", "public/index.html"]
    );
}

#[test]
fn an_unchanged_file_is_linked_not_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("same.html"), "same").unwrap();
    let before = fs::metadata(out.join("same.html")).unwrap();
    let staging = Staging::new(&out);
    staging.put("same.html", b"same");
    staging.commit(&BTreeSet::new()).unwrap();
    let after = fs::metadata(out.join("same.html")).unwrap();
    assert_eq!((before.ino(), before.mtime()), (after.ino(), after.mtime()));
}

#[test]
fn recovery_removes_a_killed_builds_leftovers_and_restores_a_half_swapped_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let b = beside(&out);
    // Killed while building: a half-built site and a dev server's temporary file beside it.
    fs::create_dir_all(b.new.join("modules")).unwrap();
    fs::write(b.new.join("modules/x.html"), "half").unwrap();
    fs::create_dir_all(&b.tmp).unwrap();
    fs::write(b.tmp.join("3"), "t").unwrap();
    // Killed while saving its record for the next build: the finished record stays.
    fs::write(&b.cache, "kept").unwrap();
    fs::write(super::super::last_build::unsaved(&b.cache), "half").unwrap();
    // Killed between the two renames of a swap without RENAME_EXCHANGE: only the old site.
    fs::create_dir_all(&b.old).unwrap();
    fs::write(b.old.join("index.html"), "old").unwrap();
    recover(&out).unwrap();
    assert_eq!(
        entries(dir.path()),
        [".public.skillpress-cache", "public", "public/index.html"]
    );
    fs::remove_file(&b.cache).unwrap();
    // With the site in place, a leftover old copy is simply removed.
    fs::create_dir_all(&b.old).unwrap();
    recover(&out).unwrap();
    assert_eq!(entries(dir.path()), ["public", "public/index.html"]);
}

#[test]
fn a_linked_output_folder_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    fs::create_dir_all(&real).unwrap();
    fs::write(real.join("old.html"), "o").unwrap();
    let link = dir.path().join("public");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let staging = Staging::new(&link);
    staging.put("index.html", b"i");
    staging.commit(&BTreeSet::new()).unwrap();
    assert!(link.is_symlink());
    assert_eq!(entries(&real), ["index.html"]);
}

#[test]
fn folders_are_made_once_with_their_parents_and_again_after_forget() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    fs::create_dir(&root).unwrap();
    let folders = Folders::under(&root);
    folders
        .make_parent(&root.join("modules/m1/lessons/l.html"))
        .unwrap();
    assert!(root.join("modules/m1/lessons").is_dir());
    // A sibling under a folder already made, and a file right in the root.
    folders
        .make_parent(&root.join("modules/m2/x.html"))
        .unwrap();
    folders.make_parent(&root.join("index.html")).unwrap();
    assert!(root.join("modules/m2").is_dir());
    // The set remembers what it made: a folder removed behind its back is not made again…
    fs::remove_dir_all(root.join("modules/m2")).unwrap();
    folders
        .make_parent(&root.join("modules/m2/x.html"))
        .unwrap();
    assert!(!root.join("modules/m2").exists());
    // …until it is told to forget (the staging does, after removing what a build no longer makes).
    folders.forget();
    folders
        .make_parent(&root.join("modules/m2/x.html"))
        .unwrap();
    assert!(root.join("modules/m2").is_dir());
}
