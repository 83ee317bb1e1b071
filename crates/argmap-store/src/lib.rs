//! The local library: every map the app has opened or saved, kept in one SQLite
//! database in the user's data folder.
//!
//! - **Autosave** ([`Library::record`]): each edit's patches go into a journal within the
//!   same call, so a crash or `kill -9` loses nothing that was recorded; maps never
//!   saved to a file are kept the same way.
//! - **Recovery** ([`Library::recoverable`], [`Library::recover`]): drafts whose app went
//!   away with unsaved changes, offered back on the next start.
//! - **Recent maps** ([`Library::recent`]), with pinned favourites and thumbnails; a file
//!   that has moved is reported missing, not dropped.
//! - **Search** ([`Library::search`]) across every statement of every map, ranked.
//!
//! The database runs in WAL mode with a busy timeout, so two app instances (or the app
//! and `argmap search`) can use it at once; each open document has its own draft.
//! A damaged database is moved aside and a fresh one built from the maps still on disk
//! ([`Library::open`] says so in [`Opened::notice`]).

mod drafts;
mod index;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use argmap_core::format::FileStamp;
use argmap_core::{ArgumentMap, FileLimits, Patch};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};
use serde::Serialize;

pub use drafts::{COMPACT_EVERY, Changes, Recoverable, changes};
pub use index::{Hit, fts_query};

/// A map in the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct MapId(pub i64);

/// One open document's autosave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct DraftId(pub i64);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the library database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error(
        "the library was written by a newer Argmap (schema {found}; this build knows up to {supported})"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("the library holds damaged data: {0}")]
    Damaged(String),
    #[error("there is no autosave {} in the library", .0.0)]
    NoDraft(DraftId),
    #[error("cannot use the library folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl StoreError {
    /// The database file itself is damaged (not a database, or corrupt pages): the
    /// remedy is [`Library::rebuild`].
    pub fn is_corruption(&self) -> bool {
        matches!(
            self,
            StoreError::Sql(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
        )
    }

    /// The disk is full or the folder cannot be written.
    pub fn is_no_space_or_read_only(&self) -> bool {
        matches!(
            self,
            StoreError::Sql(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, ErrorCode::DiskFull | ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
        )
    }
}

pub(crate) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// A map on the start screen.
#[derive(Clone, Debug, Serialize)]
pub struct Recent {
    pub id: MapId,
    pub title: String,
    pub path: Option<String>,
    pub nodes: i64,
    pub opened_at: i64,
    pub saved_at: Option<i64>,
    pub pinned: bool,
    /// The file is no longer where it was.
    pub missing: bool,
    #[serde(skip)]
    pub thumbnail: Option<Vec<u8>>,
    /// What the thumbnail shows (see [`Library::set_thumbnail`]).
    #[serde(skip)]
    thumbnail_of: Option<String>,
}

impl Recent {
    /// The thumbnail is missing, or was drawn by another `style` of drawing or from the
    /// file as it was before it last changed. A missing file's thumbnail is kept: there
    /// is nothing to draw it from.
    pub fn thumbnail_stale(&self, style: u32) -> bool {
        match &self.path {
            Some(p) if !self.missing => {
                self.thumbnail.is_none() || self.thumbnail_of != thumbnail_key(style, Path::new(p))
            }
            _ => false,
        }
    }
}

/// Recovered work taken over by this process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adopted {
    /// The map the work belongs to.
    pub map: MapId,
    /// Its file, if it has one.
    pub path: Option<PathBuf>,
    /// That file as the work last read or saved it (drafts from before library version
    /// 4 have none): if the file is no longer so, another program changed it since.
    pub file: Option<FileStamp>,
}

/// A library just opened, and what the user should be told about it.
pub struct Opened {
    pub library: Library,
    /// Set when the database was damaged and rebuilt: says where the old one went.
    pub notice: Option<String>,
}

pub struct Library {
    conn: Connection,
    path: PathBuf,
    compact_every: i64,
}

impl Library {
    /// The library of this user: `$XDG_DATA_HOME/argmap/library.db`, or
    /// `~/.local/share/argmap/library.db`.
    pub fn default_path() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
        Some(base.join("argmap").join("library.db"))
    }

    /// Opens (creating or upgrading) the library at `path`. A file that is not a sound
    /// database is moved aside and replaced; the notice says so.
    pub fn open(path: &Path) -> Result<Opened, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        match Library::open_as_is(path) {
            Ok(library) => Ok(Opened {
                library,
                notice: None,
            }),
            Err(e) if e.is_corruption() => {
                let (library, notice) = Library::replace_damaged(path)?;
                Ok(Opened {
                    library,
                    notice: Some(notice),
                })
            }
            Err(e) => Err(e),
        }
    }

    fn open_as_is(path: &Path) -> Result<Library, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL: readers never block the writer; a commit survives the process being
        // killed the moment it returns. NORMAL sync: a power cut may lose the last
        // commits but never corrupts the database.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Touch the schema: a file that is not a database fails here, not later.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        schema::migrate(&mut conn, schema::VERSION)?;
        Ok(Library {
            conn,
            path: path.to_path_buf(),
            compact_every: COMPACT_EVERY,
        })
    }

    /// Moves a damaged database aside (with a timestamp), builds a fresh one, and adds
    /// back every map file the old one listed that can still be read. Returns the new
    /// library and what to tell the user.
    fn replace_damaged(path: &Path) -> Result<(Library, String), StoreError> {
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]-[hour][minute][second]"
            ))
            .expect("the format is valid");
        let aside = path.with_extension(format!("db.damaged-{stamp}"));
        // Salvage what the old file still yields before moving it.
        let paths = salvage_paths(path);
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", path.display()));
            if from.exists() {
                let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                std::fs::rename(&from, &to).map_err(|source| StoreError::Folder {
                    path: from.clone(),
                    source,
                })?;
            }
        }
        let mut library = Library::open_as_is(path)?;
        let mut restored = 0;
        for p in &paths {
            if let Ok(map) = argmap_core::load_file(p.as_ref(), &FileLimits::default())
                && library.track(Some(p.as_ref()), &map).is_ok()
            {
                restored += 1;
            }
        }
        let notice = format!(
            "The library was damaged. It was moved aside to {} and a new one built with {restored} map{} still on disk.",
            aside.display(),
            if restored == 1 { "" } else { "s" }
        );
        Ok((library, notice))
    }

    /// After an operation reported [`StoreError::is_corruption`]: replaces the database
    /// as [`Library::open`] would, and says what happened.
    pub fn rebuild(&mut self) -> Result<String, StoreError> {
        let path = self.path.clone();
        // Close our connection first: the file is about to move.
        let placeholder = Connection::open_in_memory()?;
        drop(std::mem::replace(&mut self.conn, placeholder));
        let (library, notice) = Library::replace_damaged(&path)?;
        *self = library;
        Ok(notice)
    }

    /// A write transaction that takes the write lock at once (BEGIN IMMEDIATE): one
    /// that starts by reading and then writes could find another app's commit in the
    /// way and fail at once, where this one waits its turn (up to the busy timeout).
    fn write(&mut self) -> Result<rusqlite::Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// How many journal entries a draft collects before they are folded into a snapshot.
    pub fn set_compact_every(&mut self, n: i64) {
        self.compact_every = n.max(1);
    }

    // ---- maps ---------------------------------------------------------------------

    /// Adds a map the user opened or saved (or, with no path, a new unsaved one) to the
    /// library, or refreshes it, and indexes its statements for search.
    pub fn track(&mut self, path: Option<&Path>, map: &ArgumentMap) -> Result<MapId, StoreError> {
        let tx = self.write()?;
        let path = path.map(|p| p.to_string_lossy().into_owned());
        let now = now_ms();
        let existing: Option<i64> = match &path {
            Some(p) => tx
                .query_row("SELECT id FROM maps WHERE path = ?1", [p], |r| r.get(0))
                .optional()?,
            None => None,
        };
        let stamp = path.as_deref().and_then(|p| file_stamp(Path::new(p)));
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE maps SET title = ?2, nodes = ?3, opened_at = ?4 WHERE id = ?1",
                    params![id, map.meta().title, map.len() as i64, now],
                )?;
                let indexed: Option<String> =
                    tx.query_row("SELECT indexed FROM maps WHERE id = ?1", [id], |r| r.get(0))?;
                if stamp.is_some() && indexed == stamp {
                    // The same file as last indexed: its statements are in the index.
                    tx.commit()?;
                    return Ok(MapId(id));
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO maps (path, title, nodes, opened_at) VALUES (?1, ?2, ?3, ?4)",
                    params![path, map.meta().title, map.len() as i64, now],
                )?;
                tx.last_insert_rowid()
            }
        };
        index::index_map(&tx, MapId(id), map)?;
        tx.execute(
            "UPDATE maps SET indexed = ?2 WHERE id = ?1",
            params![id, stamp],
        )?;
        tx.commit()?;
        Ok(MapId(id))
    }

    /// Stores a map's thumbnail, drawn by drawing version `style` from its file as it is
    /// now (call it after the file is written).
    pub fn set_thumbnail(&mut self, id: MapId, png: &[u8], style: u32) -> Result<(), StoreError> {
        let of = self.map_path(id)?.and_then(|p| thumbnail_key(style, &p));
        self.conn.execute(
            "UPDATE maps SET thumbnail = ?2, thumbnail_of = ?3 WHERE id = ?1",
            params![id.0, png, of],
        )?;
        Ok(())
    }

    /// Whether the map's thumbnail should be drawn again: see [`Recent::thumbnail_stale`].
    pub fn thumbnail_stale(&self, id: MapId, style: u32) -> Result<bool, StoreError> {
        let row: Option<(Option<String>, bool, Option<String>)> = self
            .conn
            .query_row(
                "SELECT path, thumbnail IS NOT NULL, thumbnail_of FROM maps WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(match row {
            Some((Some(path), has, of)) => {
                let now = thumbnail_key(style, Path::new(&path));
                now.is_some() && (!has || of != now)
            }
            _ => false,
        })
    }

    pub fn thumbnail(&self, id: MapId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT thumbnail FROM maps WHERE id = ?1", [id.0], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    pub fn pin(&mut self, id: MapId, pinned: bool) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE maps SET pinned = ?2 WHERE id = ?1",
            params![id.0, pinned],
        )?;
        Ok(())
    }

    /// Maps with a file, pinned first, then the most recently opened; unsaved maps are
    /// offered through [`Library::recoverable`] instead.
    pub fn recent(&self, limit: usize) -> Result<Vec<Recent>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, path, nodes, opened_at, saved_at, pinned, thumbnail, thumbnail_of FROM maps
             WHERE path IS NOT NULL
             ORDER BY pinned DESC, opened_at DESC, id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            let path: Option<String> = r.get(2)?;
            Ok(Recent {
                id: MapId(r.get(0)?),
                title: r.get(1)?,
                missing: path.as_deref().is_some_and(|p| !Path::new(p).exists()),
                path,
                nodes: r.get(3)?,
                opened_at: r.get(4)?,
                saved_at: r.get(5)?,
                pinned: r.get(6)?,
                thumbnail: r.get(7)?,
                thumbnail_of: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn map_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM maps", [], |r| r.get(0))?)
    }

    // ---- autosave -------------------------------------------------------------------

    /// Starts autosaving an open document: `map` is its state now, read from the map's
    /// file (if it has one) as that file is now. `dirty` says whether that state already
    /// has unsaved changes (a recovered draft does).
    pub fn start_draft(
        &mut self,
        id: MapId,
        map: &ArgumentMap,
        dirty: bool,
    ) -> Result<DraftId, StoreError> {
        let file = self.map_path(id)?.and_then(|p| file_stamp(&p));
        drafts::start(&self.conn, id, map, dirty, file)
    }

    /// Records one user action (its patches, in order) on the draft's document, and
    /// keeps the search index current. Durable when it returns. `map` is the document
    /// after the action; it is written whole only when the journal is folded up.
    /// `dirty` says whether it differs from its file now: when every change since the
    /// last save has been undone, there is nothing to recover if the app dies.
    pub fn record(
        &mut self,
        draft: DraftId,
        id: MapId,
        patches: &[Patch],
        map: &ArgumentMap,
        dirty: bool,
    ) -> Result<(), StoreError> {
        let compact_every = self.compact_every;
        let tx = self.write()?;
        let len = drafts::append(&tx, draft, patches, dirty)?;
        index::index_patches(&tx, id, patches)?;
        // The index now holds what the file does not (yet).
        tx.prepare_cached("UPDATE maps SET indexed = NULL WHERE id = ?1 AND indexed IS NOT NULL")?
            .execute([id.0])?;
        if patches.iter().any(|p| p.meta.is_some()) {
            tx.execute(
                "UPDATE maps SET title = ?2 WHERE id = ?1",
                params![id.0, map.meta().title],
            )?;
        }
        if len >= compact_every {
            drafts::snapshot(&tx, draft, map, dirty)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The document was saved to `path` (perhaps a new one, by Save As): the draft starts
    /// again from the saved state, with nothing to recover. Returns the map's library id,
    /// which changes when an unsaved map gets its first file.
    pub fn saved(
        &mut self,
        draft: DraftId,
        id: MapId,
        path: &Path,
        map: &ArgumentMap,
    ) -> Result<MapId, StoreError> {
        let path_text = path.to_string_lossy().into_owned();
        let tx = self.write()?;
        let other: Option<i64> = tx
            .query_row(
                "SELECT id FROM maps WHERE path = ?1 AND id != ?2",
                params![path_text, id.0],
                |r| r.get(0),
            )
            .optional()?;
        // Saving over a file the library knows under another entry: that entry goes.
        if let Some(other) = other {
            tx.execute("DELETE FROM maps WHERE id = ?1", [other])?;
        }
        let stamp = file_stamp(path);
        tx.execute(
            "UPDATE maps SET path = ?2, title = ?3, nodes = ?4, saved_at = ?5, opened_at = ?5, indexed = ?6 WHERE id = ?1",
            params![id.0, path_text, map.meta().title, map.len() as i64, now_ms(), stamp],
        )?;
        tx.execute(
            "UPDATE drafts SET file_stamp = ?2 WHERE id = ?1",
            params![draft.0, stamp],
        )?;
        drafts::snapshot(&tx, draft, map, false)?;
        tx.commit()?;
        Ok(id)
    }

    /// The document was closed (saved, or its changes discarded): its draft goes, and an
    /// unsaved map with no file goes from the library with it.
    pub fn close_draft(&mut self, draft: DraftId) -> Result<(), StoreError> {
        let tx = self.write()?;
        let map: Option<(i64, Option<String>)> = tx
            .query_row(
                "SELECT d.map_id, m.path FROM drafts d JOIN maps m ON m.id = d.map_id WHERE d.id = ?1",
                [draft.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        tx.execute("DELETE FROM drafts WHERE id = ?1", [draft.0])?;
        if let Some((map, None)) = map {
            let others: i64 = tx.query_row(
                "SELECT count(*) FROM drafts WHERE map_id = ?1",
                [map],
                |r| r.get(0),
            )?;
            if others == 0 {
                tx.execute("DELETE FROM maps WHERE id = ?1", [map])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Unsaved work left by apps that are no longer running, newest first.
    pub fn recoverable(&self) -> Result<Vec<Recoverable>, StoreError> {
        drafts::recoverable(&self.conn)
    }

    /// Deletes the drafts of apps that are gone and left nothing unsaved, and the
    /// never-saved maps that had only those. Returns how many drafts went.
    pub fn prune(&mut self) -> Result<usize, StoreError> {
        let dead = drafts::dead_clean(&self.conn)?;
        for d in &dead {
            self.close_draft(*d)?;
        }
        Ok(dead.len())
    }

    /// The document a draft holds: its snapshot with every recorded edit applied.
    pub fn recover(&self, draft: DraftId) -> Result<ArgumentMap, StoreError> {
        drafts::rebuild(&self.conn, draft)
    }

    /// Takes over a recovered draft: it now belongs to this process, and its work goes
    /// on in it.
    pub fn adopt(&mut self, draft: DraftId) -> Result<Adopted, StoreError> {
        let (pid, start) = drafts::this_process();
        let n = self.conn.execute(
            "UPDATE drafts SET owner_pid = ?2, owner_start = ?3 WHERE id = ?1",
            params![draft.0, pid, start],
        )?;
        if n == 0 {
            return Err(StoreError::NoDraft(draft));
        }
        let (map, path, file): (i64, Option<String>, Option<String>) = self.conn.query_row(
            "SELECT m.id, m.path, d.file_stamp FROM drafts d JOIN maps m ON m.id = d.map_id WHERE d.id = ?1",
            [draft.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(Adopted {
            map: MapId(map),
            path: path.map(PathBuf::from),
            file: file.and_then(|f| f.parse().ok()),
        })
    }

    /// What unsaved work holds that its file does not (or, for a map never saved, all
    /// of it), by statement.
    pub fn changes(&self, work: &Recoverable) -> Result<Changes, StoreError> {
        let map = self.recover(work.draft)?;
        let base = work
            .path
            .as_deref()
            .and_then(|p| argmap_core::load_file(Path::new(p), &FileLimits::default()).ok())
            .unwrap_or_else(|| ArgumentMap::new(map.meta().clone()));
        Ok(changes(&base, &map))
    }

    /// The file of a map in the library, if it has one.
    pub fn map_path(&self, id: MapId) -> Result<Option<PathBuf>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT path FROM maps WHERE id = ?1", [id.0], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten()
            .map(PathBuf::from))
    }

    // ---- search ---------------------------------------------------------------------

    /// Statements in every map of the library that contain all the words of `query`
    /// (the last one as a prefix), best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        index::search(&self.conn, query, limit)
    }

    /// `PRAGMA quick_check`: whether the database file is sound.
    pub fn check(&self) -> Result<bool, StoreError> {
        let r: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        Ok(r == "ok")
    }

    /// For tests and tools: the raw connection.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// A file's size and modification time, to tell whether it changed since it was indexed.
fn file_stamp(path: &Path) -> Option<String> {
    FileStamp::of(path).ok().flatten().map(|s| s.to_string())
}

/// What a thumbnail drawn now by drawing version `style` from the file at `path` shows;
/// None when the file cannot be read.
pub fn thumbnail_key(style: u32, path: &Path) -> Option<String> {
    file_stamp(path).map(|stamp| format!("{style} {stamp}"))
}

/// The map files a damaged database still lists, as far as it can be read.
fn salvage_paths(path: &Path) -> Vec<String> {
    let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return Vec::new();
    };
    let Ok(mut stmt) = conn.prepare("SELECT path FROM maps WHERE path IS NOT NULL") else {
        return Vec::new();
    };
    let Ok(mut rows) = stmt.query([]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Stop at the first unreadable page; keep what came before it.
    while let Ok(Some(row)) = rows.next() {
        if let Ok(p) = row.get::<_, String>(0) {
            out.push(p);
        }
    }
    out
}
