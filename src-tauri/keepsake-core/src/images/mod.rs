//! Photos: a hostile-input-safe import pipeline, and their storage inside the encrypted database.

pub mod metadata;
mod pipeline;
mod store;

pub use metadata::PhotoMetadata;
pub use pipeline::{
    prepare, prepare_restored, Prepared, MAX_INPUT_BYTES, STORED_MAX_EDGE, THUMB_MAX_EDGE,
};
pub use store::{
    attach, checksum, delete, full, gallery, list_for_entry, restore, thumbnail, ImageInfo,
};

/// The formats Keepsake stores (everything else is re-encoded to one of them).
pub const JPEG: &str = "image/jpeg";
pub const PNG: &str = "image/png";

/// The file extension for a stored photo's MIME type: the one table of them.
pub fn extension(mime: &str) -> &'static str {
    if mime == PNG {
        "png"
    } else {
        "jpg"
    }
}

#[cfg(test)]
mod tests;
