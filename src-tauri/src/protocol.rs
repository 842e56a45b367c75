//! The `keepsake:` URI scheme: decrypted photo bytes for <img> elements, straight from the
//! vault, only while it is unlocked, never cached. `keepsake://localhost/image/<id>` and
//! `/thumb/<id>`, and the profile's `/avatar/<any id>` (`http://keepsake.localhost/...` on
//! Windows).

use keepsake_core::{Error, Keepsake};
use tauri::http::{header, Response, StatusCode};

pub const SCHEME: &str = "keepsake";

fn plain(status: StatusCode) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Vec::new())
        .unwrap_or_default()
}

/// Answer one request for `path`.
pub fn respond(keepsake: &Keepsake, path: &str) -> Response<Vec<u8>> {
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let (kind, id) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if !keepsake_core::ids::is_id(id) {
        return plain(StatusCode::BAD_REQUEST);
    }
    let found = keepsake.with_diary(|d| match kind {
        "image" => d.photo(id),
        "thumb" => d.thumbnail(id),
        // The id only makes each new avatar a new URL; there is one avatar.
        "avatar" => d.avatar()?.ok_or(Error::NotFound),
        _ => Err(Error::NotFound),
    });
    match found {
        Ok((mime, bytes)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, mime)
            .header(header::CACHE_CONTROL, "no-store")
            .header("X-Content-Type-Options", "nosniff")
            .body(bytes)
            .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR)),
        Err(Error::Locked) => plain(StatusCode::LOCKED),
        Err(Error::NotFound) => plain(StatusCode::NOT_FOUND),
        Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keepsake_core::entries::EntryInput;
    use keepsake_core::images;
    use keepsake_core::vault::KdfParams;

    #[test]
    fn serves_only_while_unlocked_never_cached_and_refuses_odd_paths() {
        let dir = tempfile::tempdir().unwrap();
        let fast = KdfParams::FAST_INSECURE;
        let ks = Keepsake::with_kdf(dir.path(), fast, fast).unwrap();
        ks.create("a passphrase 1", keepsake_core::policy::CURRENT_VERSION)
            .unwrap();
        let mut png = Vec::new();
        image_fixture(&mut png);
        let prepared = images::prepare(&png).unwrap();
        let entry = ks
            .with_diary(|d| {
                d.create_entry(&EntryInput {
                    title: "t".into(),
                    entry_at: "2026-01-01T00:00".into(),
                    ..Default::default()
                })
            })
            .unwrap();
        let info = ks.add_photo(&entry.id, &png).unwrap();

        let ok = respond(&ks, &format!("/image/{}", info.id));
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(ok.headers()[header::CONTENT_TYPE], prepared.mime);
        assert_eq!(ok.body(), &prepared.bytes);
        assert_eq!(
            respond(&ks, &format!("/thumb/{}", info.id)).body(),
            &prepared.thumb
        );

        for bad in [
            "/image/../../keyfile.json",
            "/image/",
            "/",
            "/image/a%2Fb",
            "/thumb/x y",
        ] {
            assert_eq!(respond(&ks, bad).status(), StatusCode::BAD_REQUEST, "{bad}");
        }
        assert_eq!(respond(&ks, "/other/0123").status(), StatusCode::NOT_FOUND);
        assert_eq!(
            respond(&ks, "/image/0123-abcd").status(),
            StatusCode::NOT_FOUND
        );

        ks.lock();
        let locked = respond(&ks, &format!("/image/{}", info.id));
        assert_eq!(locked.status(), StatusCode::LOCKED);
        assert!(locked.body().is_empty());
    }

    fn image_fixture(out: &mut Vec<u8>) {
        // A minimal valid 1x1 PNG.
        out.extend_from_slice(&[
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
            0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99,
            0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ]);
    }
}
