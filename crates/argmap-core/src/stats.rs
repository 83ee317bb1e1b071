//! Counts that describe a map: how many nodes of each kind, how deep the argument
//! goes, and what is left unanswered. Used by `argmap stats` and the app's summary.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::map::ArgumentMap;
use crate::model::{NodeId, NodeKind, Relation};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub title: String,
    pub nodes: usize,
    pub edges: usize,
    /// Nodes by kind as stored; rebuttals are counted among objections and again below.
    pub by_kind: BTreeMap<&'static str, usize>,
    pub rebuttals: usize,
    pub by_relation: BTreeMap<&'static str, usize>,
    pub co_premise_groups: usize,
    /// The longest chain of targets from a root down, in steps (a lone thesis: 0).
    pub depth: usize,
    /// Objections (rebuttals included) that no objection answers.
    pub unanswered_objections: usize,
    /// Theses that nothing supports.
    pub unsupported_theses: usize,
    pub evidence_without_source: usize,
}

/// For each node, the nodes drawn beneath it (those whose primary target it is), in
/// order; and the roots, which have no target.
pub fn primary_tree(map: &ArgumentMap) -> (Vec<NodeId>, HashMap<NodeId, Vec<NodeId>>) {
    let mut roots = Vec::new();
    let mut children: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
    for n in map.nodes() {
        match map.primary_target(n.id) {
            Some(e) => children.entry(e.to).or_default().push(n.id),
            None => roots.push(n.id),
        }
    }
    (roots, children)
}

pub fn stats(map: &ArgumentMap) -> Stats {
    let mut by_kind: BTreeMap<&'static str, usize> =
        NodeKind::ALL.iter().map(|k| (k.as_str(), 0)).collect();
    let mut by_relation: BTreeMap<&'static str, usize> =
        Relation::ALL.iter().map(|r| (r.as_str(), 0)).collect();
    let mut rebuttals = 0;
    let mut unanswered = 0;
    let mut unsupported = 0;
    let mut unsourced = 0;
    for n in map.nodes() {
        *by_kind.entry(n.kind.as_str()).or_default() += 1;
        let deps = map.dependents(n.id);
        match n.kind {
            NodeKind::Objection => {
                if map.is_rebuttal(n.id) {
                    rebuttals += 1;
                }
                if !deps.iter().any(|e| e.relation == Relation::Objects) {
                    unanswered += 1;
                }
            }
            NodeKind::Thesis if !deps.iter().any(|e| e.relation == Relation::Supports) => {
                unsupported += 1;
            }
            NodeKind::Evidence if n.source.as_ref().is_none_or(|s| s.is_empty()) => {
                unsourced += 1;
            }
            _ => {}
        }
    }
    let mut groups = std::collections::HashSet::new();
    for e in map.edges() {
        *by_relation.entry(e.relation.as_str()).or_default() += 1;
        groups.extend(e.group);
    }
    let (roots, children) = primary_tree(map);
    let mut depth = 0;
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<(NodeId, usize)> = roots.into_iter().map(|r| (r, 0)).collect();
    while let Some((n, d)) = stack.pop() {
        if !seen.insert(n) {
            continue;
        }
        depth = depth.max(d);
        for &c in children.get(&n).into_iter().flatten() {
            stack.push((c, d + 1));
        }
    }
    Stats {
        title: map.meta().title.clone(),
        nodes: map.len(),
        edges: map.edge_count(),
        by_kind,
        rebuttals,
        by_relation,
        co_premise_groups: groups.len(),
        depth,
        unanswered_objections: unanswered,
        unsupported_theses: unsupported,
        evidence_without_source: unsourced,
    }
}
