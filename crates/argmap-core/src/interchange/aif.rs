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
//! I-nodes (`argmapKind`, and `argmapAbout` for questions and notes) that let Argmap
//! read its own files back exactly; other tools ignore them.

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
    argmap_about: Option<Id>,
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

/// Reads AIF JSON.
pub fn read(input: &str, limits: &FileLimits) -> Result<Imported, ImportError> {
    if input.len() as u64 > limits.max_bytes {
        return Err(ImportError::new(
            1,
            1,
            format!("larger than {} bytes", limits.max_bytes),
        ));
    }
    let file: File = serde_json::from_str(input)
        .map_err(|e| ImportError::new(e.line(), e.column(), format!("not AIF JSON: {e}")))?;
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
    // Every node's type, and the text of conflict nodes (a "Contradiction" is ours).
    let mut kinds: HashMap<String, String> = HashMap::with_capacity(nodes.len());
    let mut order: Vec<String> = Vec::with_capacity(nodes.len());
    let mut contradiction: std::collections::HashSet<String> = Default::default();
    let mut abouts: Vec<(usize, String)> = Vec::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    for n in &nodes {
        let Some(id) = n.id.as_ref().and_then(Id::key) else {
            *dropped.entry("nodes without an id".into()).or_default() += 1;
            continue;
        };
        let kind = n.kind.clone().unwrap_or_default();
        if kind == "I" {
            let i = b.statement(&id, &text(&n.text));
            if let Some((x, y)) = xy(&n.x, &n.y).or_else(|| positions.get(&id).copied()) {
                b.set_position(i, x, y);
            }
            if let Some(k) = n.argmap_kind.as_deref().and_then(NodeKind::parse) {
                b.set_kind(i, k);
            }
            if let Some(about) = n.argmap_about.as_ref().and_then(Id::key) {
                abouts.push((i, about));
            }
        } else if kind == "CA" && text(&n.text) == "Contradiction" {
            contradiction.insert(id.clone());
        }
        order.push(id.clone());
        kinds.insert(id, kind);
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
                        let n = b.node_mut(p);
                        let line = format!("Rephrases: {what}");
                        n.notes = if n.notes.is_empty() {
                            line
                        } else {
                            format!("{}\n{line}", n.notes)
                        };
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
        if let Some(t) = map.primary_target(n.id) {
            let i = ids[&n.id] - 1;
            nodes[i]["argmapAbout"] = json!(ids[&t.to].to_string());
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
