//! Translations against their sources. A translated quiz bank, case, framework, page or reply
//! template repeats its source's ids and structure and replaces only text, so a learner's
//! answers, scores and competency evidence mean the same in every language: anything that
//! decides grading must be identical. Text answers (`accept`, `reject`) are in the learner's language and may differ.

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::links::SiteIndex;
use crate::load::{Course, Yaml};
use crate::model::*;
use crate::yaml::Spans;
use std::collections::BTreeMap;
use std::fmt::Debug;

mod embeds;
mod replies;

/// Compares every translated file of `translated` (an edition of the course) with its source
/// in `source` (the default edition). Files shown in the default language are not compared.
pub fn check(source: &Course, translated: &Course) -> Diagnostics {
    let mut d = Diagnostics::new();
    for q in translated
        .quizzes
        .iter()
        .filter(|q| is_translation(&q.file))
    {
        if let Some(s) = source.quizzes.iter().find(|s| s.id == q.id) {
            quiz(&mut Cmp::new(q, s, &mut d), &q.data, &s.data);
        }
    }
    for c in translated.cases.iter().filter(|c| is_translation(&c.file)) {
        if let Some(s) = source.cases.iter().find(|s| s.id == c.id) {
            case(&mut Cmp::new(c, s, &mut d), &c.data, &s.data);
        }
    }
    if let (Some(f), Some(s)) = (&translated.framework, &source.framework) {
        if is_translation(&f.file) {
            framework(&mut Cmp::new(f, s, &mut d), &f.data, &s.data);
        }
    }
    for m in &translated.modules {
        let Some(sm) = source.modules.iter().find(|s| s.id == m.id) else {
            continue;
        };
        if is_translation(&m.doc.file) {
            let mut cmp = Cmp::files(&m.doc.file, &m.doc.front_spans, &sm.doc.file, &mut d);
            cmp.same("quiz", "the module's quiz", &m.front.quiz, &sm.front.quiz);
            cmp.same(
                "competencies",
                "the module's competencies",
                &m.front.competencies,
                &sm.front.competencies,
            );
            cmp.same(
                "prerequisites",
                "the module's prerequisites",
                &m.front.prerequisites,
                &sm.front.prerequisites,
            );
            embeds::check(&m.doc, &sm.doc, &mut d);
        }
        for l in m.lessons.iter().filter(|l| is_translation(&l.doc.file)) {
            if let Some(sl) = sm.lessons.iter().find(|s| s.id == l.id) {
                let mut cmp = Cmp::files(&l.doc.file, &l.doc.front_spans, &sl.doc.file, &mut d);
                cmp.same(
                    "competencies",
                    "the lesson's competencies",
                    &l.front.competencies,
                    &sl.front.competencies,
                );
                embeds::check(&l.doc, &sl.doc, &mut d);
            }
        }
    }
    let pages = translated.home.iter().chain(&translated.pages);
    for p in pages.filter(|p| is_translation(&p.doc.file)) {
        let source_page = match p.id.as_str() {
            "index" => source.home.as_ref(),
            id => source.pages.iter().find(|s| s.id == id),
        };
        if let Some(sp) = source_page {
            embeds::check(&p.doc, &sp.doc, &mut d);
        }
    }
    replies::check(source, translated, &mut d);
    d
}

/// The same pages in both editions: a draft (left out of a build) is a draft in every language.
pub fn check_pages(source: &SiteIndex, translated: &SiteIndex, lang: &str) -> Diagnostics {
    let mut d = Diagnostics::new();
    let here: BTreeMap<&str, &str> = translated.outputs().collect();
    let there: BTreeMap<&str, &str> = source.outputs().collect();
    for (src, output) in &here {
        if !there.contains_key(src) {
            d.push(
                Diagnostic::error(
                    translated.shown(src),
                    Some(Pos::new(1, 1)),
                    format!("`{output}` would exist only in the {lang} edition: its source `{src}` is a draft"),
                )
                .with_help("mark the translation `draft: true` as its source is, or publish both"),
            );
        }
    }
    for (src, output) in &there {
        if !here.contains_key(src) {
            d.push(
                Diagnostic::error(
                    crate::editions::translation_path(src, lang),
                    Some(Pos::new(1, 1)),
                    format!("`{output}` would be missing from the {lang} edition: this translation is a draft and its source `{src}` is not"),
                )
                .with_help("remove `draft: true` from the translation, or make its source a draft too"),
            );
        }
    }
    d
}

fn is_translation(file: &str) -> bool {
    crate::editions::split_suffix(file).is_some()
}

/// Reports where a translated file differs from its source.
struct Cmp<'a> {
    file: &'a str,
    spans: &'a Spans,
    source_file: &'a str,
    d: &'a mut Diagnostics,
}

impl<'a> Cmp<'a> {
    fn new<T>(t: &'a Yaml<T>, s: &'a Yaml<T>, d: &'a mut Diagnostics) -> Self {
        Cmp::files(&t.file, &t.spans, &s.file, d)
    }

    fn files(
        file: &'a str,
        spans: &'a Spans,
        source_file: &'a str,
        d: &'a mut Diagnostics,
    ) -> Self {
        Cmp {
            file,
            spans,
            source_file,
            d,
        }
    }

    /// Reports `what` at `path` unless `here` (the translation's) equals `there` (the source's).
    fn same<T: PartialEq + Debug>(&mut self, path: &str, what: &str, here: &T, there: &T) -> bool {
        if here == there {
            return true;
        }
        let (here, there) = (show(here), show(there));
        self.differs(
            path,
            format!("{what} must match the source: {here} here, {there} in `{}`", self.source_file),
            format!("a translation changes only text; write {there} as the source does (or change both files)"),
        );
        false
    }

    /// Reports a list whose length differs.
    fn same_len(&mut self, path: &str, what: &str, here: usize, there: usize) -> bool {
        if here == there {
            return true;
        }
        self.differs(
            path,
            format!("{what}: {here} here, {there} in `{}`", self.source_file),
            "a translation has the same items in the same order as its source; translate each one, add or remove none".to_string(),
        );
        false
    }

    fn differs(&mut self, path: &str, message: String, help: String) {
        self.d
            .push(Diagnostic::error(self.file, self.spans.locate(path), message).with_help(help));
    }
}

/// A value as an author wrote it, for a message: `none`, `true`, `0.5`, `[a, b]`.
fn show<T: Debug>(value: &T) -> String {
    let raw = format!("{value:?}");
    let raw = raw
        .strip_prefix("Some(")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(&raw)
        .to_string();
    let plain = raw.replace('"', "");
    match plain.as_str() {
        "None" => "none".to_string(),
        _ => format!("`{}`", plain.to_lowercase_keywords()),
    }
}

/// Enum variants as they are written in YAML (`TrueFalse` → `true_false`).
trait Keywords {
    fn to_lowercase_keywords(&self) -> String;
}

impl Keywords for str {
    fn to_lowercase_keywords(&self) -> String {
        let mut out = String::new();
        let mut prev_lower = false;
        for c in self.chars() {
            if c.is_ascii_uppercase() {
                if prev_lower {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
                prev_lower = false;
            } else {
                out.push(c);
                prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            }
        }
        out
    }
}

fn quiz(cmp: &mut Cmp, t: &QuizFile, s: &QuizFile) {
    cmp.same(
        "competencies",
        "the bank's competencies",
        &t.competencies,
        &s.competencies,
    );
    cmp.same("pass", "`pass`", &t.pass, &s.pass);
    cmp.same("pick", "`pick`", &t.pick, &s.pick);
    cmp.same("shuffle", "`shuffle`", &t.shuffle, &s.shuffle);
    cmp.same("feedback", "`feedback`", &t.feedback, &s.feedback);
    cmp.same("attempts", "`attempts`", &t.attempts, &s.attempts);
    match (&t.draw, &s.draw) {
        (Some(td), Some(sd)) => {
            if cmp.same_len(
                "draw",
                "the number of draw rules must match the source",
                td.len(),
                sd.len(),
            ) {
                for (i, (a, b)) in td.iter().zip(sd).enumerate() {
                    let p = format!("draw.{i}");
                    cmp.same(
                        &format!("{p}.from"),
                        "a draw rule's `from`",
                        &a.from,
                        &b.from,
                    );
                    cmp.same(
                        &format!("{p}.competency"),
                        "a draw rule's `competency`",
                        &a.competency,
                        &b.competency,
                    );
                    cmp.same(
                        &format!("{p}.count"),
                        "a draw rule's `count`",
                        &a.count,
                        &b.count,
                    );
                    cmp.same(
                        &format!("{p}.difficulty"),
                        "a draw rule's `difficulty`",
                        &a.difficulty,
                        &b.difficulty,
                    );
                    cmp.same(
                        &format!("{p}.questions"),
                        "a draw rule's `questions`",
                        &a.questions,
                        &b.questions,
                    );
                }
            }
        }
        (a, b) => {
            cmp.same(
                "draw",
                "whether this is an assessment (`draw`)",
                &a.is_some(),
                &b.is_some(),
            );
        }
    }
    let (tq, sq) = (
        t.questions.as_deref().unwrap_or(&[]),
        s.questions.as_deref().unwrap_or(&[]),
    );
    if !cmp.same_len(
        "questions",
        "the number of questions must match the source",
        tq.len(),
        sq.len(),
    ) {
        return;
    }
    for (i, (a, b)) in tq.iter().zip(sq).enumerate() {
        let p = format!("questions.{i}");
        // A different id means a different question: comparing the rest would only add noise.
        if !cmp.same(
            &format!("{p}.id"),
            &format!("question {}'s id", i + 1),
            &a.id,
            &b.id,
        ) {
            continue;
        }
        question(cmp, &p, a, b);
    }
}

fn question(cmp: &mut Cmp, p: &str, a: &Question, b: &Question) {
    let id = &a.id;
    let at = |k: &str| format!("{p}.{k}");
    let of = |k: &str| format!("question `{id}`'s {k}");
    if !cmp.same(&at("type"), &of("type"), &a.kind, &b.kind) {
        return;
    }
    cmp.same(
        &at("competencies"),
        &of("competencies"),
        &a.competencies,
        &b.competencies,
    );
    cmp.same(
        &at("difficulty"),
        &of("difficulty"),
        &a.difficulty,
        &b.difficulty,
    );
    cmp.same(&at("points"), &of("points"), &a.points, &b.points);
    cmp.same(&at("scoring"), &of("scoring"), &a.scoring, &b.scoring);
    let answer = |q: &Question| {
        q.answer.map(|x| match x {
            Answer::Bool(b) => b.to_string(),
            Answer::Number(n) => n.to_string(),
        })
    };
    cmp.same(&at("answer"), &of("answer"), &answer(a), &answer(b));
    cmp.same(
        &at("tolerance"),
        &of("tolerance"),
        &a.tolerance,
        &b.tolerance,
    );
    cmp.same(&at("range"), &of("range"), &a.range, &b.range);
    let (ao, bo) = (
        a.options.as_deref().unwrap_or(&[]),
        b.options.as_deref().unwrap_or(&[]),
    );
    if cmp.same_len(
        &at("options"),
        &format!("question `{id}`'s number of options must match the source"),
        ao.len(),
        bo.len(),
    ) {
        for (j, (x, y)) in ao.iter().zip(bo).enumerate() {
            let op = format!("{p}.options.{j}");
            cmp.same(
                &format!("{op}.correct"),
                &format!("whether option {} of `{id}` is correct", j + 1),
                &x.correct,
                &y.correct,
            );
            cmp.same(
                &format!("{op}.pin"),
                &format!("option {} of `{id}`'s `pin`", j + 1),
                &x.pin,
                &y.pin,
            );
        }
    }
    let len = |v: &Option<Vec<Scalar>>| v.as_ref().map_or(0, Vec::len);
    cmp.same_len(
        &at("items"),
        &format!("question `{id}`'s number of items to order must match the source"),
        len(&a.items),
        len(&b.items),
    );
    cmp.same_len(
        &at("pairs"),
        &format!("question `{id}`'s number of pairs must match the source"),
        a.pairs.as_ref().map_or(0, Vec::len),
        b.pairs.as_ref().map_or(0, Vec::len),
    );
    cmp.same_len(
        &at("distractors"),
        &format!("question `{id}`'s number of distractors must match the source"),
        len(&a.distractors),
        len(&b.distractors),
    );
}

fn case(cmp: &mut Cmp, t: &CaseFile, s: &CaseFile) {
    cmp.same(
        "competencies",
        "the case's competencies",
        &t.competencies,
        &s.competencies,
    );
    cmp.same("start", "the starting node", &t.start, &s.start);
    cmp.same("pass", "`pass`", &t.pass, &s.pass);
    cmp.same("channel", "the channel", &t.channel, &s.channel);
    cmp.same("difficulty", "the difficulty", &t.difficulty, &s.difficulty);
    let dims = |c: &CaseFile| -> Vec<String> {
        c.dimensions
            .iter()
            .flatten()
            .map(|d| d.id.clone())
            .collect()
    };
    cmp.same("dimensions", "the scored dimensions", &dims(t), &dims(s));
    same_keys(cmp, "nodes", "node", &t.nodes, &s.nodes);
    for (id, n) in &t.nodes {
        let Some(sn) = s.nodes.get(id) else { continue };
        let p = format!("nodes.{id}");
        if !cmp.same_len(
            &format!("{p}.choices"),
            &format!("node `{id}`'s number of choices must match the source"),
            n.choices.len(),
            sn.choices.len(),
        ) {
            continue;
        }
        for (j, (a, b)) in n.choices.iter().zip(&sn.choices).enumerate() {
            let cp = format!("{p}.choices.{j}");
            let which = format!("choice {} of node `{id}`", j + 1);
            cmp.same(
                &format!("{cp}.next"),
                &format!("where {which} leads (`next`)"),
                &a.next,
                &b.next,
            );
            cmp.same(
                &format!("{cp}.effects"),
                &format!("the effects of {which}"),
                &a.effects,
                &b.effects,
            );
            cmp.same(
                &format!("{cp}.quality"),
                &format!("the quality of {which}"),
                &a.quality,
                &b.quality,
            );
        }
    }
    same_keys(cmp, "endings", "ending", &t.endings, &s.endings);
    for (id, e) in &t.endings {
        if let Some(se) = s.endings.get(id) {
            cmp.same(
                &format!("endings.{id}.outcome"),
                &format!("ending `{id}`'s outcome"),
                &e.outcome,
                &se.outcome,
            );
        }
    }
}

/// The same keys in a map of the translation and of the source (case nodes, endings).
fn same_keys<V>(
    cmp: &mut Cmp,
    path: &str,
    what: &str,
    t: &BTreeMap<String, V>,
    s: &BTreeMap<String, V>,
) {
    for id in t.keys().filter(|k| !s.contains_key(*k)) {
        cmp.differs(
            &format!("{path}.{id}"),
            format!("{what} `{id}` is not in the source `{}`", cmp.source_file),
            format!("a translation keeps the source's {what}s and their ids; rename it to the source's id or remove it"),
        );
    }
    for id in s.keys().filter(|k| !t.contains_key(*k)) {
        cmp.differs(
            path,
            format!(
                "{what} `{id}` of the source `{}` is missing here",
                cmp.source_file
            ),
            format!("translate {what} `{id}` too, with the same id"),
        );
    }
}

fn framework(cmp: &mut Cmp, t: &Framework, s: &Framework) {
    cmp.same(
        "min_evidence",
        "`min_evidence`",
        &crate::resolved::min_evidence(t),
        &crate::resolved::min_evidence(s),
    );
    let scale = |f: &Framework| -> Vec<(u32, f64)> {
        f.scale.iter().map(|l| (l.level, l.min_mastery)).collect()
    };
    cmp.same(
        "scale",
        "the scale (levels and `min_mastery`)",
        &scale(t),
        &scale(s),
    );
    let ids =
        |f: &Framework| -> Vec<String> { f.competencies.iter().map(|c| c.id.clone()).collect() };
    if cmp.same("competencies", "the competency ids", &ids(t), &ids(s)) {
        for (i, (a, b)) in t.competencies.iter().zip(&s.competencies).enumerate() {
            let levels = |c: &Competency| -> Vec<u32> { c.levels.keys().copied().collect() };
            cmp.same(
                &format!("competencies.{i}.levels"),
                &format!("the levels described for `{}`", a.id),
                &levels(a),
                &levels(b),
            );
        }
    }
    let roles = |f: &Framework| -> Vec<String> { f.roles.iter().map(|r| r.id.clone()).collect() };
    if cmp.same("roles", "the role ids", &roles(t), &roles(s)) {
        for (i, (a, b)) in t.roles.iter().zip(&s.roles).enumerate() {
            cmp.same(
                &format!("roles.{i}.targets"),
                &format!("role `{}`'s targets", a.id),
                &a.targets,
                &b.targets,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_as_written_in_yaml() {
        assert_eq!(show(&Some(QuestionType::TrueFalse)), "`true_false`");
        assert_eq!(show(&None::<u32>), "none");
        assert_eq!(show(&Some(0.5)), "`0.5`");
        assert_eq!(show(&vec!["a".to_string(), "b".to_string()]), "`[a, b]`");
        assert_eq!(show(&"start".to_string()), "`start`");
    }
}
