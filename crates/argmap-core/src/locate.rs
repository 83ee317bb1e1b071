//! Finds where a JSON path (`nodes[3].text`) starts in a document, so that an error
//! found after parsing (a dangling edge, a duplicate id) can still say `line:column`.
//! Only called on error, and only on documents that already parsed, so it can be a
//! small byte scanner; it walks iteratively and cannot overflow the stack.

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Parses the path syntax used in our errors: `key`, `.key`, `[index]`.
pub fn parse_path(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(i) = rest[1..end].parse() {
                steps.push(Step::Index(i));
            }
            rest = &rest[end + 1..];
        }
    }
    steps
}

/// The 1-based line and column (in characters) where the value at `path` starts, or
/// where the deepest step that exists starts.
pub fn locate(doc: &[u8], path: &str) -> (usize, usize) {
    let mut s = Scanner { b: doc, i: 0 };
    s.ws();
    for step in parse_path(path) {
        let found = match step {
            Step::Key(k) => s.enter_key(k.as_bytes()),
            Step::Index(n) => s.enter_index(n),
        };
        if !found {
            break;
        }
    }
    line_column(doc, s.i)
}

pub fn line_column(doc: &[u8], offset: usize) -> (usize, usize) {
    let before = &doc[..offset.min(doc.len())];
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    // Count characters, not bytes: UTF-8 continuation bytes start with 0b10.
    let column = before[start..]
        .iter()
        .filter(|&&c| c & 0b1100_0000 != 0b1000_0000)
        .count()
        + 1;
    (line, column)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Skips a string starting at its opening quote; returns its raw bytes.
    fn string(&mut self) -> &[u8] {
        let start = self.i + 1;
        self.i += 1;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return &self.b[start..self.i - 1];
                }
                _ => self.i += 1,
            }
        }
        &self.b[start.min(self.b.len())..]
    }

    fn skip_value(&mut self) {
        match self.peek() {
            Some(b'"') => {
                self.string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            self.string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
            }
        }
    }

    fn enter_key(&mut self, key: &[u8]) -> bool {
        if self.peek() != Some(b'{') {
            return false;
        }
        let start = self.i;
        self.i += 1;
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                break;
            }
            let matches = self.string() == key;
            self.ws();
            if self.peek() != Some(b':') {
                break;
            }
            self.i += 1;
            self.ws();
            if matches {
                return true;
            }
            self.skip_value();
            self.ws();
            if self.peek() != Some(b',') {
                break;
            }
            self.i += 1;
        }
        self.i = start;
        false
    }

    fn enter_index(&mut self, n: usize) -> bool {
        if self.peek() != Some(b'[') {
            return false;
        }
        let start = self.i;
        self.i += 1;
        self.ws();
        for _ in 0..n {
            self.skip_value();
            self.ws();
            if self.peek() != Some(b',') {
                self.i = start;
                return false;
            }
            self.i += 1;
            self.ws();
        }
        if matches!(self.peek(), Some(b']') | None) {
            self.i = start;
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_by_line_and_column() {
        let doc = br#"{
  "a": {"x": [1, {"y": "caf\u00e9 \"q\""}, [2, 3]]},
  "nodes": [
    {"id": "n1"},
    {"id": "n2", "text": "\u00e9t\u00e9"}
  ]
}"#;
        assert_eq!(locate(doc, "nodes"), (3, 12));
        assert_eq!(locate(doc, "nodes[1]"), (5, 5));
        assert_eq!(locate(doc, "nodes[1].text"), (5, 26));
        assert_eq!(locate(doc, "a.x[2]"), (2, 44));
        // A step that does not exist leaves the position at the deepest one that does.
        assert_eq!(locate(doc, "nodes[7].id"), (3, 12));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = "[\"ééé\", 1]".as_bytes();
        assert_eq!(locate(doc, "[1]"), (1, 9));
    }

    #[test]
    fn parses_paths() {
        assert_eq!(
            parse_path("edges[12].to"),
            vec![
                Step::Key("edges".into()),
                Step::Index(12),
                Step::Key("to".into())
            ]
        );
    }
}
