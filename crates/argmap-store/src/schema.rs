//! The database's tables and how each version of them came to be. `PRAGMA user_version`
//! says which steps a database has had; opening runs the missing ones in order, each in
//! its own transaction. Steps are additive (new tables, new columns) so a library
//! written by an older Argmap opens in a newer one with everything kept.

use rusqlite::{Connection, Transaction};

use crate::StoreError;

/// The version this build writes.
pub const VERSION: i64 = 4;

/// Version 1: the library's maps, and the drafts (unsaved work) with their journals.
const V1: &str = "
CREATE TABLE maps (
    id        INTEGER PRIMARY KEY,
    -- The file the map lives in; NULL for a map never saved (\"Untitled\").
    path      TEXT UNIQUE,
    title     TEXT NOT NULL,
    nodes     INTEGER NOT NULL DEFAULT 0,
    -- Unix milliseconds.
    opened_at INTEGER NOT NULL,
    saved_at  INTEGER
);
-- One open document in one running app: its state when the journal starts (a
-- snapshot, as .map JSON) and, in journal, every change since. A draft whose app has
-- gone without saving is work to recover.
CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    map_id       INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    owner_pid    INTEGER NOT NULL,
    owner_start  INTEGER NOT NULL,
    -- Unsaved changes exist (in the snapshot or the journal).
    dirty        INTEGER NOT NULL DEFAULT 0,
    started_at   INTEGER NOT NULL,
    changed_at   INTEGER NOT NULL
);
CREATE INDEX drafts_map ON drafts(map_id);
-- Kept apart from drafts: a draft's row changes on every edit, and SQLite rewrites a
-- whole row (megabytes, with the map in it) when any column changes.
CREATE TABLE snapshots (
    draft_id INTEGER PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
    body     BLOB NOT NULL
);
CREATE TABLE journal (
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    -- One user action: a JSON array of argmap-core patches.
    patches  BLOB NOT NULL,
    at       INTEGER NOT NULL,
    PRIMARY KEY (draft_id, seq)
) WITHOUT ROWID;
";

/// Version 2: favourites and thumbnails on the start screen, and full-text search over
/// every statement in the library.
const V2: &str = "
ALTER TABLE maps ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE maps ADD COLUMN thumbnail BLOB;
-- The size and modification time of the file when its statements were indexed: opening
-- it again unchanged skips indexing. NULL when the index holds unsaved edits.
ALTER TABLE maps ADD COLUMN indexed TEXT;
-- Which statement of which map each search row is: the FTS table's rowid is this id.
CREATE TABLE statement_ids (
    id     INTEGER PRIMARY KEY,
    map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    node   TEXT NOT NULL,
    kind   TEXT NOT NULL,
    UNIQUE (map_id, node)
);
CREATE VIRTUAL TABLE statements USING fts5(
    text, label, notes, source, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Search rows go with their map.
CREATE TRIGGER statement_ids_gone AFTER DELETE ON statement_ids BEGIN
    DELETE FROM statements WHERE rowid = old.id;
END;
";

/// Version 3: what each thumbnail shows, so that one drawn from an older file, or by an
/// older Argmap, is drawn again.
const V3: &str = "
-- The thumbnail's drawing version and the file's stamp (as in indexed) when it was
-- drawn; NULL for thumbnails from before version 3.
ALTER TABLE maps ADD COLUMN thumbnail_of TEXT;
";

/// Version 4: the file each draft's work was last read from or saved to, so that work
/// recovered after a crash is not saved over changes another program made meanwhile.
const V4: &str = "
-- argmap_core::format::FileStamp as text; NULL for a map with no file, and for drafts
-- from before version 4.
ALTER TABLE drafts ADD COLUMN file_stamp TEXT;
";

type Step = fn(&Transaction) -> Result<(), StoreError>;

/// Every step, in order: `STEPS[i]` takes a database from version i to i + 1.
const STEPS: [Step; VERSION as usize] = [
    |tx| Ok(tx.execute_batch(V1)?),
    |tx| {
        tx.execute_batch(V2)?;
        // What was in the library before search existed gets indexed now.
        crate::index::reindex_all(tx)
    },
    |tx| Ok(tx.execute_batch(V3)?),
    |tx| Ok(tx.execute_batch(V4)?),
];

pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the database up to `target` (normally [`VERSION`]). Each step re-reads the
/// version under the write lock, so two apps opening an old library at once migrate it
/// once.
pub fn migrate(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let v = version(&tx)?;
        if v > VERSION {
            return Err(StoreError::TooNew {
                found: v,
                supported: VERSION,
            });
        }
        if v >= target {
            return Ok(());
        }
        STEPS[v as usize](&tx)?;
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
    }
}
