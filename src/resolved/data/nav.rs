//! `assets/nav.js` (`NavData`).

use crate::paths;
use crate::resolved::Model;
use serde::Serialize;

/// `assets/nav.js`: `window.skillpressNav`, every URL relative to the site root.
#[derive(Debug, Serialize)]
pub struct NavData<'a> {
    /// The site's other pages: `cases`, `replies` (when the course has reply templates),
    /// `competencies`, `progress`, `team` (with a framework; titles from the interface strings,
    /// so empty here), `assessment`, then each free `page`.
    pub links: Vec<NavLink<'a>>,
    pub modules: Vec<NavModule<'a>>,
}

#[derive(Debug, Serialize)]
pub struct NavLink<'a> {
    pub kind: &'static str,
    pub title: Option<&'a str>,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct NavModule<'a> {
    pub check: Option<NavCheck<'a>>,
    pub id: &'a str,
    pub lessons: Vec<NavLesson<'a>>,
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct NavCheck<'a> {
    pub quiz: &'a str,
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct NavLesson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
}

pub fn nav<'a>(model: &'a Model<'a>) -> NavData<'a> {
    let course = model.course;
    let mut links = vec![NavLink {
        kind: "cases",
        title: Some(""),
        url: paths::CASES.to_string(),
    }];
    if !model.replies.is_empty() {
        links.push(NavLink {
            kind: "replies",
            title: Some(""),
            url: paths::REPLIES.to_string(),
        });
    }
    links.extend([
        NavLink {
            kind: "competencies",
            title: Some(""),
            url: paths::COMPETENCIES.to_string(),
        },
        NavLink {
            kind: "progress",
            title: Some(""),
            url: paths::PROGRESS.to_string(),
        },
    ]);
    // The team page comes with the framework (see `site::page_list`).
    if course.framework.is_some() {
        links.push(NavLink {
            kind: "team",
            title: Some(""),
            url: paths::TEAM.to_string(),
        });
    }
    if let Some(q) = model.assessment_quiz() {
        links.push(NavLink {
            kind: "assessment",
            title: Some(&q.source.data.title),
            url: paths::quiz(q.id),
        });
    }
    for p in &course.pages {
        links.push(NavLink {
            kind: "page",
            title: p.front.title.as_deref(),
            url: paths::page(&p.id),
        });
    }
    NavData {
        links,
        modules: model
            .modules
            .iter()
            .map(|m| {
                let md = m.source;
                NavModule {
                    check: m.check.map(|i| {
                        let q = &model.quizzes[i];
                        NavCheck {
                            quiz: q.id,
                            title: &q.source.data.title,
                            url: paths::check(&md.id),
                        }
                    }),
                    id: &md.id,
                    lessons: md
                        .lessons
                        .iter()
                        .map(|l| NavLesson {
                            id: &l.id,
                            title: &l.front.title,
                            url: paths::lesson(&md.id, &l.id),
                        })
                        .collect(),
                    title: &md.front.title,
                    url: paths::module(&md.id),
                }
            })
            .collect(),
    }
}
