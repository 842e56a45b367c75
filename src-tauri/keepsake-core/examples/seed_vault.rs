//! Leaves a diary as an earlier Keepsake would have: created with production key costs under
//! an older privacy policy, with one entry. The end-to-end tests use it to drive the
//! policy-update path through the real window.
//!
//!     cargo run -p keepsake-core --example seed_vault -- <data dir> <passphrase> <policy version>

use keepsake_core::entries::{self, EntryInput};
use keepsake_core::Keepsake;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, passphrase, version] = args.as_slice() else {
        return Err("usage: seed_vault <data dir> <passphrase> <accepted policy version>".into());
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
        )
        .map(drop)
    })?;
    keepsake.lock();
    println!("seeded {dir} (policy v{version} accepted)");
    Ok(())
}
