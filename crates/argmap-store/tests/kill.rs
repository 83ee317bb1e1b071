//! Fault injection: a child process edits a map through the library and is killed with
//! SIGKILL at a random moment, many times over. Each time, recovery must give back every
//! edit the child had recorded (it prints an edit's number once `record` returns), and
//! the database must be sound.
//!
//! The child is this same test binary, run again to run only `child` (below), which is
//! ignored in a normal test run.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use argmap_store::Library;
use common::{object, thesis_doc};

const CHILD: &str = "ARGMAP_KILL_CHILD";

#[test]
#[ignore = "the child process of the kill test, which runs it"]
fn child() {
    let db = std::env::var_os(CHILD).expect("run by the kill test, with ARGMAP_KILL_CHILD set");
    let mut lib = Library::open(Path::new(&db)).unwrap().library;
    // Fold often, so kills land during snapshots too.
    lib.set_compact_every(7);
    let (mut doc, thesis) = thesis_doc("killed", "root");
    let map = lib.track(None, doc.map()).unwrap();
    let draft = lib.start_draft(map, doc.map(), true).unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "draft {}", draft.0).unwrap();
    for i in 0.. {
        let patches = object(&mut doc, thesis, &format!("edit {i}"));
        lib.record(draft, map, &patches, doc.map(), true).unwrap();
        writeln!(out, "{i}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn killed_mid_edit_recovery_gives_back_every_recorded_edit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let me = std::env::current_exe().unwrap();
    // A fixed sequence of delays spread over the child's life: deterministic, and
    // different kills land on different statements.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let runs = 40;
    let mut edits_checked = 0;
    let mut runs_with_edits = 0;
    for run in 0..runs {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(2_000 + seed % 150_000);
        let mut child = Command::new(&me)
            .args([
                "--exact",
                "child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Read the child's acknowledgements on a thread while the clock runs.
        let reader = std::thread::spawn(move || {
            let mut draft = None;
            let mut last: Option<u64> = None;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // libtest's "test child ... " has no newline: the first line ends with ours.
                if let Some((_, d)) = line.split_once("draft ") {
                    draft = d.trim().parse::<i64>().ok();
                } else if let Ok(n) = line.parse::<u64>() {
                    last = Some(n);
                }
            }
            (draft, last)
        });
        let started = Instant::now();
        while started.elapsed() < delay {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let (draft, last) = reader.join().unwrap();
        let Some(draft) = draft else {
            // Killed before the draft existed: nothing was promised.
            continue;
        };
        let lib = Library::open(&db).unwrap().library;
        assert!(lib.check().unwrap(), "run {run}: the database is damaged");
        let found = lib.recoverable().unwrap();
        let ours = found
            .iter()
            .find(|r| r.draft.0 == draft)
            .unwrap_or_else(|| panic!("run {run}: draft {draft} is not offered for recovery"));
        let map = lib.recover(ours.draft).unwrap();
        let texts: std::collections::HashSet<&str> = map.nodes().map(|n| n.text.as_str()).collect();
        if let Some(last) = last {
            runs_with_edits += 1;
            edits_checked += last + 1;
            for i in 0..=last {
                assert!(
                    texts.contains(format!("edit {i}").as_str()),
                    "run {run}: edit {i} of {last} recorded edits is lost"
                );
            }
        }
        // At most the one edit in flight when the kill came may be there unannounced.
        let extra = map.len() as i64 - 1 - last.map_or(0, |l| l as i64 + 1);
        assert!(
            (0..=1).contains(&extra),
            "run {run}: {extra} unexpected nodes"
        );
    }
    // The kills must land mid-work, not all before the first edit.
    eprintln!("{runs_with_edits} of {runs} runs killed after edits; {edits_checked} edits checked");
    assert!(
        runs_with_edits >= runs / 2,
        "only {runs_with_edits} runs got to edit"
    );
}
