//! Share one entry outside the app, only while the sharing permission is in effect (for a user
//! under 14 that means a guardian granted it): as Markdown with its photos in a folder, as one
//! self-contained HTML file, as plain text for the clipboard, or as an HTML file sealed with a
//! passphrase that decrypts itself in any browser. Copies carry only what the user sees: title,
//! date, text and photos (stored re-encoded, so without EXIF); tags and mood only when chosen;
//! never places or photo metadata. Every share is a row in the share log.

mod html;
mod sealed_html;

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};

use crate::db::now_ms;
use crate::entries::{self, Entry};
use crate::images;
use crate::permissions::{require, Permission};
use crate::vault::MIN_PASSPHRASE_CHARS;
use crate::{fsutil, Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareFormat {
    Markdown,
    Html,
    Text,
    SealedHtml,
}

impl ShareFormat {
    pub fn id(self) -> &'static str {
        match self {
            ShareFormat::Markdown => "markdown",
            ShareFormat::Html => "html",
            ShareFormat::Text => "text",
            ShareFormat::SealedHtml => "sealed_html",
        }
    }

    pub const ALL: [ShareFormat; 4] = [Self::Markdown, Self::Html, Self::Text, Self::SealedHtml];
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShareOptions {
    pub include_tags: bool,
    pub include_mood: bool,
}

/// What a share produced: the files written, or the text for the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shared {
    Files(Vec<PathBuf>),
    Text(String),
}

pub(crate) struct Photo {
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// The header line under the title: date, and tags and mood when chosen.
pub(crate) fn meta_line(entry: &Entry, options: ShareOptions) -> String {
    let mut line = entry.entry_at.replace('T', " ");
    if options.include_tags && !entry.tags.is_empty() {
        let tags: Vec<String> = entry.tags.iter().map(|t| format!("#{t}")).collect();
        line.push_str(&format!(" · {}", tags.join(" ")));
    }
    if let Some(mood) = entry.mood.filter(|_| options.include_mood) {
        line.push_str(&format!(" · {mood}/5"));
    }
    line
}

fn slug(entry: &Entry) -> String {
    let mut s: String = entry
        .title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    s.truncate(s.char_indices().nth(60).map_or(s.len(), |(i, _)| i));
    if s.is_empty() {
        entry.entry_at.get(..10).unwrap_or("entry").to_owned()
    } else {
        s
    }
}

/// What a share needs from the diary: the entry and its photos, read while the sharing
/// permission is in effect.
pub(crate) struct Gathered {
    entry: Entry,
    photos: Vec<Photo>,
}

pub(crate) fn gather(conn: &Connection, entry_id: &str) -> Result<Gathered> {
    require(conn, Permission::Sharing)?;
    let entry = entries::get(conn, entry_id)?;
    let photos = images::list_for_entry(conn, entry_id)?
        .into_iter()
        .map(|info| images::full(conn, &info.id).map(|(mime, bytes)| Photo { mime, bytes }))
        .collect::<Result<Vec<_>>>()?;
    Ok(Gathered { entry, photos })
}

/// The copy made from `gathered`, written to `dest` (a folder for Markdown, a file for HTML;
/// ignored for text), and what the share log calls where it went.
pub(crate) fn write(
    gathered: &Gathered,
    format: ShareFormat,
    options: ShareOptions,
    dest: Option<&Path>,
    passphrase: Option<&str>,
) -> Result<(Shared, &'static str)> {
    let Gathered { entry, photos } = gathered;
    let dest = || dest.ok_or(Error::InvalidInput("where to save the copy"));
    Ok(match format {
        ShareFormat::Text => {
            let text = format!(
                "{}\n{}\n\n{}\n",
                entry.title,
                meta_line(entry, options),
                entry.body
            );
            (Shared::Text(text), "clipboard")
        }
        ShareFormat::Html => {
            let page = html::page(entry, options, photos);
            let path = dest()?;
            fsutil::replace_file(path, page.as_bytes())?;
            (Shared::Files(vec![path.to_owned()]), "file")
        }
        ShareFormat::SealedHtml => {
            let passphrase = passphrase
                .filter(|p| p.chars().count() >= MIN_PASSPHRASE_CHARS)
                .ok_or(Error::PassphraseTooShort {
                    min_chars: MIN_PASSPHRASE_CHARS,
                })?;
            let page = html::page(entry, options, photos);
            let sealed = sealed_html::seal(&page, passphrase)?;
            let path = dest()?;
            fsutil::replace_file(path, sealed.as_bytes())?;
            (Shared::Files(vec![path.to_owned()]), "file")
        }
        ShareFormat::Markdown => {
            let folder = dest()?;
            fs::create_dir_all(folder)?;
            let name = slug(entry);
            let mut written = Vec::new();
            let mut body = format!(
                "# {}\n\n*{}*\n\n{}\n",
                entry.title,
                meta_line(entry, options),
                entry.body
            );
            if !photos.is_empty() {
                let dir = folder.join(format!("{name}-photos"));
                fs::create_dir_all(&dir)?;
                for (i, photo) in photos.iter().enumerate() {
                    let file = format!("{}.{}", i + 1, images::extension(&photo.mime));
                    fsutil::replace_file(&dir.join(&file), &photo.bytes)?;
                    written.push(dir.join(&file));
                    body.push_str(&format!("\n![]({name}-photos/{file})\n"));
                }
            }
            let md = folder.join(format!("{name}.md"));
            fsutil::replace_file(&md, body.as_bytes())?;
            written.insert(0, md);
            (Shared::Files(written), "folder")
        }
    })
}

/// Take back a copy that must not stay (the diary locked before it was logged).
pub(crate) fn remove(shared: &Shared) {
    if let Shared::Files(files) = shared {
        for file in files {
            let _ = fs::remove_file(file);
        }
        // The photos' folder, when this share made it and it is empty now.
        if let Some(dir) = files.get(1).and_then(|f| f.parent()) {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Note the share in the share log.
pub(crate) fn record(
    conn: &Connection,
    entry_id: &str,
    format: ShareFormat,
    destination: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO share_log (at, entry_id, format, destination) VALUES (?1, ?2, ?3, ?4)",
        params![now_ms(), entry_id, format.id(), destination],
    )?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLogRow {
    pub at: i64,
    pub entry_id: String,
    /// The entry's title now, if it still exists.
    pub title: Option<String>,
    pub format: String,
    pub destination: String,
}

/// Newest first.
pub fn log(conn: &Connection) -> Result<Vec<ShareLogRow>> {
    let mut stmt = conn.prepare(
        "SELECT s.at, s.entry_id, e.title, s.format, s.destination
         FROM share_log s LEFT JOIN entries e ON e.id = s.entry_id ORDER BY s.seq DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ShareLogRow {
                at: r.get(0)?,
                entry_id: r.get(1)?,
                title: r.get(2)?,
                format: r.get(3)?,
                destination: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests;
