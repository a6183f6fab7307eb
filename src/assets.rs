//! The default theme, compiled into the binary: one explicit table per kind, so a file that is
//! missing fails the build and a new file cannot be forgotten (a unit test compares the tables
//! with the repository's `templates/` and `static/`).

/// Built-in templates: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("module.html", include_str!("../templates/module.html")),
    ("lesson.html", include_str!("../templates/lesson.html")),
    ("quiz.html", include_str!("../templates/quiz.html")),
    ("cases.html", include_str!("../templates/cases.html")),
    ("case.html", include_str!("../templates/case.html")),
    (
        "competencies.html",
        include_str!("../templates/competencies.html"),
    ),
    ("progress.html", include_str!("../templates/progress.html")),
    ("search.html", include_str!("../templates/search.html")),
    (
        "certificate.html",
        include_str!("../templates/certificate.html"),
    ),
    ("page.html", include_str!("../templates/page.html")),
    (
        "diagnostic.html",
        include_str!("../templates/diagnostic.html"),
    ),
    (
        "partials/path.html",
        include_str!("../templates/partials/path.html"),
    ),
    ("404.html", include_str!("../templates/404.html")),
    ("team.html", include_str!("../templates/team.html")),
    (
        "partials/quiz.html",
        include_str!("../templates/partials/quiz.html"),
    ),
    (
        "partials/case_card.html",
        include_str!("../templates/partials/case_card.html"),
    ),
    (
        "partials/case_player.html",
        include_str!("../templates/partials/case_player.html"),
    ),
    (
        "partials/languages.html",
        include_str!("../templates/partials/languages.html"),
    ),
    ("replies.html", include_str!("../templates/replies.html")),
    (
        "partials/reply.html",
        include_str!("../templates/partials/reply.html"),
    ),
];

/// Built-in static files: (output path, bytes).
pub const STATIC: &[(&str, &[u8])] = &[
    (
        "assets/replies.js",
        include_bytes!("../static/assets/replies.js"),
    ),
    (
        "assets/replies.css",
        include_bytes!("../static/assets/replies.css"),
    ),
    (
        "assets/skillpress.css",
        include_bytes!("../static/assets/skillpress.css"),
    ),
    (
        "assets/skillpress.js",
        include_bytes!("../static/assets/skillpress.js"),
    ),
    (
        "assets/store.js",
        include_bytes!("../static/assets/store.js"),
    ),
    (
        "assets/grading.js",
        include_bytes!("../static/assets/grading.js"),
    ),
    (
        "assets/mastery.js",
        include_bytes!("../static/assets/mastery.js"),
    ),
    ("assets/quiz.js", include_bytes!("../static/assets/quiz.js")),
    ("assets/case.js", include_bytes!("../static/assets/case.js")),
    (
        "assets/case-score.js",
        include_bytes!("../static/assets/case-score.js"),
    ),
    (
        "assets/progress.js",
        include_bytes!("../static/assets/progress.js"),
    ),
    (
        "assets/search.js",
        include_bytes!("../static/assets/search.js"),
    ),
    (
        "assets/search-engine.js",
        include_bytes!("../static/assets/search-engine.js"),
    ),
    (
        "assets/search-tokenize.js",
        include_bytes!("../static/assets/search-tokenize.js"),
    ),
    (
        "assets/progress-page.js",
        include_bytes!("../static/assets/progress-page.js"),
    ),
    ("assets/map.js", include_bytes!("../static/assets/map.js")),
    ("assets/home.js", include_bytes!("../static/assets/home.js")),
    (
        "assets/store-file.js",
        include_bytes!("../static/assets/store-file.js"),
    ),
    (
        "assets/store-records.js",
        include_bytes!("../static/assets/store-records.js"),
    ),
    (
        "assets/certificate.js",
        include_bytes!("../static/assets/certificate.js"),
    ),
    (
        "assets/quiz.css",
        include_bytes!("../static/assets/quiz.css"),
    ),
    (
        "assets/home.css",
        include_bytes!("../static/assets/home.css"),
    ),
    (
        "assets/search.css",
        include_bytes!("../static/assets/search.css"),
    ),
    (
        "assets/certificate.css",
        include_bytes!("../static/assets/certificate.css"),
    ),
    (
        "assets/case.css",
        include_bytes!("../static/assets/case.css"),
    ),
    (
        "assets/progress.css",
        include_bytes!("../static/assets/progress.css"),
    ),
    (
        "assets/team-data.js",
        include_bytes!("../static/assets/team-data.js"),
    ),
    ("assets/team.js", include_bytes!("../static/assets/team.js")),
    (
        "assets/team.css",
        include_bytes!("../static/assets/team.css"),
    ),
    (
        "assets/diagnostic.js",
        include_bytes!("../static/assets/diagnostic.js"),
    ),
    ("assets/path.js", include_bytes!("../static/assets/path.js")),
    (
        "assets/diagnostic.css",
        include_bytes!("../static/assets/diagnostic.css"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn files_under(dir: &Path) -> BTreeSet<String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn every_theme_file_is_compiled_in() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let templates: BTreeSet<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            files_under(&root.join("templates")),
            templates,
            "templates/ and assets::TEMPLATES differ"
        );
        let statics: BTreeSet<String> = STATIC.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            files_under(&root.join("static")),
            statics,
            "static/ and assets::STATIC differ"
        );
    }
}
