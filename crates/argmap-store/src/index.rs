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

/// Lower case, accents removed: how the index compares words.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a query, folded; the last one matches as a prefix.
fn query_words(input: &str) -> Vec<String> {
    input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

/// Words to show either side of the first match.
const BEFORE: usize = 4;
const SPAN: usize = 18;

/// A passage of the first column (text, label, tags, notes, source) that holds a query
/// word, with the matching words marked; at most [`SPAN`] words, "…" where cut.
fn snippet(columns: &[String], words: &[String]) -> Vec<(String, bool)> {
    let matches = |token: &str| {
        let t = fold(token);
        words
            .iter()
            .enumerate()
            .any(|(i, w)| t == *w || (i + 1 == words.len() && t.starts_with(w.as_str())))
    };
    // Word spans (byte ranges) of a string.
    let tokens = |s: &str| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(b)) => {
                    out.push((b, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(b) = start {
            out.push((b, s.len()));
        }
        out
    };
    let chosen = columns
        .iter()
        .map(|c| (c, tokens(c)))
        .find(|(c, t)| t.iter().any(|&(a, b)| matches(&c[a..b])))
        .or_else(|| columns.first().map(|c| (c, tokens(c))));
    let Some((text, toks)) = chosen else {
        return Vec::new();
    };
    if toks.is_empty() {
        return vec![(text.clone(), false)];
    }
    let first = toks
        .iter()
        .position(|&(a, b)| matches(&text[a..b]))
        .unwrap_or(0);
    let from = first.saturating_sub(BEFORE);
    let to = (from + SPAN).min(toks.len());
    let start = if from == 0 { 0 } else { toks[from].0 };
    let end = if to == toks.len() {
        text.len()
    } else {
        toks[to - 1].1
    };
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &str, hot: bool| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((last, h)) if *h == hot => last.push_str(s),
            _ => out.push((s.to_string(), hot)),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = start;
    for &(a, b) in &toks[from..to] {
        if matches(&text[a..b]) {
            push(&text[at..a], false);
            push(&text[a..b], true);
            at = b;
        }
    }
    push(&text[at..end], false);
    if end < text.len() {
        push("…", false);
    }
    out
}

pub(crate) fn search(conn: &Connection, input: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
    let Some(q) = fts_query(input) else {
        return Ok(Vec::new());
    };
    // First the best rows by bm25 alone (text and label weigh most, then tags, notes and
    // sources): a sort carries every column it is given for every matching row, so the
    // snippets and joins are left to the few rows that are shown.
    let top: Vec<(i64, f64)> = conn
        .prepare_cached(
            "SELECT rowid, bm25(statements, 4.0, 4.0, 1.0, 1.0, 2.0) AS score
             FROM statements WHERE statements MATCH ?1
             ORDER BY score LIMIT ?2",
        )?
        .query_map(params![q, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    // Then, for those rows only, where they are and a passage with the words marked.
    let mut detail = conn.prepare_cached(
        "SELECT s.map_id, m.path, m.title, s.node, s.kind,
                st.text, st.label, st.tags, st.notes, st.source
         FROM statements st
         JOIN statement_ids s ON s.id = st.rowid
         JOIN maps m ON m.id = s.map_id
         WHERE st.rowid = ?1",
    )?;
    let words = query_words(input);
    let mut hits = Vec::with_capacity(top.len());
    for (rowid, rank) in top {
        hits.push(detail.query_row(params![rowid], |r| {
            let columns: Vec<String> = (5..10).map(|i| r.get(i)).collect::<Result<_, _>>()?;
            Ok(Hit {
                map: MapId(r.get(0)?),
                path: r.get(1)?,
                title: r.get(2)?,
                node: r.get(3)?,
                kind: r.get(4)?,
                snippet: snippet(&columns, &words),
                rank,
            })
        })?);
    }
    Ok(hits)
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

    fn runs(columns: &[&str], query: &str) -> Vec<(String, bool)> {
        let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        snippet(&columns, &query_words(query))
    }

    #[test]
    fn snippets_mark_whole_words_and_the_last_as_a_prefix_without_accents() {
        assert_eq!(
            runs(&["The data wall is real", "", "", "", ""], "data wa"),
            vec![
                ("The ".to_string(), false),
                ("data".to_string(), true),
                (" ".to_string(), false),
                ("wall".to_string(), true),
                (" is real".to_string(), false)
            ]
        );
        // "dat" is not a whole word, and only the last word is a prefix.
        assert_eq!(
            runs(&["database data", "", "", "", ""], "dat x"),
            vec![("database data".to_string(), false)]
        );
        assert_eq!(
            runs(&["Économie du café", "", "", "", ""], "economie cafe"),
            vec![
                ("Économie".to_string(), true),
                (" du ".to_string(), false),
                ("café".to_string(), true)
            ]
        );
    }

    #[test]
    fn snippets_come_from_the_column_that_matched_and_are_cut_around_it() {
        let long = (0..40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let notes = format!("{long} needle {long}");
        let r = runs(&["nothing here", "", "", &notes, ""], "needle");
        assert_eq!(r.first().unwrap().0.chars().next(), Some('…'));
        assert!(r.last().unwrap().0.ends_with('…'));
        assert!(r.iter().any(|(t, hot)| *hot && t == "needle"));
        let words: usize = r.iter().map(|(t, _)| t.split_whitespace().count()).sum();
        assert!(words <= SPAN + 2, "{r:?}");
    }
}
