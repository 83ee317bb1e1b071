//! The .map file: a JSON envelope `{"format": "argmap", "version": 1, …}` holding the
//! map's records. Loading is probe → migrate → parse → build (which validates), and
//! each way a file can be wrong has its own error saying what and where. Writing is
//! deterministic (fixed key order, two-space indent, trailing newline) so maps diff
//! well, and saving is atomic. The format is documented in docs/map-format.md.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::limits::FileLimits;
use crate::locate;
use crate::map::{ArgumentMap, BuildError, Subject, Violation};
use crate::model::{Edge, Extra, MapMeta, Node};

pub const FORMAT_TAG: &str = "argmap";
/// The version this build writes, and the newest it reads.
pub const CURRENT_VERSION: u64 = 1;
pub const MEDIA_TYPE: &str = "application/vnd.argmap+json";
pub const EXTENSION: &str = "map";

/// Why a file could not be opened as a map.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    #[error("the file is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("not JSON: {message}")]
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "this is a JavaScript source map (it has \"mappings\" and \"sources\"), not an argument map; both use the .map extension"
    )]
    SourceMap,
    #[error("not an argument map: {0}")]
    NotArgumentMap(String),
    #[error(
        "this map is in format version {found}, made by a newer Argmap; this build reads versions up to {supported}"
    )]
    TooNew { found: u64, supported: u64 },
    #[error("{path}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
        code: &'static str,
    },
}

impl LoadError {
    /// A short, stable name the UI and tests can act on.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::Io(_) => "io",
            LoadError::TooLarge { .. } => "too-large",
            LoadError::NotJson { .. } => "not-json",
            LoadError::SourceMap => "source-map",
            LoadError::NotArgumentMap(_) => "not-argmap",
            LoadError::TooNew { .. } => "too-new",
            LoadError::Invalid { code, .. } => code,
        }
    }

    /// Line and column (1-based) where the problem is, when it has a place.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::NotJson { line, column, .. } | LoadError::Invalid { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }

    /// The JSON path of the problem, when it has one.
    pub fn path(&self) -> Option<&str> {
        match self {
            LoadError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// What a file's first look tells: enough to pick the migrations, or to tell the user
/// the file is something else.
#[derive(Deserialize)]
struct Probe {
    format: Option<Value>,
    version: Option<Value>,
    mappings: Option<IgnoredAny>,
    sources: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct FileIn {
    #[allow(dead_code)]
    format: IgnoredAny,
    #[allow(dead_code)]
    version: IgnoredAny,
    #[serde(flatten)]
    meta: MapMeta,
    nodes: Vec<Node>,
    #[serde(default)]
    edges: Vec<Edge>,
    #[serde(flatten)]
    extra: Extra,
}

/// One step that turns a file of `from` version into `from + 1`. Steps are named and
/// run in order; each works on the JSON tree, before the records are typed.
struct Migration {
    from: u64,
    #[allow(dead_code)]
    name: &'static str,
    run: fn(&mut Value) -> Result<(), String>,
}

/// Version 1 is the first released version, so there is nothing to migrate yet. A
/// version 2 adds its step here and a fixture under tests/fixtures/v1 keeps loading.
const MIGRATIONS: &[Migration] = &[];

/// Reads and loads a .map file, refusing one over the size limit before reading it.
pub fn load_file(path: &Path, limits: &FileLimits) -> Result<ArgumentMap, LoadError> {
    load_bytes(&read_limited(path, limits)?, limits)
}

/// Loads a file and reports every problem in it rather than the first: `argmap
/// validate` uses it so a user can fix a file in one pass. A file that cannot be parsed
/// has one problem, the one that stopped the parse.
pub fn diagnose_file(path: &Path, limits: &FileLimits) -> Result<ArgumentMap, Vec<LoadError>> {
    let bytes = read_limited(path, limits).map_err(|e| vec![e])?;
    match load_bytes(&bytes, limits) {
        Ok(map) => Ok(map),
        Err(first @ LoadError::Invalid { .. }) => {
            // Parsed but invalid: build without checks to list every violation.
            let bytes = strip_bom(&bytes);
            let all = parse(bytes, || serde_json::from_slice::<FileIn>(bytes))
                .ok()
                .and_then(|f| ArgumentMap::from_parts_unchecked(f.meta, f.nodes, f.edges).ok())
                .map(|m| m.problems_in(bytes))
                .filter(|p| !p.is_empty());
            Err(all.unwrap_or_else(|| vec![first]))
        }
        Err(e) => Err(vec![e]),
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The size of the regular file at `path`. A folder, a device or a pipe is refused
/// before it is read: /dev/zero would fill the memory and a pipe wait for ever.
pub fn file_size(path: &Path) -> io::Result<u64> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device or a pipe)"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}"),
        ));
    }
    Ok(meta.len())
}

/// A file as Argmap last read or wrote it. Another program writing it (a sync client, a
/// second Argmap window, a text editor) changes its size, its modification time or, for
/// a file replaced by renaming, its inode: saving over it then asks first.
///
/// Written as text (`len:modified:inode`, the time in nanoseconds from the Unix epoch,
/// `-` if the system has none) for the library to keep; text that does not parse is no
/// stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<i128>,
    inode: u64,
}

impl std::fmt::Display for FileStamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.modified {
            Some(ns) => write!(f, "{}:{ns}:{}", self.len, self.inode),
            None => write!(f, "{}:-:{}", self.len, self.inode),
        }
    }
}

impl std::str::FromStr for FileStamp {
    type Err = ();
    fn from_str(s: &str) -> Result<FileStamp, ()> {
        let mut parts = s.split(':');
        let (Some(len), Some(modified), Some(inode), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(());
        };
        Ok(FileStamp {
            len: len.parse().map_err(|_| ())?,
            modified: match modified {
                "-" => None,
                ns => Some(ns.parse().map_err(|_| ())?),
            },
            inode: inode.parse().map_err(|_| ())?,
        })
    }
}

/// The file at a path, compared with its stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDisk {
    /// As stamped (or it cannot be looked at: saving then says why if it fails).
    Unchanged,
    /// Written or replaced since it was stamped.
    Changed,
    /// Moved or deleted since: saving writes it again.
    Missing,
}

impl FileStamp {
    /// The file at `path` as it is now; `None` if there is none.
    pub fn of(path: &Path) -> io::Result<Option<FileStamp>> {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        // Nanoseconds from the epoch, before it for a file dated earlier.
        let modified =
            meta.modified()
                .ok()
                .map(|t| match t.duration_since(std::time::UNIX_EPOCH) {
                    Ok(after) => after.as_nanos() as i128,
                    Err(before) => -(before.duration().as_nanos() as i128),
                });
        Ok(Some(FileStamp {
            len: meta.len(),
            modified,
            inode,
        }))
    }

    /// Whether the file at `path` is still the one stamped.
    pub fn compare(&self, path: &Path) -> OnDisk {
        match FileStamp::of(path) {
            Ok(Some(now)) if now != *self => OnDisk::Changed,
            Ok(None) => OnDisk::Missing,
            Ok(Some(_)) | Err(_) => OnDisk::Unchanged,
        }
    }
}

/// The bytes of the file at `path`, refused if it is over the limit (and never read
/// past it, should it grow meanwhile) or not a regular file.
pub fn read_limited(path: &Path, limits: &FileLimits) -> Result<Vec<u8>, LoadError> {
    let size = file_size(path)?;
    if size > limits.max_bytes {
        return Err(LoadError::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow between the check and the read; never read past the limit.
    io::Read::read_to_end(
        &mut io::Read::take(fs::File::open(path)?, limits.max_bytes + 1),
        &mut bytes,
    )?;
    Ok(bytes)
}

/// Loads a map from the bytes of a .map file.
pub fn load_bytes(bytes: &[u8], limits: &FileLimits) -> Result<ArgumentMap, LoadError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let bytes = strip_bom(bytes);
    let version = probe(bytes)?;
    let file: FileIn = if version == CURRENT_VERSION {
        parse(bytes, || serde_json::from_slice(bytes))?
    } else {
        let mut tree: Value = serde_json::from_slice(bytes).map_err(not_json)?;
        for m in MIGRATIONS.iter().filter(|m| m.from >= version) {
            (m.run)(&mut tree).map_err(|message| invalid(bytes, "", message, "migration"))?;
        }
        parse(bytes, || serde_json::from_value(tree))?
    };
    if file.nodes.len() > limits.max_nodes {
        let message = format!(
            "the map has {} nodes; the limit is {}",
            file.nodes.len(),
            limits.max_nodes
        );
        return Err(invalid(bytes, "nodes", message, "too-many-nodes"));
    }
    if file.edges.len() > limits.max_edges {
        let message = format!(
            "the map has {} edges; the limit is {}",
            file.edges.len(),
            limits.max_edges
        );
        return Err(invalid(bytes, "edges", message, "too-many-edges"));
    }
    let mut map = ArgumentMap::from_parts_located(bytes, file.meta, file.nodes, file.edges)?;
    map.set_extra(file.extra);
    Ok(map)
}

fn probe(bytes: &[u8]) -> Result<u64, LoadError> {
    let probe: Probe = match serde_json::from_slice(bytes) {
        Ok(p) => p,
        Err(e) if e.is_data() => {
            let found = match serde_json::from_slice::<Value>(bytes) {
                Ok(Value::Array(_)) => "a JSON array",
                Ok(Value::String(_)) => "a JSON string",
                Ok(Value::Number(_)) => "a JSON number",
                Ok(Value::Bool(_)) => "a JSON boolean",
                Ok(Value::Null) => "JSON null",
                // A type error deeper down is the full parse's to report.
                _ => return Ok(CURRENT_VERSION),
            };
            return Err(LoadError::NotArgumentMap(format!(
                "the file holds {found}, not an object"
            )));
        }
        Err(e) => return Err(not_json(e)),
    };
    match probe.format {
        Some(Value::String(s)) if s == FORMAT_TAG => {}
        None if probe.mappings.is_some() && probe.sources.is_some() => {
            return Err(LoadError::SourceMap);
        }
        None => {
            return Err(LoadError::NotArgumentMap(
                "it has no \"format\": \"argmap\" field".into(),
            ));
        }
        Some(other) => {
            return Err(LoadError::NotArgumentMap(format!(
                "its format is {other}, not \"argmap\""
            )));
        }
    }
    let bad_version = |v: &dyn std::fmt::Display| {
        invalid(
            bytes,
            "version",
            format!("the version must be a whole number from 1 up, not {v}"),
            "bad-version",
        )
    };
    let version = match probe.version {
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| bad_version(&n))?,
        Some(other) => return Err(bad_version(&other)),
        None => {
            return Err(invalid(
                bytes,
                "",
                "the file has no \"version\" field".into(),
                "bad-version",
            ));
        }
    };
    if version == 0 {
        return Err(bad_version(&version));
    }
    if version > CURRENT_VERSION {
        return Err(LoadError::TooNew {
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    Ok(version)
}

fn not_json(e: serde_json::Error) -> LoadError {
    let message = if e.is_eof() {
        "the file ends before the JSON does (was it cut short?)".to_string()
    } else {
        strip_position(&e)
    };
    LoadError::NotJson {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// serde_json appends " at line L column C"; we report the place separately.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Parses the typed records; on failure parses again, tracking the path, to say where.
/// The tracking costs time, so the common, valid case does without it.
fn parse(
    bytes: &[u8],
    fast: impl FnOnce() -> Result<FileIn, serde_json::Error>,
) -> Result<FileIn, LoadError> {
    let err = match fast() {
        Ok(file) => return Ok(file),
        Err(e) => e,
    };
    if err.is_syntax() || err.is_eof() || err.is_io() {
        return Err(not_json(err));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let path = match serde_path_to_error::deserialize::<_, FileIn>(&mut de) {
        Err(e) => e.path().to_string(),
        Ok(_) => String::new(),
    };
    let path = if path == "." { String::new() } else { path };
    let message = strip_position(&err);
    let code = if message.starts_with("unknown node kind") {
        "unknown-kind"
    } else if message.starts_with("missing field") {
        "missing-field"
    } else {
        "schema"
    };
    // serde_json knows the exact place of a type error; only a migrated tree lacks it.
    let (line, column) = if err.line() > 0 {
        (err.line(), err.column())
    } else {
        locate::locate(bytes, &path)
    };
    Err(LoadError::Invalid {
        path,
        line,
        column,
        message,
        code,
    })
}

fn invalid(bytes: &[u8], path: &str, message: String, code: &'static str) -> LoadError {
    let (line, column) = locate::locate(bytes, path);
    LoadError::Invalid {
        path: path.to_string(),
        line,
        column,
        message,
        code,
    }
}

fn build_error(bytes: &[u8], e: BuildError) -> LoadError {
    match e {
        BuildError::DuplicateId { index, id } => invalid(
            bytes,
            &format!("nodes[{index}].id"),
            format!("the id {id} is used by an earlier node too"),
            "duplicate-id",
        ),
        BuildError::DanglingEdge {
            index,
            end,
            missing,
        } => invalid(
            bytes,
            &format!("edges[{index}].{end}"),
            format!("the edge's `{end}` is {missing}, which is no node on this map"),
            "dangling-edge",
        ),
        BuildError::DuplicateEdge { index } => invalid(
            bytes,
            &format!("edges[{index}]"),
            "this edge joins the same two nodes as an earlier one".into(),
            "duplicate-edge",
        ),
        // Violations are found on the built map and placed by `violation_error`.
        BuildError::Violation(v) => invalid(bytes, "", v.to_string(), "invalid"),
    }
}

/// Says where in the file a violation found on the built map is.
fn violation_error(bytes: &[u8], map: &ArgumentMap, v: &Violation) -> LoadError {
    let path = match (v.subject(), v) {
        (Subject::Node(id), Violation::TextTooLong { field, .. }) => {
            format!("nodes[{}].{field}", map.node_index(id).unwrap_or(0))
        }
        (Subject::Node(id), Violation::BadPosition { .. }) => {
            format!("nodes[{}].position", map.node_index(id).unwrap_or(0))
        }
        (Subject::Node(id), Violation::TooManyTags { .. }) => {
            format!("nodes[{}].tags", map.node_index(id).unwrap_or(0))
        }
        (Subject::Node(id), _) => format!("nodes[{}]", map.node_index(id).unwrap_or(0)),
        (Subject::Edge(key), _) => format!("edges[{}]", map.edge_index(key).unwrap_or(0)),
        (Subject::Meta, Violation::TextTooLong { field, .. }) => field.clone(),
        (Subject::Meta, _) => String::new(),
    };
    let code = match v {
        Violation::MissingTarget { .. } => "missing-target",
        Violation::TextTooLong { .. } | Violation::TooManyTags { .. } => "too-long",
        Violation::RelationNotAllowed { .. } => "relation-not-allowed",
        Violation::DuplicateEdge(..) => "duplicate-edge",
        Violation::SelfLoop(_) => "self-loop",
        Violation::LoneCoPremise { .. }
        | Violation::MixedGroup { .. }
        | Violation::UngroupableRelation { .. } => "bad-group",
        Violation::BadPosition { .. } => "bad-position",
    };
    invalid(bytes, &path, v.to_string(), code)
}

impl ArgumentMap {
    /// Every problem with a file's records, each with its place; empty when the map is
    /// valid. Used by `argmap validate` to report more than the first problem.
    pub fn problems_in(&self, bytes: &[u8]) -> Vec<LoadError> {
        self.validate()
            .iter()
            .map(|v| violation_error(bytes, self, v))
            .collect()
    }
}

impl ArgumentMap {
    /// `from_parts`, with the first problem placed in the file.
    fn from_parts_located(
        bytes: &[u8],
        meta: MapMeta,
        nodes: Vec<Node>,
        edges: Vec<Edge>,
    ) -> Result<ArgumentMap, LoadError> {
        let map = ArgumentMap::from_parts_unchecked(meta, nodes, edges)
            .map_err(|e| build_error(bytes, e))?;
        if let Some(v) = map.validate().first() {
            return Err(violation_error(bytes, &map, v));
        }
        Ok(map)
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    meta: &'a MapMeta,
    #[serde(serialize_with = "seq")]
    nodes: &'a ArgumentMap,
    #[serde(serialize_with = "edge_seq")]
    edges: &'a ArgumentMap,
    #[serde(flatten)]
    extra: &'a Extra,
}

fn seq<S: Serializer>(map: &&ArgumentMap, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(map.nodes())
}

fn edge_seq<S: Serializer>(map: &&ArgumentMap, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(map.edges())
}

fn file_out(map: &ArgumentMap) -> FileOut<'_> {
    FileOut {
        format: FORMAT_TAG,
        version: CURRENT_VERSION,
        meta: map.meta(),
        nodes: map,
        edges: map,
        extra: map.extra(),
    }
}

/// What a map is called: its title, else the name of its file (without the extension),
/// else "Untitled map". The app's title bar, its library and exported pictures all call
/// a map by this name, so a map saved as remote.map is "remote", not "Untitled map".
pub fn display_name(title: &str, path: Option<&Path>) -> String {
    let title = title.trim();
    if !title.is_empty() {
        return title.to_string();
    }
    path.and_then(|p| p.file_stem())
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Untitled map".to_string())
}

/// Writes the map in the canonical form.
pub fn write_map(map: &ArgumentMap, w: impl Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut w, &file_out(map))?;
    w.write_all(b"\n")?;
    w.flush()
}

/// The map as a .map file's JSON without the indentation, to carry inside an exported
/// picture: the same map, a quarter smaller, and it reads back like any .map file.
pub fn to_compact_string(map: &ArgumentMap) -> String {
    // Sized for the map at once: grown from nothing, a large map's text was copied a
    // dozen times on its way up.
    let mut out = Vec::with_capacity(400 * map.len() + 256);
    serde_json::to_writer(&mut out, &file_out(map)).expect("a map serializes to JSON");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The map in the canonical form.
pub fn to_bytes(map: &ArgumentMap) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 * map.len() + 256);
    write_map(map, &mut out).expect("writing to memory cannot fail");
    out
}

/// Saves the map to `path` atomically: a reader sees the old file or the new one,
/// never a part of either, and a failed save leaves the old file as it was.
pub fn save_file(map: &ArgumentMap, path: &Path) -> io::Result<()> {
    write_atomic(path, |f| write_map(map, f))
}

/// Writes a file through a temporary file in the same folder, synced and renamed over
/// the target, then syncs the folder so the rename itself survives a crash. An error
/// from `write` leaves the target untouched and the temporary file removed.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    // Saving through a symbolic link replaces the file it points to, not the link.
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::env::current_dir()?,
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets the permissions any program's new file gets (0666 less the
    // umask), not the temporary file's private 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // Said of the folder the user named, not of the temporary file's made-up name.
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => io::Error::new(
            e.kind(),
            format!("the folder {} does not exist", dir.display()),
        ),
        io::ErrorKind::PermissionDenied => io::Error::new(
            e.kind(),
            format!("the folder {} cannot be written to", dir.display()),
        ),
        _ => e,
    })?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    if let Ok(old) = fs::metadata(&target) {
        tmp.as_file().set_permissions(old.permissions())?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    if let Ok(d) = fs::File::open(&dir) {
        // Not every platform can sync a folder; the file itself is already durable.
        let _ = d.sync_all();
    }
    Ok(())
}
