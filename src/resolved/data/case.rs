//! `#case-data-<id>` (`CaseData`).

use super::Html;
use crate::model::{Outcome, Quality, Speaker};
use crate::resolved::{Case, Dimension};
use serde::Serialize;
use std::collections::BTreeMap;

/// `#case-data-<id>`: what the case player needs: the graph, texts as HTML, the best score.
#[derive(Debug, Serialize)]
pub struct CaseData<'a> {
    pub best: f64,
    /// (node id, choice index) of each step of the best path.
    pub best_path: Vec<(&'a str, usize)>,
    pub competencies: &'a [String],
    pub debrief: String,
    pub dimensions: &'a [Dimension],
    pub endings: BTreeMap<&'a str, EndingData<'a>>,
    pub id: &'a str,
    pub nodes: BTreeMap<&'a str, NodeData<'a>>,
    pub pass: f64,
    pub persona: Option<PersonaData<'a>>,
    pub start: &'a str,
    pub title: &'a str,
    pub version: &'a str,
}

impl Serialize for Dimension {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Dimension", 2)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("name", &self.name)?;
        st.end()
    }
}

#[derive(Debug, Serialize)]
pub struct EndingData<'a> {
    pub html: String,
    pub outcome: Outcome,
    pub title: &'a str,
}

#[derive(Debug, Serialize)]
pub struct NodeData<'a> {
    pub choices: Vec<ChoiceData<'a>>,
    pub messages: Vec<MessageData>,
    pub prompt: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ChoiceData<'a> {
    pub effects: &'a BTreeMap<String, f64>,
    pub feedback: String,
    pub html: String,
    pub next: &'a str,
    pub quality: Option<Quality>,
}

#[derive(Debug, Serialize)]
pub struct MessageData {
    pub from: Speaker,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct PersonaData<'a> {
    pub mood: Option<&'a str>,
    pub name: &'a str,
}

pub fn case<'a>(k: &'a Case<'a>, html: Html) -> CaseData<'a> {
    let c = &k.source.data;
    CaseData {
        best: k.best,
        best_path: k.best_path.iter().map(|(n, i)| (n.as_str(), *i)).collect(),
        competencies: &c.competencies,
        debrief: super::quiz::optional_html(html, &c.debrief),
        dimensions: &k.dimensions,
        endings: c
            .endings
            .iter()
            .map(|(id, e)| {
                (
                    id.as_str(),
                    EndingData {
                        html: super::quiz::optional_html(html, &e.text),
                        outcome: e.outcome,
                        title: &e.title,
                    },
                )
            })
            .collect(),
        id: k.id,
        nodes: c
            .nodes
            .iter()
            .map(|(id, n)| {
                (
                    id.as_str(),
                    NodeData {
                        choices: n
                            .choices
                            .iter()
                            .map(|ch| ChoiceData {
                                effects: &ch.effects,
                                feedback: super::quiz::optional_html(html, &ch.feedback),
                                html: html(&ch.text.text(), true),
                                next: &ch.next,
                                quality: ch.quality,
                            })
                            .collect(),
                        messages: n
                            .messages
                            .iter()
                            .map(|m| MessageData {
                                from: m.from,
                                html: html(&m.text.text(), false),
                            })
                            .collect(),
                        prompt: n.prompt.as_deref().unwrap_or_default(),
                    },
                )
            })
            .collect(),
        pass: k.pass,
        persona: c.persona.as_ref().map(|p| PersonaData {
            mood: p.mood.as_deref(),
            name: &p.name,
        }),
        start: &c.start,
        title: &c.title,
        version: &k.version,
    }
}
