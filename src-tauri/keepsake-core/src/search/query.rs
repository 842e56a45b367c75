//! What the user typed, as terms every one of which a match has, and an FTS5 expression of
//! them that the index answers in rowid order (so newest-first results stop early, never a
//! merge of whole doclists):
//!
//! - a Chinese run of one or two characters is one token; of three or more, its pairs, with the
//!   run kept to check the text against (`cjk::run_tokens`);
//! - a Latin word of one letter is that word; of two or three, a prefix index look-up; of four
//!   or more, the words of the vocabulary it starts, ORed (`words::expand`).
//!
//! Every term must match (AND). Folding (case, diacritics) is the tokenizer's own. The same
//! terms are checked against the tokens of an entry the index has not caught up with
//! (`Plan::matches`), with the meaning the index gives them.

use rusqlite::Connection;

use super::cjk::{self, quote};
use super::words::{self, Expansion};
use crate::Result;

/// One thing a match must have.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Term {
    /// This token exactly: one letter, or one or two Chinese characters.
    Token(String),
    /// A token that starts so. For the index, `words` is the vocabulary's words that do (none:
    /// no indexed entry has one), or `None` for FTS5's own prefix query.
    Prefix {
        prefix: String,
        words: Option<Vec<String>>,
    },
}

impl Term {
    /// As FTS5 asks for it; `None` when no indexed entry has it.
    fn expression(&self) -> Option<String> {
        match self {
            Term::Token(token) => Some(quote(token)),
            Term::Prefix {
                prefix,
                words: None,
            } => Some(format!("{}*", quote(prefix))),
            Term::Prefix {
                words: Some(words), ..
            } if words.is_empty() => None,
            Term::Prefix {
                words: Some(words), ..
            } => {
                let any = words.iter().map(|w| quote(w)).collect::<Vec<_>>();
                Some(format!("({})", any.join(" OR ")))
            }
        }
    }

    /// Whether an entry with `tokens` (in byte order, each once) has it, as the index answers.
    fn found_in(&self, tokens: &[String]) -> bool {
        match self {
            Term::Token(token) => tokens.binary_search(token).is_ok(),
            Term::Prefix { prefix, .. } => {
                let first = tokens.partition_point(|t| t.as_str() < prefix.as_str());
                tokens
                    .get(first)
                    .is_some_and(|t| t.starts_with(prefix.as_str()))
            }
        }
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Empty when the query has nothing searchable (the filters alone then list).
    pub terms: Vec<Term>,
    /// Runs the title, body or a tag must contain, beyond what the terms prove.
    pub phrases: Vec<String>,
}

impl Plan {
    /// The FTS5 expression of every term; `None` when no indexed entry can match (or there is
    /// nothing to search).
    pub fn expression(&self) -> Option<String> {
        let parts = self
            .terms
            .iter()
            .map(Term::expression)
            .collect::<Option<Vec<_>>>()?;
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }

    /// Whether an entry FTS5 tokenizes into `tokens` (`words::tokens` of its indexed texts) has
    /// every term.
    pub fn matches(&self, tokens: &[String]) -> bool {
        self.terms.iter().all(|t| t.found_in(tokens))
    }
}

pub fn plan(conn: &Connection, text: &str) -> Result<Plan> {
    let mut plan = Plan::default();
    for (is_cjk, run) in cjk::runs(text) {
        if is_cjk {
            let (tokens, phrase) = cjk::run_tokens(run);
            plan.terms.extend(tokens.into_iter().map(Term::Token));
            plan.phrases.extend(phrase);
            continue;
        }
        for word in run.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            for token in words::tokens(&[word])? {
                plan.terms.push(latin_term(conn, token)?);
            }
        }
    }
    plan.terms.sort();
    plan.terms.dedup();
    Ok(plan)
}

/// The term for one folded word.
fn latin_term(conn: &Connection, token: String) -> Result<Term> {
    Ok(match token.chars().count() {
        // One letter as a prefix would expand to every word starting with it.
        1 => Term::Token(token),
        n if n < words::MIN_CHARS => Term::Prefix {
            prefix: token,
            words: None,
        },
        _ => {
            let words = match words::expand(conn, &token)? {
                Expansion::Nothing => Some(Vec::new()),
                Expansion::Words(words) => Some(words),
                Expansion::Many => None,
            };
            Term::Prefix {
                prefix: token,
                words,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entries::{self, EntryInput};
    use crate::test_support::open_test_diary;

    #[test]
    fn every_shape_becomes_an_index_term() {
        let (_dir, conn) = open_test_diary();
        let input = EntryInput {
            title: "Museum".into(),
            body: "Music by the harbour, Café Über 读完了".into(),
            entry_at: "2026-01-01T10:00".into(),
            ..Default::default()
        };
        entries::create(&conn, &input).unwrap();
        crate::search::index_waiting(&conn, 1).unwrap();
        let expression = |text: &str| plan(&conn, text).unwrap().expression();
        assert_eq!(expression("m").unwrap(), "\"m\"");
        assert_eq!(
            expression("MU").unwrap(),
            "\"mu\"*",
            "folded like the index"
        );
        assert_eq!(expression("mus").unwrap(), "\"mus\"*");
        assert_eq!(expression("muse").unwrap(), "(\"museum\")");
        assert_eq!(expression("musi").unwrap(), "(\"music\")");
        assert_eq!(
            expression("CAFÉ").unwrap(),
            "(\"cafe\")",
            "diacritics folded"
        );
        assert_eq!(expression("über").unwrap(), "(\"uber\")");
        assert_eq!(
            expression("harb 雨").unwrap(),
            "\"雨\" AND (\"harbour\")",
            "every term must match"
        );
        let three = plan(&conn, "读完了").unwrap();
        assert_eq!(three.expression().unwrap(), "\"完了\" AND \"读完\"");
        assert_eq!(three.phrases, ["读完了"]);
        let unknown = plan(&conn, "harbx").unwrap();
        assert_eq!(
            (unknown.terms.len(), unknown.expression()),
            (1, None),
            "a word no indexed entry starts: nothing in the index can match"
        );
        assert_eq!(plan(&conn, "  ,.!  ").unwrap(), Plan::default());
        conn.pragma_update(None, "query_only", true).unwrap();
        assert_eq!(
            expression("MUSE").unwrap(),
            "(\"museum\")",
            "a read-only diary (policy declined) still folds queries in its temp schema"
        );
        assert_eq!(
            expression("say \"hi\" OR x").unwrap(),
            "\"x\" AND \"hi\"* AND \"or\"* AND \"say\"*",
            "quotes and operators are words, a single letter is a word"
        );
    }

    #[test]
    fn terms_mean_the_same_for_tokens_as_for_the_index() {
        let (_dir, conn) = open_test_diary();
        let tokens = |text: &str| {
            let texts = super::super::index::indexed_texts(text, "", &[]);
            words::tokens(&texts.each_ref().map(String::as_str)).unwrap()
        };
        let has = |query: &str, text: &str| plan(&conn, query).unwrap().matches(&tokens(text));
        assert!(
            has("harb", "Harbour lights"),
            "a prefix, though no indexed word has it"
        );
        assert!(has("ha", "the HARBOUR"));
        assert!(!has("h", "harbour"), "one letter is a word");
        assert!(has("h", "h is for harbour"));
        assert!(has("cafe über", "Über the Café"), "folded, every term");
        assert!(!has("cafe tea", "the café"));
        assert!(has("天气", "今天天气很好"));
        assert!(
            has("天气很", "今天天气很好"),
            "pairs (the run is a phrase, checked apart)"
        );
        assert!(!has("天很", "今天天气很好"));
        assert!(has("", "anything"), "nothing to search: no term to miss");
    }
}
