//! The one error shape that crosses IPC: a stable `kind` the UI translates, and an English
//! `message` for logs. Never carries SQL, paths, keys or diary content.

use keepsake_core::Error;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    WrongSecret,
    Throttled,
    KeyFileDamaged,
    DatabaseDamaged,
    DatabaseMissing,
    Locked,
    AlreadyExists,
    NoVault,
    NotFound,
    InvalidInput,
    PassphraseTooShort,
    ImageUnsupported,
    ImageTooLarge,
    ImageDamaged,
    Internal,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDto {
    pub kind: ErrorKind,
    pub message: String,
    /// For `throttled`: seconds until the next attempt is allowed.
    pub retry_after_secs: Option<u32>,
}

impl ErrorDto {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    pub fn internal() -> Self {
        Self::new(ErrorKind::Internal, "an internal error occurred")
    }
}

impl From<Error> for ErrorDto {
    fn from(e: Error) -> Self {
        use ErrorKind as K;
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
            Error::NotFound => K::NotFound,
            Error::InvalidInput(_) => K::InvalidInput,
            Error::PassphraseTooShort { .. } => K::PassphraseTooShort,
            Error::ImageUnsupported => K::ImageUnsupported,
            Error::ImageTooLarge => K::ImageTooLarge,
            Error::ImageDamaged => K::ImageDamaged,
            // Database, I/O and crypto details may name files or quote SQL: keep them out.
            Error::CipherUnavailable
            | Error::Database(_)
            | Error::Migration(_)
            | Error::Io(_)
            | Error::Crypto
            | Error::SimulatedCrash => return Self::internal(),
        };
        Self::new(kind, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_details_never_cross_ipc() {
        let sql = rusqlite_error();
        let dto = ErrorDto::from(Error::Database(sql));
        assert_eq!(dto.kind, ErrorKind::Internal);
        assert!(!dto.message.contains("SELECT"));
        let io = std::io::Error::other("/home/someone/.local/share/diary.db");
        assert!(!ErrorDto::from(Error::Io(io)).message.contains("/home"));
    }

    fn rusqlite_error() -> keepsake_core::db::SqlError {
        keepsake_core::db::SqlError::InvalidColumnName("SELECT secret FROM entries".into())
    }

    #[test]
    fn throttling_carries_the_wait() {
        let dto = ErrorDto::from(Error::Throttled {
            retry_after_secs: 42,
        });
        assert_eq!(dto.kind, ErrorKind::Throttled);
        assert_eq!(dto.retry_after_secs, Some(42));
        let json = serde_json::to_value(&dto).unwrap();
        assert_eq!(json["kind"], "throttled");
        assert_eq!(json["retryAfterSecs"], 42);
    }
}
