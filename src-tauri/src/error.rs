//! The one error shape that crosses IPC: a stable `kind` the UI translates, and an English
//! `message` for logs. Never carries SQL, paths, keys or diary content.

use keepsake_core::Error;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKindDto {
    WrongSecret,
    Throttled,
    KeyFileDamaged,
    DatabaseDamaged,
    DatabaseMissing,
    Locked,
    AlreadyExists,
    NoVault,
    InUse,
    NotFound,
    InvalidInput,
    PassphraseTooShort,
    ImageUnsupported,
    ImageTooLarge,
    ImageDamaged,
    PermissionOff,
    GuardianRequired,
    ReadOnly,
    Keychain,
    NotRemembered,
    ArchiveInvalid,
    Cancelled,
    StoppedByLock,
    ArchiveDamaged,
    BackupDamaged,
    NoBackup,
    Busy,
    NotGranted,
    NoMailApp,
    Internal,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDto {
    pub kind: ErrorKindDto,
    pub message: String,
    /// For `throttled`: seconds until the next attempt is allowed.
    pub retry_after_secs: Option<u32>,
    /// For `permission_off`: which permission (an id from the catalog).
    pub permission: Option<crate::dto::PermissionIdDto>,
}

impl ErrorKindDto {
    /// The same snake_case name the UI receives, for the local error log.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKindDto::WrongSecret => "wrong_secret",
            ErrorKindDto::Throttled => "throttled",
            ErrorKindDto::KeyFileDamaged => "key_file_damaged",
            ErrorKindDto::DatabaseDamaged => "database_damaged",
            ErrorKindDto::DatabaseMissing => "database_missing",
            ErrorKindDto::Locked => "locked",
            ErrorKindDto::AlreadyExists => "already_exists",
            ErrorKindDto::NoVault => "no_vault",
            ErrorKindDto::InUse => "in_use",
            ErrorKindDto::NotFound => "not_found",
            ErrorKindDto::InvalidInput => "invalid_input",
            ErrorKindDto::PassphraseTooShort => "passphrase_too_short",
            ErrorKindDto::ImageUnsupported => "image_unsupported",
            ErrorKindDto::ImageTooLarge => "image_too_large",
            ErrorKindDto::ImageDamaged => "image_damaged",
            ErrorKindDto::PermissionOff => "permission_off",
            ErrorKindDto::GuardianRequired => "guardian_required",
            ErrorKindDto::ReadOnly => "read_only",
            ErrorKindDto::Keychain => "keychain",
            ErrorKindDto::NotRemembered => "not_remembered",
            ErrorKindDto::ArchiveInvalid => "archive_invalid",
            ErrorKindDto::Cancelled => "cancelled",
            ErrorKindDto::StoppedByLock => "stopped_by_lock",
            ErrorKindDto::ArchiveDamaged => "archive_damaged",
            ErrorKindDto::BackupDamaged => "backup_damaged",
            ErrorKindDto::NoBackup => "no_backup",
            ErrorKindDto::Busy => "busy",
            ErrorKindDto::NotGranted => "not_granted",
            ErrorKindDto::NoMailApp => "no_mail_app",
            ErrorKindDto::Internal => "internal",
        }
    }
}

impl ErrorDto {
    pub fn new(kind: ErrorKindDto, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            retry_after_secs: None,
            permission: None,
        }
    }

    pub fn internal() -> Self {
        Self::new(ErrorKindDto::Internal, "an internal error occurred")
    }
}

impl From<Error> for ErrorDto {
    fn from(e: Error) -> Self {
        use ErrorKindDto as K;
        let kind = match &e {
            Error::WrongSecret => K::WrongSecret,
            Error::Throttled { retry_after_secs } => {
                let secs = u32::try_from(*retry_after_secs).unwrap_or(u32::MAX);
                return Self {
                    retry_after_secs: Some(secs),
                    ..Self::new(K::Throttled, e.to_string())
                };
            }
            Error::KeyFileDamaged(_) => K::KeyFileDamaged,
            Error::DatabaseDamaged => K::DatabaseDamaged,
            Error::DatabaseMissing => K::DatabaseMissing,
            Error::Locked => K::Locked,
            Error::AlreadyExists => K::AlreadyExists,
            Error::NoVault => K::NoVault,
            Error::InUse => K::InUse,
            Error::NotFound => K::NotFound,
            Error::InvalidInput(_) => K::InvalidInput,
            Error::PassphraseTooShort { .. } => K::PassphraseTooShort,
            Error::ImageUnsupported => K::ImageUnsupported,
            Error::ImageTooLarge => K::ImageTooLarge,
            Error::ImageDamaged => K::ImageDamaged,
            Error::PermissionOff(p) => {
                return Self {
                    permission: Some((*p).into()),
                    ..Self::new(K::PermissionOff, e.to_string())
                };
            }
            Error::GuardianRequired => K::GuardianRequired,
            Error::ReadOnly => K::ReadOnly,
            // The platform's words (no secrets in them) help the user see what is wrong.
            Error::Keychain(_) => K::Keychain,
            Error::NotRemembered => K::NotRemembered,
            // The reason is one of a fixed set of sentences about the archive, never its content.
            Error::ArchiveInvalid(_) => K::ArchiveInvalid,
            Error::Cancelled => K::Cancelled,
            Error::StoppedByLock => K::StoppedByLock,
            Error::ArchiveDamaged(_) => K::ArchiveDamaged,
            Error::BackupDamaged => K::BackupDamaged,
            Error::NoBackup => K::NoBackup,
            Error::Busy => K::Busy,
            Error::NotGranted => K::NotGranted,
            // Database, I/O and crypto details may name files or quote SQL: keep them out.
            Error::CipherUnavailable
            | Error::Database(_)
            | Error::Migration(_)
            | Error::Io(_)
            | Error::Crypto => return Self::internal(),
        };
        Self::new(kind, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_details_never_cross_ipc() {
        let sql = sql_error();
        let dto = ErrorDto::from(Error::Database(sql));
        assert_eq!(dto.kind, ErrorKindDto::Internal);
        assert!(!dto.message.contains("SELECT"));
        let io = std::io::Error::other("/home/someone/.local/share/diary.db");
        assert!(!ErrorDto::from(Error::Io(io)).message.contains("/home"));
    }

    fn sql_error() -> keepsake_core::db::SqlError {
        keepsake_core::db::SqlError::InvalidColumnName("SELECT secret FROM entries".into())
    }

    #[test]
    fn throttling_carries_the_wait() {
        let dto = ErrorDto::from(Error::Throttled {
            retry_after_secs: 42,
        });
        assert_eq!(dto.kind, ErrorKindDto::Throttled);
        assert_eq!(dto.retry_after_secs, Some(42));
        let json = serde_json::to_value(&dto).unwrap();
        assert_eq!(json["kind"], "throttled");
        assert_eq!(json["retryAfterSecs"], 42);
    }

    #[test]
    fn kinds_are_named_in_the_log_as_on_the_wire() {
        for kind in [
            ErrorKindDto::PermissionOff,
            ErrorKindDto::ReadOnly,
            ErrorKindDto::WrongSecret,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        let dto = ErrorDto::from(Error::PermissionOff(
            keepsake_core::permissions::Permission::Location,
        ));
        assert_eq!(dto.permission, Some(crate::dto::PermissionIdDto::Location));
    }
}
