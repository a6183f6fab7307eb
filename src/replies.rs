//! The reply-template library's vocabulary and text rules, shared by validation, the resolved
//! model and the pages: the tones, the channels (the case vocabulary), `{placeholder}`s in a
//! reply's text, and calendar dates for the review interval.

/// The tones a reply may have, in the order the filter shows them.
pub const TONES: [&str; 6] = [
    "warm",
    "apologetic",
    "reassuring",
    "firm",
    "formal",
    "neutral",
];

/// The channels a reply may be written for: the case vocabulary (spec §2.5), same order.
pub const CHANNELS: [&str; 6] = ["chat", "dm", "phone", "email", "video", "in_person"];

/// Days after `reviewed:` a reply is due for review when `course.yaml` sets no `review_every:`.
pub const DEFAULT_REVIEW_DAYS: u32 = 365;

/// One `{name}` in a reply's text: byte range (braces included) and the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder<'a> {
    pub start: usize,
    pub end: usize,
    pub name: &'a str,
}

/// A placeholder name: a lower-case letter, then lower-case letters, digits and `_`. Anything
/// else in braces (`{ }`, `{Name}`, JSON) is left as text.
pub fn is_placeholder_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Every `{name}` in `text`, in order.
pub fn placeholders(text: &str) -> Vec<Placeholder<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find('{') {
        let start = from + i;
        let Some(len) = text[start + 1..].find(['}', '{']) else {
            break;
        };
        let inner_end = start + 1 + len;
        if text.as_bytes()[inner_end] == b'}' && is_placeholder_name(&text[start + 1..inner_end]) {
            out.push(Placeholder {
                start,
                end: inner_end + 1,
                name: &text[start + 1..inner_end],
            });
            from = inner_end + 1;
        } else {
            from = start + 1;
        }
    }
    out
}

/// The names used in `text`, each once, in order of first use.
pub fn placeholder_names(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for p in placeholders(text) {
        if !names.contains(&p.name) {
            names.push(p.name);
        }
    }
    names
}

/// A lesson link as the source file it names: `.md` added when the last part has no extension.
pub fn lesson_source(link: &str) -> String {
    let (path, anchor) = match link.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (link, None),
    };
    let last = path.rsplit('/').next().unwrap_or("");
    let mut source = path.to_string();
    if !last.is_empty() && !last.contains('.') {
        source.push_str(".md");
    }
    if let Some(a) = anchor {
        source.push('#');
        source.push_str(a);
    }
    source
}

/// A day in the proleptic Gregorian calendar, counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub i64);

impl Day {
    /// Reads `YYYY-MM-DD`; `None` for anything else or a date that does not exist.
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Day(days_from_civil(y, m, d)))
    }

    /// The day a Unix time (seconds) falls on, in UTC.
    pub fn from_unix(seconds: i64) -> Day {
        Day(seconds.div_euclid(86_400))
    }

    /// The build's date: `SOURCE_DATE_EPOCH` (Unix seconds, the reproducible-builds convention)
    /// when it is set and a number, else the clock. Only discovery calls this: it is an input.
    pub fn today() -> Day {
        let from_env = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok());
        let seconds = from_env.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
        Day::from_unix(seconds)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        let (y, m, d) = civil_from_days(self.0);
        format!("{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_lowercase_names_in_braces() {
        let text = "Hi {customer_name}, order {order_id}; {Name} { x } {a{b} {customer_name}";
        let names: Vec<&str> = placeholders(text).iter().map(|p| p.name).collect();
        assert_eq!(names, ["customer_name", "order_id", "b", "customer_name"]);
        assert_eq!(placeholder_names(text), ["customer_name", "order_id", "b"]);
        let first = &placeholders(text)[0];
        assert_eq!(&text[first.start..first.end], "{customer_name}");
        assert!(placeholders("no braces {").is_empty());
    }

    #[test]
    fn lesson_links_may_leave_out_md() {
        assert_eq!(lesson_source("/modules/02-x/01-y"), "/modules/02-x/01-y.md");
        assert_eq!(
            lesson_source("/modules/02-x/01-y#a"),
            "/modules/02-x/01-y.md#a"
        );
        assert_eq!(
            lesson_source("/modules/02-x/01-y.md"),
            "/modules/02-x/01-y.md"
        );
        assert_eq!(lesson_source("/modules/02-x/"), "/modules/02-x/");
    }

    #[test]
    fn dates_round_trip_and_reject_impossible_days() {
        assert_eq!(Day::parse("1970-01-01"), Some(Day(0)));
        assert_eq!(
            Day::parse("2026-10-01").map(Day::iso).unwrap(),
            "2026-10-01"
        );
        assert_eq!(
            Day::parse("2024-02-29").map(Day::iso).unwrap(),
            "2024-02-29"
        );
        assert_eq!(
            Day::parse("2026-03-01").unwrap().0 - Day::parse("2026-02-28").unwrap().0,
            1
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "01.10.2026",
            "2026-10-00",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert_eq!(Day::from_unix(86_400 * 2 + 5).iso(), "1970-01-03");
        assert_eq!(Day::from_unix(-1).iso(), "1969-12-31");
    }
}
