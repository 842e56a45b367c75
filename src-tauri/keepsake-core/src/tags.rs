//! Tags: short labels, case-insensitively unique, shared between entries. The SQL about them
//! is here, also the pieces other queries use (`TAGS_OF`, `has_tag`).

use rusqlite::{params, Connection, OptionalExtension};

use crate::{Error, Result};

pub const MAX_TAG_CHARS: usize = 50;
pub const MAX_TAGS_PER_ENTRY: usize = 30;

/// Trimmed, without a leading `#`, inner whitespace collapsed, duplicates (any case) dropped.
pub fn normalize(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for raw in tags {
        let tag = raw
            .trim()
            .trim_start_matches('#')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(Error::InvalidInput("tag too long"));
        }
        if !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag);
        }
    }
    if out.len() > MAX_TAGS_PER_ENTRY {
        return Err(Error::InvalidInput("too many tags"));
    }
    Ok(out)
}

/// Replace the tags of `entry_id`; forget tags no entry uses any more. Only what changed is
/// written: a save that keeps its tags (most autosaves) touches none of their pages.
pub fn set(conn: &Connection, entry_id: &str, tags: &[String]) -> Result<()> {
    let before: Vec<i64> = conn
        .prepare_cached("SELECT tag_id FROM entry_tags WHERE entry_id = ?1")?
        .query_map([entry_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut wanted = Vec::with_capacity(tags.len());
    for tag in tags {
        let known: Option<i64> = conn
            .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
            .query_row([tag], |r| r.get(0))
            .optional()?;
        let id = match known {
            Some(id) => id,
            None => conn
                .prepare_cached("INSERT INTO tags (name) VALUES (?1) RETURNING id")?
                .query_row([tag], |r| r.get(0))?,
        };
        if !before.contains(&id) {
            conn.prepare_cached("INSERT INTO entry_tags (entry_id, tag_id) VALUES (?1, ?2)")?
                .execute(params![entry_id, id])?;
        }
        wanted.push(id);
    }
    let mut drop_tag =
        conn.prepare_cached("DELETE FROM entry_tags WHERE entry_id = ?1 AND tag_id = ?2")?;
    // Only a tag this entry had can have lost its last entry here.
    let mut forget = conn.prepare_cached(
        "DELETE FROM tags WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM entry_tags WHERE tag_id = ?1)",
    )?;
    for id in before.into_iter().filter(|id| !wanted.contains(id)) {
        drop_tag.execute(params![entry_id, id])?;
        forget.execute([id])?;
    }
    Ok(())
}

pub fn forget_unused(conn: &Connection) -> Result<()> {
    conn.execute(
        "DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM entry_tags WHERE tag_id = tags.id)",
        [],
    )?;
    Ok(())
}

/// Tags starting with `prefix` (any case), most used first: for autocomplete.
pub fn suggest(conn: &Connection, prefix: &str, limit: u32) -> Result<Vec<String>> {
    let mut pattern = String::new();
    for c in prefix.trim().trim_start_matches('#').chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM tags t JOIN entry_tags et ON et.tag_id = t.id
         WHERE t.name LIKE ?1 ESCAPE '\\'
         GROUP BY t.id ORDER BY count(*) DESC, t.name LIMIT ?2",
    )?;
    let names = stmt
        .query_map(params![pattern, limit.clamp(1, 50)], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// The entries that have a tag.
pub(crate) fn tagged_entries(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare("SELECT DISTINCT entry_id FROM entry_tags")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Remove every tag (from every entry: the links cascade); how many there were. The search
/// index is the caller's (`entries::delete_all_tags`).
pub(crate) fn delete_all(conn: &Connection) -> Result<usize> {
    Ok(conn.execute("DELETE FROM tags", [])?)
}

/// The tags of the entry `e` in a query, joined for `split`.
pub(crate) const TAGS_OF: &str = "(SELECT group_concat(t.name, char(31)) FROM entry_tags et
     JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id)";

/// True in a query when the entry whose id is `entry_id` (a column, e.g. `e.id`) has the tag
/// named by the parameter `param` (e.g. `?5`).
pub(crate) fn has_tag(entry_id: &str, param: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM entry_tags et
                 WHERE et.entry_id = {entry_id}
                   AND et.tag_id = (SELECT t.id FROM tags t WHERE t.name = {param}))"
    )
}

/// Tags as `TAGS_OF` returns them, in order (any case).
pub(crate) fn split(joined: Option<String>) -> Vec<String> {
    let mut tags: Vec<String> = joined
        .map(|s| s.split('\u{1f}').map(str::to_owned).collect())
        .unwrap_or_default();
    tags.sort_by_key(|t| t.to_lowercase());
    tags
}
