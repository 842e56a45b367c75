//! Diary text as plain text: Markdown's markup taken away, for previews and search snippets.

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
