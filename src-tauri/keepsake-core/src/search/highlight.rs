//! Marking where a query matched, as plain text pieces the UI renders without HTML.

use super::cjk::is_cjk;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// The pieces of a query that are looked for in the text: words, and CJK runs as typed.
pub fn terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_cjk = false;
    for c in query.chars() {
        let cjk = is_cjk(c);
        let word = cjk || c.is_alphanumeric();
        if (!word || cjk != current_cjk) && !current.is_empty() {
            terms.push(std::mem::take(&mut current).to_lowercase());
        }
        if word {
            current.push(c);
            current_cjk = cjk;
        }
    }
    if !current.is_empty() {
        terms.push(current.to_lowercase());
    }
    terms
}

/// Byte ranges of `text` where any term occurs (case-insensitively), merged and in order.
fn ranges(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    // Lowercasing can change byte lengths; match on a per-char lowercase map to stay aligned.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|&(_, c)| c.to_lowercase().next().unwrap_or(c))
        .collect();
    let mut found = Vec::new();
    for term in terms {
        let t: Vec<char> = term.chars().collect();
        if t.is_empty() || t.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - t.len() {
            if lower[start..start + t.len()] == t[..] {
                let from = chars[start].0;
                let to = chars.get(start + t.len()).map_or(text.len(), |&(i, _)| i);
                found.push((from, to));
            }
        }
    }
    found.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in found {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// `text` cut into matched and unmatched pieces.
pub fn segments(text: &str, terms: &[String]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b) in ranges(text, terms) {
        if a > at {
            out.push(Segment {
                text: text[at..a].to_owned(),
                hit: false,
            });
        }
        out.push(Segment {
            text: text[a..b].to_owned(),
            hit: true,
        });
        at = b;
    }
    if at < text.len() || out.is_empty() {
        out.push(Segment {
            text: text[at..].to_owned(),
            hit: false,
        });
    }
    out
}

const BEFORE: usize = 30;
const LENGTH: usize = 160;

/// About `LENGTH` characters of `body` around its first match (or its start), whitespace
/// collapsed, with ellipses where it was cut, split into segments.
pub fn snippet(body: &str, terms: &[String]) -> Vec<Segment> {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = ranges(&flat, terms).first().map_or(0, |&(a, _)| a);
    let first_char = flat[..first].chars().count();
    let start_char = first_char.saturating_sub(BEFORE);
    let total = flat.chars().count();
    let mut passage: String = flat.chars().skip(start_char).take(LENGTH).collect();
    if start_char > 0 {
        passage.insert(0, '…');
    }
    if start_char + LENGTH < total {
        passage.push('…');
    }
    segments(&passage, terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.hit {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn terms_split_words_and_cjk_runs() {
        assert_eq!(
            terms("Sea walk, 雨天 读书ok"),
            ["sea", "walk", "雨天", "读书", "ok"]
        );
    }

    #[test]
    fn matches_are_marked_case_insensitively_and_merged() {
        let t = terms("sea SEAGULL");
        assert_eq!(
            marked(&segments("Seagulls by the sea", &t)),
            "[Seagull]s by the [sea]"
        );
        assert_eq!(
            marked(&segments("今天下雨，读书", &terms("读书 雨"))),
            "今天下[雨]，[读书]"
        );
        assert_eq!(marked(&segments("nothing", &terms("zz"))), "nothing");
        assert_eq!(
            segments("", &terms("a")),
            [Segment {
                text: String::new(),
                hit: false
            }]
        );
    }

    #[test]
    fn snippets_centre_on_the_first_match() {
        let body = format!("{} needle {}", "hay ".repeat(100), "straw ".repeat(100));
        let s = marked(&snippet(&body, &terms("needle")));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("[needle]"));
        assert!(s.chars().count() <= LENGTH + 4);
    }
}
