//! Argdown (<https://argdown.org>), read and written.
//!
//! Reading covers what argument maps are made of: statements (`[Title]: text`, bare
//! text, references `[Title]`), arguments (`<Title>: text`) and their premise–conclusion
//! structures (`(1)` … `----` … `(n)`), relations in both directions (`+ - _ ><`, `+> ->
//! _>`, `<+ <- <_`) nested to any depth, tags (`#tag`, `#(two words)`), mentions
//! (`@[Title]`), headings, front matter (`===` … `===`, whose `title` names the map)
//! and comments (`//`, `/* */`, `<!-- -->`).
//!
//! How it maps: statements and arguments become claims, their titles labels; `+`
//! supports, `-` objects, `_` (an undercut) objects too, `><` contradicts. An argument
//! with a premise–conclusion structure becomes its conclusion, supported by its
//! premises as co-premises of one reason (each inference step in turn). Headings become
//! tags. Strict and loose mode read the same. The tags `#argmap-evidence`,
//! `#argmap-question` and `#argmap-note`, and the data `{about: "Title"}` (a list when
//! about several), carry Argmap's other kinds; Argmap writes them so that its own files
//! read back the same.

use std::collections::HashMap;
use std::fmt::Write;

use crate::interchange::build::{Builder, ImportError, Imported, position};
use crate::interchange::outline::indent_of;
use crate::limits::FileLimits;
use crate::map::ArgumentMap;
use crate::model::{MapMeta, NodeId, NodeKind, Relation};

/// One line of the document, comments removed.
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

/// Replaces comments with spaces (newlines kept, so positions stay right).
fn strip_comments(text: &str) -> Result<String, ImportError> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |s: &str| {
        s.chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect::<String>()
    };
    while i < b.len() {
        let rest = &text[i..];
        // An escaped character is text, whatever it is.
        if b[i] == b'\\' && i + 1 < b.len() && b[i + 1].is_ascii_punctuation() {
            out.push_str(&rest[..2]);
            i += 2;
            continue;
        }
        let block = if rest.starts_with("/*") {
            Some(("*/", "/*"))
        } else if rest.starts_with("<!--") {
            Some(("-->", "<!--"))
        } else {
            None
        };
        if let Some((close, open)) = block {
            let Some(end) = rest[open.len()..].find(close) else {
                let (line, column) = position(text, i);
                return Err(ImportError::new(
                    line,
                    column,
                    format!("the comment opened here with {open} is never closed with {close}"),
                ));
            };
            let len = open.len() + end + close.len();
            out.push_str(&blank(&rest[..len]));
            i += len;
            continue;
        }
        // A line comment: "//" at the start or after a space (so "https://" is text).
        if rest.starts_with("//") && (i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n')) {
            let len = rest.find('\n').unwrap_or(rest.len());
            out.push_str(&blank(&rest[..len]));
            i += len;
            continue;
        }
        let c = rest.chars().next().expect("not at the end");
        out.push(c);
        i += c.len_utf8();
    }
    Ok(out)
}

/// Relation operators, longest first: (operator, the relation, whether the child is
/// the source of the relation).
const OPERATORS: &[(&str, Relation, bool)] = &[
    ("<+", Relation::Supports, true),
    ("<-", Relation::Objects, true),
    ("<_", Relation::Objects, true),
    ("+>", Relation::Supports, false),
    ("->", Relation::Objects, false),
    ("_>", Relation::Objects, false),
    ("><", Relation::Contradicts, true),
    ("+", Relation::Supports, true),
    ("-", Relation::Objects, true),
    ("_", Relation::Objects, true),
];

fn operator(s: &str) -> Option<(&'static str, Relation, bool, &str)> {
    for &(op, r, child_is_source) in OPERATORS {
        if let Some(rest) = s.strip_prefix(op)
            && (rest.starts_with(' ') || rest.starts_with('\t'))
        {
            return Some((op, r, child_is_source, rest.trim_start()));
        }
    }
    None
}

fn is_inference(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 2 && t.starts_with("--") && (t.chars().all(|c| c == '-') || t.ends_with("--"))
}

/// "(12) rest" → rest.
fn pcs_number(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('(')?;
    let close = inner.find(')')?;
    (close > 0 && inner[..close].chars().all(|c| c.is_ascii_digit()))
        .then(|| inner[close + 1..].trim_start())
}

/// An element as written: `[Title]: text`, `<Title>: text`, `[Title]`, or text.
struct Element {
    key: Option<String>,
    argument: bool,
    title: Option<String>,
    text: String,
}

fn element(s: &str) -> Element {
    for (open, close, argument) in [('[', ']', false), ('<', '>', true)] {
        if let Some(inner) = s.strip_prefix(open)
            && let Some(end) = inner.find(close)
        {
            let title = inner[..end].trim().to_string();
            let rest = inner[end + 1..].trim_start();
            let text = rest
                .strip_prefix(':')
                .map(str::trim)
                .unwrap_or(if rest.is_empty() { "" } else { rest });
            if !title.is_empty() {
                return Element {
                    key: Some(format!("{open}{title}{close}")),
                    argument,
                    title: Some(title),
                    text: text.to_string(),
                };
            }
        }
    }
    Element {
        key: None,
        argument: false,
        title: None,
        text: s.trim().to_string(),
    }
}

/// Escaped punctuation (`\#`, `\[`) stands in for itself while a text is read: it is
/// swapped for a private-use character, so no rule below mistakes it for syntax, and
/// swapped back at the end.
const ESCAPED: u32 = 0xF0000;

fn protect(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(char::from_u32(ESCAPED + next as u32).expect("a private-use character"));
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

fn unprotect(s: &str) -> String {
    s.chars()
        .map(|c| match (c as u32).checked_sub(ESCAPED) {
            Some(a) if a < 128 => char::from(a as u8),
            _ => c,
        })
        .collect()
}

/// Escapes what Argdown would read as syntax in a statement's text: brackets, tags,
/// mentions, data, backslashes, and the slashes that would start a comment. Whitespace
/// runs (newlines too) become one space, as Argdown reads them.
fn escape_text(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = flat.chars().collect();
    let mut out = String::with_capacity(flat.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let comment = c == '/'
            && (next == Some('*') || next == Some('/') && (i == 0 || chars[i - 1].is_whitespace()));
        if comment || matches!(c, '\\' | '#' | '@' | '[' | ']' | '<' | '>' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Reads the inside of Argdown's trailing data, a YAML flow mapping (`key: value, key:
/// [item, item]`): each value quoted ("…" or '…') or bare up to the next `,`, `]` or
/// `}`. A list gives each of its items; a scalar, itself. What cannot be read is skipped.
fn flow_data(s: &str) -> HashMap<String, Vec<String>> {
    let mut data = HashMap::new();
    let mut rest = s;
    // One scalar: quoted, or bare up to (not including) one of `stops`.
    fn scalar<'a>(s: &'a str, stops: &[char]) -> (String, &'a str) {
        let s = s.trim_start();
        if let Some(q) = s.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            if let Some(end) = s[1..].find(q) {
                return (s[1..1 + end].to_string(), &s[2 + end..]);
            }
        }
        let end = s.find(stops).unwrap_or(s.len());
        (s[..end].trim().to_string(), &s[end..])
    }
    loop {
        let (key, after) = scalar(rest, &[':', ',']);
        let Some(after) = after.trim_start().strip_prefix(':') else {
            // A key without a value: skip to the next entry.
            match after.find(',') {
                Some(i) => {
                    rest = &after[i + 1..];
                    continue;
                }
                None => return data,
            }
        };
        let mut values = Vec::new();
        rest = match after.trim_start().strip_prefix('[') {
            Some(mut list) => loop {
                let (item, after) = scalar(list, &[',', ']']);
                if !item.is_empty() {
                    values.push(item);
                }
                let after = after.trim_start();
                if let Some(more) = after.strip_prefix(',') {
                    list = more;
                } else {
                    break after.strip_prefix(']').unwrap_or(after);
                }
            },
            None => {
                let (value, after) = scalar(after, &[',']);
                values.push(value);
                after
            }
        };
        if !key.is_empty() {
            data.insert(key, values);
        }
        match rest.trim_start().strip_prefix(',') {
            Some(more) => rest = more,
            None => return data,
        }
    }
}

/// Takes tags, mentions and trailing data out of a text: (text, tags, data).
fn clean(text: &str) -> (String, Vec<String>, HashMap<String, Vec<String>>) {
    let mut data = HashMap::new();
    let mut t = protect(text.trim());
    // Trailing {key: value, ...}.
    if t.ends_with('}')
        && let Some(open) = t.rfind('{')
    {
        data = flow_data(&t[open + 1..t.len() - 1]);
        t.truncate(open);
    }
    let mut tags = Vec::new();
    let mut out = String::with_capacity(t.len());
    let mut rest = t.as_str();
    while let Some(at) = rest.find(['#', '@']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let boundary = out.is_empty() || out.ends_with(char::is_whitespace);
        if from.starts_with("#(")
            && boundary
            && let Some(end) = from.find(')')
        {
            tags.push(from[2..end].trim().to_string());
            rest = &from[end + 1..];
        } else if from.starts_with('#')
            && boundary
            && from[1..].starts_with(|c: char| c.is_alphanumeric())
        {
            let end = from[1..]
                .find(|c: char| c.is_whitespace())
                .map_or(from.len(), |e| e + 1);
            tags.push(from[1..end].to_string());
            rest = &from[end..];
        } else if (from.starts_with("@[") || from.starts_with("@<"))
            && let Some(end) = from.find([']', '>'])
        {
            out.push_str(&from[2..end]);
            rest = &from[end + 1..];
        } else {
            out.push_str(&from[..1]);
            rest = &from[1..];
        }
    }
    out.push_str(rest);
    let text = unprotect(&out.split_whitespace().collect::<Vec<_>>().join(" "));
    let tags = tags.iter().map(|t| unprotect(t)).collect();
    let data = data
        .into_iter()
        .map(|(k, v)| (unprotect(&k), v.iter().map(|v| unprotect(v)).collect()))
        .collect();
    (text, tags, data)
}

/// An argument's premise–conclusion structure, as read: steps of (premises, conclusion).
#[derive(Default)]
struct Pcs {
    premises: Vec<usize>,
    steps: Vec<(Vec<usize>, usize)>,
    /// The next statement concludes the premises so far.
    concluding: bool,
}

struct Reader<'a> {
    b: Builder,
    heading: Option<String>,
    /// The last top-level argument, for a premise–conclusion structure that follows it.
    last_argument: Option<usize>,
    /// Aliases: argument node → its final conclusion.
    about: Vec<(usize, String, usize)>,
    undercuts: usize,
    headings: usize,
    outgoing: Vec<(usize, usize, Relation)>,
    source: &'a str,
}

impl Reader<'_> {
    /// Makes (or finds) the node of an element and applies its tags and data.
    /// Makes (or finds) the node of an element; also whether its text is this
    /// definition's (a statement defined again keeps its first text, and the lines that
    /// continue the later definition are not added to it).
    fn node(&mut self, e: &Element, line: usize) -> (usize, bool) {
        let (text, tags, data) = clean(&e.text);
        let had_text = e
            .key
            .as_ref()
            .and_then(|k| self.b.lookup(k))
            .is_some_and(|i| !self.b.node_mut(i).text.is_empty());
        let i = match &e.key {
            Some(k) => self.b.statement(k, &text),
            None => self.b.add(&text),
        };
        let n = self.b.node_mut(i);
        if let Some(t) = &e.title
            && n.label.is_none()
        {
            n.label = Some(t.clone());
        }
        for t in tags.iter().chain(self.heading.as_ref()) {
            if !n.tags.contains(t) {
                n.tags.push(t.clone());
            }
        }
        let kind = tags
            .iter()
            .find_map(|t| t.strip_prefix(KIND_TAG).and_then(NodeKind::parse));
        if let Some(k) = kind {
            n.tags.retain(|t| !t.starts_with(KIND_TAG));
            self.b.set_kind(i, k);
        }
        for about in data.get("about").into_iter().flatten() {
            self.about.push((i, about.clone(), line));
        }
        (i, !had_text)
    }

    /// Appends a continuation line to a node's text.
    fn continue_text(&mut self, i: usize, more: &str) {
        let (text, tags, _) = clean(more);
        let n = self.b.node_mut(i);
        if !text.is_empty() {
            if !n.text.is_empty() {
                n.text.push(' ');
            }
            n.text.push_str(&text);
        }
        for t in tags {
            if !n.tags.contains(&t) {
                n.tags.push(t);
            }
        }
    }

    fn relate(
        &mut self,
        parent: usize,
        child: usize,
        r: Relation,
        child_is_source: bool,
        op: &str,
    ) {
        if op.contains('_') {
            self.undercuts += 1;
        }
        if child_is_source {
            self.b.relate(child, parent, r);
        } else {
            // Written from the source's side (`+>`, `->`): the statement's place in the
            // tree is where it is nested or concluded, so these come after.
            self.outgoing.push((parent, child, r));
        }
    }

    fn block(&mut self, lines: &[Line]) {
        // (indent, node) of the relation tree; the PCS being read, if any.
        let mut stack: Vec<(usize, usize)> = Vec::new();
        // The element the next unmarked line continues, and whether to add to its text.
        let mut last: Option<(usize, bool)> = None;
        let mut pcs: Option<(usize, Pcs)> = None;
        if let Some(first) = lines.first()
            && first.indent == 0
            && first.text.starts_with('#')
            && first.text.trim_start_matches('#').starts_with(' ')
        {
            // A heading: the whole block, which may run over several lines.
            let all: Vec<&str> = lines.iter().map(|l| l.text).collect();
            let (text, _, _) = clean(all.join(" ").trim_start_matches('#'));
            self.heading = Some(text);
            self.headings += 1;
            return;
        }
        for line in lines {
            let t = line.text;
            if is_inference(t) {
                let (_, p) = pcs.get_or_insert_with(|| (self.b.add(""), Pcs::default()));
                p.concluding = true;
                stack.clear();
                continue;
            }
            if let Some(rest) = pcs_number(t) {
                let e = element(rest);
                let (i, fresh) = self.node(&e, line.number);
                let (_, p) = pcs.get_or_insert_with(|| {
                    let arg = self.last_argument.take().unwrap_or_else(|| self.b.add(""));
                    (arg, Pcs::default())
                });
                if p.concluding {
                    let premises = std::mem::take(&mut p.premises);
                    p.steps.push((premises, i));
                    p.concluding = false;
                }
                p.premises.push(i);
                stack = vec![(line.indent, i)];
                last = Some((i, fresh));
                continue;
            }
            if let Some((op, r, child_is_source, rest)) = operator(t) {
                while stack.last().is_some_and(|&(ind, _)| ind >= line.indent) {
                    stack.pop();
                }
                let e = element(rest);
                let (child, fresh) = self.node(&e, line.number);
                if let Some(&(_, parent)) = stack.last() {
                    self.relate(parent, child, r, child_is_source, op);
                } else {
                    self.b.report.push(format!(
                        "line {}: a relation with nothing above it to relate to",
                        line.number
                    ));
                }
                stack.push((line.indent, child));
                last = Some((child, fresh));
                continue;
            }
            match last {
                // Text that goes on from the line before.
                Some((i, fresh))
                    if stack.is_empty()
                        || line.indent > 0
                        || lines[0].indent == 0 && !starts_element(t) =>
                {
                    if fresh {
                        self.continue_text(i, t)
                    }
                }
                _ => {
                    let e = element(t);
                    let (i, fresh) = self.node(&e, line.number);
                    if e.argument {
                        self.last_argument = Some(i);
                    }
                    stack = vec![(line.indent, i)];
                    last = Some((i, fresh));
                }
            }
        }
        if let Some((arg, p)) = pcs {
            self.finish_pcs(arg, p);
        }
    }

    fn finish_pcs(&mut self, arg: usize, p: Pcs) {
        let Some(&(_, conclusion)) = p.steps.last() else {
            self.b.report.push("a premise–conclusion structure without an inference line: its statements stand alone".into());
            return;
        };
        // Argmap writes premises that object together as an argument whose conclusion,
        // tagged #argmap-attack, attacks the target: read that back as the group.
        if self
            .b
            .node_mut(conclusion)
            .tags
            .iter()
            .any(|t| t == ATTACK_TAG)
            && p.steps.len() == 1
        {
            let premises = &p.steps[0].0;
            let mut relations = self.b.take_relations_from(conclusion);
            self.outgoing.retain(|&(from, to, r)| {
                let mine = from == conclusion;
                if mine {
                    relations.push((to, r));
                }
                !mine
            });
            for (to, r) in relations {
                if r == Relation::Objects {
                    self.b.relate_group(premises, to, Relation::Objects);
                }
            }
            self.b.discard(conclusion);
            self.b.discard(arg);
            return;
        }
        for (premises, c) in &p.steps {
            self.b.relate_group(premises, *c, Relation::Supports);
        }
        // The argument is its conclusion.
        self.b.merge(arg, conclusion);
    }
}

const ATTACK_TAG: &str = "argmap-attack";
/// `#argmap-evidence`, `#argmap-question`, `#argmap-note`: Argmap's kinds that Argdown
/// has no word for.
const KIND_TAG: &str = "argmap-";

fn starts_element(t: &str) -> bool {
    t.starts_with('[') || t.starts_with('<')
}

/// Reads an Argdown document.
pub fn read(text: &str, limits: &FileLimits) -> Result<Imported, ImportError> {
    if text.len() as u64 > limits.max_bytes {
        return Err(ImportError::new(
            1,
            1,
            format!("larger than {} bytes", limits.max_bytes),
        ));
    }
    let text = text.replace("\r\n", "\n");
    let mut title = String::new();
    let mut body_start = 0;
    if let Some(after_open) = text.strip_prefix("===") {
        let Some(end) = after_open.find("\n===") else {
            return Err(ImportError::new(
                1,
                1,
                "the front matter opened with === is never closed",
            ));
        };
        let front = &after_open[..end];
        let mut in_title = false;
        for l in front.lines() {
            if let Some(v) = l
                .trim_start()
                .strip_prefix("title:")
                .filter(|_| !l.starts_with(' '))
            {
                title = v.trim().trim_matches(['"', '\'']).to_string();
                in_title = true;
            } else if in_title && l.starts_with(' ') && !l.contains(':') {
                // The title goes on over an indented line.
                title = format!("{title} {}", l.trim());
            } else {
                in_title = false;
            }
        }
        let after = 3 + end + 4;
        body_start = text[after..].find('\n').map_or(text.len(), |n| after + n);
    }
    let body = format!(
        "{}{}",
        "\n".repeat(text[..body_start].matches('\n').count()),
        &text[body_start..]
    );
    let clean_text = strip_comments(&body)?;
    let mut r = Reader {
        b: Builder::new(),
        heading: None,
        last_argument: None,
        about: Vec::new(),
        undercuts: 0,
        headings: 0,
        outgoing: Vec::new(),
        source: &clean_text,
    };
    let mut block: Vec<Line> = Vec::new();
    for (n, raw) in r.source.lines().enumerate() {
        let (indent, t) = indent_of(raw.trim_end());
        if t.is_empty() {
            if !block.is_empty() {
                let lines = std::mem::take(&mut block);
                r.block(&lines);
            }
            continue;
        }
        block.push(Line {
            number: n + 1,
            indent,
            text: t,
        });
    }
    if !block.is_empty() {
        let lines = std::mem::take(&mut block);
        r.block(&lines);
    }
    for (from, to, relation) in std::mem::take(&mut r.outgoing) {
        r.b.relate(from, to, relation);
    }
    for (i, target, line) in std::mem::take(&mut r.about) {
        let key = format!("[{target}]");
        match r
            .b
            .lookup(&key)
            .or_else(|| r.b.lookup(&format!("<{target}>")))
        {
            Some(t) => r.b.relate(i, t, Relation::Annotates),
            None => {
                r.b.report
                    .push(format!("line {line}: “about: {target}” names no statement"))
            }
        }
    }
    if r.headings > 0 {
        r.b.report.push(format!(
            "{} heading(s) became tags on the statements beneath them",
            r.headings
        ));
    }
    if r.undercuts > 0 {
        r.b.report.push(format!(
            "{} undercut(s) became objections to the statement they undercut",
            r.undercuts
        ));
    }
    if title.is_empty() {
        title = "Argdown map".to_string();
    }
    r.b.finish(MapMeta::titled(title), limits)
}

// ---- writing --------------------------------------------------------------------------

fn title_of(map: &ArgumentMap, id: NodeId, titles: &HashMap<NodeId, String>) -> String {
    titles
        .get(&id)
        .cloned()
        .unwrap_or_else(|| map.node(id).map(|n| n.text.clone()).unwrap_or_default())
}

/// Writes `map` as Argdown: each claim once as `[Title]: text`, the rest of the tree
/// nested under it by relation, co-premise groups as arguments with a
/// premise–conclusion structure, and questions and notes with `#question` / `#note`
/// and `{about: "Title"}` (`{about: ["Title", "Other"]}` when about several).
pub fn write(map: &ArgumentMap) -> String {
    // Unique titles: the label, else a short form of the text, numbered if taken.
    let mut titles: HashMap<NodeId, String> = HashMap::new();
    let mut taken: HashMap<String, usize> = HashMap::new();
    for n in map.nodes() {
        let base = n
            .label
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| {
                let words: Vec<&str> = n.text.split_whitespace().take(6).collect();
                if words.is_empty() {
                    "Untitled".into()
                } else {
                    words.join(" ")
                }
            });
        // Titles keep to letters, digits and plain punctuation: nothing in them may read
        // as syntax (a comment, a tag, a bracket), and they cannot be escaped.
        let base: String = base
            .chars()
            .filter(|&c| {
                c.is_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '.' | ',' | '?' | '!' | ':')
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // A title cut from a sentence does not end on its punctuation.
        let base = base.trim_end_matches([':', ',', '-', ' ']).to_string();
        let base = if base.is_empty() {
            "Untitled".to_string()
        } else {
            base
        };
        let count = taken.entry(base.clone()).or_insert(0);
        *count += 1;
        let t = if *count == 1 {
            base
        } else {
            format!("{base} ({count})")
        };
        titles.insert(n.id, t);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "===\ntitle: {}\n===\n",
        map.meta().title.replace('\n', " ")
    );
    let escape = escape_text;
    let tags = |id: NodeId| -> String {
        let n = map.node(id).expect("node");
        let mut t: Vec<String> = n
            .tags
            .iter()
            .map(|t| {
                if t.chars().all(char::is_alphanumeric) {
                    format!("#{t}")
                } else {
                    format!("#({})", t.replace(')', ""))
                }
            })
            .collect();
        if matches!(
            n.kind,
            NodeKind::Evidence | NodeKind::Question | NodeKind::Note
        ) {
            t.push(format!("#{KIND_TAG}{}", n.kind));
        }
        if t.is_empty() {
            String::new()
        } else {
            format!(" {}", t.join(" "))
        }
    };
    let def = |id: NodeId| -> String {
        let n = map.node(id).expect("node");
        format!(
            "[{}]: {}{}",
            title_of(map, id, &titles),
            escape(&n.text),
            tags(id)
        )
    };
    // Statements: roots first, each subtree nested by its primary relation.
    let mut written = std::collections::HashSet::new();
    // Relations the nesting wrote; the rest are written on their own below.
    let mut nested: std::collections::HashSet<(NodeId, NodeId)> = Default::default();
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    // Roots: claims that hang from nothing, or only from a co-premise group (the
    // group is written as an argument below, and the premise's own subtree here).
    // Then any claim that a cycle of relations left unreached, so nothing is lost.
    let mut roots: Vec<NodeId> = map
        .nodes()
        .filter(|n| n.kind.is_claim())
        .filter(|n| map.primary_target(n.id).is_none_or(|e| e.group.is_some()))
        .map(|n| n.id)
        .collect();
    roots.extend(map.nodes().filter(|n| n.kind.is_claim()).map(|n| n.id));
    for root in roots {
        if written.contains(&root) {
            continue;
        }
        stack.push((root, 0));
        while let Some((id, depth)) = stack.pop() {
            if !written.insert(id) {
                continue;
            }
            let n = map.node(id).expect("node");
            let prefix = match (depth, map.primary_target(id).map(|e| e.relation)) {
                (0, _) => String::new(),
                (_, Some(Relation::Supports)) => "+ ".into(),
                (_, Some(Relation::Objects)) => "- ".into(),
                _ => String::new(),
            };
            let _ = writeln!(out, "{}{prefix}{}", "    ".repeat(depth), def(id));
            if depth > 0
                && let Some(p) = map.primary_target(id)
            {
                nested.insert((id, p.to));
            }
            debug_assert!(n.kind.is_claim());
            let kids: Vec<NodeId> = map
                .dependents(id)
                .iter()
                .filter(|e| {
                    e.group.is_none()
                        && map
                            .primary_target(e.from)
                            .is_some_and(|p| p.to == id && p.from == e.from)
                })
                .filter(|e| map.node(e.from).is_some_and(|k| k.kind.is_claim()))
                .map(|e| e.from)
                .collect();
            for k in kids.into_iter().rev() {
                stack.push((k, depth + 1));
            }
        }
        out.push('\n');
    }
    // Relations not drawn by the nesting: cross-links and contradictions.
    let mut extra = String::new();
    for e in map.edges() {
        let drawn = nested.contains(&(e.from, e.to));
        let op = match e.relation {
            Relation::Supports if !drawn && e.group.is_none() => "+>",
            Relation::Objects if !drawn && e.group.is_none() => "->",
            Relation::Contradicts => "><",
            _ => continue,
        };
        let _ = writeln!(
            extra,
            "[{}]\n    {op} [{}]\n",
            title_of(map, e.from, &titles),
            title_of(map, e.to, &titles)
        );
    }
    out.push_str(&extra);
    // Co-premise groups: an argument whose premises conclude the target.
    let mut groups: Vec<(crate::model::GroupId, Vec<NodeId>, NodeId, Relation)> = Vec::new();
    for e in map.edges() {
        if let Some(g) = e.group {
            match groups.iter_mut().find(|x| x.0 == g) {
                Some(x) => x.1.push(e.from),
                None => groups.push((g, vec![e.from], e.to, e.relation)),
            }
        }
    }
    for (k, (_, premises, target, relation)) in groups.iter().enumerate() {
        let name = format!("Argmap reason {}", k + 1);
        let _ = writeln!(out, "<{name}>\n");
        for (i, p) in premises.iter().enumerate() {
            let _ = writeln!(out, "({}) [{}]", i + 1, title_of(map, *p, &titles));
        }
        let conclusion = premises.len() + 1;
        let target = title_of(map, *target, &titles);
        if *relation == Relation::Objects {
            // Argdown's conclusions are supported; premises that attack together are
            // an argument whose conclusion attacks the target.
            let _ = writeln!(
                out,
                "----\n({conclusion}) [{name}]: these premises together #{ATTACK_TAG}\n    -> [{target}]\n"
            );
        } else {
            let _ = writeln!(out, "----\n({conclusion}) [{target}]\n");
        }
    }
    // Questions and notes, with what they are about.
    for n in map.nodes().filter(|n| !n.kind.is_claim()) {
        // Titles hold no quotes (see above), so quoting them is enough.
        let about: Vec<String> = map
            .targets(n.id)
            .iter()
            .map(|e| format!("\"{}\"", title_of(map, e.to, &titles)))
            .collect();
        let about = match about.as_slice() {
            [] => String::new(),
            [one] => format!(" {{about: {one}}}"),
            many => format!(" {{about: [{}]}}", many.join(", ")),
        };
        let _ = writeln!(out, "{}{about}\n", def(n.id));
    }
    out
}
