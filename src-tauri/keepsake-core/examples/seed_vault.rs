//! Leaves a diary as an earlier Keepsake would have: created with production key costs under
//! an older privacy policy, with one entry. The end-to-end tests use it to drive the
//! policy-update path through the real window.
//!
//!     cargo run -p keepsake-core --features testing --example seed_vault -- <data dir> <passphrase> <policy version> [entries]
//!
//! With `entries` (default 1), that many entries, one a day back from 2026-11-20 (the desktop
//! benchmark measures the timeline of a diary with 100).

use keepsake_core::entries::{self, EntryInput};
use keepsake_core::Keepsake;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, passphrase, version, count) = match args.as_slice() {
        [dir, passphrase, version] => (dir, passphrase, version, 1_u32),
        [dir, passphrase, version, count] => (dir, passphrase, version, count.parse::<u32>()?),
        _ => {
            return Err(
                "usage: seed_vault <data dir> <passphrase> <accepted policy version> [entries]"
                    .into(),
            )
        }
    };
    let keepsake = Keepsake::new(dir)?;
    keepsake.create(passphrase, version.parse()?)?;
    keepsake.with_diary(|d| {
        // Written through the connection before the policy state applies (create() opened the
        // diary already read-only), so lift it the way an older version had none.
        d.conn().pragma_update(None, "query_only", false)?;
        entries::create(
            d.conn(),
            &EntryInput {
                title: "Written before the update".into(),
                body: "An entry from the days of the first policy.".into(),
                entry_at: "2026-11-20T08:30".into(),
                ..Default::default()
            },
        )?;
        let first = time::macros::date!(2026 - 11 - 19);
        for n in 1..count {
            let day = first - time::Duration::days(i64::from(n));
            entries::create(
                d.conn(),
                &EntryInput {
                    title: format!("Day {n}"),
                    body: format!("Entry {n}: a walk, a book, **a thought** worth keeping."),
                    entry_at: format!("{day}T21:00"),
                    tags: vec!["daily".into()],
                    ..Default::default()
                },
            )?;
        }
        // Indexed at once, as a build before the tidy-up indexed saves would have.
        keepsake_core::search::index_waiting(d.conn(), usize::MAX)?;
        Ok(())
    })?;
    keepsake.lock();
    println!("seeded {dir} (policy v{version} accepted, {count} entries)");
    Ok(())
}
