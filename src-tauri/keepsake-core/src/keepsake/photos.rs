//! Photos and the profile picture the user gives: decoded and re-encoded (`images::prepare`)
//! outside the diary's mutex, since that is the slow part, then stored in one short step. A
//! locked diary decodes nothing.

use super::Keepsake;
use crate::images::{self, ImageInfo, Prepared};
use crate::profile::Profile;
use crate::{Error, Result};

impl Keepsake {
    /// Attach the image file `bytes` to the entry `entry_id`.
    pub fn add_photo(&self, entry_id: &str, bytes: &[u8]) -> Result<ImageInfo> {
        let photo = self.prepare_while_unlocked(bytes)?;
        self.with_diary(|d| d.attach_photo(entry_id, &photo))
    }

    /// Make the image file `bytes` the profile picture; the profile as it is now.
    pub fn set_avatar(&self, bytes: &[u8]) -> Result<Profile> {
        let picture = self.prepare_while_unlocked(bytes)?;
        self.with_diary(|d| d.set_avatar(&picture))
    }

    fn prepare_while_unlocked(&self, bytes: &[u8]) -> Result<Prepared> {
        if self.slot().is_none() {
            return Err(Error::Locked);
        }
        images::prepare(bytes)
    }
}
