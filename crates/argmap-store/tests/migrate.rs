//! Libraries written by earlier versions of the schema open in this one with everything
//! kept. Each earlier version has a fixture database in tests/fixtures/, made by the
//! code of that version's schema step; regenerate (after adding a version) with
//!     ARGMAP_REGENERATE_FIXTURES=1 cargo test -p argmap-store --test migrate

mod common;

use std::path::{Path, PathBuf};

use argmap_core::format;
use argmap_store::{Library, schema};
use common::{object, thesis_doc};
use rusqlite::{Connection, params};

fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}.db"))
}

/// Draft 1 of map 1, unsaved work whose app died (a pid no process has), starting from
/// `snapshot`.
fn dead_draft(conn: &Connection, snapshot: Vec<u8>) {
    conn.execute(
        "INSERT INTO drafts (id, map_id, owner_pid, owner_start, dirty, started_at, changed_at)
         VALUES (1, 1, 2147483646, 1, 1, 1700000000000, 1700000060000)",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO snapshots (draft_id, body) VALUES (1, ?1)",
        [snapshot],
    )
    .unwrap();
}

/// Version 1: an unsaved map with a draft (a snapshot and one journal entry) left by
/// an app that died, and a file-backed map whose file is gone.
fn make_v1(path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut conn = Connection::open(path).unwrap();
    schema::migrate(&mut conn, 1).unwrap();
    let (mut doc, thesis) = thesis_doc("Untitled", "Compute keeps getting cheaper");
    let snapshot = format::to_bytes(doc.map());
    let patches = object(&mut doc, thesis, "Energy supply caps data centres");
    conn.execute(
        "INSERT INTO maps (id, path, title, nodes, opened_at) VALUES (1, NULL, 'Untitled', 2, 1700000000000)",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO maps (id, path, title, nodes, opened_at, saved_at) VALUES (2, '/nonexistent/old.map', 'Old debate', 10, 1690000000000, 1690000000000)",
        [],
    )
    .unwrap();
    dead_draft(&conn, snapshot);
    conn.execute(
        "INSERT INTO journal (draft_id, seq, patches, at) VALUES (1, 1, ?1, 1700000060000)",
        params![serde_json::to_vec(&patches).unwrap()],
    )
    .unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
}

/// Version 2: a file-backed map with a thumbnail (then nothing said what it showed).
/// Its path is a placeholder; the test points it at a file of its own.
fn make_v2(path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut conn = Connection::open(path).unwrap();
    schema::migrate(&mut conn, 2).unwrap();
    conn.execute(
        "INSERT INTO maps (id, path, title, nodes, opened_at, saved_at, pinned, thumbnail)
         VALUES (1, '/placeholder/debate.map', 'Debate', 1, 1700000000000, 1700000000000, 1, x'89504e47')",
        [],
    )
    .unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
}

/// Version 3: a file-backed map with unsaved work left by an app that died (then no
/// draft said what its file was), and a thumbnail keyed by the file's size and time
/// only. Its path is a placeholder; the test points it at a file of its own.
fn make_v3(path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut conn = Connection::open(path).unwrap();
    schema::migrate(&mut conn, 3).unwrap();
    let (doc, _) = thesis_doc("Debate", "Compute keeps getting cheaper");
    conn.execute(
        "INSERT INTO maps (id, path, title, nodes, opened_at, saved_at, thumbnail, thumbnail_of)
         VALUES (1, '/placeholder/debate.map', 'Debate', 1, 1700000000000, 1700000000000, x'89504e47', '2 120:1700000000000000000')",
        [],
    )
    .unwrap();
    dead_draft(&conn, format::to_bytes(doc.map()));
    conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
}

/// Opens a copy of the fixture of `version` in `dir`, its one map's placeholder path
/// pointed at a file there (returned) holding a one-thesis map.
fn open_with_file(dir: &Path, version: i64) -> (Library, PathBuf) {
    let db = dir.join("library.db");
    std::fs::copy(fixture(version), &db).unwrap();
    let file = dir.join("debate.map");
    let (doc, _) = thesis_doc("Debate", "Compute keeps getting cheaper");
    format::save_file(doc.map(), &file).unwrap();
    let conn = Connection::open(&db).unwrap();
    conn.execute("UPDATE maps SET path = ?1", [file.to_str().unwrap()])
        .unwrap();
    drop(conn);
    (Library::open(&db).unwrap().library, file)
}

#[test]
fn fixtures_are_current() {
    if std::env::var_os("ARGMAP_REGENERATE_FIXTURES").is_some() {
        std::fs::create_dir_all(fixture(1).parent().unwrap()).unwrap();
        make_v1(&fixture(1));
        make_v2(&fixture(2));
        make_v3(&fixture(3));
    }
    for v in 1..schema::VERSION {
        assert!(fixture(v).exists(), "no fixture for schema version {v}");
    }
}

#[test]
fn a_version_1_library_opens_with_its_unsaved_work_and_becomes_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    std::fs::copy(fixture(1), &db).unwrap();
    let opened = Library::open(&db).unwrap();
    assert!(opened.notice.is_none());
    let lib = opened.library;
    assert_eq!(schema::version(lib.connection()).unwrap(), schema::VERSION);
    assert!(lib.check().unwrap());

    let found = lib.recoverable().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].changed_at, 1_700_000_060_000);
    let map = lib.recover(found[0].draft).unwrap();
    assert_eq!(map.len(), 2);

    // Search, which version 1 did not have, indexed the draft's statements.
    let hits = lib.search("energy supply", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].title, "Untitled");
    assert_eq!(lib.search("cheaper", 10).unwrap().len(), 1);

    let recent = lib.recent(10).unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].title, "Old debate");
    assert!(recent[0].missing && !recent[0].pinned);
}

#[test]
fn a_version_2_librarys_thumbnails_are_drawn_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, _) = open_with_file(dir.path(), 2);
    assert_eq!(schema::version(lib.connection()).unwrap(), schema::VERSION);
    let recent = lib.recent(10).unwrap();
    assert_eq!(recent.len(), 1);
    assert!(recent[0].pinned);
    // The old picture is kept to show until the new one is drawn.
    assert_eq!(recent[0].thumbnail.as_deref(), Some(&b"\x89PNG"[..]));
    assert!(
        recent[0].thumbnail_stale(1),
        "drawn by an older Argmap, whatever its style"
    );
    let id = recent[0].id;
    lib.set_thumbnail(id, b"new", 1).unwrap();
    assert!(!lib.thumbnail_stale(id, 1).unwrap());
}

#[test]
fn a_version_3_librarys_unsaved_work_is_recovered_without_a_file_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, file) = open_with_file(dir.path(), 3);
    assert_eq!(schema::version(lib.connection()).unwrap(), schema::VERSION);
    let found = lib.recoverable().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(lib.recover(found[0].draft).unwrap().len(), 1);
    // Nothing says what the file was when the work began: the app compares with the
    // file as it is now, as version 3 did.
    let adopted = lib.adopt(found[0].draft).unwrap();
    assert_eq!(adopted.path.as_deref(), Some(file.as_path()));
    assert_eq!(adopted.file, None);
    // A thumbnail keyed the old way (size and time only) is drawn again, once.
    let id = lib.recent(10).unwrap()[0].id;
    assert!(lib.thumbnail_stale(id, 2).unwrap());
    lib.set_thumbnail(id, b"new", 2).unwrap();
    assert!(!lib.thumbnail_stale(id, 2).unwrap());
}

#[test]
fn a_library_from_a_newer_argmap_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    {
        let conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", schema::VERSION + 1)
            .unwrap();
    }
    let err = Library::open(&db).err().expect("refused");
    assert!(err.to_string().contains("newer Argmap"), "{err}");
    let conn = Connection::open(&db).unwrap();
    assert_eq!(schema::version(&conn).unwrap(), schema::VERSION + 1);
}
