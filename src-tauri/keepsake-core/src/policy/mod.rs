//! The privacy policy, bundled in the binary in every language the product speaks, versioned;
//! which version this diary accepted; and what changed between two versions.

mod diff;

use rusqlite::Connection;

pub use diff::{passages, Passage};

use crate::db::now_ms;
use crate::settings::Language;
use crate::Result;

/// The version a new user accepts at onboarding, and that an older acceptance must be brought to.
pub const CURRENT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub version: u32,
    pub effective: &'static str,
    pub language: Language,
    /// Markdown-like text: `#`/`##` headings and paragraphs separated by blank lines.
    pub text: &'static str,
}

struct Published {
    version: u32,
    effective: &'static str,
    en: &'static str,
    zh_cn: &'static str,
}

const PUBLISHED: &[Published] = &[
    Published {
        version: 1,
        effective: "2026-11-01",
        en: include_str!("../../policy/v1.en.md"),
        zh_cn: include_str!("../../policy/v1.zh-CN.md"),
    },
    Published {
        version: 2,
        effective: "2026-11-23",
        en: include_str!("../../policy/v2.en.md"),
        zh_cn: include_str!("../../policy/v2.zh-CN.md"),
    },
];

/// The policy of `version` in `language`, if that version was ever published.
pub fn get(version: u32, language: Language) -> Option<Policy> {
    PUBLISHED
        .iter()
        .find(|p| p.version == version)
        .map(|p| Policy {
            version: p.version,
            effective: p.effective,
            language,
            text: match language {
                Language::En => p.en,
                Language::ZhCn => p.zh_cn,
            },
        })
}

pub fn current(language: Language) -> Policy {
    get(CURRENT_VERSION, language).unwrap_or_else(|| unreachable!("current policy is published"))
}

/// Every published version, oldest first.
pub fn history(language: Language) -> Vec<Policy> {
    PUBLISHED
        .iter()
        .filter_map(|p| get(p.version, language))
        .collect()
}

/// The newest version this diary accepted (0 if none, which onboarding never leaves behind).
pub fn accepted_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT coalesce(max(version), 0) FROM policy_acceptances",
        [],
        |r| r.get(0),
    )?)
}

/// Record that the user accepted `version`.
pub fn accept(conn: &Connection, version: u32) -> Result<()> {
    if get(version, Language::En).is_none() {
        return Err(crate::Error::InvalidInput("policy version"));
    }
    conn.execute(
        "INSERT INTO policy_acceptances (version, accepted_at) VALUES (?1, ?2)",
        (version, now_ms()),
    )?;
    Ok(())
}

/// The current policy's passages, each marked when it is new or changed since `since`.
pub fn changes_since(since: u32, language: Language) -> Vec<Passage> {
    let old = get(since, language).map_or("", |p| p.text);
    passages(old, current(language).text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_published_version_exists_in_both_languages_with_the_same_shape() {
        for p in PUBLISHED {
            let en = get(p.version, Language::En).unwrap();
            let zh = get(p.version, Language::ZhCn).unwrap();
            assert!(en.text.contains("privacy policy"));
            assert!(zh.text.contains("隐私政策"));
            let shape = |t: &str| -> Vec<bool> {
                t.split("\n\n")
                    .map(|block| block.starts_with('#'))
                    .collect()
            };
            assert_eq!(shape(en.text), shape(zh.text), "passages must line up");
        }
        assert_eq!(current(Language::En).version, CURRENT_VERSION);
        assert!(get(CURRENT_VERSION + 1, Language::En).is_none());
        assert_eq!(
            history(Language::ZhCn)
                .iter()
                .map(|p| p.version)
                .collect::<Vec<_>>(),
            [1, 2]
        );
    }

    #[test]
    fn the_same_passages_changed_in_both_languages() {
        let marks = |lang| -> Vec<bool> {
            changes_since(1, lang)
                .into_iter()
                .map(|p| p.changed)
                .collect()
        };
        let en = marks(Language::En);
        assert_eq!(en, marks(Language::ZhCn));
        assert!(en.iter().any(|c| *c) && en.iter().any(|c| !*c));
        assert!(changes_since(CURRENT_VERSION, Language::En)
            .iter()
            .all(|p| !p.changed));
    }

    #[test]
    fn acceptances_are_recorded_and_unknown_versions_refused() {
        let (_dir, conn) = crate::test_support::open_test_diary();
        assert_eq!(accepted_version(&conn).unwrap(), 0);
        accept(&conn, 1).unwrap();
        assert_eq!(accepted_version(&conn).unwrap(), 1);
        accept(&conn, 2).unwrap();
        assert_eq!(accepted_version(&conn).unwrap(), 2);
        assert!(accept(&conn, 99).is_err());
    }
}
