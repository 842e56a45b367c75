use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use super::*;
use crate::entries::EntryInput;
use crate::keychain::MockKeyStore;
use crate::permissions::Actor;
use crate::places::{self, Place};
use crate::profile::{self, Field};
use crate::vault::KdfParams;
use crate::Keepsake;

const HOSTILE: &str = "Dear diary <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n\n\
                       [a link](javascript:alert(3)) and [a site](https://example.org).";

fn setup(dir: &Path) -> (Keepsake, String) {
    let ks = Keepsake::with_kdf(dir, KdfParams::FAST_INSECURE, KdfParams::FAST_INSECURE)
        .unwrap()
        .with_key_store(Arc::new(MockKeyStore::default()));
    ks.create("a passphrase 1", crate::policy::CURRENT_VERSION)
        .unwrap();
    ks.grant(Permission::Location, &Actor::User).unwrap();
    let photo = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/portrait-exif-gps.jpg"),
    )
    .unwrap();
    let id = ks
        .with_diary(|d| {
            let e = entries::create(
                d.conn(),
                &EntryInput {
                    title: "By the lake 湖边".into(),
                    body: HOSTILE.into(),
                    entry_at: "2026-11-20T08:30".into(),
                    tags: vec!["旅行".into()],
                    mood: Some(4),
                },
            )?;
            places::set(
                d.conn(),
                &e.id,
                Some(&Place {
                    name: "Secret Cove".into(),
                    latitude: Some(1.0),
                    longitude: Some(2.0),
                }),
            )?;
            images::attach(d.conn(), &e.id, &images::prepare(&photo)?)?;
            Ok(e.id)
        })
        .unwrap();
    (ks, id)
}

fn share_with(
    ks: &Keepsake,
    id: &str,
    format: ShareFormat,
    options: ShareOptions,
    dest: Option<&Path>,
    passphrase: Option<&str>,
) -> Result<Shared> {
    ks.share_entry(id, format, options, dest, passphrase)
}

fn log_rows(ks: &Keepsake) -> Vec<(String, String)> {
    ks.with_diary(|d| log(d.conn()))
        .unwrap()
        .into_iter()
        .map(|r| (r.format, r.destination))
        .collect()
}

#[test]
fn sharing_is_refused_while_the_permission_is_off_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, id) = setup(dir.path());
    let out = dir.path().join("copy.html");
    let result = share_with(
        &ks,
        &id,
        ShareFormat::Html,
        ShareOptions::default(),
        Some(&out),
        None,
    );
    assert!(matches!(
        result,
        Err(Error::PermissionOff(Permission::Sharing))
    ));
    assert!(!out.exists());
    assert!(log_rows(&ks).is_empty());
    // Under 14, a grant the user gave alone does not count.
    ks.grant(Permission::Sharing, &Actor::User).unwrap();
    ks.with_diary(|d| profile::set(d.conn(), Field::Birthday, "2020-01-01"))
        .unwrap();
    let result = share_with(
        &ks,
        &id,
        ShareFormat::Text,
        ShareOptions::default(),
        None,
        None,
    );
    assert!(matches!(result, Err(Error::PermissionOff(_))));
}

#[test]
fn an_html_copy_holds_the_text_and_photo_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, id) = setup(dir.path());
    ks.grant(Permission::Sharing, &Actor::User).unwrap();
    let out = dir.path().join("copy.html");
    let shared = share_with(
        &ks,
        &id,
        ShareFormat::Html,
        ShareOptions::default(),
        Some(&out),
        None,
    )
    .unwrap();
    assert_eq!(shared, Shared::Files(vec![out.clone()]));
    let page = fs::read_to_string(&out).unwrap();
    assert!(page.contains("By the lake 湖边"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "raw HTML shown as text"
    );
    assert!(!page.contains("<script"), "no script in the copy");
    assert!(!page.contains("onerror=alert") || page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!page.contains("javascript:"));
    assert!(page.contains("href=\"https://example.org\""));
    assert!(
        !page.contains("旅行") && !page.contains("4/5"),
        "no tags or mood unless chosen"
    );
    assert!(!page.contains("Secret Cove"), "never the place");
    let start = page.find("data:image/jpeg;base64,").unwrap() + 23;
    let end = start + page[start..].find('"').unwrap();
    let photo = B64.decode(&page[start..end]).unwrap();
    assert!(
        !photo.windows(4).any(|w| w == b"Exif"),
        "no EXIF in the shared photo"
    );
    assert_eq!(images::metadata::read(&photo), None);

    let with = ShareOptions {
        include_tags: true,
        include_mood: true,
    };
    share_with(&ks, &id, ShareFormat::Html, with, Some(&out), None).unwrap();
    let page = fs::read_to_string(&out).unwrap();
    assert!(page.contains("#旅行") && page.contains("4/5"));
    assert_eq!(
        log_rows(&ks),
        [
            ("html".into(), "file".into()),
            ("html".into(), "file".into())
        ]
    );
}

#[test]
fn markdown_with_photos_in_a_folder_and_text_for_the_clipboard() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, id) = setup(dir.path());
    ks.grant(Permission::Sharing, &Actor::User).unwrap();
    let folder = dir.path().join("shared");
    let Shared::Files(files) = share_with(
        &ks,
        &id,
        ShareFormat::Markdown,
        ShareOptions::default(),
        Some(&folder),
        None,
    )
    .unwrap() else {
        panic!("files expected")
    };
    assert_eq!(files.len(), 2);
    let md = fs::read_to_string(&files[0]).unwrap();
    assert!(md.starts_with("# By the lake 湖边"));
    assert!(md.contains("![](By-the-lake-湖边-photos/1.jpg)"));
    let photo = fs::read(&files[1]).unwrap();
    assert!(!photo.windows(4).any(|w| w == b"Exif"));

    let Shared::Text(text) = share_with(
        &ks,
        &id,
        ShareFormat::Text,
        ShareOptions::default(),
        None,
        None,
    )
    .unwrap() else {
        panic!("text expected")
    };
    assert!(text.starts_with("By the lake 湖边\n2026-11-20 08:30\n"));
    assert!(!text.contains("Secret Cove"));
    assert_eq!(
        log_rows(&ks),
        [
            ("text".into(), "clipboard".into()),
            ("markdown".into(), "folder".into())
        ]
    );
}

#[test]
fn a_sealed_copy_opens_only_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (ks, id) = setup(dir.path());
    ks.grant(Permission::Sharing, &Actor::User).unwrap();
    let out = dir.path().join("sealed.html");
    assert!(share_with(
        &ks,
        &id,
        ShareFormat::SealedHtml,
        ShareOptions::default(),
        Some(&out),
        Some("short")
    )
    .is_err());
    share_with(
        &ks,
        &id,
        ShareFormat::SealedHtml,
        ShareOptions::default(),
        Some(&out),
        Some("river stones 9"),
    )
    .unwrap();
    let sealed = fs::read_to_string(&out).unwrap();
    assert!(
        !sealed.contains("By the lake"),
        "nothing readable before opening"
    );
    assert!(sealed.contains("crypto.subtle.decrypt"));
    assert!(matches!(
        sealed_html::open(&sealed, "wrong words 1"),
        Err(Error::WrongSecret)
    ));
    let page = sealed_html::open(&sealed, "river stones 9").unwrap();
    assert!(page.contains("By the lake 湖边") && page.contains("data:image/jpeg;base64,"));
}
