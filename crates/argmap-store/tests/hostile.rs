//! The library with maps of any shape a shared file can hold (argmap-core's
//! tests/support/hostile.rs): what it indexes is found, what it journals comes back
//! whole, and nothing a user types into the search box is an error.

mod common;
#[path = "../../argmap-core/tests/support/hostile.rs"]
mod hostile;

use argmap_core::{Document, Edit, Node, NodeKind};
use argmap_store::Library;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A random editing session (every kind of edit, undo and redo) journalled step by
    /// step, folded up every few steps, then the app gone: the work comes back as it
    /// was, and the search finds what it says now.
    #[test]
    fn any_editing_session_comes_back_whole(
        s in hostile::spec(),
        every in 1i64..6,
        steps in prop::collection::vec((any::<usize>(), any::<usize>(), 0u8..16, "[a-z ]{0,20}"), 1..16),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(&dir.path().join("library.db")).unwrap().library;
        lib.set_compact_every(every);
        let mut doc = Document::new(hostile::build(&s));
        let id = lib.track(None, doc.map()).unwrap();
        let draft = lib.start_draft(id, doc.map(), false).unwrap();
        for (a, b, what, text) in steps {
            let patches = match hostile::step(doc.map(), a, b, what, &text) {
                None => break,
                Some(hostile::Step::Apply(edit)) => doc.apply(&edit).map(|p| vec![p]).unwrap_or_default(),
                Some(hostile::Step::Undo) => doc.undo().unwrap_or_default(),
                Some(hostile::Step::Redo) => doc.redo().unwrap_or_default(),
            };
            if !patches.is_empty() {
                lib.record(draft, id, &patches, doc.map(), true).unwrap();
            }
        }
        common::orphan(&lib, draft);
        drop(lib);
        let lib = Library::open(&dir.path().join("library.db")).unwrap().library;
        match lib.recoverable().unwrap().as_slice() {
            [] => prop_assert!(!doc.is_dirty(), "unsaved work, and nothing to recover"),
            [work] => {
                let back = lib.recover(work.draft).unwrap();
                prop_assert_eq!(&back, doc.map());
            }
            more => prop_assert!(false, "{} drafts", more.len()),
        }
        for n in doc.map().nodes() {
            let Some(word) = n.text.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| w.len() >= 3) else { continue };
            let hits = lib.search(word, 1000).unwrap();
            prop_assert!(hits.iter().any(|h| h.node == n.id.to_string()), "{:?} not found by {:?}", n.id, word);
        }
    }

    #[test]
    fn any_map_is_indexed_journalled_and_recovered(s in hostile::spec(), queries in prop::collection::vec(any::<String>(), 0..4)) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(&dir.path().join("library.db")).unwrap().library;
        let map = hostile::build(&s);
        let id = lib.track(None, &map).unwrap();
        let draft = lib.start_draft(id, &map, true).unwrap();
        // Every statement is found by a word of its own (a plain one: the tokenizer's
        // view of emoji or marks is not what this is about).
        for n in map.nodes() {
            let Some(word) = n.text.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| w.len() >= 3) else { continue };
            let hits = lib.search(word, 1000).unwrap();
            prop_assert!(hits.iter().any(|h| h.node == n.id.to_string()), "{:?} not found by {:?}", n.id, word);
        }
        for q in &queries {
            lib.search(q, 10).map_err(|e| TestCaseError::fail(format!("{q:?}: {e}")))?;
        }
        // An edit journalled, then the app gone: the work comes back whole.
        let mut doc = Document::new(map);
        let target = doc.map().nodes().find(|n| n.kind.is_claim()).map(|n| n.id);
        let kind = if target.is_some() { NodeKind::Objection } else { NodeKind::Thesis };
        let patch = doc.apply(&Edit::AddNode { node: Node::new(kind, "\u{0}late\u{202E} <objection>"), target, relation: None, after: None }).unwrap();
        lib.record(draft, id, &[patch], doc.map(), true).unwrap();
        common::orphan(&lib, draft);
        drop(lib);
        let lib = Library::open(&dir.path().join("library.db")).unwrap().library;
        let found = lib.recoverable().unwrap();
        prop_assert_eq!(found.len(), 1);
        let back = lib.recover(found[0].draft).unwrap();
        prop_assert_eq!(&back, doc.map());
        prop_assert_eq!(lib.search("late", 10).unwrap().len(), 1);
    }
}
