//! Kialo discussion exports (the .txt that Kialo's "Export discussion" gives), read and
//! written.
//!
//! ```text
//! Discussion Title: Should soft drugs be legal?
//!
//! 1. Soft drugs should be legal.
//! 1.1. Pro: Taking them harms no one else.
//! 1.1.1. Con: Drug-takers put others at risk.
//! 1.2. Con: -> See 1.1.1.
//! ```
//!
//! Each claim's number is its place in the tree; `Pro:` supports its parent and `Con:`
//! objects to it; text may run over several lines; `-> See 1.1.1.` is a link: claim
//! 1.1.1 bears on this parent too (a cross-link), without a copy.

use std::collections::HashMap;
use std::fmt::Write;

use crate::interchange::build::{Builder, ImportError, Imported};
use crate::limits::FileLimits;
use crate::map::ArgumentMap;
use crate::model::{MapMeta, NodeId, NodeKind, Relation};

/// Kialo's export escapes Markdown punctuation (`\(`, `\)`, `\*`): the text without.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

/// "1.2.3. rest" → ("1.2.3", rest).
fn number(line: &str) -> Option<(&str, &str)> {
    let end = line
        .find(". ")
        .or_else(|| line.ends_with('.').then(|| line.len() - 1))?;
    let num = &line[..end];
    let ok = !num.is_empty()
        && num
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 6 && p.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| (num, line[(end + 1).min(line.len())..].trim_start()))
}

fn parent(num: &str) -> Option<&str> {
    num.rfind('.').map(|i| &num[..i])
}

struct Entry {
    number: String,
    line: usize,
    relation: Option<Relation>,
    text: String,
    link: Option<String>,
}

/// Reads a Kialo export.
pub fn read(text: &str, limits: &FileLimits) -> Result<Imported, ImportError> {
    if text.len() as u64 > limits.max_bytes {
        return Err(ImportError::new(
            1,
            1,
            format!("larger than {} bytes", limits.max_bytes),
        ));
    }
    let mut title = String::new();
    let mut entries: Vec<Entry> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(t) = line.strip_prefix("Discussion Title:") {
            title = t.trim().to_string();
            continue;
        }
        if let Some((num, rest)) = number(line) {
            // A top-level claim (a thesis) has no side and is no link: its text is all.
            let root = !num.contains('.');
            let (relation, rest) = if root {
                (None, rest)
            } else if let Some(r) = rest.strip_prefix("Pro:") {
                (Some(Relation::Supports), r.trim_start())
            } else if let Some(r) = rest.strip_prefix("Con:") {
                (Some(Relation::Objects), r.trim_start())
            } else {
                (None, rest)
            };
            let link = rest
                .strip_prefix("-> See ")
                .filter(|_| !root)
                .map(|l| l.trim().trim_end_matches('.').to_string());
            entries.push(Entry {
                number: num.to_string(),
                line: i + 1,
                relation,
                text: if link.is_some() {
                    String::new()
                } else {
                    rest.to_string()
                },
                link,
            });
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if title.is_empty() && entries.is_empty() {
            return Err(ImportError::new(
                i + 1,
                1,
                "this is not a Kialo export: it should start with \"Discussion Title:\" or a numbered claim",
            ));
        }
        if let Some(e) = entries.last_mut().filter(|e| e.link.is_none()) {
            if !e.text.is_empty() {
                e.text.push('\n');
            }
            e.text.push_str(line);
        }
    }
    if entries.iter().all(|e| e.link.is_some()) {
        return Err(ImportError::new(
            1,
            1,
            "no numbered claims (\"1. ...\") found",
        ));
    }
    let mut b = Builder::new();
    for e in &entries {
        if e.link.is_none() {
            b.statement(&e.number, unescape(e.text.trim()).trim());
        }
    }
    let (mut links, mut orphans) = (0, 0);
    for e in &entries {
        let Some(p) = parent(&e.number).and_then(|p| b.lookup(p)) else {
            if e.number.contains('.') {
                orphans += 1;
            }
            continue;
        };
        let relation = e.relation.unwrap_or(Relation::Supports);
        match &e.link {
            Some(target) => match b.lookup(target) {
                Some(t) => {
                    b.relate(t, p, relation);
                    links += 1;
                }
                None => b.report.push(format!(
                    "line {}: the link to {target} leads nowhere",
                    e.line
                )),
            },
            None => {
                let i = b.lookup(&e.number).expect("made above");
                b.relate(i, p, relation);
            }
        }
    }
    if orphans > 0 {
        b.report.push(format!(
            "{orphans} claim(s) whose parent number is missing became theses"
        ));
    }
    if links > 0 {
        b.report
            .push(format!("{links} link(s) (-> See) became cross-links"));
    }
    if title.is_empty() {
        title = "Kialo discussion".into();
    }
    b.finish(MapMeta::titled(title), limits)
}

/// Writes `map` as a Kialo-style discussion: theses numbered 1., 2., …; reasons and
/// evidence as `Pro:`, objections as `Con:`; cross-links as `-> See`. Questions and
/// notes have no place in Kialo and are left out.
pub fn write(map: &ArgumentMap) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Discussion Title: {}\n",
        map.meta().title.replace('\n', " ")
    );
    let mut numbers: HashMap<NodeId, String> = HashMap::new();
    let mut order: Vec<(NodeId, String)> = Vec::new();
    // Theses first; then any claim a cycle of relations left unreached, as one more
    // top-level claim, so nothing is lost.
    let mut roots: Vec<NodeId> = map
        .top_level()
        .filter(|n| n.kind.is_claim())
        .map(|n| n.id)
        .collect();
    roots.extend(
        map.nodes()
            .filter(|n| n.kind.is_claim() && map.primary_target(n.id).is_some())
            .map(|n| n.id),
    );
    let mut stack: Vec<(NodeId, String)> = roots
        .iter()
        .enumerate()
        .rev()
        .map(|(i, &id)| (id, format!("{}", i + 1)))
        .collect();
    // How many children each claim has numbered: its links come after them.
    let mut last_child: HashMap<NodeId, usize> = HashMap::new();
    // Relations the numbering carries (a claim under its target).
    let mut nested: std::collections::HashSet<(NodeId, NodeId)> = Default::default();
    while let Some((id, num)) = stack.pop() {
        if numbers.contains_key(&id) {
            continue;
        }
        if num.contains('.')
            && let Some(p) = map.primary_target(id)
        {
            nested.insert((id, p.to));
        }
        numbers.insert(id, num.clone());
        order.push((id, num.clone()));
        let kids: Vec<NodeId> = map
            .dependents(id)
            .iter()
            .filter(|e| map.primary_target(e.from).is_some_and(|p| p.to == id))
            .filter(|e| map.node(e.from).is_some_and(|n| n.kind.is_claim()))
            .map(|e| e.from)
            .collect();
        last_child.insert(id, kids.len());
        for (i, k) in kids.iter().enumerate().rev() {
            stack.push((*k, format!("{num}.{}", i + 1)));
        }
    }
    // Links: targeting edges that are not the primary one, numbered after the children.
    let mut links: HashMap<NodeId, Vec<(Relation, NodeId)>> = HashMap::new();
    for e in map.edges() {
        let numbered = nested.contains(&(e.from, e.to));
        if !numbered && matches!(e.relation, Relation::Supports | Relation::Objects) {
            links.entry(e.to).or_default().push((e.relation, e.from));
        }
    }
    for (id, num) in &order {
        let n = map.node(*id).expect("node");
        let side = match map.primary_target(*id).map(|e| e.relation) {
            _ if !num.contains('.') => "",
            Some(Relation::Supports) => "Pro: ",
            Some(Relation::Objects) => "Con: ",
            _ => "",
        };
        // Backslashes doubled: the reader takes `\x` as an escaped `x`.
        let _ = writeln!(out, "{num}. {side}{}", n.text.trim().replace('\\', "\\\\"));
        if n.kind == NodeKind::Evidence
            && let Some(s) = &n.source
        {
            let _ = writeln!(out, "({})", s.citation());
        }
        for (r, from) in links.get(id).into_iter().flatten() {
            let Some(target) = numbers.get(from) else {
                continue;
            };
            // Links are numbered after the claim's children.
            let k = last_child.entry(*id).or_insert(0);
            *k += 1;
            let side = if *r == Relation::Supports {
                "Pro"
            } else {
                "Con"
            };
            let _ = writeln!(out, "{num}.{k}. {side}: -> See {target}.");
        }
    }
    out
}
