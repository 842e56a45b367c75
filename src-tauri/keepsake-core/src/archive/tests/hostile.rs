//! A corpus of hostile archives refused with nothing written; a damaged export fails its check.

use std::fs;
use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

use super::*;

/// Build a zip from (name, bytes) pairs, optionally with a manifest that lists them.
fn zip_of(path: &Path, members: &[(&str, Vec<u8>)], manifest: bool) {
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut files = Vec::new();
    for (name, bytes) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
        files.push(format::FileSum {
            path: (*name).to_owned(),
            size: bytes.len() as u64,
            sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(bytes)),
        });
    }
    if manifest {
        let m = format::Manifest {
            format: format::FORMAT.into(),
            version: format::VERSION,
            created_at: 0,
            entries: 1,
            images: 0,
            files,
        };
        zip.start_file("manifest.json", options).unwrap();
        zip.write_all(&serde_json::to_vec(&m).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn hostile_archives_are_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = diary(dir.path());
    let before = contents(&target);
    let work = tempfile::tempdir().unwrap();
    let entry = |id: &str| {
        serde_json::to_vec(&format::EntryRecord {
            id: id.into(),
            title: "x".into(),
            body: "y".into(),
            entry_at: "2026-01-01T00:00".into(),
            tags: vec![],
            mood: None,
            created_at: 0,
            updated_at: 0,
            place: None,
            images: vec![],
        })
        .unwrap()
    };
    let mut cases: Vec<(&str, PathBuf)> = Vec::new();
    let mut case = |name: &'static str, build: &dyn Fn(&Path)| {
        let path = work.path().join(format!("{name}.zip"));
        build(&path);
        cases.push((name, path));
    };
    case("zip-slip", &|p| {
        zip_of(p, &[("../../evil.json", b"{}".to_vec())], true)
    });
    case("absolute path", &|p| {
        zip_of(p, &[("/tmp/keepsake-evil.json", b"{}".to_vec())], true)
    });
    case("foreign folder", &|p| {
        zip_of(p, &[("scripts/run.sh", b"rm -rf /".to_vec())], true)
    });
    case("symlink", &|p| {
        let mut zip = zip::ZipWriter::new(fs::File::create(p).unwrap());
        zip.add_symlink(
            "entries/link.json",
            "/etc/passwd",
            SimpleFileOptions::default(),
        )
        .unwrap();
        zip.finish().unwrap();
    });
    case("bomb", &|p| {
        let mut zip = zip::ZipWriter::new(fs::File::create(p).unwrap());
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("entries/bomb.json", options).unwrap();
        zip.write_all(&vec![b' '; 30 * 1024 * 1024]).unwrap();
        zip.finish().unwrap();
    });
    case("wrong checksum", &|p| {
        zip_of(p, &[("entries/0190-aa.json", entry("0190-aa"))], true);
        let mut bytes = fs::read(p).unwrap();
        let at = bytes.windows(5).position(|w| w == b"\"x\",\"").unwrap();
        bytes[at + 1] = b'z';
        fs::write(p, bytes).unwrap();
    });
    case("no manifest", &|p| {
        zip_of(p, &[("entries/0190-aa.json", entry("0190-aa"))], false)
    });
    case("not a zip", &|p| fs::write(p, vec![0x42; 4096]).unwrap());
    case("bad entry id", &|p| {
        zip_of(p, &[("entries/x.json", entry("../../x"))], true)
    });

    for (name, path) in &cases {
        let result = import(&target, path, None);
        assert!(
            matches!(
                result,
                Err(crate::Error::ArchiveInvalid(_)) | Err(crate::Error::InvalidInput(_))
            ),
            "{name}: {result:?}"
        );
    }
    assert_eq!(contents(&target), before, "nothing imported");
    assert!(!Path::new("/tmp/keepsake-evil.json").exists());
    assert!(!work.path().parent().unwrap().join("evil.json").exists());
    let listed: Vec<_> = fs::read_dir(work.path()).unwrap().collect();
    assert_eq!(
        listed.len(),
        cases.len(),
        "nothing written beside the archives"
    );
}

#[test]
fn a_damaged_export_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_diary(dir.path());
    let file = dir.path().join("x.zip");
    export(&source, &file, None).unwrap();
    let mut bytes = fs::read(&file).unwrap();
    let at = bytes.windows(11).position(|w| w == b"canary-5c1b");
    // The body is deflated: flip a byte in the middle of the file instead when not visible.
    let at = at.unwrap_or(bytes.len() / 2);
    bytes[at] ^= 0x20;
    fs::write(&file, &bytes).unwrap();
    assert!(verify(&file, None).is_err());
}

#[test]
fn a_sealed_export_cut_short_is_damaged_not_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let target = diary(&dir.path().join("target"));
    for (name, source) in [
        // Many chunks: the first still opens.
        ("full", full_diary(&dir.path().join("full"))),
        // One chunk: only the header's check proves the passphrase.
        ("empty", diary(&dir.path().join("empty"))),
    ] {
        let file = dir.path().join(format!("{name}.keepsake"));
        export(&source, &file, Some("export secret 9")).unwrap();
        let bytes = fs::read(&file).unwrap();
        fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert!(
            matches!(
                import(&target, &file, Some("export secret 9")),
                Err(crate::Error::ArchiveDamaged(_))
            ),
            "{name}: the right passphrase on a damaged file"
        );
        assert!(
            matches!(
                import(&target, &file, Some("not the secret")),
                Err(crate::Error::WrongSecret)
            ),
            "{name}: a wrong passphrase is still that"
        );
        // Damage in the middle rather than a cut.
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 1;
        fs::write(&file, &flipped).unwrap();
        assert!(
            matches!(
                import(&target, &file, Some("export secret 9")),
                Err(crate::Error::ArchiveDamaged(_))
            ),
            "{name}: a flipped byte"
        );
    }
    assert!(contents(&target).iter().all(|rows| !rows.contains("西湖")));
}
