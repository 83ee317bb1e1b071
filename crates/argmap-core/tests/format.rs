//! The .map file: each way a file can be wrong gets its own error saying what and
//! where; valid files round-trip byte for byte; nothing panics on any input; saving is
//! atomic.

use std::fs;
use std::path::Path;

use argmap_core::format::{self, LoadError, load_bytes, to_bytes};
use argmap_core::generate::generate;
use argmap_core::{FileLimits, NodeId};
use proptest::prelude::*;

#[path = "support/hostile.rs"]
mod hostile;

const SAMPLE: &str = include_str!("../../../examples/scaling-debate.map");

fn load(text: &str) -> Result<argmap_core::ArgumentMap, LoadError> {
    load_bytes(text.as_bytes(), &FileLimits::default())
}

fn id(n: u8) -> String {
    NodeId::from_random_bytes([n; 16]).to_string()
}

/// A small valid file with `nodes` and `edges` spliced in.
fn file(nodes: &str, edges: &str) -> String {
    format!(
        "{{\n  \"format\": \"argmap\",\n  \"version\": 1,\n  \"title\": \"t\",\n  \"nodes\": [{nodes}],\n  \"edges\": [{edges}]\n}}\n"
    )
}

fn thesis(n: u8) -> String {
    format!(r#"{{"id": "{}", "kind": "thesis", "text": "T{n}"}}"#, id(n))
}

fn support(n: u8) -> String {
    format!(
        r#"{{"id": "{}", "kind": "support", "text": "S{n}"}}"#,
        id(n)
    )
}

fn supports(a: u8, b: u8) -> String {
    format!(
        r#"{{"from": "{}", "to": "{}", "relation": "supports"}}"#,
        id(a),
        id(b)
    )
}

/// Asserts the error's code, path and place, and returns its message.
#[track_caller]
fn invalid(text: &str, code: &str, path: &str, line: usize, column: usize) -> String {
    let err = load(text).expect_err("the file must be refused");
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.path(), Some(path), "{err}");
    assert_eq!(err.location(), Some((line, column)), "{err}");
    err.to_string()
}

#[test]
fn the_sample_map_loads_and_is_written_back_byte_for_byte() {
    let map = load(SAMPLE).unwrap();
    assert!(map.len() >= 30);
    assert_eq!(String::from_utf8(to_bytes(&map)).unwrap(), SAMPLE);
}

#[test]
fn every_released_version_has_a_fixture_that_still_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut loaded = 0;
    for version in 1..=format::CURRENT_VERSION {
        let vdir = dir.join(format!("v{version}"));
        for entry in fs::read_dir(&vdir).unwrap_or_else(|e| panic!("{}: {e}", vdir.display())) {
            let path = entry.unwrap().path();
            let map = format::load_file(&path, &FileLimits::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(!map.is_empty(), "{}", path.display());
            loaded += 1;
        }
    }
    assert!(loaded >= format::CURRENT_VERSION as usize);
}

#[test]
fn unknown_fields_survive_a_round_trip_at_every_level() {
    let text = format!(
        "{{\"format\":\"argmap\",\"version\":1,\"title\":\"t\",\"future\":{{\"a\":[1,2]}},\
         \"nodes\":[{{\"id\":\"{}\",\"kind\":\"thesis\",\"text\":\"T\",\"color\":\"red\"}},\
         {{\"id\":\"{}\",\"kind\":\"evidence\",\"text\":\"E\",\"source\":{{\"title\":\"S\",\"doi\":\"10.1/x\"}}}}],\
         \"edges\":[{{\"from\":\"{}\",\"to\":\"{}\",\"relation\":\"supports\",\"weight\":0.5}}]}}",
        id(1),
        id(2),
        id(2),
        id(1)
    );
    let map = load(&text).unwrap();
    let written = String::from_utf8(to_bytes(&map)).unwrap();
    for kept in [
        r#""future""#,
        r#""color": "red""#,
        r#""doi": "10.1/x""#,
        r#""weight": 0.5"#,
    ] {
        assert!(written.contains(kept), "{kept} lost:\n{written}");
    }
    assert_eq!(load(&written).unwrap(), map, "and it reads back the same");
}

#[test]
fn not_json_says_where_the_json_breaks() {
    let err =
        load("{\n  \"format\": \"argmap\",\n  \"version\": 1,\n  \"nodes\": [,]\n}").unwrap_err();
    assert_eq!(err.code(), "not-json");
    assert_eq!(err.location(), Some((4, 13)));
    assert!(err.to_string().starts_with("not JSON: "), "{err}");
    assert_eq!(load("").unwrap_err().code(), "not-json");
    assert_eq!(load("\u{FEFF}{").unwrap_err().code(), "not-json");
}

#[test]
fn a_javascript_source_map_is_recognised() {
    let err = load(
        r#"{"version":3,"file":"app.js","sources":["a.ts"],"names":[],"mappings":"AAAA;AACA"}"#,
    )
    .unwrap_err();
    assert_eq!(err.code(), "source-map");
    assert!(err.to_string().contains("JavaScript source map"), "{err}");
}

#[test]
fn other_json_is_not_an_argument_map() {
    let err = load(r#"{"type": "excalidraw", "elements": []}"#).unwrap_err();
    assert_eq!(err.code(), "not-argmap");
    assert!(
        err.to_string().contains("no \"format\": \"argmap\""),
        "{err}"
    );
    let err = load(r#"{"format": "excalidraw", "version": 1}"#).unwrap_err();
    assert!(err.to_string().contains("\"excalidraw\""), "{err}");
    let err = load("[1, 2]").unwrap_err();
    assert_eq!(err.code(), "not-argmap");
    assert!(err.to_string().contains("JSON array"), "{err}");
}

#[test]
fn a_newer_version_asks_for_a_newer_argmap() {
    let err = load(r#"{"format": "argmap", "version": 2, "nodes": []}"#).unwrap_err();
    assert_eq!(err.code(), "too-new");
    assert!(err.to_string().contains("version 2"), "{err}");
    assert!(err.to_string().contains("up to 1"), "{err}");
}

#[test]
fn a_version_that_is_not_a_whole_number_is_refused_where_it_stands() {
    let msg = invalid(
        "{\"format\": \"argmap\",\n \"version\": \"1\"}",
        "bad-version",
        "version",
        2,
        13,
    );
    assert!(msg.contains("whole number"), "{msg}");
    invalid(
        r#"{"format": "argmap", "version": 0}"#,
        "bad-version",
        "version",
        1,
        33,
    );
}

#[test]
fn a_dangling_edge_names_the_missing_node() {
    let text = file(&thesis(1), &format!("\n    {}", supports(9, 1)));
    let msg = invalid(&text, "dangling-edge", "edges[0].from", 7, 14);
    assert!(msg.contains(&id(9)), "{msg}");
}

#[test]
fn a_duplicate_id_points_at_the_second_use() {
    let text = file(&format!("{},\n    {}", thesis(1), thesis(1)), "");
    invalid(&text, "duplicate-id", "nodes[1].id", 6, 12);
}

#[test]
fn an_unknown_kind_lists_the_kinds() {
    let text = file(
        r#"{"id": "0bd6d9ba-1d8e-4b63-8f0a-6b8a5c7c6c35", "kind": "claim", "text": "x"}"#,
        "",
    );
    let err = load(&text).unwrap_err();
    assert_eq!(err.code(), "unknown-kind");
    assert_eq!(err.path(), Some("nodes[0].kind"));
    assert_eq!(err.location().map(|l| l.0), Some(5));
    assert!(
        err.to_string().contains("thesis, support, objection"),
        "{err}"
    );
}

#[test]
fn a_support_without_a_target_is_refused() {
    let text = file(&format!("{},\n    {}", thesis(1), support(2)), "");
    let msg = invalid(&text, "missing-target", "nodes[1]", 6, 5);
    assert!(msg.contains("a support must support another node"), "{msg}");
}

#[test]
fn a_missing_field_is_named() {
    let text = file(&format!(r#"{{"id": "{}", "kind": "thesis"}}"#, id(1)), "");
    let err = load(&text).unwrap_err();
    assert_eq!(err.code(), "missing-field");
    assert!(err.to_string().contains("text"), "{err}");
}

#[test]
fn text_longer_than_the_limit_is_refused() {
    let long = "x".repeat(argmap_core::limits::MAX_TEXT_CHARS + 5);
    let text = file(
        &format!(
            r#"{{"id": "{}", "kind": "thesis", "text": "{long}"}}"#,
            id(1)
        ),
        "",
    );
    let msg = invalid(&text, "too-long", "nodes[0].text", 5, 86);
    assert!(
        msg.contains("10005 characters long; the limit is 10000"),
        "{msg}"
    );
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_parsed() {
    let limits = FileLimits {
        max_bytes: 1000,
        ..FileLimits::default()
    };
    let err = load_bytes(&vec![b' '; 1001], &limits).unwrap_err();
    assert_eq!(err.code(), "too-large");
    assert!(
        err.to_string().contains("1001 bytes; the limit is 1000"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.map");
    fs::write(&path, vec![b' '; 2000]).unwrap();
    let err = format::load_file(&path, &limits).unwrap_err();
    assert_eq!(err.code(), "too-large");
}

#[test]
fn too_many_nodes_is_refused() {
    let limits = FileLimits {
        max_nodes: 2,
        ..FileLimits::default()
    };
    let text = file(&format!("{}, {}, {}", thesis(1), thesis(2), thesis(3)), "");
    let err = load_bytes(text.as_bytes(), &limits).unwrap_err();
    assert_eq!(err.code(), "too-many-nodes");
    assert_eq!(err.path(), Some("nodes"));
    assert!(err.to_string().contains("3 nodes; the limit is 2"), "{err}");
}

#[test]
fn a_relation_the_kinds_do_not_allow_is_refused() {
    let q = format!(r#"{{"id": "{}", "kind": "question", "text": "?"}}"#, id(2));
    let text = file(&format!("{}, {q}", thesis(1)), &supports(1, 2));
    let err = load(&text).unwrap_err();
    assert_eq!(err.code(), "relation-not-allowed");
    assert_eq!(err.path(), Some("edges[0]"));
    assert!(
        err.to_string()
            .contains("a thesis cannot support a question"),
        "{err}"
    );
}

#[test]
fn every_problem_is_listed_by_diagnose() {
    let text = file(
        &format!("{},\n    {},\n    {}", thesis(1), support(2), support(3)),
        "",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two-problems.map");
    fs::write(&path, text).unwrap();
    let problems = format::diagnose_file(&path, &FileLimits::default()).unwrap_err();
    let paths: Vec<_> = problems
        .iter()
        .map(|p| p.path().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["nodes[1]", "nodes[2]"]);
}

#[test]
fn writing_is_deterministic_and_ends_with_a_newline() {
    let a = to_bytes(&generate(300, 5));
    let b = to_bytes(&generate(300, 5));
    assert_eq!(a, b);
    assert_eq!(a.last(), Some(&b'\n'));
    assert!(a.starts_with(b"{\n  \"format\": \"argmap\",\n  \"version\": 1,\n"));
}

#[test]
fn a_failed_save_leaves_the_old_file_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.map");
    fs::write(&path, "old contents").unwrap();
    let err = format::write_atomic(&path, |f| {
        use std::io::Write;
        f.write_all(b"half a ne")?;
        Err(std::io::Error::other("disk full"))
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "disk full");
    assert_eq!(fs::read_to_string(&path).unwrap(), "old contents");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec!["map.map"], "the temporary file is removed");
}

#[test]
fn saving_into_a_folder_that_does_not_exist_says_so_of_that_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("gone");
    let map = load(SAMPLE).unwrap();
    let err = format::save_file(&map, &folder.join("map.map")).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    // Not the temporary file's made-up name.
    assert_eq!(
        err.to_string(),
        format!("the folder {} does not exist", folder.display())
    );
}

#[test]
fn a_folder_a_device_or_a_pipe_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let limits = FileLimits::default();
    let err = format::load_file(dir.path(), &limits).unwrap_err();
    assert_eq!(err.to_string(), "cannot read the file: it is a folder");
    // /dev/zero says its size is 0 and never ends; a pipe waits for a writer for ever.
    let pipe = dir.path().join("pipe.map");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [Path::new("/dev/zero"), &pipe] {
        let err = format::load_file(path, &limits).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read the file: it is not a regular file (a device or a pipe)",
            "{}",
            path.display()
        );
    }
    // Other tools' formats too, and their size is held to the limit before reading.
    let err = argmap_core::interchange::read_file(&dir.path().join("pipe.argdown"), &limits);
    assert!(err.unwrap().is_err(), "a missing file");
    std::os::unix::fs::symlink(&pipe, dir.path().join("pipe.argdown")).unwrap();
    let err = argmap_core::interchange::read_file(&dir.path().join("pipe.argdown"), &limits)
        .unwrap()
        .unwrap_err();
    assert!(
        err.message.ends_with("(a device or a pipe)"),
        "{}",
        err.message
    );
    let big = dir.path().join("big.argdown");
    fs::write(&big, "[A]: a claim.\n".repeat(100)).unwrap();
    let small = FileLimits {
        max_bytes: 100,
        ..FileLimits::default()
    };
    let err = argmap_core::interchange::read_file(&big, &small)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        err.message,
        "the file is 1400 bytes; the limit is 100 bytes"
    );
}

#[test]
fn saving_replaces_the_file_and_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.map");
    fs::write(&path, "old").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let map = load(SAMPLE).unwrap();
    format::save_file(&map, &path).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), SAMPLE);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_new_file_gets_the_permissions_a_new_file_normally_gets() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let control = dir.path().join("control");
    fs::File::create(&control).unwrap();
    let path = dir.path().join("new.map");
    format::save_file(&load(SAMPLE).unwrap(), &path).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), mode(&control));
}

#[test]
fn saving_through_a_symbolic_link_writes_the_file_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.map");
    let link = dir.path().join("link.map");
    fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    format::save_file(&load(SAMPLE).unwrap(), &link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), SAMPLE);
}

#[test]
fn a_file_stamp_tells_a_file_another_program_wrote_from_one_only_read() {
    use format::{FileStamp, OnDisk};
    use std::time::{Duration, SystemTime};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.map");
    format::save_file(&load(SAMPLE).unwrap(), &path).unwrap();
    let stamp = FileStamp::of(&path).unwrap().unwrap();
    fs::read(&path).unwrap();
    assert_eq!(stamp.compare(&path), OnDisk::Unchanged);
    // The same bytes saved again by a program that replaces files (as Argmap does).
    format::save_file(&load(SAMPLE).unwrap(), &path).unwrap();
    assert_eq!(stamp.compare(&path), OnDisk::Changed);
    // Written in place, the length kept: the modification time tells.
    let stamp = FileStamp::of(&path).unwrap().unwrap();
    let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut &file, b"{").unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(2))
        .unwrap();
    drop(file);
    assert_eq!(fs::read_to_string(&path).unwrap().len(), SAMPLE.len());
    assert_eq!(stamp.compare(&path), OnDisk::Changed);
    // Grown in place within the same tick of the clock: the length tells.
    let stamp = FileStamp::of(&path).unwrap().unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let file = fs::OpenOptions::new().append(true).open(&path).unwrap();
    std::io::Write::write_all(&mut &file, b"\n").unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    assert_eq!(stamp.compare(&path), OnDisk::Changed);
    let stamp = FileStamp::of(&path).unwrap().unwrap();
    // Kept as text by the library, and read back the same.
    assert_eq!(stamp.to_string().parse::<FileStamp>(), Ok(stamp));
    for bad in ["", "12:34", "12:34:56:78", "x:1:2", "1:-:x"] {
        assert_eq!(bad.parse::<FileStamp>(), Err(()), "{bad:?}");
    }
    fs::remove_file(&path).unwrap();
    assert_eq!(stamp.compare(&path), OnDisk::Missing);
    assert_eq!(FileStamp::of(&path).unwrap(), None);
    // A file dated before 1970 has a stamp too.
    let old = dir.path().join("old.map");
    fs::write(&old, "x").unwrap();
    let before = SystemTime::UNIX_EPOCH - Duration::from_secs(86_400);
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(before)
        .unwrap();
    let stamp = FileStamp::of(&old).unwrap().unwrap();
    assert!(
        stamp.to_string().starts_with("1:-86400000000000:"),
        "{stamp}"
    );
    assert_eq!(stamp.to_string().parse::<FileStamp>(), Ok(stamp));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        r#"{{"format":"argmap","version":1,"nodes":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(load(&deep).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = load_bytes(&bytes, &FileLimits::default());
    }

    /// Mutations of a real file reach much deeper into the loader than random bytes.
    #[test]
    fn mutated_maps_never_panic(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8)) {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        for (at, byte, how) in edits {
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        if let Err(e) = load_bytes(&bytes, &FileLimits::default()) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    /// A dragged box lands anywhere: its position reads back bit for bit, from the file
    /// and from the compact form inside pictures.
    #[test]
    fn pinned_positions_read_back_bit_for_bit(x in -1e7f64..1e7, y in -1e7f64..1e7, scale in -300i32..8) {
        // Small ones too: a drag of a fraction of a pixel.
        assert_position_reads_back(x, y * 10f64.powi(scale).min(1.0))?;
    }

    /// Any map the format allows (support/hostile.rs) is written and read back as
    /// itself, in the canonical form and the compact one carried by pictures, and the
    /// canonical bytes are a fixed point.
    #[test]
    fn any_map_round_trips(s in hostile::spec()) {
        let map = hostile::build(&s);
        let bytes = to_bytes(&map);
        let back = load_bytes(&bytes, &FileLimits::default()).unwrap();
        prop_assert_eq!(&back, &map);
        prop_assert_eq!(to_bytes(&back), bytes);
        let compact = format::to_compact_string(&map);
        prop_assert_eq!(&load_bytes(compact.as_bytes(), &FileLimits::default()).unwrap(), &map);
    }

    /// A part of any map (argmap_core::excerpt, what a picture of the selection
    /// carries) is a map the format takes: valid, read back as itself, with every
    /// statement chosen, each kept one the map's own, and no pins.
    #[test]
    fn any_excerpt_of_any_map_is_a_valid_map(s in hostile::spec(), picks in prop::collection::vec(any::<prop::sample::Index>(), 0..4)) {
        let map = hostile::build(&s);
        prop_assume!(!map.is_empty());
        let all: Vec<NodeId> = map.nodes().map(|n| n.id).collect();
        let roots: Vec<NodeId> = picks.iter().map(|i| *i.get(&all)).collect();
        let part = argmap_core::excerpt::excerpt(&map, &roots).unwrap();
        prop_assert!(part.validate().is_empty());
        for r in &roots {
            prop_assert!(part.contains(*r));
        }
        for n in part.nodes() {
            let mine = map.node(n.id).unwrap();
            prop_assert_eq!((&n.text, n.kind, &n.source, n.assume), (&mine.text, mine.kind, &mine.source, mine.assume));
            prop_assert_eq!(n.position, None);
        }
        for e in part.edges() {
            prop_assert_eq!(map.edge(e.from, e.to).map(|m| m.relation), Some(e.relation));
        }
        let back = load_bytes(format::to_compact_string(&part).as_bytes(), &FileLimits::default()).unwrap();
        prop_assert_eq!(&back, &part);
    }

    #[test]
    fn generated_maps_round_trip(size in 1usize..300, seed in any::<u64>()) {
        let map = generate(size, seed);
        prop_assert!(map.validate().is_empty());
        let bytes = to_bytes(&map);
        let back = load_bytes(&bytes, &FileLimits::default()).unwrap();
        prop_assert_eq!(&back, &map);
        prop_assert_eq!(to_bytes(&back), bytes.clone());
        // The compact form carried inside pictures reads back as the same map.
        let compact = format::to_compact_string(&map);
        prop_assert!(compact.len() < bytes.len());
        let back = load_bytes(compact.as_bytes(), &FileLimits::default()).unwrap();
        prop_assert_eq!(to_bytes(&back), bytes);
    }
}

/// A pinned node at (x, y), saved and read back, from the file and from the compact
/// form inside pictures.
fn assert_position_reads_back(x: f64, y: f64) -> Result<(), TestCaseError> {
    let mut node = argmap_core::Node::new(argmap_core::NodeKind::Thesis, "pinned");
    node.position = Some(argmap_core::Point { x, y });
    let id = node.id;
    let map = argmap_core::ArgumentMap::from_parts(
        argmap_core::MapMeta::titled("pins"),
        vec![node],
        vec![],
    )
    .unwrap();
    for bytes in [to_bytes(&map), format::to_compact_string(&map).into_bytes()] {
        let back = load_bytes(&bytes, &FileLimits::default()).unwrap();
        let q = back.node(id).unwrap().position.unwrap();
        prop_assert_eq!(
            (q.x.to_bits(), q.y.to_bits()),
            (x.to_bits(), y.to_bits()),
            "({}, {}) read back as {:?}",
            x,
            y,
            q
        );
    }
    Ok(())
}

#[test]
fn a_position_serde_json_reads_one_unit_off_by_default_reads_back_exactly() {
    // Found by argmap-render's hostile-map test: serde_json without its float_roundtrip
    // feature reads "960.3492312076279" as 960.349231207628. These tests always read
    // with it (jsonschema, a dev-dependency, turns it on); the app's and the CLI's
    // builds have it from the workspace's Cargo.toml, which the end-to-end test of a
    // pinned map's save checks on the builds that ship.
    assert_position_reads_back(960.3492312076279, 10_000_000.0).unwrap();
}

#[test]
fn a_map_is_called_by_its_title_else_its_file_else_untitled() {
    use argmap_core::format::display_name;
    use std::path::Path;
    let file = Path::new("/home/ada/maps/remote work.map");
    assert_eq!(display_name("Remote work", Some(file)), "Remote work");
    assert_eq!(display_name("  ", Some(file)), "remote work");
    assert_eq!(
        display_name("", Some(Path::new("C:/maps/debate.map"))),
        "debate"
    );
    assert_eq!(display_name("", None), "Untitled map");
    assert_eq!(display_name("", Some(Path::new("/tmp/.map"))), ".map");
}
