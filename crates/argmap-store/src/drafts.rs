//! Autosave: each open document is a draft, a snapshot of the map plus a journal of the
//! patches applied since. Recording an edit appends one journal row (and updates the
//! search index) in one transaction, so its cost follows the size of the edit, not of
//! the map; every so often the journal is folded into a fresh snapshot.
//!
//! A draft belongs to the running app that made it (process id and start time). When
//! that process is gone and the draft has unsaved changes, it is work to recover.

use argmap_core::{ArgumentMap, FileLimits, Patch, format};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::{DraftId, MapId, StoreError, now_ms};

/// Fold the journal into a new snapshot after this many entries.
pub const COMPACT_EVERY: i64 = 500;

/// The running process, as (pid, start time): the pair tells a live owner from a
/// later process that happens to get the same pid.
pub(crate) fn this_process() -> (i64, i64) {
    let pid = std::process::id() as i64;
    (pid, start_time(pid).unwrap_or(0))
}

#[cfg(target_os = "linux")]
fn start_time(pid: i64) -> Option<i64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count from its end.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split(' ').nth(19)?.parse().ok()
}

#[cfg(not(target_os = "linux"))]
fn start_time(_pid: i64) -> Option<i64> {
    None
}

fn alive(pid: i64, start: i64) -> bool {
    match start_time(pid) {
        Some(s) => s == start,
        // Where process start times cannot be read, only our own drafts count as live.
        None => pid == std::process::id() as i64,
    }
}

pub(crate) fn start(
    conn: &Connection,
    map: MapId,
    doc: &ArgumentMap,
    dirty: bool,
    file: Option<String>,
) -> Result<DraftId, StoreError> {
    let (pid, started) = this_process();
    let now = now_ms();
    conn.execute(
        "INSERT INTO drafts (map_id, owner_pid, owner_start, dirty, started_at, changed_at, file_stamp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
        params![map.0, pid, started, dirty, now, file],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO snapshots (draft_id, body) VALUES (?1, ?2)",
        params![id, format::to_bytes(doc)],
    )?;
    Ok(DraftId(id))
}

/// Appends one user action, after which the document has unsaved changes or not
/// (`dirty`: an undo can take it back to its file). Returns how long the journal now is.
pub(crate) fn append(
    conn: &Connection,
    draft: DraftId,
    patches: &[Patch],
    dirty: bool,
) -> Result<i64, StoreError> {
    let json = serde_json::to_vec(patches).expect("patches serialise");
    let now = now_ms();
    let seq: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM journal WHERE draft_id = ?1")?
        .query_row([draft.0], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO journal (draft_id, seq, patches, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![draft.0, seq, json, now])?;
    let changed = conn
        .prepare_cached("UPDATE drafts SET dirty = ?3, changed_at = ?2 WHERE id = ?1")?
        .execute(params![draft.0, now, dirty])?;
    if changed == 0 {
        return Err(StoreError::NoDraft(draft));
    }
    Ok(seq)
}

/// Replaces the snapshot with `doc` and empties the journal.
pub(crate) fn snapshot(
    conn: &Connection,
    draft: DraftId,
    doc: &ArgumentMap,
    dirty: bool,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE snapshots SET body = ?2 WHERE draft_id = ?1",
        params![draft.0, format::to_bytes(doc)],
    )?;
    conn.execute(
        "UPDATE drafts SET dirty = ?2, changed_at = ?3 WHERE id = ?1",
        params![draft.0, dirty, now_ms()],
    )?;
    conn.execute("DELETE FROM journal WHERE draft_id = ?1", [draft.0])?;
    Ok(())
}

/// The draft's map: the snapshot with the journal applied, in order.
pub(crate) fn rebuild(conn: &Connection, draft: DraftId) -> Result<ArgumentMap, StoreError> {
    let snapshot: Vec<u8> = conn
        .query_row(
            "SELECT body FROM snapshots WHERE draft_id = ?1",
            [draft.0],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(StoreError::NoDraft(draft))?;
    let mut map = format::load_bytes(&snapshot, &FileLimits::default())
        .map_err(|e| StoreError::Damaged(format!("the saved state of draft {}: {e}", draft.0)))?;
    let mut stmt =
        conn.prepare("SELECT seq, patches FROM journal WHERE draft_id = ?1 ORDER BY seq")?;
    let rows = stmt.query_map([draft.0], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
    })?;
    for row in rows {
        let (seq, json) = row?;
        let patches: Vec<Patch> = serde_json::from_slice(&json).map_err(|e| {
            StoreError::Damaged(format!("journal entry {seq} of draft {}: {e}", draft.0))
        })?;
        for p in &patches {
            map.apply(p).map_err(|e| {
                StoreError::Damaged(format!(
                    "journal entry {seq} of draft {} does not apply: {e}",
                    draft.0
                ))
            })?;
        }
    }
    Ok(map)
}

/// Unsaved work whose app is gone.
#[derive(Clone, Debug, Serialize)]
pub struct Recoverable {
    pub draft: DraftId,
    pub map: MapId,
    pub title: String,
    /// The file it belongs to; `None` for a map never saved.
    pub path: Option<String>,
    /// When the file was last saved from the app (Unix milliseconds), if ever.
    pub saved_at: Option<i64>,
    /// When the last unsaved change was made.
    pub changed_at: i64,
}

pub(crate) fn recoverable(conn: &Connection) -> Result<Vec<Recoverable>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.map_id, m.title, m.path, m.saved_at, d.changed_at, d.owner_pid, d.owner_start
         FROM drafts d JOIN maps m ON m.id = d.map_id
         WHERE d.dirty = 1
         ORDER BY d.changed_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            Recoverable {
                draft: DraftId(r.get(0)?),
                map: MapId(r.get(1)?),
                title: r.get(2)?,
                path: r.get(3)?,
                saved_at: r.get(4)?,
                changed_at: r.get(5)?,
            },
            r.get::<_, i64>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (rec, pid, start) = row?;
        if !alive(pid, start) {
            out.push(rec);
        }
    }
    Ok(out)
}

/// Drafts with nothing unsaved whose app is gone.
pub(crate) fn dead_clean(conn: &Connection) -> Result<Vec<DraftId>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, owner_pid, owner_start FROM drafts WHERE dirty = 0")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, pid, start) = row?;
        if !alive(pid, start) {
            out.push(DraftId(id));
        }
    }
    Ok(out)
}

/// Counts of what changed between two states of a map, by node id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub added: usize,
    pub edited: usize,
    pub deleted: usize,
    /// The map's own title, description or authors changed.
    pub details: bool,
}

/// A node counts as edited when its own fields or the edges it starts changed.
pub fn changes(before: &ArgumentMap, after: &ArgumentMap) -> Changes {
    use std::collections::HashMap;
    fn outgoing(map: &ArgumentMap) -> HashMap<argmap_core::NodeId, Vec<&argmap_core::Edge>> {
        let mut out: HashMap<_, Vec<_>> = HashMap::new();
        for e in map.edges() {
            out.entry(e.from).or_default().push(e);
        }
        out
    }
    let (was, now) = (outgoing(before), outgoing(after));
    let mut c = Changes::default();
    for n in after.nodes() {
        match before.node(n.id) {
            None => c.added += 1,
            Some(old) if old != n || was.get(&n.id) != now.get(&n.id) => c.edited += 1,
            Some(_) => {}
        }
    }
    c.deleted = before
        .nodes()
        .filter(|n| after.node(n.id).is_none())
        .count();
    c.details = before.meta().texts() != after.meta().texts();
    c
}
