//! What the user typed, as an FTS5 expression every part of which the index answers in rowid
//! order (so newest-first results stop early, never a merge of whole doclists):
//!
//! - a Chinese run of one or two characters is one token; of three or more, its pairs, with the
//!   run kept to check the text against (`cjk::run_term`);
//! - a Latin word of one letter is that word; of two or three, a prefix index look-up; of four
//!   or more, the words of the vocabulary it starts, ORed (`words::expand`).
//!
//! Every term must match (AND). Folding (case, diacritics) is the tokenizer's own.

use rusqlite::Connection;

use super::cjk::{self, quote};
use super::words::{self, Expansion};
use crate::Result;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// `None` when the query has nothing searchable (the filters alone then list).
    pub expression: Option<String>,
    /// Runs the title, body or a tag must contain, beyond what the index proves.
    pub phrases: Vec<String>,
    /// A word no entry has: nothing can match.
    pub impossible: bool,
}

pub fn plan(conn: &Connection, text: &str) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut parts = Vec::new();
    for (is_cjk, run) in cjk::runs(text) {
        if is_cjk {
            let (term, phrase) = cjk::run_term(run);
            parts.push(term);
            plan.phrases.extend(phrase);
            continue;
        }
        for word in run.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            for token in words::tokens(&[word])? {
                match latin_term(conn, &token)? {
                    Some(term) => parts.push(term),
                    None => plan.impossible = true,
                }
            }
        }
    }
    parts.sort();
    parts.dedup();
    plan.expression = (!parts.is_empty()).then(|| parts.join(" AND "));
    Ok(plan)
}

/// The term for one folded word; `None` when no indexed word starts with it.
fn latin_term(conn: &Connection, token: &str) -> Result<Option<String>> {
    Ok(Some(match token.chars().count() {
        // One letter as a prefix would expand to every word starting with it.
        1 => quote(token),
        n if n < words::MIN_CHARS => format!("{}*", quote(token)),
        _ => match words::expand(conn, token)? {
            Expansion::Nothing => return Ok(None),
            Expansion::Words(words) => {
                let any = words.iter().map(|w| quote(w)).collect::<Vec<_>>();
                format!("({})", any.join(" OR "))
            }
            Expansion::Many => format!("{}*", quote(token)),
        },
    }))
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
        let expression = |text: &str| plan(&conn, text).unwrap().expression;
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
        assert_eq!(three.expression.unwrap(), "(\"完了\" AND \"读完\")");
        assert_eq!(three.phrases, ["读完了"]);
        assert!(plan(&conn, "harbx").unwrap().impossible);
        assert_eq!(plan(&conn, "  ,.!  ").unwrap(), Plan::default());
        conn.pragma_update(None, "query_only", true).unwrap();
        assert_eq!(
            expression("MUSE").unwrap(),
            "(\"museum\")",
            "a read-only diary (policy declined) still folds queries in its temp schema"
        );
        assert_eq!(
            expression("say \"hi\" OR x").unwrap(),
            "\"hi\"* AND \"or\"* AND \"say\"* AND \"x\"",
            "quotes and operators are words, a single letter is a word"
        );
    }
}
