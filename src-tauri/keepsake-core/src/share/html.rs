//! One self-contained HTML page for an entry: escaped text, the Markdown body rendered with raw
//! HTML turned into text and only http(s)/mailto links, photos inline as data: URLs, a CSP
//! that allows no script and no network.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

use super::{meta_line, Photo, ShareOptions};
use crate::entries::Entry;

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn safe_link(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// The Markdown body as HTML: raw HTML becomes visible text; unsafe links and all images lose
/// their target (a shared copy must not fetch anything).
pub(crate) fn render_markdown(body: &str) -> String {
    let events = Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).map(
        |event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: if safe_link(&dest_url) {
                    dest_url
                } else {
                    CowStr::from("#")
                },
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                title,
                id,
                ..
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::from(""),
                title,
                id,
            }),
            other => other,
        },
    );
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

pub(crate) fn page(entry: &Entry, options: ShareOptions, photos: &[Photo]) -> String {
    let mut figures = String::new();
    for photo in photos {
        figures.push_str(&format!(
            "<img src=\"data:{};base64,{}\" alt=\"\">\n",
            escape(&photo.mime),
            B64.encode(&photo.bytes)
        ));
    }
    format!(
        r#"<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 17px/1.6 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #2b2533; background: #fffdf9; }}
header p {{ color: #6e6678; }}
img {{ max-width: 100%; border-radius: 8px; margin: 0.6rem 0; }}
</style>
</head>
<body>
<article>
<header><h1>{title}</h1><p>{meta}</p></header>
{body}
{figures}</article>
</body>
</html>
"#,
        title = escape(&entry.title),
        meta = escape(&meta_line(entry, options)),
        body = render_markdown(&entry.body),
    )
}
