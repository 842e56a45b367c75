use std::sync::LazyLock;

use include_dir::{include_dir, Dir};
use rusqlite_migration::Migrations;

static MIGRATIONS_DIR: Dir = include_dir!("$CARGO_MANIFEST_DIR/migrations");

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    // The directory is embedded at build time and validated by a test, so this cannot fail at
    // run time unless the binary itself is broken.
    Migrations::from_directory(&MIGRATIONS_DIR).unwrap_or_else(|e| panic!("bad migrations: {e}"))
});

/// How many migrations this build has: the schema version it brings a database to.
pub fn count() -> usize {
    MIGRATIONS_DIR.dirs().count()
}

/// The schema migrations, embedded from `migrations/NN-name/up.sql`.
pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
