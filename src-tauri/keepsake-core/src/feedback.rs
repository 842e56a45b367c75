//! Settings → About → Write feedback: a plain-text report the user reads in full before it leaves, then saves
//! as a file or opens as an e-mail draft in their own mail app. Keepsake sends nothing itself.
//!
//! What a report may hold is fixed here, and nothing else: the app's version, the OS, the
//! language, how many entries and photos the diary holds, which optional permissions are on, the
//! kinds of error in the local error log (only while diagnostics is granted), and the words the
//! user typed. Never diary text, titles, tags, places, names or paths.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::dashboard::{self, Category};
use crate::permissions::{self, Permission};
use crate::{diagnostics, Result};

/// What the report says about the running program and system (the shell knows these).
#[derive(Debug, Clone)]
pub struct System {
    pub app_version: String,
    pub os: String,
    pub language: String,
}

/// What the report says about the diary, read while it is unlocked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiaryFacts {
    pub entries: i64,
    pub photos: i64,
    pub permissions_on: Vec<&'static str>,
    /// Error kind → how many times it is in the log; `None` when diagnostics is off.
    pub error_kinds: Option<BTreeMap<String, usize>>,
}

/// The longest message a report carries (the rest is cut at a character boundary).
pub const MAX_MESSAGE_CHARS: usize = 4000;

pub fn diary_facts(conn: &Connection) -> Result<DiaryFacts> {
    let count = |wanted: Category| -> Result<i64> {
        Ok(dashboard::summary(conn)?
            .into_iter()
            .find(|c| c.category == wanted)
            .map_or(0, |c| c.count))
    };
    let permissions_on = permissions::states(conn)?
        .into_iter()
        .filter(|s| s.granted)
        .map(|s| s.permission.id())
        .collect();
    let error_kinds = if permissions::is_granted(conn, Permission::Diagnostics)? {
        let mut kinds = BTreeMap::new();
        for line in diagnostics::lines(conn)? {
            *kinds.entry(line.kind).or_insert(0) += 1;
        }
        Some(kinds)
    } else {
        None
    };
    Ok(DiaryFacts {
        entries: count(Category::Entries)?,
        photos: count(Category::Images)?,
        permissions_on,
        error_kinds,
    })
}

impl crate::Keepsake {
    /// The report for Settings → About → Write feedback: with the diary's counts while it is unlocked.
    pub fn feedback_report(&self, system: &System, message: &str) -> String {
        let facts = self.with_diary(|d| diary_facts(d.conn())).ok();
        report(system, facts.as_ref(), message)
    }
}

/// The report, exactly as it will be saved or put in the e-mail. `diary` is `None` while locked.
pub fn report(system: &System, diary: Option<&DiaryFacts>, message: &str) -> String {
    let mut out = String::from("Keepsake feedback\n\n");
    let mut line = |label: &str, value: &str| {
        out.push_str(label);
        out.push_str(": ");
        out.push_str(value);
        out.push('\n');
    };
    line("Keepsake version", &system.app_version);
    line("System", &system.os);
    line("Language", &system.language);
    match diary {
        None => line("Diary", "locked (no counts)"),
        Some(d) => {
            line("Entries", &d.entries.to_string());
            line("Photos", &d.photos.to_string());
            let on = if d.permissions_on.is_empty() {
                "none".to_owned()
            } else {
                d.permissions_on.join(", ")
            };
            line("Optional permissions on", &on);
            let errors = match &d.error_kinds {
                None => "not kept (diagnostics is off)".to_owned(),
                Some(kinds) if kinds.is_empty() => "none".to_owned(),
                Some(kinds) => kinds
                    .iter()
                    .map(|(kind, n)| format!("{kind} ×{n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            line("Errors in the local log", &errors);
        }
    }
    let message: String = message.trim().chars().take(MAX_MESSAGE_CHARS).collect();
    out.push_str("\nMessage:\n");
    out.push_str(if message.is_empty() {
        "(none)"
    } else {
        &message
    });
    out.push('\n');
    out
}

/// A `mailto:` link that opens `report` as a draft to `to` (which may be empty: the user then
/// chooses the recipient in their mail app). Everything is percent-encoded (RFC 6068).
pub fn mailto(to: &str, report: &str) -> String {
    format!(
        "mailto:{}?subject={}&body={}",
        percent_encode(to),
        percent_encode("Keepsake feedback"),
        percent_encode(&report.replace('\n', "\r\n"))
    )
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entries::{self, EntryInput};
    use crate::permissions::{record, Actor};
    use crate::test_support::open_test_diary;

    fn system() -> System {
        System {
            app_version: "0.1.0".into(),
            os: "linux x86_64".into(),
            language: "zh-CN".into(),
        }
    }

    #[test]
    fn a_report_counts_the_diary_but_never_quotes_it() {
        let (_dir, conn) = open_test_diary();
        let input = EntryInput {
            title: "canary-title-5e1".into(),
            body: "canary-body-9f3 at /home/someone/secret".into(),
            entry_at: "2026-11-30T21:00".into(),
            tags: vec!["canary-tag-77".into()],
            ..Default::default()
        };
        entries::create(&conn, &input).unwrap();
        entries::create(
            &conn,
            &EntryInput {
                entry_at: "2026-11-29T08:00".into(),
                ..input
            },
        )
        .unwrap();
        record(&conn, Permission::Diagnostics, true, &Actor::User).unwrap();
        diagnostics::record_now(&conn, "database_damaged", "commands/data.rs:42").unwrap();
        diagnostics::record_now(&conn, "database_damaged", "commands/data.rs:42").unwrap();
        diagnostics::record_now(&conn, "image_damaged", "commands/images.rs:9").unwrap();

        let facts = diary_facts(&conn).unwrap();
        assert_eq!(facts.entries, 2);
        assert_eq!(facts.permissions_on, vec!["diagnostics"]);
        let text = report(
            &system(),
            Some(&facts),
            "  It froze when I pasted a photo.  ",
        );
        for expected in [
            "Keepsake version: 0.1.0",
            "System: linux x86_64",
            "Entries: 2",
            "Photos: 0",
            "Optional permissions on: diagnostics",
            "Errors in the local log: database_damaged ×2, image_damaged ×1",
            "Message:\nIt froze when I pasted a photo.\n",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        for secret in ["canary", "/home/", "commands/", ".rs:"] {
            assert!(!text.contains(secret), "{secret:?} leaked into {text}");
        }
    }

    #[test]
    fn without_diagnostics_no_error_is_reported_and_locked_diaries_give_no_counts() {
        let (_dir, conn) = open_test_diary();
        diagnostics::record_now(&conn, "database_damaged", "x.rs:1").unwrap();
        let facts = diary_facts(&conn).unwrap();
        assert_eq!(facts.error_kinds, None);
        assert!(report(&system(), Some(&facts), "").contains("not kept (diagnostics is off)"));
        let locked = report(&system(), None, "");
        assert!(locked.contains("Diary: locked (no counts)") && !locked.contains("Entries"));
        assert!(locked.ends_with("Message:\n(none)\n"));
    }

    #[test]
    fn the_message_is_bounded_and_the_mail_link_is_encoded() {
        let long = "长".repeat(MAX_MESSAGE_CHARS + 10);
        let text = report(&system(), None, &long);
        assert_eq!(text.matches('长').count(), MAX_MESSAGE_CHARS);
        let link = mailto("", "a b&c=d\n?#");
        assert_eq!(
            link,
            "mailto:?subject=Keepsake%20feedback&body=a%20b%26c%3Dd%0D%0A%3F%23"
        );
        assert!(mailto("team@example.org", "x").starts_with("mailto:team@example.org?"));
    }
}
