use std::io;

/// Everything that can go wrong in the core. Not `Serialize` on purpose: the shell maps it to a
/// small `{kind, message}` that never carries SQL, paths or diary content.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the passphrase or recovery key is not correct")]
    WrongSecret,
    #[error("too many failed attempts; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("the key file is damaged: {0}")]
    KeyFileDamaged(&'static str),
    #[error("the diary database is damaged")]
    DatabaseDamaged,
    #[error("this backup is damaged or incomplete")]
    BackupDamaged,
    #[error("there is no backup that opens")]
    NoBackup,
    #[error("the diary database is missing")]
    DatabaseMissing,
    #[error("the diary is locked")]
    Locked,
    #[error("a diary already exists in this folder")]
    AlreadyExists,
    #[error("this diary is open in another Keepsake process")]
    InUse,
    #[error("there is no diary in this folder yet")]
    NoVault,
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    InvalidInput(&'static str),
    #[error("the passphrase is too short: use at least {min_chars} characters")]
    PassphraseTooShort { min_chars: usize },
    #[error("this file is not a supported image (JPEG, PNG, WebP or GIF)")]
    ImageUnsupported,
    #[error("this image is too large")]
    ImageTooLarge,
    #[error("this image is damaged or could not be read")]
    ImageDamaged,
    #[error("this needs the optional permission \"{}\", which is off", .0.id())]
    PermissionOff(crate::permissions::Permission),
    #[error(
        "the profile's birthday shows a user under 14: a parent or guardian must consent first"
    )]
    GuardianRequired,
    #[error("the diary is read-only until you accept the updated privacy policy")]
    ReadOnly,
    #[error("this device does not remember the diary's key")]
    NotRemembered,
    #[error(transparent)]
    Keychain(#[from] crate::keychain::KeychainError),
    #[error("this archive cannot be imported: {0}")]
    ArchiveInvalid(&'static str),
    #[error("cancelled")]
    Cancelled,
    #[error("stopped because the diary was locked")]
    StoppedByLock,
    #[error("the passphrase is right, but this export is damaged or incomplete: {0}")]
    ArchiveDamaged(&'static str),
    #[error("the diary is busy with an import; try again when it is done")]
    Busy,
    #[error("this file or folder was not chosen by the user")]
    NotGranted,
    #[error("SQLCipher is not linked: refusing to open an unencrypted database")]
    CipherUnavailable,
    #[error("database error: {0}")]
    Database(rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("file error: {0}")]
    Io(#[from] io::Error),
    #[error("encryption failure")]
    Crypto,
    /// Only produced by fault injection in tests (see `fsutil::CrashPoint`).
    #[cfg(test)]
    #[error("simulated crash")]
    SimulatedCrash,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{
            DatabaseBusy, DatabaseCorrupt, DatabaseLocked, NotADatabase, ReadOnly,
        };
        match e.sqlite_error_code() {
            Some(NotADatabase | DatabaseCorrupt) => Error::DatabaseDamaged,
            // Only a job's connection writes for long (an import): the diary waited 5 s for it.
            Some(DatabaseBusy | DatabaseLocked) => Error::Busy,
            // Only `query_only` makes our connection read-only: the policy was not accepted.
            Some(ReadOnly) => Error::ReadOnly,
            _ => Error::Database(e),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
