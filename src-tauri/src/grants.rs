//! Paths come from the user, never from script. The native dialog (or, in a test run, a typed
//! path) gives the web view an opaque, single-use grant; commands that write or read a file
//! take the grant and ask Rust for its path. Script in the web view can therefore neither
//! choose where a plain export of the whole diary goes nor read a file the user did not pick.
//!
//! Typed paths (the `<name>-path` fields) become grants directly only when the process was
//! started with `KEEPSAKE_TEST_TYPED_PATHS=1`, which script cannot set; otherwise a typed path
//! opens the native dialog there, for the user to confirm.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use keepsake_core::settings::Language;
use keepsake_core::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The switch for end-to-end tests (see the README's QA contract section).
pub const TYPED_PATHS_ENV: &str = "KEEPSAKE_TEST_TYPED_PATHS";

/// Grants not yet used; older ones are forgotten.
const MAX_OUTSTANDING: usize = 16;

/// What a path is for: a file to write, a file to read, or a folder to write into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PathKindDto {
    Save,
    Open,
    Folder,
}

/// A path the user chose: `id` to hand to the command that uses it, `path` to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PathGrantDto {
    pub id: String,
    pub path: String,
}

struct Grant {
    id: String,
    kind: PathKindDto,
    path: PathBuf,
}

pub struct Grants {
    outstanding: Mutex<VecDeque<Grant>>,
    typed_paths: bool,
}

impl Grants {
    /// `typed_paths`: honour typed paths without the dialog (test runs only).
    pub fn new(typed_paths: bool) -> Self {
        Self {
            outstanding: Mutex::default(),
            typed_paths,
        }
    }

    /// As the process was started: typed paths only under `TYPED_PATHS_ENV=1`.
    pub fn from_env() -> Self {
        Self::new(std::env::var_os(TYPED_PATHS_ENV).is_some_and(|v| v == "1"))
    }

    pub fn typed_paths(&self) -> bool {
        self.typed_paths
    }

    /// A grant for `path`, which the user chose for `kind`.
    pub fn issue(&self, kind: PathKindDto, path: PathBuf) -> PathGrantDto {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let shown = path.display().to_string();
        let mut outstanding = self.lock();
        if outstanding.len() == MAX_OUTSTANDING {
            outstanding.pop_front();
        }
        outstanding.push_back(Grant {
            id: id.clone(),
            kind,
            path,
        });
        PathGrantDto { id, path: shown }
    }

    /// A grant for a path the user typed, when typed paths are honoured; `None` otherwise
    /// (the caller then asks the user in the native dialog).
    pub fn issue_typed(&self, kind: PathKindDto, typed: &str) -> Result<Option<PathGrantDto>> {
        if !self.typed_paths {
            return Ok(None);
        }
        let path = PathBuf::from(typed.trim());
        if !path.is_absolute() {
            return Err(Error::InvalidInput("a full path to the file"));
        }
        Ok(Some(self.issue(kind, path)))
    }

    /// The path behind `id`, used up; `NotGranted` when it was never issued, was used
    /// already, or was chosen for another kind of use.
    pub fn take(&self, id: &str, kind: PathKindDto) -> Result<PathBuf> {
        let mut outstanding = self.lock();
        let at = outstanding
            .iter()
            .position(|g| g.id == id)
            .ok_or(Error::NotGranted)?;
        let grant = outstanding.remove(at).ok_or(Error::NotGranted)?;
        if grant.kind != kind {
            return Err(Error::NotGranted);
        }
        Ok(grant.path)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Grant>> {
        self.outstanding
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The native dialog's title for `kind`, and the name of the export files' filter, in
/// `language` (the dialog's own buttons follow the system's language).
pub fn dialog_words(kind: PathKindDto, language: Language) -> (&'static str, &'static str) {
    let title = match (kind, language) {
        (PathKindDto::Save, Language::En) => "Choose where to save",
        (PathKindDto::Save, Language::ZhCn) => "选择保存位置",
        (PathKindDto::Open, Language::En) => "Choose a Keepsake export",
        (PathKindDto::Open, Language::ZhCn) => "选择拾忆导出文件",
        (PathKindDto::Folder, Language::En) => "Choose a folder",
        (PathKindDto::Folder, Language::ZhCn) => "选择文件夹",
    };
    let exports = match language {
        Language::En => "Keepsake exports",
        Language::ZhCn => "拾忆导出文件",
    };
    (title, exports)
}

/// Where the native dialog opens for a typed path: its folder and file name, as far as they
/// can be told apart.
pub fn dialog_start(kind: PathKindDto, typed: &str) -> (Option<PathBuf>, Option<String>) {
    let path = Path::new(typed.trim());
    if !path.is_absolute() {
        return (None, None);
    }
    match kind {
        PathKindDto::Folder => (Some(path.to_owned()), None),
        PathKindDto::Save | PathKindDto::Open => (
            path.parent().map(Path::to_owned),
            path.file_name().map(|n| n.to_string_lossy().into_owned()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_is_used_once_for_its_kind_and_forged_ids_get_nothing() {
        let grants = Grants::new(false);
        let g = grants.issue(PathKindDto::Save, PathBuf::from("/tmp/x.zip"));
        assert_eq!(g.path, "/tmp/x.zip");
        assert!(matches!(
            grants.take("not-an-id", PathKindDto::Save),
            Err(Error::NotGranted)
        ));
        assert_eq!(
            grants.take(&g.id, PathKindDto::Save).unwrap(),
            PathBuf::from("/tmp/x.zip")
        );
        assert!(matches!(
            grants.take(&g.id, PathKindDto::Save),
            Err(Error::NotGranted)
        ));
        let open = grants.issue(PathKindDto::Open, PathBuf::from("/tmp/y.zip"));
        assert!(matches!(
            grants.take(&open.id, PathKindDto::Save),
            Err(Error::NotGranted)
        ));
        // A wrong-kind attempt used it up too.
        assert!(grants.take(&open.id, PathKindDto::Open).is_err());
    }

    #[test]
    fn typed_paths_need_the_test_switch() {
        let production = Grants::new(false);
        assert_eq!(
            production
                .issue_typed(PathKindDto::Save, "/tmp/x.zip")
                .unwrap(),
            None
        );
        let test_run = Grants::new(true);
        let g = test_run
            .issue_typed(PathKindDto::Save, " /tmp/x.zip ")
            .unwrap()
            .unwrap();
        assert_eq!(
            test_run.take(&g.id, PathKindDto::Save).unwrap(),
            PathBuf::from("/tmp/x.zip")
        );
        assert!(test_run
            .issue_typed(PathKindDto::Save, "relative.zip")
            .is_err());
    }

    #[test]
    fn only_the_newest_grants_are_kept() {
        let grants = Grants::new(false);
        let first = grants.issue(PathKindDto::Open, PathBuf::from("/tmp/0"));
        for i in 1..=MAX_OUTSTANDING {
            grants.issue(PathKindDto::Open, PathBuf::from(format!("/tmp/{i}")));
        }
        assert!(grants.take(&first.id, PathKindDto::Open).is_err());
    }

    #[test]
    fn the_dialog_opens_where_the_typed_path_points() {
        assert_eq!(
            dialog_start(PathKindDto::Save, "/home/mei/out.zip"),
            (Some(PathBuf::from("/home/mei")), Some("out.zip".into()))
        );
        assert_eq!(
            dialog_start(PathKindDto::Folder, "/home/mei/shared"),
            (Some(PathBuf::from("/home/mei/shared")), None)
        );
        assert_eq!(dialog_start(PathKindDto::Open, "out.zip"), (None, None));
    }
}
