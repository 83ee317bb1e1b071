//! Graphviz DOT out: every node as a box labelled with its kind and text, every edge
//! with the relation's colour and line style, co-premises in a cluster. For people who
//! lay maps out with Graphviz, and for the benchmark that compares our layout with dot.

use std::fmt::Write;

use crate::map::ArgumentMap;
use crate::model::{NodeKind, Relation};

/// A DOT string literal: quotes, backslashes and line breaks escaped, so no text can end
/// the string or inject attributes.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn colour(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Thesis => "#4f46e5",
        NodeKind::Support => "#059669",
        NodeKind::Objection => "#dc2626",
        NodeKind::Evidence => "#0284c7",
        NodeKind::Question => "#a16207",
        NodeKind::Note => "#64748b",
    }
}

/// Writes the map as a DOT digraph. Arrows point from a reason to what it is about, so
/// `rankdir=BT` draws theses on top, like Argmap.
pub fn write(map: &ArgumentMap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&map.meta().title));
    out.push_str("  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Noto Sans\", fontsize=11];\n");
    for n in map.nodes() {
        let caption = if n.kind == NodeKind::Objection && map.is_rebuttal(n.id) {
            "REBUTTAL".to_string()
        } else {
            n.kind.as_str().to_uppercase()
        };
        let label = match &n.label {
            Some(l) => format!("{caption}\n{l}\n{}", n.text),
            None => format!("{caption}\n{}", n.text),
        };
        let _ = writeln!(
            out,
            "  {} [label={}, color={}];",
            quote(&n.id.to_string()),
            quote(&label),
            quote(colour(n.kind))
        );
    }
    for e in map.edges() {
        let (c, style, extra) = match e.relation {
            Relation::Supports => ("#059669", "solid", ""),
            Relation::Objects => ("#dc2626", "dashed", ""),
            Relation::Contradicts => ("#7c3aed", "dotted", ", dir=both"),
            Relation::Annotates => ("#94a3b8", "dotted", ", arrowhead=none"),
        };
        let _ = writeln!(
            out,
            "  {} -> {} [color={}, style={style}{extra}];",
            quote(&e.from.to_string()),
            quote(&e.to.to_string()),
            quote(c)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MapMeta, Node};
    use crate::{Document, Edit};

    #[test]
    fn every_node_and_edge_is_written_and_text_cannot_break_out() {
        let mut doc = Document::new(ArgumentMap::new(MapMeta::titled("a \"map\"")));
        let t = Node::new(NodeKind::Thesis, "say \"hi\"\\ \n\"]; evil -> x [");
        let o = Node::new(NodeKind::Objection, "no");
        let (tid, oid) = (t.id, o.id);
        doc.apply(&Edit::AddNode {
            node: t,
            target: None,
            relation: None,
            after: None,
        })
        .unwrap();
        doc.apply(&Edit::AddNode {
            node: o,
            target: Some(tid),
            relation: None,
            after: None,
        })
        .unwrap();
        let dot = write(doc.map());
        assert!(dot.starts_with("digraph \"a \\\"map\\\"\" {"));
        assert!(dot.contains("say \\\"hi\\\"\\\\ \\n\\\"]; evil -> x ["));
        assert_eq!(
            dot.matches(" -> ").count(),
            2,
            "the edge, and the text's own arrow inside a string"
        );
        assert!(dot.contains(&format!(
            "\"{oid}\" -> \"{tid}\" [color=\"#dc2626\", style=dashed]"
        )));
        // Every line outside the header is a node, an edge or the closing brace.
        assert_eq!(dot.lines().count(), 3 + 2 + 1 + 1);
    }
}
