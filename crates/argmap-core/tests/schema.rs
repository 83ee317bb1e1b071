//! docs/map-format.schema.json must describe what Argmap writes: the sample, generated
//! maps with every kind and relation, and maps with pinned, collapsed and tagged nodes.

use argmap_core::format::to_bytes;
use argmap_core::generate::generate;
use argmap_core::{Assumption, Document, Edit, Point};
use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let text = include_str!("../../../docs/map-format.schema.json");
    let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is a valid JSON Schema")
}

#[track_caller]
fn assert_valid(v: &jsonschema::Validator, doc: &[u8]) {
    let doc: Value = serde_json::from_slice(doc).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_schema_accepts_what_argmap_writes() {
    let v = schema();
    assert_valid(&v, include_bytes!("../../../examples/scaling-debate.map"));
    for seed in 0..5 {
        let mut doc = Document::new(generate(400, seed));
        let first = doc.map().node_at(0).unwrap().id;
        doc.apply(&Edit::Move {
            id: first,
            position: Some(Point { x: -12.5, y: 3e6 }),
        })
        .unwrap();
        doc.apply(&Edit::SetCollapsed {
            id: first,
            collapsed: true,
        })
        .unwrap();
        doc.apply(&Edit::Assume {
            id: first,
            assume: Some(Assumption::Rejected),
        })
        .unwrap();
        assert_valid(&v, &to_bytes(doc.map()));
    }
}

#[test]
fn the_schema_rejects_what_argmap_refuses() {
    let v = schema();
    let bad = [
        r#"{"format":"argmap","version":2,"title":"","nodes":[]}"#,
        r#"{"format":"other","version":1,"title":"","nodes":[]}"#,
        r#"{"format":"argmap","version":1,"title":"","nodes":[{"id":"0bd6d9ba-1d8e-4b63-8f0a-6b8a5c7c6c35","kind":"claim","text":""}]}"#,
        r#"{"format":"argmap","version":1,"title":"","nodes":[{"id":"not-a-uuid","kind":"thesis","text":""}]}"#,
        r#"{"format":"argmap","version":1,"title":"","nodes":[{"id":"0bd6d9ba-1d8e-4b63-8f0a-6b8a5c7c6c35","kind":"thesis","text":"","assume":"maybe"}]}"#,
        r#"{"format":"argmap","version":1,"title":"","nodes":[],"edges":[{"from":"0bd6d9ba-1d8e-4b63-8f0a-6b8a5c7c6c35","to":"0bd6d9ba-1d8e-4b63-8f0a-6b8a5c7c6c35","relation":"refutes"}]}"#,
    ];
    for doc in bad {
        let value: Value = serde_json::from_str(doc).unwrap();
        assert!(!v.is_valid(&value), "the schema accepts {doc}");
        assert!(argmap_core::load_bytes(doc.as_bytes(), &Default::default()).is_err());
    }
}
