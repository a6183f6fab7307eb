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
