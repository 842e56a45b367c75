//! Photos: a hostile-input-safe import pipeline, and their storage inside the encrypted database.

pub mod metadata;
mod pipeline;
mod store;

pub use metadata::PhotoMetadata;
pub use pipeline::{
    prepare, prepare_restored, Prepared, MAX_INPUT_BYTES, STORED_MAX_EDGE, THUMB_MAX_EDGE,
};
pub use store::{attach, delete, full, gallery, list_for_entry, restore, thumbnail, ImageInfo};

#[cfg(test)]
mod tests;
