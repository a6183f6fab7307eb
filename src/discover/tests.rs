use super::*;

#[test]
fn editor_files_are_ignored() {
    for name in [
        ".lesson.md.swp",
        "lesson.md~",
        "#lesson.md#",
        ".DS_Store",
        "4913",
    ] {
        assert!(is_ignored_name(name), "{name}");
    }
    assert!(!is_ignored_name("01-lesson.md"));
}

#[test]
fn reply_translations_are_set_aside_for_their_edition() {
    let dir = tempfile::tempdir().unwrap();
    let replies = dir.path().join("content/replies");
    std::fs::create_dir_all(&replies).unwrap();
    for name in [
        "_library.yaml",
        "_library.zh-CN.yaml",
        "a.yaml",
        "a.zh-CN.yaml",
        "v1.2.yaml",
    ] {
        std::fs::write(replies.join(name), "x: 1\n").unwrap();
    }
    let inputs = discover(dir.path()).unwrap();
    let replies: Vec<&str> = inputs.replies.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        replies,
        ["content/replies/a.yaml", "content/replies/v1.2.yaml"]
    );
    assert!(inputs.reply_library.is_some());
    let set_aside: Vec<(&str, &str)> = inputs
        .translations
        .iter()
        .map(|t| (t.source.as_str(), t.lang.as_str()))
        .collect();
    assert_eq!(
        set_aside,
        [
            ("content/replies/_library.yaml", "zh-CN"),
            ("content/replies/a.yaml", "zh-CN")
        ]
    );
}

#[test]
fn a_file_renamed_over_a_lesson_patches_it_and_vanished_files_are_not_the_course() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("content/modules/01-basics");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(dir.path().join("course.yaml"), "title: T\n").unwrap();
    std::fs::write(module.join("01-first.md"), "---\ntitle: One\n---\nText.\n").unwrap();
    std::fs::write(module.join("02-second.md"), "---\ntitle: Two\n---\nText.\n").unwrap();
    let mut inputs = discover(dir.path()).unwrap();

    // `sed -i` writes `sedXXXXXX` beside the file and renames it over: the watcher reports
    // both names, and the first no longer exists.
    std::fs::write(
        module.join("sedAbC123"),
        "---\ntitle: Changed\n---\nText.\n",
    )
    .unwrap();
    std::fs::rename(module.join("sedAbC123"), module.join("01-first.md")).unwrap();
    let changed = [
        "content/modules/01-basics/sedAbC123".to_string(),
        "content/modules/01-basics/01-first.md".to_string(),
    ];
    assert!(refresh(dir.path(), &mut inputs, &changed).unwrap());
    assert!(inputs.modules[0].lessons[0].text.contains("Changed"));

    // A lesson that is gone, or its whole module, needs the course discovered again.
    std::fs::remove_file(module.join("02-second.md")).unwrap();
    let gone = ["content/modules/01-basics/02-second.md".to_string()];
    assert!(!refresh(dir.path(), &mut inputs, &gone).unwrap());
    std::fs::remove_dir_all(&module).unwrap();
    let folder = ["content/modules/01-basics".to_string()];
    assert!(!refresh(dir.path(), &mut inputs, &folder).unwrap());
    // A name that only shares the folder's beginning holds none of its files.
    let neighbour = ["content/modules/01-basi".to_string()];
    assert!(refresh(dir.path(), &mut inputs, &neighbour).unwrap());
}
