//! Outlines: Markdown or plain-text bullets, the way people jot arguments down.
//!
//! Reading: indentation is hierarchy. A line may start with a bullet (`-`, `*`, `•`,
//! `1.`, `1)`) and then a kind: `Thesis:`, `Pro:` / `Support:` / `+`, `Con:` /
//! `Objection:` / `Rebuttal:` / `-` (after a bullet, or in a text whose lines use `+`
//! and `-` for pro and con), `Evidence:`, `Question:`, `Note:`. Without one, a
//! top-level line is a thesis and a nested one a support (a question if it ends with
//! `?`). A source in parentheses at the end of an evidence line becomes its source.
//! An unbulleted line indented under a bulleted one continues its text.
//!
//! Writing produces the same form, so copying a subtree and pasting it into a text
//! editor gives a readable outline that pastes back as the same structure.

use crate::interchange::fragment::Fragment;
use crate::map::ArgumentMap;
use crate::model::{Edge, Node, NodeId, NodeKind, Relation, Source};

use crate::interchange::build::Report;

/// Statements at most this long; the map's own limit applies when the paste is applied.
const MAX_LINES: usize = 100_000;

struct Line<'a> {
    indent: usize,
    bulleted: bool,
    text: &'a str,
    number: usize,
}

/// The width of a line's indentation (a tab counts four) and the rest of it.
pub(crate) fn indent_of(line: &str) -> (usize, &str) {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4,
            _ => return (width, &line[i..]),
        }
    }
    (width, "")
}

fn strip_bullet(s: &str, plus_minus_are_kinds: bool) -> (bool, &str) {
    for b in ["• ", "* ", "· "] {
        if let Some(rest) = s.strip_prefix(b) {
            return (true, rest.trim_start());
        }
    }
    if !plus_minus_are_kinds {
        for b in ["- ", "+ "] {
            if let Some(rest) = s.strip_prefix(b) {
                return (true, rest.trim_start());
            }
        }
    }
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 6 {
        let rest = &s[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (true, rest.trim_start());
        }
    }
    (false, s)
}

const PREFIXES: &[(&str, NodeKind)] = &[
    ("thesis:", NodeKind::Thesis),
    ("claim:", NodeKind::Thesis),
    ("pro:", NodeKind::Support),
    ("support:", NodeKind::Support),
    ("con:", NodeKind::Objection),
    ("objection:", NodeKind::Objection),
    ("rebuttal:", NodeKind::Objection),
    ("evidence:", NodeKind::Evidence),
    ("question:", NodeKind::Question),
    ("note:", NodeKind::Note),
];

fn strip_kind(s: &str) -> (Option<NodeKind>, &str) {
    if let Some(rest) = s.strip_prefix("+ ") {
        return (Some(NodeKind::Support), rest.trim_start());
    }
    if let Some(rest) = s.strip_prefix("- ") {
        return (Some(NodeKind::Objection), rest.trim_start());
    }
    for (p, kind) in PREFIXES {
        if s.len() >= p.len() && s.is_char_boundary(p.len()) && s[..p.len()].eq_ignore_ascii_case(p)
        {
            return (Some(*kind), s[p.len()..].trim_start());
        }
    }
    (None, s)
}

/// Splits a trailing "(...)" off `text`, if the line ends with one.
fn trailing_parenthesis(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    let inner_end = t.strip_suffix(')')?;
    let mut depth = 1;
    for (i, c) in inner_end.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let before = inner_end[..i].trim_end();
                    let inside = inner_end[i + 1..].trim();
                    return (!before.is_empty() && !inside.is_empty()).then_some((before, inside));
                }
            }
            _ => {}
        }
    }
    None
}

fn looks_like_date(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")))
        && s.len() <= 20
}

/// Reads "title; author; date; url" (any subset, any order for date and URL).
fn parse_source(s: &str) -> Source {
    let mut src = Source::default();
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        if part.starts_with("http://") || part.starts_with("https://") {
            src.url.get_or_insert_with(|| part.to_string());
        } else if looks_like_date(part) && src.date.is_none() && src.title.is_some() {
            src.date = Some(part.to_string());
        } else if src.title.is_none() {
            src.title = Some(part.to_string());
        } else if src.author.is_none() {
            src.author = Some(part.to_string());
        } else {
            let t = src.title.take().unwrap_or_default();
            src.title = Some(format!("{t}; {part}"));
        }
    }
    src
}

/// Reads an outline into a fragment: nodes in tree order, with their edges.
pub fn read(text: &str) -> (Fragment, Report) {
    let mut report = Report::new();
    let raw: Vec<&str> = text.lines().collect();
    if raw.len() > MAX_LINES {
        report.push(format!("only the first {MAX_LINES} lines were read"));
    }
    // "+ reason" and "- objection" lines mark pro and con when the text uses both.
    let starts = |p: &str| raw.iter().any(|l| indent_of(l).1.starts_with(p));
    let plus_minus = starts("+ ") && starts("- ");
    let lines: Vec<Line> = raw
        .iter()
        .take(MAX_LINES)
        .enumerate()
        .filter_map(|(i, l)| {
            let (indent, rest) = indent_of(l.trim_end());
            if rest.is_empty()
                || rest.starts_with("```")
                || rest.starts_with('#') && !rest.starts_with("#[")
            {
                // Headings and fences are not statements.
                return None;
            }
            let (bulleted, body) = strip_bullet(rest, plus_minus);
            let bulleted =
                bulleted || plus_minus && (rest.starts_with("+ ") || rest.starts_with("- "));
            Some(Line {
                indent,
                bulleted,
                text: body,
                number: i + 1,
            })
        })
        .collect();
    let any_bullets = lines.iter().any(|l| l.bulleted);

    let mut frag = Fragment::default();
    // (indent, index in frag.nodes)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for line in &lines {
        // Continuation: an unbulleted line in a bulleted text, indented under the last item.
        if any_bullets
            && !line.bulleted
            && let Some(&(indent, i)) = stack.last()
            && line.indent > indent
        {
            let node = &mut frag.nodes[i];
            node.text.push('\n');
            node.text.push_str(line.text.trim());
            continue;
        }
        while stack
            .last()
            .is_some_and(|&(indent, _)| indent >= line.indent)
        {
            stack.pop();
        }
        let parent = stack.last().map(|&(_, i)| i);
        let (explicit, body) = strip_kind(line.text);
        let mut kind = explicit.unwrap_or(match parent {
            None => NodeKind::Thesis,
            Some(_) if body.trim_end().ends_with('?') => NodeKind::Question,
            Some(_) => NodeKind::Support,
        });
        let mut body = body.trim().to_string();
        let mut source = None;
        if kind == NodeKind::Evidence
            && let Some((before, inside)) = trailing_parenthesis(&body)
        {
            source = Some(parse_source(inside));
            body = before.to_string();
        }
        if parent.is_none() && kind != NodeKind::Thesis && !kind.required_relations().is_empty() {
            report.push(format!(
                "line {}: {} with nothing above it became a thesis",
                line.number,
                with_article(kind)
            ));
            kind = NodeKind::Thesis;
        }
        if let Some(p) = parent
            && !frag.nodes[p].kind.is_claim()
            && kind.is_claim()
        {
            // Questions and notes take no sides: what hangs from them is a remark.
            let to = if body.ends_with('?') {
                NodeKind::Question
            } else {
                NodeKind::Note
            };
            if explicit.is_some() {
                report.push(format!(
                    "line {}: {} under {} became {}",
                    line.number,
                    with_article(kind),
                    with_article(frag.nodes[p].kind),
                    with_article(to)
                ));
            }
            kind = to;
        }
        let mut node = Node::new(kind, body);
        node.source = source;
        let id = node.id;
        if let Some(p) = parent {
            let to = frag.nodes[p].id;
            let relation = if kind == NodeKind::Thesis {
                Relation::Supports
            } else {
                kind.natural_relation().unwrap_or(Relation::Supports)
            };
            if kind == NodeKind::Thesis {
                // A thesis cannot hang from a node: nested, it is a reason for it.
                node.kind = NodeKind::Support;
            }
            frag.edges.push(Edge::new(id, to, relation));
        }
        stack.push((line.indent, frag.nodes.len()));
        frag.nodes.push(node);
    }
    (frag, report)
}

fn with_article(kind: NodeKind) -> String {
    let k = kind.as_str();
    let a = if k.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{a} {k}")
}

fn prefix(map: &ArgumentMap, n: &Node) -> &'static str {
    match n.kind {
        NodeKind::Thesis => "Thesis",
        NodeKind::Support => "Pro",
        NodeKind::Objection if map.is_rebuttal(n.id) => "Rebuttal",
        NodeKind::Objection => "Con",
        NodeKind::Evidence => "Evidence",
        NodeKind::Question => "Question",
        NodeKind::Note => "Note",
    }
}

fn source_suffix(s: &Source) -> String {
    let parts: Vec<&str> = [&s.title, &s.author, &s.date, &s.url]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// Writes the subtrees under `roots` (all theses and free nodes when `roots` is empty)
/// as a Markdown outline.
pub fn write(map: &ArgumentMap, roots: &[NodeId]) -> String {
    let roots: Vec<NodeId> = if roots.is_empty() {
        map.top_level().map(|n| n.id).collect()
    } else {
        roots.to_vec()
    };
    let frag = Fragment::cut(map, &roots);
    let mut depth: std::collections::HashMap<NodeId, usize> = std::collections::HashMap::new();
    let mut out = String::new();
    for n in &frag.nodes {
        let d = map
            .primary_target(n.id)
            .and_then(|p| depth.get(&p.to))
            .map_or(0, |d| d + 1);
        depth.insert(n.id, d);
        let pad = "  ".repeat(d);
        let mut lines = n.text.lines();
        let first = lines.next().unwrap_or("");
        out.push_str(&format!("{pad}- {}: {first}", prefix(map, n)));
        let mut rest: Vec<&str> = lines.collect();
        if n.kind == NodeKind::Evidence
            && let Some(s) = &n.source
        {
            let suffix = source_suffix(s);
            match rest.last_mut() {
                Some(_) => {
                    let last = rest.pop().unwrap_or("");
                    for l in &rest {
                        out.push_str(&format!("\n{pad}  {l}"));
                    }
                    out.push_str(&format!("\n{pad}  {last}{suffix}"));
                    rest.clear();
                }
                None => out.push_str(&suffix),
            }
        }
        for l in rest {
            out.push_str(&format!("\n{pad}  {l}"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Document;

    fn kinds(f: &Fragment) -> Vec<&'static str> {
        f.nodes.iter().map(|n| n.kind.as_str()).collect()
    }

    fn parent_of(f: &Fragment, i: usize) -> Option<usize> {
        let id = f.nodes[i].id;
        let e = f.edges.iter().find(|e| e.from == id)?;
        f.nodes.iter().position(|n| n.id == e.to)
    }

    #[test]
    fn indentation_is_hierarchy_and_prefixes_set_the_kind() {
        let text = "\
# Scaling
- The age of scaling is over
  - Pro: there is only one internet
    - Con: synthetic data
      - Rebuttal: it collapses
  - Evidence: pretraining has hit a ceiling (Dwarkesh podcast; Ilya Sutskever; 2025; https://example.org/x)
  - What would falsify it?
- Note: an aside
";
        let (f, report) = read(text);
        assert!(report.is_empty(), "{report:?}");
        assert_eq!(
            kinds(&f),
            [
                "thesis",
                "support",
                "objection",
                "objection",
                "evidence",
                "question",
                "note"
            ]
        );
        assert_eq!(
            (0..7).map(|i| parent_of(&f, i)).collect::<Vec<_>>(),
            [None, Some(0), Some(1), Some(2), Some(0), Some(0), None]
        );
        let src = f.nodes[4].source.as_ref().unwrap();
        assert_eq!(f.nodes[4].text, "pretraining has hit a ceiling");
        assert_eq!(src.title.as_deref(), Some("Dwarkesh podcast"));
        assert_eq!(src.author.as_deref(), Some("Ilya Sutskever"));
        assert_eq!(src.date.as_deref(), Some("2025"));
        assert_eq!(src.url.as_deref(), Some("https://example.org/x"));
        assert_eq!(f.edges[1].relation, Relation::Objects);
    }

    #[test]
    fn plus_and_minus_mark_pro_and_con_in_a_plain_text_outline() {
        let (f, _) =
            read("Scaling is over\n  + one internet\n  - synthetic data\n    + model collapse\n");
        assert_eq!(kinds(&f), ["thesis", "support", "objection", "support"]);
        assert_eq!(parent_of(&f, 3), Some(2));
    }

    #[test]
    fn plain_lines_paste_as_statements_and_continuations_join() {
        let (f, _) = read("first\nsecond\n");
        assert_eq!(kinds(&f), ["thesis", "thesis"]);
        let (f, _) = read("- a long point\n  that runs on\n  - its reason\n");
        assert_eq!(f.nodes[0].text, "a long point\nthat runs on");
        assert_eq!(kinds(&f), ["thesis", "support"]);
    }

    #[test]
    fn an_orphan_reason_becomes_a_thesis_and_says_so() {
        let (f, report) = read("Con: nothing to object to\n");
        assert_eq!(kinds(&f), ["thesis"]);
        assert_eq!(
            report,
            ["line 1: an objection with nothing above it became a thesis"]
        );
    }

    #[test]
    fn write_then_read_keeps_structure_kinds_texts_and_sources() {
        let map = crate::generate::generate(200, 7);
        let text = write(&map, &[]);
        let (f, _) = read(&text);
        assert_eq!(f.nodes.len(), map.len(), "every node is written once");
        let original = Fragment::cut(&map, &map.top_level().map(|n| n.id).collect::<Vec<_>>());
        for (a, b) in original.nodes.iter().zip(&f.nodes) {
            assert_eq!(a.kind, b.kind);
            assert_eq!(a.text.trim(), b.text);
            if a.kind == NodeKind::Evidence {
                assert_eq!(
                    a.source.as_ref().and_then(|s| s.title.clone()),
                    b.source.as_ref().and_then(|s| s.title.clone())
                );
            }
        }
        // Pasting it into an empty map gives a valid map with the same tree.
        let mut doc = Document::new(ArgumentMap::new(Default::default()));
        doc.apply_all(&f.paste_edits(None)).unwrap();
        assert!(doc.map().validate().is_empty());
        assert_eq!(doc.map().len(), map.len());
    }

    #[test]
    fn hostile_text_never_panics() {
        for s in [
            "",
            "\t\t\t",
            "- (",
            "Evidence: x ()",
            "Evidence: ) (",
            "1. ",
            "- - - -",
            "\u{202e}- é: (ü",
        ] {
            let _ = read(s);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_into_a_fragment_that_pastes_into_a_valid_map(s in "[-+*• \\t\\n()a-zA-Z0-9:?;.]{0,300}") {
            let (f, _) = read(&s);
            let mut doc = Document::new(ArgumentMap::new(Default::default()));
            doc.apply_all(&f.paste_edits(None)).unwrap();
            proptest::prop_assert!(doc.map().validate().is_empty());
        }
    }
}
