//! The `argmap` command as a user runs it: exit codes, `file:line:col` messages, and
//! files it writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn argmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(args)
        .output()
        .expect("argmap runs")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scaling-debate.map")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn validate_accepts_the_sample() {
    let out = argmap(&["validate", sample().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("ok (62 nodes"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn validate_reports_each_problem_as_file_line_column_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.map");
    std::fs::write(
        &bad,
        "{\n  \"format\": \"argmap\",\n  \"version\": 1,\n  \"title\": \"t\",\n  \"nodes\": [\n    {\"id\": \"0bd6d9ba-1d8e-4b63-8f0a-6b8a5c7c6c35\", \"kind\": \"support\", \"text\": \"S\"}\n  ]\n}\n",
    )
    .unwrap();
    let not_json = dir.path().join("broken.map");
    std::fs::write(&not_json, "{\"format\": ").unwrap();
    let out = argmap(&[
        "validate",
        sample().to_str().unwrap(),
        bad.to_str().unwrap(),
        not_json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:6:5: nodes[0]: this support has no target",
            bad.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:1:11: not JSON: the file ends before the JSON does",
            not_json.display()
        )),
        "{err}"
    );
    assert!(
        text(&out.stdout).contains("scaling-debate.map: ok"),
        "good files are still checked"
    );
}

#[test]
fn validate_recognises_a_javascript_source_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.js.map");
    std::fs::write(
        &path,
        r#"{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"}"#,
    )
    .unwrap();
    let out = argmap(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("JavaScript source map"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn stats_json_counts_the_sample() {
    let out = argmap(&["stats", "--json", sample().to_str().unwrap()]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["nodes"], 62);
    assert_eq!(v["by_kind"]["thesis"], 7);
    assert_eq!(v["rebuttals"], 8);
    assert_eq!(v["by_relation"]["contradicts"], 3);
    assert_eq!(v["co_premise_groups"], 1);
    assert_eq!(v["depth"], 4);
    assert_eq!(v["unanswered_objections"], 9);
}

#[test]
fn stats_table_is_readable() {
    let out = argmap(&["stats", sample().to_str().unwrap()]);
    assert!(out.status.success());
    let table = text(&out.stdout);
    assert!(
        table.starts_with("Is the age of AI scaling over?\n"),
        "{table}"
    );
    assert!(table.contains("unanswered objections"), "{table}");
}

#[test]
fn new_writes_a_valid_empty_map_and_will_not_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.map");
    let p = path.to_str().unwrap();
    assert!(argmap(&["new", "My debate", "-o", p]).status.success());
    assert!(argmap(&["validate", p]).status.success());
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("\"title\": \"My debate\""));
    assert!(written.contains("\"created\""));
    let again = argmap(&["new", "Other", "-o", p]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("--force"));
}

#[test]
fn fmt_rewrites_to_the_canonical_form_and_check_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("messy.map");
    let p = path.to_str().unwrap();
    let canonical = std::fs::read(sample()).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&canonical).unwrap();
    std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(argmap(&["fmt", "--check", p]).status.code(), Some(1));
    assert!(argmap(&["fmt", p]).status.success());
    assert_eq!(std::fs::read(&path).unwrap(), canonical);
    assert!(argmap(&["fmt", "--check", p]).status.success());
    // A file that is not there is named, and the others are still done.
    std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
    let gone = dir.path().join("gone.map");
    let out = argmap(&["fmt", gone.to_str().unwrap(), p]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        canonical,
        "the file after it rewritten"
    );
    assert!(
        text(&out.stderr).starts_with(&format!("{}: cannot read the file: ", gone.display())),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn export_into_a_folder_that_does_not_exist_names_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gone/debate.png");
    let r = argmap(&[
        "export",
        sample().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert_eq!(
        text(&r.stderr).trim_end(),
        format!(
            "argmap: cannot write {}: the folder {} does not exist",
            out.display(),
            out.parent().unwrap().display()
        )
    );
}

#[test]
fn gen_is_reproducible_and_valid() {
    let a = argmap(&["gen", "--nodes", "500", "--seed", "3", "-o", "-"]);
    let b = argmap(&["gen", "--nodes", "500", "--seed", "3", "-o", "-"]);
    let c = argmap(&["gen", "--nodes", "500", "--seed", "4", "-o", "-"]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.map");
    std::fs::write(&path, &a.stdout).unwrap();
    let out = argmap(&["validate", path.to_str().unwrap()]);
    assert!(
        text(&out.stdout).contains("ok (500 nodes"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn gen_refuses_a_map_too_big_to_open_and_says_how_many_nodes_fit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.map");
    let p = path.to_str().unwrap();
    // 160,000 nodes are about 67 MB, over the 64 MiB a .map may be: it wrote them, and
    // `argmap validate` then refused the file.
    let out = argmap(&["gen", "--nodes", "160000", "-o", p]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    assert!(
        said.contains("over the 67108864 bytes Argmap opens"),
        "{said}"
    );
    let fit: u64 = said
        .rsplit("about ")
        .next()
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert!(!path.exists(), "nothing written");
    // The number it gives fits.
    let out = argmap(&["gen", "--nodes", &fit.to_string(), "-o", p]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = argmap(&["validate", p]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn export_then_extract_gives_back_the_sample_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let sample_bytes = std::fs::read(sample()).unwrap();
    let sample = sample();
    for name in ["out.png", "out.svg", "paths.svg"] {
        let out = dir.path().join(name);
        let mut args = vec![
            "export",
            sample.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        if name == "paths.svg" {
            args.push("--text-as-paths");
        }
        let run = argmap(&args);
        assert!(run.status.success(), "{name}: {}", text(&run.stderr));
        let v = argmap(&["validate", out.to_str().unwrap()]);
        assert!(
            text(&v.stdout).contains("ok (62 nodes"),
            "{name}: {}",
            text(&v.stderr)
        );
        let back = dir.path().join(format!("{name}.map"));
        assert!(
            argmap(&[
                "extract",
                out.to_str().unwrap(),
                "-o",
                back.to_str().unwrap()
            ])
            .status
            .success()
        );
        assert_eq!(std::fs::read(&back).unwrap(), sample_bytes, "{name}");
    }
    let stats = argmap(&[
        "stats",
        "--json",
        dir.path().join("out.png").to_str().unwrap(),
    ]);
    assert!(stats.status.success());
}

#[test]
fn export_options_change_the_picture() {
    let dir = tempfile::tempdir().unwrap();
    let light = dir.path().join("light.png");
    let dark = dir.path().join("dark.png");
    let big = dir.path().join("big.png");
    let bare = dir.path().join("bare.png");
    let s = sample();
    let s = s.to_str().unwrap();
    assert!(
        argmap(&["export", s, "-o", light.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        argmap(&["export", s, "-o", dark.to_str().unwrap(), "--theme", "dark"])
            .status
            .success()
    );
    assert!(
        argmap(&["export", s, "-o", big.to_str().unwrap(), "--scale", "2"])
            .status
            .success()
    );
    assert!(
        argmap(&["export", s, "-o", bare.to_str().unwrap(), "--no-embed"])
            .status
            .success()
    );
    let size = |p: &Path| {
        let b = std::fs::read(p).unwrap();
        (
            u32::from_be_bytes(b[16..20].try_into().unwrap()),
            u32::from_be_bytes(b[20..24].try_into().unwrap()),
        )
    };
    let (w, h) = size(&light);
    let (w2, h2) = size(&big);
    assert!(
        w2.abs_diff(2 * w) <= 1 && h2.abs_diff(2 * h) <= 1,
        "{w}x{h} vs {w2}x{h2}"
    );
    assert_ne!(
        std::fs::read(&light).unwrap(),
        std::fs::read(&dark).unwrap()
    );
    let v = argmap(&["validate", bare.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    assert!(
        text(&v.stderr).contains("no argument map inside"),
        "{}",
        text(&v.stderr)
    );
    let bad = argmap(&[
        "export",
        s,
        "-o",
        dir.path().join("x.gif").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains(".png, .svg or .pdf"),
        "{}",
        text(&bad.stderr)
    );
    let pdf = dir.path().join("x.pdf");
    let out = argmap(&["export", s, "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    // The PDF carries no map; opening it says what it is, not where its JSON breaks.
    let v = argmap(&["validate", pdf.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    assert!(
        text(&v.stderr).contains("x.pdf: this is a PDF document, not an argument map"),
        "{}",
        text(&v.stderr)
    );
}

#[test]
fn convert_map_to_outline_and_back_keeps_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("debate.md");
    let back = dir.path().join("back.map");
    let out = argmap(&[
        "convert",
        sample().to_str().unwrap(),
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let outline = std::fs::read_to_string(&md).unwrap();
    assert!(outline.starts_with("- Thesis: "), "{outline}");
    let out = argmap(&[
        "convert",
        md.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stats = |p: &Path| {
        let out = argmap(&["stats", p.to_str().unwrap(), "--json"]);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let (a, b) = (stats(&sample()), stats(&back));
    // Every node comes back with its kind; cross-links are not part of an outline.
    assert_eq!(a["nodes"], b["nodes"]);
    assert_eq!(a["by_kind"], b["by_kind"]);
    assert_eq!(a["rebuttals"], b["rebuttals"]);
    assert_eq!(a["depth"], b["depth"]);
}

#[test]
fn convert_writes_graphviz_dot_and_refuses_an_unknown_extension() {
    let dir = tempfile::tempdir().unwrap();
    let dot = dir.path().join("debate.dot");
    let out = argmap(&[
        "convert",
        sample().to_str().unwrap(),
        "-o",
        dot.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dot = std::fs::read_to_string(&dot).unwrap();
    assert!(dot.starts_with("digraph "));
    assert_eq!(dot.matches("[label=").count(), 62);
    let out = argmap(&[
        "convert",
        sample().to_str().unwrap(),
        "-o",
        dir.path().join("x.xyz").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("use --to"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn eval_lists_every_claim_with_its_status_and_reason() {
    let out = argmap(&["eval", sample().to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let statuses: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    // 62 nodes, of which 5 questions and 2 notes take no side.
    assert_eq!(statuses.len(), 55);
    let count = |l: &str| statuses.iter().filter(|s| s["label"] == l).count();
    assert!(count("in") > 0 && count("out") > 0 && count("undecided") > 0);
    assert!(
        statuses
            .iter()
            .all(|s| !s["explanation"].as_str().unwrap().is_empty())
    );
    let out = argmap(&["eval", sample().to_str().unwrap()]);
    assert!(
        text(&out.stdout).contains("DEFEATED  objection"),
        "{}",
        text(&out.stdout)
    );
    let unanswered = statuses.iter().filter(|s| s["unanswered"] == true).count();
    let unsupported = statuses.iter().filter(|s| s["unsupported"] == true).count();
    assert!(
        unanswered > 1 && unsupported > 1,
        "the sample has several of each"
    );
    assert!(
        text(&out.stdout).contains(&format!(
            "{} stand, {} defeated, {} undecided; {unanswered} unanswered objections, {unsupported} unsupported theses",
            count("in"),
            count("out"),
            count("undecided")
        )),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn export_with_evaluate_draws_one_badge_per_claim_and_one_per_unsupported_thesis() {
    let dir = tempfile::tempdir().unwrap();
    let statuses: Vec<serde_json::Value> =
        serde_json::from_slice(&argmap(&["eval", sample().to_str().unwrap(), "--json"]).stdout)
            .unwrap();
    let unsupported = statuses.iter().filter(|s| s["unsupported"] == true).count();
    let defeated = statuses.iter().filter(|s| s["label"] == "out").count();
    let svg = dir.path().join("e.svg");
    let plain = dir.path().join("p.svg");
    let s = sample();
    let s = s.to_str().unwrap();
    assert!(
        argmap(&["export", s, "-o", svg.to_str().unwrap(), "--evaluate"])
            .status
            .success()
    );
    assert!(
        argmap(&["export", s, "-o", plain.to_str().unwrap()])
            .status
            .success()
    );
    let svg = std::fs::read_to_string(svg).unwrap();
    let badges = &svg[svg.find("<g class=\"badges\">").expect("a badge layer")..];
    let shapes = badges.matches("<circle ").count() + badges.matches("<rect ").count();
    assert_eq!(shapes, statuses.len() + unsupported);
    assert_eq!(svg.matches("opacity=\"0.55\"").count(), defeated);
    let plain = std::fs::read_to_string(plain).unwrap();
    assert!(!plain.contains("class=\"badges\"") && !plain.contains("opacity="));
}

#[test]
fn index_then_search_finds_statements_in_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("library.db");
    let lib = lib.to_str().unwrap();
    let out = argmap(&["index", sample().to_str().unwrap(), "--library", lib]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = argmap(&["search", "jagged", "general", "--library", lib, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("scaling-debate.map")
    );
    let out = argmap(&["search", "jagged", "--library", lib]);
    assert!(
        text(&out.stdout).contains("[jagged]") || text(&out.stdout).contains("[Jagged]"),
        "{}",
        text(&out.stdout)
    );
    let out = argmap(&["search", "nothing-like-this", "--library", lib]);
    assert!(out.status.success() && out.stdout.is_empty());
    assert!(text(&out.stderr).contains("nothing in the library matches"));
}

fn interchange_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../argmap-core/tests/fixtures/interchange")
        .join(name)
}

#[test]
fn convert_reads_and_writes_other_tools_formats() {
    let dir = tempfile::tempdir().unwrap();
    let ad = interchange_fixture("legalisation-softdrugs.argdown");
    // validate and stats take an import format as they take a .map.
    let out = argmap(&["validate", ad.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("ok (18 nodes, 19 edges)"),
        "{}",
        text(&out.stdout)
    );
    // Argdown in, .map out: what could not be carried over goes to stderr.
    let map = dir.path().join("soft.map");
    let out = argmap(&["convert", ad.to_str().unwrap(), "-o", map.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("undercut"),
        "{}",
        text(&out.stderr)
    );
    // The sample out to each format, and the readable ones back in.
    let s = sample();
    for (ext, back) in [
        ("argdown", true),
        ("json", true),
        ("txt", true),
        ("graphml", false),
        ("md", true),
        ("dot", false),
    ] {
        let out_file = dir.path().join(format!("sample.{ext}"));
        let out = argmap(&[
            "convert",
            s.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{ext}: {}", text(&out.stderr));
        assert!(std::fs::metadata(&out_file).unwrap().len() > 100, "{ext}");
        if back {
            let out = argmap(&["stats", out_file.to_str().unwrap(), "--json"]);
            assert!(out.status.success(), "{ext}: {}", text(&out.stderr));
            let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let expected = if ext == "txt" { 55 } else { 62 }; // Kialo has no questions or notes
            assert_eq!(stats["nodes"], expected, "{ext}");
        }
    }
    // A broken file says where.
    let bad = dir.path().join("bad.argdown");
    std::fs::write(&bad, "[A]: fine\n\n/* never closed\n[B]: lost\n").unwrap();
    let out = argmap(&["validate", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("bad.argdown:3:1: the comment opened here with /* is never closed"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn export_only_draws_a_statement_with_what_hangs_from_it_and_the_claims_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let s = s.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    // "RL is the new scaling" objects to the thesis "Scaling is over"; two rebuttals
    // with their evidence, and evidence of its own, hang from it.
    let r = argmap(&[
        "export",
        s,
        "-o",
        &out("rl.svg"),
        "--only",
        "rl is the NEW",
        "--evaluate",
    ]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert!(
        argmap(&["extract", &out("rl.svg"), "-o", &out("rl.map")])
            .status
            .success()
    );
    let part: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out("rl.map")).unwrap()).unwrap();
    let whole: serde_json::Value = serde_json::from_slice(&std::fs::read(s).unwrap()).unwrap();
    let labels: Vec<&str> = part["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(labels.len(), 7, "{labels:?}");
    assert_eq!(labels[0], "Scaling is over");
    assert!(labels.contains(&"RL is the new scaling"));
    assert_eq!(part["title"], whole["title"]);
    assert_eq!(
        part["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "thesis")
            .count(),
        1
    );
    // The badges are the whole map's evaluation: on its own the excerpt's thesis would
    // have no support (one more badge, !).
    let svg = std::fs::read_to_string(out("rl.svg")).unwrap();
    let badges = &svg[svg.find("<g class=\"badges\">").expect("a badge layer")..];
    assert_eq!(
        badges.matches("<circle ").count() + badges.matches("<rect ").count(),
        7
    );
    // By label or by id: the same picture, byte for byte.
    let id = whole["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["label"] == "100x is not enough")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (name, only) in [("a.png", "100x is not enough"), ("b.png", id.as_str())] {
        let r = argmap(&["export", s, "-o", &out(name), "--only", only]);
        assert!(r.status.success(), "{}", text(&r.stderr));
    }
    assert_eq!(
        std::fs::read(out("a.png")).unwrap(),
        std::fs::read(out("b.png")).unwrap()
    );
    // A name that fits several statements, or none: nothing written, and why.
    for (only, says) in [
        ("Sutskever", "--only \"Sutskever\" names 6 statements"),
        ("no such words", "no statement has that id"),
    ] {
        let r = argmap(&["export", s, "-o", &out("x.png"), "--only", only]);
        assert_eq!(r.status.code(), Some(1));
        assert!(text(&r.stderr).contains(says), "{}", text(&r.stderr));
        assert!(!dir.path().join("x.png").exists());
    }
}

#[test]
fn convert_only_writes_the_part_export_only_draws() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let s = s.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let only = ["--only", "RL is the new scaling"];
    let r = argmap(&[&["export", s, "-o", &out("rl.png")][..], &only].concat());
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert!(
        argmap(&["extract", &out("rl.png"), "-o", &out("drawn.map")])
            .status
            .success()
    );
    let r = argmap(&[&["convert", s, "-o", &out("part.map")][..], &only].concat());
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert_eq!(
        std::fs::read_to_string(out("part.map")).unwrap(),
        std::fs::read_to_string(out("drawn.map")).unwrap()
    );
    // In another tool's form: the part's statements, and nothing of the other lines.
    let r = argmap(&[&["convert", s, "-o", &out("part.md")][..], &only].concat());
    assert!(r.status.success(), "{}", text(&r.stderr));
    let outline = std::fs::read_to_string(out("part.md")).unwrap();
    assert_eq!(outline.lines().count(), 7, "{outline}");
    assert!(
        outline.starts_with("- Thesis: The age of scaling is over"),
        "{outline}"
    );
    assert!(
        outline.contains("\n  - Con: Scaling has not stopped, it has moved"),
        "{outline}"
    );
    // The thesis's supports are another line of argument.
    assert!(!outline.contains("Pro:"), "{outline}");
    let r = argmap(&["convert", s, "-o", &out("x.md"), "--only", "Sutskever"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(!dir.path().join("x.md").exists());
}

#[test]
fn convert_help_names_every_form_it_reads_and_writes() {
    // The help once said convert wrote only .map, .md and .dot, long after it wrote
    // Argdown, AIF, Kialo and GraphML too.
    let help = text(&argmap(&["convert", "--help"]).stdout);
    for form in [
        ".map", ".argdown", ".ad", ".json", ".txt", ".md", ".graphml", ".dot", "Kialo",
    ] {
        assert!(help.contains(form), "{form} missing from: {help}");
    }
    let help = text(&argmap(&["export", "--help"]).stdout);
    assert!(help.contains("0.25 to 4"), "{help}");
}

#[test]
fn a_pipe_or_a_device_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.map");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    for path in [pipe.to_str().unwrap(), "/dev/zero"] {
        for command in ["validate", "stats"] {
            // A wait for a writer would hang the test; the answer is at once.
            let out = argmap(&[command, path]);
            assert_eq!(out.status.code(), Some(1), "{command} {path}");
            assert!(
                text(&out.stderr).contains("not a regular file (a device or a pipe)"),
                "{command} {path}: {}",
                text(&out.stderr)
            );
        }
    }
}
