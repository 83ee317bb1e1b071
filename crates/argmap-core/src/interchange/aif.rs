//! AIF JSON (the Argument Interchange Format as AIFdb and OVA write it), read and written.
//!
//! Reading: I-nodes (propositions) become statements. An RA (inference) makes its
//! premises reasons for its conclusion, co-premises of one reason when there are
//! several; a CA (conflict) makes its source an objection to its target; an MA
//! (rephrase) is kept as a note on the rephrasing statement. Locutions (L), their
//! transitions (TA) and illocutions (YA), and anything else, are dropped with a count in
//! the report. Accepted dialects: ids as strings or numbers, x/y as strings or numbers
//! (used as the node's position), edges with or without ids, and the xAIF wrapper
//! `{"AIF": {...}}` with positions in its `"OVA"` part.
//!
//! Writing gives plain AIF that AIFdb tools read, plus two fields of Argmap's own on
//! I-nodes (`argmapKind`, and `argmapAbout` for questions and notes: an id, or a list of
//! them for one about several statements) that let Argmap read its own files back
//! exactly; other tools ignore them.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::interchange::build::{Builder, ImportError, Imported};
use crate::limits::FileLimits;
use crate::map::ArgumentMap;
use crate::model::{MapMeta, NodeId, NodeKind, Relation};

/// An id as AIF tools write them: a string or a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
    Other(serde::de::IgnoredAny),
}

impl Id {
    fn key(&self) -> Option<String> {
        match self {
            Id::Text(s) => Some(s.clone()),
            Id::Number(n) => Some(n.to_string()),
            Id::Other(_) => None,
        }
    }
}

/// One id or a list of them (Argmap's `argmapAbout`, a list for a question or note about
/// several statements).
#[derive(Deserialize)]
#[serde(untagged)]
enum Ids {
    Many(Vec<Id>),
    One(Id),
}

impl Ids {
    fn keys(&self) -> Vec<String> {
        match self {
            Ids::Many(ids) => ids.iter().filter_map(Id::key).collect(),
            Ids::One(id) => id.key().into_iter().collect(),
        }
    }
}

/// A coordinate: a number, or a number in a string (OVA).
#[derive(Deserialize)]
#[serde(untagged)]
enum Coordinate {
    Number(f64),
    Text(String),
    Other(serde::de::IgnoredAny),
}

impl Coordinate {
    fn value(&self) -> Option<f64> {
        match self {
            Coordinate::Number(n) => Some(*n),
            Coordinate::Text(s) => s.trim().parse().ok(),
            Coordinate::Other(_) => None,
        }
    }
}

fn xy(x: &Option<Coordinate>, y: &Option<Coordinate>) -> Option<(f64, f64)> {
    Some((x.as_ref()?.value()?, y.as_ref()?.value()?))
}

#[derive(Deserialize)]
struct AifNode {
    #[serde(rename = "nodeID")]
    id: Option<Id>,
    #[serde(default)]
    text: Option<serde_json::Value>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    x: Option<Coordinate>,
    y: Option<Coordinate>,
    #[serde(rename = "argmapKind")]
    argmap_kind: Option<String>,
    #[serde(rename = "argmapAbout")]
    argmap_about: Option<Ids>,
}

#[derive(Deserialize)]
struct AifEdge {
    #[serde(rename = "fromID")]
    from: Option<Id>,
    #[serde(rename = "toID")]
    to: Option<Id>,
}

#[derive(Deserialize)]
struct Aif {
    nodes: Option<Vec<AifNode>>,
    #[serde(default)]
    edges: Vec<AifEdge>,
    title: Option<String>,
}

#[derive(Deserialize)]
struct OvaNode {
    #[serde(rename = "nodeID")]
    id: Option<Id>,
    x: Option<Coordinate>,
    y: Option<Coordinate>,
}

#[derive(Deserialize)]
struct Ova {
    #[serde(default)]
    nodes: Vec<OvaNode>,
}

/// The file: plain AIF, or xAIF (`{"AIF": {...}, "OVA": {...}}`). Read in one pass
/// into these fields (serde's flatten would buffer the whole document first).
#[derive(Deserialize)]
struct File {
    #[serde(rename = "AIF")]
    wrapped: Option<Aif>,
    #[serde(rename = "OVA")]
    ova: Option<Ova>,
    nodes: Option<Vec<AifNode>>,
    #[serde(default)]
    edges: Vec<AifEdge>,
    title: Option<String>,
}

fn text(v: &Option<serde_json::Value>) -> String {
    v.as_ref()
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Roughly how big Argmap draws a statement of `chars` characters: boxes wrap at about
/// 34 characters a line, 132 to 260 pixels wide, a caption and 20 pixels a line high.
fn box_estimate(chars: usize) -> (f64, f64) {
    let lines = chars.div_ceil(34).max(1) as f64;
    let w = (chars as f64 * 7.2 + 24.0).clamp(132.0, 260.0);
    (w, 35.0 + 20.0 * lines)
}

/// The factor (1 to 4) by which positions from another tool, drawn with smaller boxes,
/// must be spread so that Argmap's boxes at them do not overlap. Pairs are compared
/// only where they could touch (a sweep along x), so large files stay fast.
fn spread(placed: &[(usize, f64, f64, usize)]) -> f64 {
    const GAP: f64 = 16.0;
    const MOST: f64 = 4.0;
    let mut order: Vec<(f64, f64, f64, f64)> = placed
        .iter()
        .map(|&(_, x, y, chars)| {
            let (w, h) = box_estimate(chars);
            (x, y, w, h)
        })
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let widest = order.iter().map(|o| o.2).fold(0.0, f64::max);
    let mut k: f64 = 1.0;
    for (i, a) in order.iter().enumerate() {
        // Boxes further apart in x than the widest box never overlap at k >= 1...
        for b in order[i + 1..].iter() {
            if b.0 - a.0 >= widest + GAP {
                break;
            }
            let (dx, dy) = (b.0 - a.0, (b.1 - a.1).abs());
            // ...and at factor f they stand clear when apart in x or in y.
            let need_x = if dx > 0.0 {
                (a.2 + GAP) / dx
            } else {
                f64::INFINITY
            };
            let above = if b.1 >= a.1 { a.3 } else { b.3 };
            let need_y = if dy > 0.0 {
                (above + GAP) / dy
            } else {
                f64::INFINITY
            };
            k = k.max(need_x.min(need_y).min(MOST));
        }
    }
    k
}

/// Adds a line to a statement's notes.
fn add_note(notes: &mut String, line: &str) {
    if !notes.is_empty() {
        notes.push('\n');
    }
    notes.push_str(line);
}

/// What tools write in an RA node when the analyst named no scheme.
const DEFAULT_SCHEMES: [&str; 3] = ["Default Inference", "RA", "Inference"];

/// `input` with every control character inside a JSON string escaped, and how many
/// there were. Outside strings (and in escapes) nothing changes.
fn escape_raw_controls(input: &str) -> (String, usize) {
    let mut out = String::with_capacity(input.len() + 16);
    let (mut in_string, mut escaped, mut count) = (false, false, 0);
    for c in input.chars() {
        if in_string && !escaped && (c as u32) < 0x20 {
            count += 1;
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.push_str(&format!("\\u{:04x}", c as u32)),
            }
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    (out, count)
}

/// Reads AIF JSON.
pub fn read(input: &str, limits: &FileLimits) -> Result<Imported, ImportError> {
    if input.len() as u64 > limits.max_bytes {
        return Err(ImportError::new(
            1,
            1,
            format!("larger than {} bytes", limits.max_bytes),
        ));
    }
    let mut repaired = 0;
    let file: File = match serde_json::from_str(input) {
        Ok(file) => file,
        Err(first) => {
            // Some tools write line breaks inside strings unescaped, which JSON does not
            // allow; read such a file with them escaped, say so, and otherwise report
            // where the first error was.
            let strict = || {
                ImportError::new(
                    first.line(),
                    first.column(),
                    format!("not AIF JSON: {first}"),
                )
            };
            if !first.to_string().contains("control character") {
                return Err(strict());
            }
            let (escaped, count) = escape_raw_controls(input);
            repaired = count;
            serde_json::from_str(&escaped).map_err(|_| strict())?
        }
    };
    let title = file.title.clone();
    let aif = match file.wrapped {
        Some(inner) if inner.nodes.is_some() => inner,
        _ => Aif {
            nodes: file.nodes,
            edges: file.edges,
            title: None,
        },
    };
    let Some(nodes) = aif.nodes else {
        return Err(ImportError::new(
            1,
            1,
            "this is not AIF: there is no \"nodes\" list",
        ));
    };

    // Positions from OVA's own list, where the AIF nodes have none.
    let mut positions: HashMap<String, (f64, f64)> = HashMap::new();
    for n in file.ova.map(|o| o.nodes).unwrap_or_default() {
        if let (Some(id), Some(p)) = (n.id.as_ref().and_then(Id::key), xy(&n.x, &n.y)) {
            positions.insert(id, p);
        }
    }

    let mut b = Builder::new();
    if repaired > 0 {
        b.report.push(format!(
            "{repaired} control characters (such as line breaks) written raw inside strings were read as escaped"
        ));
    }
    // Every node's type, and the text of conflict nodes (a "Contradiction" is ours).
    let mut kinds: HashMap<String, String> = HashMap::with_capacity(nodes.len());
    let mut order: Vec<String> = Vec::with_capacity(nodes.len());
    let mut contradiction: std::collections::HashSet<String> = Default::default();
    let mut abouts: Vec<(usize, String)> = Vec::new();
    let mut scheme_names: HashMap<String, String> = HashMap::new();
    let mut placed: Vec<(usize, f64, f64, usize)> = Vec::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    for n in &nodes {
        let Some(id) = n.id.as_ref().and_then(Id::key) else {
            *dropped.entry("nodes without an id".into()).or_default() += 1;
            continue;
        };
        let kind = n.kind.clone().unwrap_or_default();
        if kind == "I" {
            // Other tools' texts carry the line breaks of their source; Argmap's own
            // (marked by argmapKind) are the statements as the user wrote them.
            let said = match (&n.argmap_kind, &n.text) {
                (Some(_), Some(serde_json::Value::String(s))) => s.clone(),
                _ => text(&n.text),
            };
            let i = b.statement(&id, &said);
            if let Some((x, y)) = xy(&n.x, &n.y).or_else(|| positions.get(&id).copied()) {
                placed.push((i, x, y, said.chars().count()));
            }
            if let Some(k) = n.argmap_kind.as_deref().and_then(NodeKind::parse) {
                b.set_kind(i, k);
            }
            for about in n.argmap_about.iter().flat_map(Ids::keys) {
                abouts.push((i, about));
            }
        } else if kind == "CA" && text(&n.text) == "Contradiction" {
            contradiction.insert(id.clone());
        } else if kind == "RA" {
            scheme_names.insert(id.clone(), text(&n.text));
        }
        order.push(id.clone());
        kinds.insert(id, kind);
    }
    // The analyst's arrangement, spread out to make room for Argmap's boxes.
    let k = spread(&placed);
    for &(i, x, y, _) in &placed {
        b.set_position(i, x * k, y * k);
    }
    // Edges into and out of each scheme node.
    let mut into: HashMap<String, Vec<String>> = HashMap::new();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for e in &aif.edges {
        let (Some(from), Some(to)) = (
            e.from.as_ref().and_then(Id::key),
            e.to.as_ref().and_then(Id::key),
        ) else {
            *dropped.entry("edges without both ends".into()).or_default() += 1;
            continue;
        };
        if !kinds.contains_key(&from) || !kinds.contains_key(&to) {
            *dropped
                .entry("edges to nodes that are not in the file".into())
                .or_default() += 1;
            continue;
        }
        out.entry(from.clone()).or_default().push(to.clone());
        into.entry(to).or_default().push(from);
    }
    let statement = |b: &Builder, id: &str| {
        (kinds.get(id).map(String::as_str) == Some("I"))
            .then(|| b.lookup(id))
            .flatten()
    };
    // Contradictions: two CAs, one each way, both named so.
    let mut conflicts: Vec<(usize, usize)> = Vec::new();
    // Schemes in the file's order (numeric ids in number order), for stable primaries.
    let mut schemes: Vec<&String> = order.iter().filter(|id| kinds[*id] != "I").collect();
    schemes.sort_by_cached_key(|id| id.parse::<u64>().unwrap_or(u64::MAX));
    for id in schemes {
        let kind = kinds[id].as_str();
        let premises: Vec<usize> = into
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|p| statement(&b, p))
            .collect();
        let targets: Vec<usize> = out
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|t| statement(&b, t))
            .collect();
        let relation = match kind {
            "RA" => Relation::Supports,
            "CA" => Relation::Objects,
            "MA" => {
                for &p in &premises {
                    for &t in &targets {
                        let what = b.node_mut(t).text.clone();
                        add_note(&mut b.node_mut(p).notes, &format!("Rephrases: {what}"));
                    }
                }
                *dropped
                    .entry("rephrasings (MA) kept as notes".into())
                    .or_default() += 1;
                continue;
            }
            other => {
                let name = match other {
                    "L" => "locutions (L)".to_string(),
                    "YA" => "illocutions (YA)".to_string(),
                    "TA" => "transitions (TA)".to_string(),
                    "" => "nodes without a type".to_string(),
                    o => format!("{o} nodes"),
                };
                *dropped.entry(name).or_default() += 1;
                continue;
            }
        };
        if premises.is_empty() || targets.is_empty() {
            *dropped
                .entry(format!("{kind} nodes without a proposition on both sides"))
                .or_default() += 1;
            continue;
        }
        if contradiction.contains(id) && premises.len() == 1 && targets.len() == 1 {
            conflicts.push((premises[0], targets[0]));
            continue;
        }
        for &t in &targets {
            b.relate_group(&premises, t, relation);
        }
        if kind == "RA" {
            let scheme = scheme_names
                .get(id.as_str())
                .map(String::as_str)
                .unwrap_or("");
            if !scheme.is_empty() && !DEFAULT_SCHEMES.contains(&scheme) {
                for &p in &premises {
                    let notes = &mut b.node_mut(p).notes;
                    let line = format!("Inference scheme: {scheme}");
                    if !notes.lines().any(|l| l == line) {
                        add_note(notes, &line);
                    }
                }
                *dropped
                    .entry("inference scheme names kept as notes on premises".into())
                    .or_default() += 1;
            }
        }
    }
    // A contradiction is written as a CA each way: read the pair back as one.
    let set: std::collections::HashSet<(usize, usize)> = conflicts.iter().copied().collect();
    for &(a, c) in &conflicts {
        if set.contains(&(c, a)) {
            if a < c {
                b.relate(a, c, Relation::Contradicts);
            }
        } else {
            b.relate(a, c, Relation::Objects);
        }
    }
    for (i, about) in abouts {
        match b.lookup(&about) {
            Some(t) => b.relate(i, t, Relation::Annotates),
            None => b
                .report
                .push(format!("argmapAbout {about:?} names no node")),
        }
    }
    let mut dropped: Vec<(String, usize)> = dropped.into_iter().collect();
    dropped.sort();
    for (what, count) in dropped {
        b.report.push(
            format!(
                "{count} {what} {}",
                if what.contains("kept") { "" } else { "dropped" }
            )
            .trim_end()
            .to_string(),
        );
    }
    let title = aif.title.or(title).unwrap_or_else(|| "AIF map".to_string());
    b.finish(MapMeta::titled(title), limits)
}

/// Writes `map` as AIF JSON: an I-node per statement, an RA per reason (with all its
/// co-premises), a CA per objection (a co-premise group attacks together), and a CA each
/// way for a contradiction.
pub fn write(map: &ArgumentMap) -> String {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut ids: HashMap<NodeId, usize> = HashMap::new();
    let mut next = 1usize;
    for n in map.nodes() {
        let mut v = json!({
            "nodeID": next.to_string(),
            "text": n.text,
            "type": "I",
            "argmapKind": n.kind.as_str(),
        });
        if let Some(p) = n.position {
            v["x"] = json!(p.x);
            v["y"] = json!(p.y);
        }
        ids.insert(n.id, next);
        nodes.push(v);
        next += 1;
    }
    for n in map.nodes().filter(|n| !n.kind.is_claim()) {
        let about: Vec<String> = map
            .targets(n.id)
            .iter()
            .map(|t| ids[&t.to].to_string())
            .collect();
        let i = ids[&n.id] - 1;
        match about.as_slice() {
            [] => {}
            [one] => nodes[i]["argmapAbout"] = json!(one),
            _ => nodes[i]["argmapAbout"] = json!(about),
        }
    }
    let edge = |from: usize, to: usize, edges: &mut Vec<Value>| {
        edges.push(json!({
            "edgeID": (edges.len() + 1).to_string(),
            "fromID": from.to_string(),
            "toID": to.to_string(),
        }));
    };
    let mut grouped: HashMap<crate::model::GroupId, usize> = HashMap::new();
    for e in map.edges() {
        let (kind, name) = match e.relation {
            Relation::Supports => ("RA", "Default Inference"),
            Relation::Objects => ("CA", "Default Conflict"),
            Relation::Contradicts => ("CA", "Contradiction"),
            Relation::Annotates => continue,
        };
        let scheme = match e.group.and_then(|g| grouped.get(&g)) {
            Some(&s) => s,
            None => {
                let s = next;
                next += 1;
                nodes.push(json!({ "nodeID": s.to_string(), "text": name, "type": kind }));
                edge(s, ids[&e.to], &mut edges);
                if let Some(g) = e.group {
                    grouped.insert(g, s);
                }
                s
            }
        };
        edge(ids[&e.from], scheme, &mut edges);
        if e.relation == Relation::Contradicts {
            let s = next;
            next += 1;
            nodes.push(json!({ "nodeID": s.to_string(), "text": name, "type": kind }));
            edge(ids[&e.to], s, &mut edges);
            edge(s, ids[&e.from], &mut edges);
        }
    }
    let doc = json!({
        "title": map.meta().title,
        "nodes": nodes,
        "edges": edges,
        "locutions": [],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
    s.push('\n');
    s
}
