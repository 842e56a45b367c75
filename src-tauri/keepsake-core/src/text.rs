//! Diary text as plain text: Markdown's markup taken away, for previews and search snippets.

const EXCERPT_CHARS: usize = 160;
/// The Markdown an excerpt is made from (markup and spaces shrink it).
const EXCERPT_SOURCE_CHARS: usize = 400;

/// Markdown's markup removed, for one-line previews: `**bold**` -> `bold`, `[a](b)` -> `a`,
/// heading, quote and list markers dropped.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let line = line.trim_start();
        let line = line.trim_start_matches(['#', '>']).trim_start();
        let line = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .or_else(|| line.strip_prefix("+ "))
            .unwrap_or(line);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' | '_' | '`' | '~' => {}
                '!' if chars.peek() == Some(&'[') => {}
                '[' => {}
                ']' if chars.peek() == Some(&'(') => {
                    // Skip the link target.
                    for skipped in chars.by_ref() {
                        if skipped == ')' {
                            break;
                        }
                    }
                }
                other => out.push(other),
            }
        }
        out.push(' ');
    }
    out
}

/// What the timeline shows of a body: the plain text of its start, whitespace collapsed.
pub fn excerpt(body: &str) -> String {
    let start = match body.char_indices().nth(EXCERPT_SOURCE_CHARS) {
        Some((cut, _)) => &body[..cut],
        None => body,
    };
    let collapsed = plain_text(start)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match collapsed.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &collapsed[..cut]),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_collapse_whitespace_and_stop_at_a_character_boundary() {
        assert_eq!(excerpt("a\n\n  b\tc"), "a b c");
        assert_eq!(
            excerpt(
                "# Title\n\n窗外，**读完了**一本书。\n- gulls\n> quoted [link](https://x.y/z) `code`"
            ),
            "Title 窗外，读完了一本书。 gulls quoted link code"
        );
        let long = "拾".repeat(EXCERPT_CHARS + 10);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
    }
}
