//! What changed between two versions of the policy, passage by passage (a heading or a
//! paragraph), so the update screen can set exactly the new and changed passages in bold.

use similar::{capture_diff_slices, Algorithm, DiffTag};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub text: String,
    /// New in `new`, or different from every passage of `old` at its place.
    pub changed: bool,
}

fn split(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The passages of `new`, each marked when it is not an unchanged passage of `old`.
pub fn passages(old: &str, new: &str) -> Vec<Passage> {
    let (old, new) = (split(old), split(new));
    let mut out: Vec<Passage> = new
        .iter()
        .map(|text| Passage {
            text: (*text).to_owned(),
            changed: true,
        })
        .collect();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        if op.tag() == DiffTag::Equal {
            for passage in &mut out[op.new_range()] {
                passage.changed = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(old: &str, new: &str) -> Vec<(String, bool)> {
        passages(old, new)
            .into_iter()
            .map(|p| (p.text, p.changed))
            .collect()
    }

    #[test]
    fn exactly_the_inserted_and_edited_passages_are_marked() {
        let old = "# T\n\nA stays.\n\nB old.\n\nC stays.\n\nD goes.";
        let new = "# T\n\nA stays.\n\nB new.\n\nC stays.\n\nE added.";
        assert_eq!(
            marks(old, new),
            [
                ("# T".to_owned(), false),
                ("A stays.".to_owned(), false),
                ("B new.".to_owned(), true),
                ("C stays.".to_owned(), false),
                ("E added.".to_owned(), true),
            ]
        );
    }

    #[test]
    fn a_moved_passage_counts_as_changed_where_it_now_stands_and_nothing_else_does() {
        let marked = marks("A\n\nB\n\nC", "B\n\nC\n\nA");
        assert_eq!(marked.iter().filter(|(_, c)| *c).count(), 1);
        assert_eq!(
            marks("A\n\nB", "A\n\nB"),
            [("A".into(), false), ("B".into(), false)]
        );
        assert!(marks("", "X").iter().all(|(_, c)| *c));
    }
}
