//! GraphML, for yEd and other graph tools: every statement a node whose label is its
//! text (with yEd's own graphics, so yEd shows boxes coloured by kind), every relation
//! an edge with its kind as data. yEd lays the graph out itself (Layout > Hierarchical);
//! pinned positions are kept.

use std::fmt::Write;

use crate::interchange::xml_escape as escape;
use crate::map::ArgumentMap;
use crate::model::{NodeKind, Relation};

fn colours(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Thesis => ("#EEF2FF", "#4F46E5"),
        NodeKind::Support => ("#ECFDF5", "#059669"),
        NodeKind::Objection => ("#FEF2F2", "#DC2626"),
        NodeKind::Evidence => ("#F0F9FF", "#0284C7"),
        NodeKind::Question => ("#FEFCE8", "#CA8A04"),
        NodeKind::Note => ("#F8FAFC", "#64748B"),
    }
}

pub fn write(map: &ArgumentMap) -> String {
    let mut s = String::new();
    s.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:y=\"http://www.yworks.com/xml/graphml\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n",
        "  <key for=\"node\" id=\"kind\" attr.name=\"kind\" attr.type=\"string\"/>\n",
        "  <key for=\"node\" id=\"label\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key for=\"node\" id=\"text\" attr.name=\"text\" attr.type=\"string\"/>\n",
        "  <key for=\"node\" id=\"graphics\" yfiles.type=\"nodegraphics\"/>\n",
        "  <key for=\"edge\" id=\"relation\" attr.name=\"relation\" attr.type=\"string\"/>\n",
        "  <key for=\"edge\" id=\"edgegraphics\" yfiles.type=\"edgegraphics\"/>\n",
    ));
    let _ = writeln!(
        s,
        "  <graph id=\"{}\" edgedefault=\"directed\">",
        escape(&map.meta().title)
    );
    let mut index = std::collections::HashMap::new();
    for (i, n) in map.nodes().enumerate() {
        index.insert(n.id, i);
        let (fill, stroke) = colours(n.kind);
        let shown = match &n.label {
            Some(l) => format!("{}\n{}", l, n.text),
            None => n.text.clone(),
        };
        let lines = shown.chars().count() / 32 + shown.matches('\n').count() + 2;
        let (x, y) = n.position.map_or((0.0, 0.0), |p| (p.x, p.y));
        let _ = writeln!(
            s,
            "    <node id=\"n{i}\">\n      <data key=\"kind\">{}</data>\n      <data key=\"label\">{}</data>\n      <data key=\"text\">{}</data>\n      <data key=\"graphics\"><y:ShapeNode><y:Geometry x=\"{x}\" y=\"{y}\" width=\"240\" height=\"{}\"/><y:Fill color=\"{fill}\" transparent=\"false\"/><y:BorderStyle color=\"{stroke}\" type=\"line\" width=\"1.5\"/><y:NodeLabel alignment=\"left\" autoSizePolicy=\"content\" fontFamily=\"Dialog\" fontSize=\"12\">{}</y:NodeLabel><y:Shape type=\"roundrectangle\"/></y:ShapeNode></data>\n    </node>",
            n.kind,
            escape(n.label.as_deref().unwrap_or("")),
            escape(&n.text),
            lines * 16,
            escape(&shown),
        );
    }
    for (i, e) in map.edges().enumerate() {
        let (colour, line, arrows) = match e.relation {
            Relation::Supports => ("#059669", "line", ("none", "standard")),
            Relation::Objects => ("#DC2626", "dashed", ("none", "standard")),
            Relation::Contradicts => ("#9333EA", "dotted", ("standard", "standard")),
            Relation::Annotates => ("#94A3B8", "dotted", ("none", "none")),
        };
        let _ = writeln!(
            s,
            "    <edge id=\"e{i}\" source=\"n{}\" target=\"n{}\">\n      <data key=\"relation\">{}</data>\n      <data key=\"edgegraphics\"><y:PolyLineEdge><y:LineStyle color=\"{colour}\" type=\"{line}\" width=\"1.5\"/><y:Arrows source=\"{}\" target=\"{}\"/></y:PolyLineEdge></data>\n    </edge>",
            index[&e.from], index[&e.to], e.relation, arrows.0, arrows.1
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}
