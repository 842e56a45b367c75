//! Chinese (and Japanese, Korean) text for FTS5 without a custom tokenizer.
//!
//! FTS5's unicode61 tokenizer takes a whole run of Han characters as one token, so searching a
//! word inside a sentence finds nothing. We index a derived text instead, in which every such
//! run is written as its overlapping pairs, then its single characters:
//!
//! ```text
//! 今天天气好  ->  今天 天天 天气 气好 今 天 天 气 好
//! ```
//!
//! and transform each query the same way: one character is a single-character token, two are a
//! pair token, three or more are their consecutive pairs, checked against the text itself. Every
//! such query is an index look-up (no table scan) and finds exactly what a substring search
//! would.

/// Characters written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK Extension A
        | 0x4E00..=0x9FFF   // CJK Unified Ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK Compatibility Ideographs
        | 0x20000..=0x3134F // Extensions B to G
    )
}

/// Split `text` into runs of CJK and of everything else, in order.
pub(super) fn runs(text: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let cjk = is_cjk(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_cjk(c) != cjk)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((cjk, run))
    })
}

fn pairs(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// The text stored in the index for `text`.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for (cjk, run) in runs(text) {
        out.push(' ');
        if cjk {
            for pair in pairs(run) {
                out.push_str(&pair);
                out.push(' ');
            }
            for c in run.chars() {
                out.push(c);
                out.push(' ');
            }
        } else {
            out.push_str(run);
        }
    }
    out
}

/// `token` as an FTS5 string.
pub(super) fn quote(token: &str) -> String {
    format!("\"{}\"", token.replace('"', "\"\""))
}

/// The index tokens for a run of CJK characters, every one of which a match has, and the run
/// itself when they alone do not prove a match: one character is a single-character token and
/// two are a pair token (exact), three or more are their consecutive pairs (the index keeps no
/// positions, so the text is then checked for the run itself).
pub(super) fn run_tokens(run: &str) -> (Vec<String>, Option<String>) {
    match run.chars().count() {
        1 | 2 => (vec![run.to_owned()], None),
        _ => {
            let mut pairs = pairs(run);
            pairs.sort();
            pairs.dedup();
            (pairs, Some(run.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_become_pairs_then_characters() {
        assert_eq!(
            index_text("今天天气好")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["今天", "天天", "天气", "气好", "今", "天", "天", "气", "好"]
        );
        let mixed = index_text("iPhone手机, ok");
        let tokens: Vec<_> = mixed.split_whitespace().collect();
        assert_eq!(tokens, ["iPhone", "手机", "手", "机", ",", "ok"]);
    }

    #[test]
    fn runs_become_index_tokens() {
        assert_eq!(run_tokens("雨"), (vec!["雨".into()], None));
        assert_eq!(run_tokens("读书"), (vec!["读书".into()], None));
        assert_eq!(
            run_tokens("读完了"),
            (vec!["完了".into(), "读完".into()], Some("读完了".into()))
        );
        assert_eq!(
            run_tokens("天天天").0,
            ["天天"],
            "a pair that repeats is asked for once"
        );
    }

    #[test]
    fn kana_hangul_and_extension_b_count_as_cjk() {
        for c in ['あ', 'カ', '한', '𠀀', '拾'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', 'é', '1', '，', ' '] {
            assert!(!is_cjk(c), "{c}");
        }
    }
}
