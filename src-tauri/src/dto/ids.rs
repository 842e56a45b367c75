//! The core's small enums as they cross IPC: snake_case strings on the wire, union types in
//! `bindings.ts`, converted by exhaustive matches (a variant added in the core fails to compile
//! here until it is named). A test checks each wire name is the core's stored id.

use keepsake_core::backup::Reason;
use keepsake_core::dashboard::Category;
use keepsake_core::permissions::Permission;
use keepsake_core::profile::Field;
use keepsake_core::share::ShareFormat;
use keepsake_core::trash::TrashKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `$dto` mirrors `$core` variant for variant, both ways.
macro_rules! mirror {
    ($(#[$meta:meta])* $dto:ident <=> $core:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $dto {
            $($variant),+
        }

        impl From<$core> for $dto {
            fn from(value: $core) -> Self {
                match value {
                    $($core::$variant => $dto::$variant),+
                }
            }
        }

        impl From<$dto> for $core {
            fn from(value: $dto) -> Self {
                match value {
                    $($dto::$variant => $core::$variant),+
                }
            }
        }
    };
}

mirror! {
    /// Why a backup was made.
    BackupReasonDto <=> Reason {
        Unlock, Lock, Manual, BeforeImport, BeforeDeleteCategory, BeforeRestore, BeforeMigration,
        AfterRekey,
    }
}

mirror! {
    /// What an item of Recently deleted is.
    TrashKindDto <=> TrashKind { Entry, Photo }
}

mirror! {
    /// An optional permission, by its id in product.md's catalog.
    PermissionIdDto <=> Permission {
        RememberDevice, PhotoMetadata, Location, Sharing, UsageStats, Diagnostics, Reminders,
    }
}

mirror! {
    /// A category of the privacy dashboard.
    CategoryIdDto <=> Category {
        Entries, Images, Profile, Places, PhotoMetadata, Tags, ShareLog, Statistics, ErrorLog,
        ConsentLedger,
    }
}

mirror! {
    /// A field of the optional profile.
    ProfileFieldDto <=> Field { DisplayName, Email, Birthday, Gender }
}

mirror! {
    /// How an entry is shared.
    ShareFormatDto <=> ShareFormat { Markdown, Html, Text, SealedHtml }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire<T: Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn wire_names_are_the_core_s_ids() {
        for p in Permission::ALL {
            assert_eq!(wire(PermissionIdDto::from(p)), p.id());
        }
        for c in Category::ALL {
            assert_eq!(wire(CategoryIdDto::from(c)), c.id());
        }
        for f in Field::ALL {
            assert_eq!(wire(ProfileFieldDto::from(f)), f.id());
        }
        for s in ShareFormat::ALL {
            assert_eq!(wire(ShareFormatDto::from(s)), s.id());
        }
    }
}
