//! "Did you mean …?" for misspelt ids.

/// Levenshtein distance, for short ids.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A help line naming the closest known id, or listing the known ids when few.
pub fn help<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.into_iter().collect();
    if known.is_empty() {
        return "none is defined yet".to_string();
    }
    let best = known
        .iter()
        .map(|k| (distance(unknown, k), *k))
        .min()
        .filter(|(d, k)| *d <= (k.len() / 3).max(2));
    match best {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None if known.len() <= 12 => format!(
            "known ids: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("{} ids are defined; check the spelling", known.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids() {
        assert_eq!(
            help("handof-check", ["handoff-check", "kpi-check"]),
            "did you mean `handoff-check`?"
        );
        assert_eq!(help("zzz", ["a", "b"]), "known ids: `a`, `b`");
    }
}
