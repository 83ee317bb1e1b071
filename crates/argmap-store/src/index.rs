//! Full-text search over every statement in the library (SQLite FTS5, ranked by bm25).
//! Each statement is one row: its text, label, notes, source and tags. A map's rows are
//! written whole when it is opened or saved and then kept current, node by node, from
//! the patches of each edit.

use argmap_core::{ArgumentMap, Node, NodeId, Patch};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::{MapId, StoreError};

fn source_text(n: &Node) -> String {
    n.source
        .as_ref()
        .map(|s| {
            s.fields()
                .iter()
                .filter_map(|(_, v)| *v)
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default()
}

/// Writes (or rewrites) the search row of one statement.
fn put(conn: &Connection, map: MapId, n: &Node) -> Result<(), StoreError> {
    let node = n.id.to_string();
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO statement_ids (map_id, node, kind) VALUES (?1, ?2, ?3)
             ON CONFLICT (map_id, node) DO UPDATE SET kind = excluded.kind
             RETURNING id",
        )?
        .query_row(params![map.0, node, n.kind.as_str()], |r| r.get(0))?;
    conn.prepare_cached("DELETE FROM statements WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached(
        "INSERT INTO statements (rowid, text, label, notes, source, tags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        n.text,
        n.label.as_deref().unwrap_or(""),
        n.notes,
        source_text(n),
        n.tags.join(" ")
    ])?;
    Ok(())
}

fn remove(conn: &Connection, map: MapId, node: NodeId) -> Result<(), StoreError> {
    // The trigger takes the search row with it.
    conn.prepare_cached("DELETE FROM statement_ids WHERE map_id = ?1 AND node = ?2")?
        .execute(params![map.0, node.to_string()])?;
    Ok(())
}

/// Indexes the whole of `map` as library map `id`, replacing what was there.
pub(crate) fn index_map(conn: &Connection, id: MapId, map: &ArgumentMap) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM statement_ids WHERE map_id = ?1")?
        .execute([id.0])?;
    for n in map.nodes() {
        put(conn, id, n)?;
    }
    Ok(())
}

/// Brings the index of map `id` up to date with what `patches` changed.
pub(crate) fn index_patches(
    conn: &Connection,
    id: MapId,
    patches: &[Patch],
) -> Result<(), StoreError> {
    for p in patches {
        for r in &p.nodes_removed {
            remove(conn, id, r.item.id)?;
        }
        for u in &p.nodes_updated {
            put(conn, id, &u.after)?;
        }
        for a in &p.nodes_added {
            put(conn, id, &a.item)?;
        }
    }
    Ok(())
}

/// Indexes every map in the library from what it holds: the newest draft's state if
/// there is one, else the file. Used when a database gains search (schema version 2).
pub(crate) fn reindex_all(conn: &Connection) -> Result<(), StoreError> {
    let maps: Vec<(i64, Option<String>)> = conn
        .prepare("SELECT id, path FROM maps")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, path) in maps {
        let draft: Option<i64> = conn
            .query_row(
                "SELECT id FROM drafts WHERE map_id = ?1 ORDER BY changed_at DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let map = match (draft, path) {
            (Some(d), _) => crate::drafts::rebuild(conn, crate::DraftId(d)).ok(),
            (None, Some(p)) => argmap_core::load_file(p.as_ref(), &Default::default()).ok(),
            (None, None) => None,
        };
        if let Some(map) = map {
            index_map(conn, MapId(id), &map)?;
        }
    }
    Ok(())
}

/// One statement found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub map: MapId,
    /// The map's file; `None` for an unsaved map.
    pub path: Option<String>,
    pub title: String,
    pub node: String,
    pub kind: String,
    /// The matching passage: runs of text, `true` where the query matched.
    pub snippet: Vec<(String, bool)>,
    /// bm25: lower is better.
    pub rank: f64,
}

/// Turns what a user typed into an FTS5 query that means "all these words", the last
/// one as a prefix (so results come while typing). Every word is quoted, so nothing the
/// user types is read as query syntax.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == last {
                    format!("{w}*")
                } else {
                    w.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';

fn split_snippet(s: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut cur = String::new();
    let mut hot = false;
    for c in s.chars() {
        if c == OPEN || c == CLOSE {
            if !cur.is_empty() {
                out.push((std::mem::take(&mut cur), hot));
            }
            hot = c == OPEN;
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push((cur, hot));
    }
    out
}

pub(crate) fn search(conn: &Connection, input: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
    let Some(q) = fts_query(input) else {
        return Ok(Vec::new());
    };
    // Text and label weigh most, then tags, notes and sources.
    let mut stmt = conn.prepare_cached(
        "SELECT s.map_id, m.path, m.title, s.node, s.kind,
                snippet(statements, -1, char(1), char(2), '…', 12),
                bm25(statements, 4.0, 4.0, 1.0, 1.0, 2.0) AS score
         FROM statements
         JOIN statement_ids s ON s.id = statements.rowid
         JOIN maps m ON m.id = s.map_id
         WHERE statements MATCH ?1
         ORDER BY score
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![q, limit as i64], |r| {
        Ok(Hit {
            map: MapId(r.get(0)?),
            path: r.get(1)?,
            title: r.get(2)?,
            node: r.get(3)?,
            kind: r.get(4)?,
            snippet: split_snippet(&r.get::<_, String>(5)?),
            rank: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_quote_every_word_and_prefix_the_last() {
        assert_eq!(fts_query("  data wall "), Some("\"data\" \"wall\"*".into()));
        assert_eq!(
            fts_query("NEAR(a b) OR \"x"),
            Some("\"NEAR(a\" \"b\" \"OR\" \"x\"*".into())
        );
        assert_eq!(fts_query(" -- * "), None);
    }

    #[test]
    fn snippets_split_into_marked_runs() {
        assert_eq!(
            split_snippet("the \u{1}data\u{2} wall"),
            vec![
                ("the ".to_string(), false),
                ("data".to_string(), true),
                (" wall".to_string(), false)
            ]
        );
    }
}
