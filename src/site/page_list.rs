//! The list of the site's pages, as data: the one place that says which pages a course has,
//! where each is written and what it shows. Rendering makes a page per entry; the reading order
//! (previous/next), the sitemap, the search index, the link index that validation checks links
//! against, and the SCORM package all read this list.

use crate::load::{Course, Doc};
use crate::locale::Locale;
use crate::paths;

/// What kind of page an entry is (its `page.kind` in templates, `kind-…` on `<body>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Module,
    Lesson,
    /// A module's check: its quiz, with the module's previous/next.
    Check,
    /// The case library.
    Cases,
    Case,
    /// The reply-template library (every reply on one page).
    Replies,
    Quiz,
    Competencies,
    /// The team lead's view of exported progress files (with a framework).
    Team,
    Progress,
    Search,
    NotFound,
    Certificate,
    /// The diagnostic (`course.yaml` `diagnostic:`).
    Diagnostic,
    /// A free page (`content/pages/`).
    Page,
}

impl PageKind {
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Module => "module",
            PageKind::Lesson => "lesson",
            PageKind::Check => "check",
            PageKind::Cases => "cases",
            PageKind::Case => "case",
            PageKind::Replies => "replies",
            PageKind::Quiz => "quiz",
            PageKind::Competencies => "competencies",
            PageKind::Team => "team",
            PageKind::Progress => "progress",
            PageKind::Search => "search",
            PageKind::NotFound => "404",
            PageKind::Certificate => "certificate",
            PageKind::Diagnostic => "diagnostic",
            PageKind::Page => "page",
        }
    }

    /// Pages in the reading order (previous/next links): home, then each module's overview,
    /// lessons and check.
    pub fn is_read_in_order(self) -> bool {
        matches!(
            self,
            PageKind::Home | PageKind::Module | PageKind::Lesson | PageKind::Check
        )
    }
}

/// The part of the course a page shows, as indices into the course's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Made from the course as a whole (home, library, map, progress, search, 404, certificate).
    Course,
    Module(usize),
    Lesson {
        module: usize,
        lesson: usize,
    },
    Check {
        module: usize,
        quiz: usize,
    },
    Quiz(usize),
    Case(usize),
    Page(usize),
}

/// One page of the site.
#[derive(Debug, Clone)]
pub struct PageEntry {
    pub kind: PageKind,
    /// Output path relative to the site root.
    pub path: String,
    pub title: String,
    /// The source file the page is made from, if one.
    pub source: Option<String>,
    /// The page's language: the course's, or its language edition's.
    pub language: &'static str,
    pub subject: Subject,
}

impl PageEntry {
    /// The Markdown document the page shows, whose headings links may point at.
    pub fn doc<'c>(&self, course: &'c Course) -> Option<&'c Doc> {
        match self.subject {
            Subject::Course if self.kind == PageKind::Home => course.home.as_ref().map(|h| &h.doc),
            Subject::Module(m) => Some(&course.modules[m].doc),
            Subject::Lesson { module, lesson } => Some(&course.modules[module].lessons[lesson].doc),
            Subject::Page(p) => Some(&course.pages[p].doc),
            _ => None,
        }
    }
}

/// Every page of the course, in this order: home; each module's overview, lessons and check;
/// the case library and each case; the reply library (when there are replies); each quiz; the
/// competency map, the diagnostic (when `course.yaml` has one) and the team page (with a
/// framework); progress, search and 404; the certificate (when the final assessment gives one);
/// each free page.
pub fn page_list(course: &Course) -> Vec<PageEntry> {
    // A language edition's pages are in its language (see `editions`).
    let language = Some(course.edition.lang.as_str())
        .filter(|l| !l.is_empty())
        .or(course.config.data.language.as_deref());
    let locale = Locale::for_language(language);
    let language = locale.code;
    let entry = |kind, path: String, title: String, source: Option<&str>, subject| PageEntry {
        kind,
        path,
        title,
        source: source.map(str::to_string),
        language,
        subject,
    };
    let mut list = vec![entry(
        PageKind::Home,
        paths::HOME.to_string(),
        course.config.data.title.clone(),
        course.home.as_ref().map(|h| h.doc.file.as_str()),
        Subject::Course,
    )];
    for (mi, m) in course.modules.iter().enumerate() {
        list.push(entry(
            PageKind::Module,
            paths::module(&m.id),
            m.front.title.clone(),
            Some(&m.doc.file),
            Subject::Module(mi),
        ));
        for (li, l) in m.lessons.iter().enumerate() {
            list.push(entry(
                PageKind::Lesson,
                paths::lesson(&m.id, &l.id),
                l.front.title.clone(),
                Some(&l.doc.file),
                Subject::Lesson {
                    module: mi,
                    lesson: li,
                },
            ));
        }
        let quiz = m.front.quiz.as_ref();
        if let Some(qi) = quiz.and_then(|q| course.quizzes.iter().position(|x| &x.id == q)) {
            let q = &course.quizzes[qi];
            list.push(entry(
                PageKind::Check,
                paths::check(&m.id),
                q.data.title.clone(),
                Some(&q.file),
                Subject::Check {
                    module: mi,
                    quiz: qi,
                },
            ));
        }
    }
    list.push(entry(
        PageKind::Cases,
        paths::CASES.to_string(),
        locale.t("case_library"),
        None,
        Subject::Course,
    ));
    for (i, c) in course.cases.iter().enumerate() {
        list.push(entry(
            PageKind::Case,
            paths::case(&c.id),
            c.data.title.clone(),
            Some(&c.file),
            Subject::Case(i),
        ));
    }
    if !course.replies.is_empty() {
        list.push(entry(
            PageKind::Replies,
            paths::REPLIES.to_string(),
            locale.t("reply_library"),
            None,
            Subject::Course,
        ));
    }
    for (i, q) in course.quizzes.iter().enumerate() {
        list.push(entry(
            PageKind::Quiz,
            paths::quiz(&q.id),
            q.data.title.clone(),
            Some(&q.file),
            Subject::Quiz(i),
        ));
    }
    if let Some(fw) = &course.framework {
        list.push(entry(
            PageKind::Competencies,
            paths::COMPETENCIES.to_string(),
            locale.t("competency_map"),
            Some(&fw.file),
            Subject::Course,
        ));
        if course.config.data.diagnostic.is_some() {
            list.push(entry(
                PageKind::Diagnostic,
                paths::DIAGNOSTIC.to_string(),
                locale.t("diagnostic_title"),
                None,
                Subject::Course,
            ));
        }
        list.push(entry(
            PageKind::Team,
            paths::TEAM.to_string(),
            locale.t("team_view"),
            None,
            Subject::Course,
        ));
    }
    for (kind, path, title_key) in [
        (PageKind::Progress, paths::PROGRESS, "my_progress"),
        (PageKind::Search, paths::SEARCH, "search"),
        (PageKind::NotFound, paths::NOT_FOUND, "not_found_title"),
    ] {
        list.push(entry(
            kind,
            path.to_string(),
            locale.t(title_key),
            None,
            Subject::Course,
        ));
    }
    if course
        .config
        .data
        .assessment
        .as_ref()
        .is_some_and(|a| a.certificate)
    {
        list.push(entry(
            PageKind::Certificate,
            paths::CERTIFICATE.to_string(),
            locale.t("certificate"),
            None,
            Subject::Course,
        ));
    }
    for (i, p) in course.pages.iter().enumerate() {
        list.push(entry(
            PageKind::Page,
            paths::page(&p.id),
            p.front.title.clone().unwrap_or_default(),
            Some(&p.doc.file),
            Subject::Page(i),
        ));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_course::{course, BANK};

    #[test]
    fn pages_come_in_reading_order_then_the_rest() {
        let c = course(
            "assessment: { quiz: basics-check, certificate: true }\n",
            &[("basics-check", BANK)],
            &[],
            "",
        );
        let list = page_list(&c);
        let got: Vec<(&str, &str)> = list
            .iter()
            .map(|p| (p.kind.name(), p.path.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("home", "index.html"),
                ("module", "modules/basics/index.html"),
                ("lesson", "modules/basics/first.html"),
                ("lesson", "modules/basics/second.html"),
                ("check", "modules/basics/check.html"),
                ("cases", "cases/index.html"),
                ("quiz", "quizzes/basics-check.html"),
                ("competencies", "competencies.html"),
                ("team", "team.html"),
                ("progress", "progress.html"),
                ("search", "search.html"),
                ("404", "404.html"),
                ("certificate", "certificate.html"),
            ]
        );
        let check = &list[4];
        assert_eq!(check.title, "Basics check");
        assert_eq!(check.source.as_deref(), Some("quizzes/basics-check.yaml"));
        assert_eq!(check.subject, Subject::Check { module: 0, quiz: 0 });
        assert!(list.iter().all(|p| p.language == "en"));
        let read: Vec<&str> = list
            .iter()
            .filter(|p| p.kind.is_read_in_order())
            .map(|p| p.title.as_str())
            .collect();
        assert_eq!(read, ["T", "Basics", "First", "Second", "Basics check"]);
    }

    #[test]
    fn the_link_index_maps_each_source_to_its_own_page() {
        let c = course("", &[("basics-check", BANK)], &[], "");
        let index = crate::paths::site_index(&c, &page_list(&c));
        let to = |dest: &str| match index.resolve("content/modules/01-basics/01-first.md", dest) {
            Ok(crate::links::Resolved::Internal { output, .. }) => output,
            other => panic!("{dest}: {other:?}"),
        };
        // A quiz file is linked to its quiz page, not to the module check that shows it too.
        assert_eq!(
            to("../../../quizzes/basics-check.yaml"),
            "quizzes/basics-check.html"
        );
        assert_eq!(to("02-second.md"), "modules/basics/second.html");
        assert_eq!(to("../../competencies.yaml"), "competencies.html");
    }
}
