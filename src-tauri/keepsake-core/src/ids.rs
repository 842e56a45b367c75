//! Ids of entries and photos: UUIDs, version 7 (time-ordered), made here; and the one check of
//! an id that comes from outside (an archive, a URL of the `keepsake:` scheme).

/// A new id: time-ordered, so ids made later sort later.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True when `id` could be one of ours: hex digits and dashes, 1 to 64 of them. Anything else
/// (a path, a quote, a space) never reaches a query or a file name.
pub fn is_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_pass_the_check_and_hostile_ones_do_not() {
        assert!(is_id(&new_id()));
        for bad in [
            "",
            "../keyfile.json",
            "a b",
            "0123'",
            "a/b",
            &"a".repeat(65),
        ] {
            assert!(!is_id(bad), "{bad}");
        }
    }
}
