//! The library: autosave and recovery, recent maps, search, damage and faults.

mod common;

use std::path::Path;

use argmap_core::format::{FileStamp, OnDisk};
use argmap_core::{Document, Edit, NodeFields, format};
use argmap_store::{Changes, Library, changes};
use common::{object, orphan, thesis_doc};

fn open(dir: &Path) -> Library {
    let opened = Library::open(&dir.join("library.db")).unwrap();
    assert!(opened.notice.is_none());
    opened.library
}

#[test]
fn recorded_edits_of_an_unsaved_map_come_back_after_the_app_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let (mut doc, thesis) = thesis_doc("Untitled", "Scaling is over");
    let map = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), true).unwrap();
    for i in 0..5 {
        let patches = object(&mut doc, thesis, &format!("objection {i}"));
        lib.record(draft, map, &patches, doc.map(), true).unwrap();
    }
    let undo = doc.undo().unwrap();
    lib.record(draft, map, &undo, doc.map(), true).unwrap();
    // Our own draft is live: nothing to recover while this app runs.
    assert!(lib.recoverable().unwrap().is_empty());
    orphan(&lib, draft);
    drop(lib);

    let lib = open(dir.path());
    let found = lib.recoverable().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].title, "Untitled");
    assert_eq!(found[0].path, None);
    let back = lib.recover(found[0].draft).unwrap();
    assert_eq!(format::to_bytes(&back), format::to_bytes(doc.map()));
    let empty = argmap_core::ArgumentMap::new(argmap_core::MapMeta::titled("Untitled"));
    assert_eq!(
        changes(&empty, &back),
        Changes {
            added: 5,
            edited: 0,
            deleted: 0,
            details: false
        }
    );
}

#[test]
fn the_journal_is_folded_into_snapshots_without_losing_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    lib.set_compact_every(4);
    let (mut doc, thesis) = thesis_doc("t", "root");
    let map = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), false).unwrap();
    for i in 0..23 {
        let patches = object(&mut doc, thesis, &format!("o{i}"));
        lib.record(draft, map, &patches, doc.map(), true).unwrap();
    }
    let journal: i64 = lib
        .connection()
        .query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
        .unwrap();
    assert!(journal < 4, "{journal} entries left unfolded");
    assert_eq!(
        format::to_bytes(&lib.recover(draft).unwrap()),
        format::to_bytes(doc.map())
    );
}

#[test]
fn work_on_an_opened_file_is_recovered_with_the_file_as_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let (mut doc, thesis) = thesis_doc("Debate", "Scaling is over");
    let file = dir.path().join("debate.map");
    format::save_file(doc.map(), &file).unwrap();
    let read = FileStamp::of(&file).unwrap().unwrap();
    let map = lib.track(Some(&file), doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), false).unwrap();
    let patches = object(&mut doc, thesis, "Synthetic data");
    lib.record(draft, map, &patches, doc.map(), true).unwrap();
    orphan(&lib, draft);
    // Meanwhile a sync client brings in someone else's version of the file.
    format::save_file(doc.map(), &file).unwrap();
    let adopted = lib.adopt(draft).unwrap();
    assert_eq!(adopted.file, Some(read));
    assert_eq!(read.compare(&file), OnDisk::Changed);
    // A map with no file has no stamp.
    let untitled = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(untitled, doc.map(), true).unwrap();
    orphan(&lib, draft);
    assert_eq!(lib.adopt(draft).unwrap().file, None);
}

#[test]
fn saving_leaves_nothing_to_recover_and_the_map_joins_the_recent_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let (mut doc, thesis) = thesis_doc("Debate", "Scaling is over");
    let map = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), true).unwrap();
    let patches = object(&mut doc, thesis, "Synthetic data");
    lib.record(draft, map, &patches, doc.map(), true).unwrap();
    assert!(
        lib.recent(10).unwrap().is_empty(),
        "unsaved maps are not recent files"
    );
    let file = dir.path().join("debate.map");
    format::save_file(doc.map(), &file).unwrap();
    let map = lib.saved(draft, map, &file, doc.map()).unwrap();
    orphan(&lib, draft);
    assert!(lib.recoverable().unwrap().is_empty());
    let recent = lib.recent(10).unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].id, map);
    assert_eq!(recent[0].title, "Debate");
    assert_eq!(recent[0].nodes, 2);
    assert!(!recent[0].missing && recent[0].saved_at.is_some());
    // Edits after the save are recoverable again, counted against the file on disk.
    let patches = object(&mut doc, thesis, "RL scaling");
    lib.record(draft, map, &patches, doc.map(), true).unwrap();
    doc.apply(&Edit::UpdateNode {
        id: thesis,
        fields: NodeFields {
            text: Some("Scaling is over, mostly".into()),
            ..Default::default()
        },
    })
    .map(|p| lib.record(draft, map, &[p], doc.map(), true).unwrap())
    .unwrap();
    let found = lib.recoverable().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path.as_deref(), Some(file.to_str().unwrap()));
    assert_eq!(
        lib.changes(&found[0]).unwrap(),
        Changes {
            added: 1,
            edited: 1,
            deleted: 0,
            details: false
        }
    );
    // Taking the work over says which map and file it belongs to, and the file as it
    // was saved: another program's change since shows.
    let adopted = lib.adopt(found[0].draft).unwrap();
    assert_eq!(
        (adopted.map, adopted.path.as_deref()),
        (map, Some(file.as_path()))
    );
    let stamp = adopted.file.expect("the file as saved");
    assert_eq!(stamp, FileStamp::of(&file).unwrap().unwrap());
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap() + "\n").unwrap();
    assert_eq!(stamp.compare(&file), OnDisk::Changed);
    assert!(
        lib.recoverable().unwrap().is_empty(),
        "adopted: ours now, and live"
    );
    // A file that moves is shown as missing, not dropped.
    std::fs::rename(&file, dir.path().join("elsewhere.map")).unwrap();
    let recent = lib.recent(10).unwrap();
    assert!(recent[0].missing);
}

#[test]
fn pinned_maps_come_first_and_closing_an_unsaved_map_forgets_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        let (doc, _) = thesis_doc(name, name);
        let file = dir.path().join(format!("{name}.map"));
        format::save_file(doc.map(), &file).unwrap();
        ids.push(lib.track(Some(&file), doc.map()).unwrap());
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let titles = |lib: &Library| -> Vec<String> {
        lib.recent(10)
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect()
    };
    assert_eq!(titles(&lib), ["c", "b", "a"]);
    lib.pin(ids[0], true).unwrap();
    assert_eq!(titles(&lib), ["a", "c", "b"]);

    let (doc, _) = thesis_doc("Untitled", "draft thought");
    let map = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), true).unwrap();
    assert_eq!(lib.search("draft thought", 5).unwrap().len(), 1);
    lib.close_draft(draft).unwrap();
    assert_eq!(lib.map_count().unwrap(), 3);
    assert!(lib.search("draft thought", 5).unwrap().is_empty());
}

#[test]
fn search_finds_statements_across_maps_ranked_with_highlights_and_follows_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let (mut one, t1) = thesis_doc("Scaling", "The age of scaling is over");
    object(
        &mut one,
        t1,
        "Synthetic data can replace the exhausted corpus",
    );
    let file = dir.path().join("scaling.map");
    format::save_file(one.map(), &file).unwrap();
    lib.track(Some(&file), one.map()).unwrap();

    let (mut two, t2) = thesis_doc("Diffusion", "Economic diffusion lag is cope");
    let m2 = lib.track(None, two.map()).unwrap();
    let d2 = lib.start_draft(m2, two.map(), true).unwrap();
    // A statement whose notes (not its text) mention the corpus ranks below one whose
    // text does.
    let p = object(&mut two, t2, "Firms adopt slowly");
    let firms = p[0].nodes_added[0].item.id;
    lib.record(d2, m2, &p, two.map(), true).unwrap();
    let p = two
        .apply(&Edit::UpdateNode {
            id: firms,
            fields: NodeFields {
                notes: Some("nothing to do with the corpus".into()),
                ..Default::default()
            },
        })
        .unwrap();
    lib.record(d2, m2, &[p], two.map(), true).unwrap();

    let hits = lib.search("corpus", 10).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].title, "Scaling");
    assert_eq!(hits[0].path.as_deref(), Some(file.to_str().unwrap()));
    assert!(hits[0].snippet.iter().any(|(t, hot)| *hot && t == "corpus"));
    assert_eq!(hits[1].title, "Diffusion");
    assert_eq!(hits[1].node, firms.to_string());
    assert!(hits[0].rank < hits[1].rank);

    // Prefix of the last word, diacritics folded, every word required.
    assert_eq!(lib.search("exhaus", 10).unwrap().len(), 1);
    assert_eq!(lib.search("ECONÓMIC lag", 10).unwrap().len(), 1);
    assert!(lib.search("economic corpus", 10).unwrap().is_empty());
    // Query syntax typed by a user is text, not syntax.
    for q in ["NEAR(", "\"", "*", "a OR", "-x", "col:lag", "^", ""] {
        lib.search(q, 10).unwrap();
    }

    // A statement typed a moment ago in the other map is found; a deleted one is not.
    let p = object(&mut two, t2, "Adoption curves are S-shaped");
    lib.record(d2, m2, &p, two.map(), true).unwrap();
    assert_eq!(lib.search("s-shaped", 10).unwrap()[0].title, "Diffusion");
    let undo = two.undo().unwrap();
    lib.record(d2, m2, &undo, two.map(), true).unwrap();
    assert!(lib.search("s-shaped", 10).unwrap().is_empty());
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    std::fs::write(
        &path,
        b"this is not a database, but it is long enough to look like one........",
    )
    .unwrap();
    let opened = Library::open(&path).unwrap();
    let notice = opened.notice.expect("the user is told");
    assert!(notice.contains("moved aside"), "{notice}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("damaged"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(opened.library.check().unwrap());
    assert_eq!(opened.library.map_count().unwrap(), 0);
}

#[test]
fn damaged_pages_are_reported_and_the_rebuild_keeps_the_maps_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let mut lib = Library::open(&path).unwrap().library;
    // Two maps on disk, and a big journal that fills the end of the file.
    for name in ["kept-a", "kept-b"] {
        let (doc, _) = thesis_doc(name, name);
        let file = dir.path().join(format!("{name}.map"));
        format::save_file(doc.map(), &file).unwrap();
        lib.track(Some(&file), doc.map()).unwrap();
    }
    let (mut doc, thesis) = thesis_doc("big", "root");
    let map = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), true).unwrap();
    for i in 0..300 {
        let patches = object(
            &mut doc,
            thesis,
            &format!("a long objection number {i} {}", "x".repeat(200)),
        );
        lib.record(draft, map, &patches, doc.map(), true).unwrap();
    }
    lib.connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(lib);
    // Scribble over the last pages, where the journal lives.
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n - 40 * 4096..n - 4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();

    let mut lib = Library::open(&path).unwrap().library;
    let err = lib
        .recover(draft)
        .err()
        .or_else(|| lib.search("objection", 500).err())
        .expect("reading damaged pages fails");
    assert!(err.is_corruption(), "{err}");
    let notice = lib.rebuild().unwrap();
    assert!(notice.contains("2 maps still on disk"), "{notice}");
    let titles: Vec<String> = lib
        .recent(10)
        .unwrap()
        .into_iter()
        .map(|r| r.title)
        .collect();
    assert_eq!(titles.len(), 2);
    assert!(lib.check().unwrap());
    assert_eq!(lib.search("kept", 10).unwrap().len(), 2);
}

#[test]
fn a_full_disk_is_reported_and_the_open_document_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let (mut doc, thesis) = thesis_doc("t", "root");
    let map = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), true).unwrap();
    // No room to grow: the next page the database needs is refused, as on a full disk.
    let pages: i64 = lib
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    lib.connection()
        .execute_batch(&format!("PRAGMA max_page_count = {pages};"))
        .unwrap();
    let before = format::to_bytes(doc.map());
    let patches = object(&mut doc, thesis, &"a very long objection ".repeat(400));
    let err = lib
        .record(draft, map, &patches, doc.map(), true)
        .unwrap_err();
    assert!(err.is_no_space_or_read_only(), "{err}");
    assert_ne!(
        format::to_bytes(doc.map()),
        before,
        "the edit stays in memory"
    );
    // The library is still consistent: what was recorded before is intact.
    lib.connection()
        .execute_batch("PRAGMA max_page_count = 1073741823;")
        .unwrap();
    assert_eq!(lib.recover(draft).unwrap().len(), 1);
    lib.record(draft, map, &patches, doc.map(), true).unwrap();
    assert_eq!(lib.recover(draft).unwrap().len(), 2);
}

#[test]
fn two_apps_write_to_one_library_at_once_without_losing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    Library::open(&path).unwrap();
    let results: Vec<(Library, argmap_store::DraftId, Document)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|w| {
                let path = path.clone();
                s.spawn(move || {
                    let mut lib = Library::open(&path).unwrap().library;
                    let (mut doc, thesis) = thesis_doc(&format!("app {w}"), "root");
                    let map = lib.track(None, doc.map()).unwrap();
                    let draft = lib.start_draft(map, doc.map(), true).unwrap();
                    for i in 0..150 {
                        let patches = object(&mut doc, thesis, &format!("app {w} edit {i}"));
                        lib.record(draft, map, &patches, doc.map(), true).unwrap();
                        // Reads interleave with the other app's writes.
                        lib.search(&format!("app {}", 1 - w), 5).unwrap();
                    }
                    (lib, draft, doc)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    for (lib, draft, doc) in &results {
        assert_eq!(
            format::to_bytes(&lib.recover(*draft).unwrap()),
            format::to_bytes(doc.map())
        );
    }
    assert_eq!(results[0].0.search("edit", 1000).unwrap().len(), 300);
}

#[test]
fn pruning_drops_clean_drafts_of_dead_apps_and_keeps_unsaved_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let (mut doc, thesis) = thesis_doc("Untitled", "root");
    let clean_map = lib.track(None, doc.map()).unwrap();
    let clean = lib.start_draft(clean_map, doc.map(), false).unwrap();
    let dirty_map = lib.track(None, doc.map()).unwrap();
    let dirty = lib.start_draft(dirty_map, doc.map(), false).unwrap();
    let p = object(&mut doc, thesis, "unsaved");
    lib.record(dirty, dirty_map, &p, doc.map(), true).unwrap();
    let live_map = lib.track(None, doc.map()).unwrap();
    lib.start_draft(live_map, doc.map(), false).unwrap();
    orphan(&lib, clean);
    orphan(&lib, dirty);
    assert_eq!(lib.prune().unwrap(), 1);
    assert_eq!(
        lib.map_count().unwrap(),
        2,
        "the clean untitled map went with its draft"
    );
    assert_eq!(lib.recoverable().unwrap().len(), 1);
    assert_eq!(lib.recoverable().unwrap()[0].draft, dirty);
}

#[test]
fn reopening_an_unchanged_file_skips_indexing_and_a_changed_one_is_indexed_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let (mut doc, thesis) = thesis_doc("Debate", "original wording");
    let file = dir.path().join("debate.map");
    format::save_file(doc.map(), &file).unwrap();
    let map = lib.track(Some(&file), doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), false).unwrap();
    // Unsaved edits reach the index; closing without saving, then reopening the same,
    // unchanged file indexes it again (the edits are gone from the index).
    let p = object(&mut doc, thesis, "an unsaved thought");
    lib.record(draft, map, &p, doc.map(), true).unwrap();
    assert_eq!(lib.search("unsaved thought", 5).unwrap().len(), 1);
    lib.close_draft(draft).unwrap();
    let on_disk = format::load_file(&file, &Default::default()).unwrap();
    lib.track(Some(&file), &on_disk).unwrap();
    assert!(lib.search("unsaved thought", 5).unwrap().is_empty());
    // Unchanged since indexed: tracking it with a different map in hand does not
    // touch the index (proof that indexing was skipped).
    let (other, _) = thesis_doc("Debate", "something else entirely");
    lib.track(Some(&file), other.map()).unwrap();
    assert_eq!(lib.search("original wording", 5).unwrap().len(), 1);
    // Changed on disk: indexed again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    format::save_file(other.map(), &file).unwrap();
    lib.track(Some(&file), other.map()).unwrap();
    assert!(lib.search("original wording", 5).unwrap().is_empty());
    assert_eq!(lib.search("something else", 5).unwrap().len(), 1);
}

#[test]
fn a_thumbnail_is_drawn_again_after_its_file_changes_or_the_drawing_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let (doc, _) = thesis_doc("Debate", "original wording");
    let file = dir.path().join("debate.map");
    format::save_file(doc.map(), &file).unwrap();
    let map = lib.track(Some(&file), doc.map()).unwrap();
    let stale = |lib: &Library, style| {
        let listed = lib.recent(5).unwrap()[0].thumbnail_stale(style);
        assert_eq!(
            listed,
            lib.thumbnail_stale(map, style).unwrap(),
            "both ways of asking agree"
        );
        listed
    };
    // None yet.
    assert!(stale(&lib, 2));
    lib.set_thumbnail(map, b"picture 1", 2).unwrap();
    assert!(!stale(&lib, 2));
    assert_eq!(
        lib.recent(5).unwrap()[0].thumbnail.as_deref(),
        Some(&b"picture 1"[..])
    );
    // A newer way of drawing.
    assert!(stale(&lib, 3));
    // The file changed on disk (another app, a sync, a checkout).
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (other, _) = thesis_doc("Debate", "new wording, longer than before");
    format::save_file(other.map(), &file).unwrap();
    assert!(stale(&lib, 2));
    lib.set_thumbnail(map, b"picture 2", 2).unwrap();
    assert!(!stale(&lib, 2));
    // A file that is gone keeps the picture it had: there is nothing to draw it from.
    std::fs::remove_file(&file).unwrap();
    assert!(!stale(&lib, 2));
    assert!(lib.recent(5).unwrap()[0].missing);
    assert_eq!(
        lib.thumbnail(map).unwrap().as_deref(),
        Some(&b"picture 2"[..])
    );
    // A map never saved to a file has no thumbnail to draw.
    let (untitled, _) = thesis_doc("Untitled", "a draft");
    let unsaved = lib.track(None, untitled.map()).unwrap();
    assert!(!lib.thumbnail_stale(unsaved, 2).unwrap());
}

#[test]
fn changes_all_undone_leave_nothing_to_recover() {
    for compact_every in [1, 100] {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = open(dir.path());
        lib.set_compact_every(compact_every);
        let (mut doc, thesis) = thesis_doc("Debate", "Scaling is over");
        let file = dir.path().join("debate.map");
        format::save_file(doc.map(), &file).unwrap();
        doc.mark_saved();
        let map = lib.track(Some(&file), doc.map()).unwrap();
        let draft = lib.start_draft(map, doc.map(), doc.is_dirty()).unwrap();
        let p = object(&mut doc, thesis, "an objection taken back");
        lib.record(draft, map, &p, doc.map(), doc.is_dirty())
            .unwrap();
        let undo = doc.undo().unwrap();
        assert!(!doc.is_dirty());
        lib.record(draft, map, &undo, doc.map(), doc.is_dirty())
            .unwrap();
        orphan(&lib, draft);
        assert!(
            lib.recoverable().unwrap().is_empty(),
            "every {compact_every}"
        );
        // Redone, it is unsaved work again.
        let redo = doc.redo().unwrap();
        lib.record(draft, map, &redo, doc.map(), doc.is_dirty())
            .unwrap();
        orphan(&lib, draft);
        let found = lib.recoverable().unwrap();
        assert_eq!(found.len(), 1, "every {compact_every}");
        assert_eq!(lib.recover(found[0].draft).unwrap().len(), 2);
    }
}

#[test]
fn a_renamed_map_counts_its_details_as_changed() {
    let (doc, _) = thesis_doc("Debate", "Scaling is over");
    let mut renamed = Document::new(doc.map().clone());
    renamed
        .apply(&Edit::EditMeta {
            title: Some("The scaling debate".into()),
            description: None,
            authors: None,
        })
        .unwrap();
    assert_eq!(
        changes(doc.map(), renamed.map()),
        Changes {
            details: true,
            ..Changes::default()
        }
    );
}
