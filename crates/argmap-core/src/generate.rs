//! Synthetic maps that look like real debates: theses with nested supports, objections,
//! rebuttals, evidence with sources, questions, co-premises, cross-links and
//! contradictions. Every benchmark runs on them, so the same size and seed always give
//! the same bytes; the generator has its own small PRNG for that reason rather than a
//! crate whose algorithm may change between versions.

use crate::map::ArgumentMap;
use crate::model::{Edge, GroupId, MapMeta, Node, NodeId, NodeKind, Relation, Source};

/// SplitMix64: tiny, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn bytes(&mut self) -> [u8; 16] {
        let mut b = [0; 16];
        b[..8].copy_from_slice(&self.next().to_le_bytes());
        b[8..].copy_from_slice(&self.next().to_le_bytes());
        b
    }
}

const WORDS: &[&str] = &[
    "scaling",
    "compute",
    "data",
    "models",
    "research",
    "progress",
    "benchmarks",
    "labs",
    "training",
    "inference",
    "agents",
    "learning",
    "returns",
    "evidence",
    "economics",
    "deployment",
    "algorithms",
    "capability",
    "generalization",
    "reasoning",
    "the",
    "of",
    "more",
    "less",
    "than",
    "will",
    "not",
    "because",
    "cost",
    "growth",
    "internet",
    "synthetic",
    "human",
    "workers",
    "revenue",
    "diffusion",
    "adoption",
    "robotics",
    "transformers",
    "architecture",
    "efficiency",
    "hardware",
    "trend",
    "curve",
    "limits",
    "ideas",
    "talent",
    "academia",
    "industry",
    "continual",
    "context",
    "skills",
    "tasks",
    "jobs",
    "value",
    "measure",
    "predict",
    "timelines",
    "decade",
    "pretraining",
    "reinforcement",
    "environments",
    "orchestration",
    "brittle",
    "robust",
    "gains",
    "marginal",
    "exponential",
    "linear",
    "bottleneck",
    "resources",
    "investment",
    "risk",
    "frontier",
    "paradigm",
    "breakthrough",
    "usefulness",
    "impressive",
    "economy",
];

const TITLES: &[&str] = &[
    "Thoughts on AI progress",
    "Scaling laws revisited",
    "The data wall",
    "Compute trends",
    "On continual learning",
    "RL environments at scale",
    "Diffusion of technology",
];
const AUTHORS: &[&str] = &[
    "D. Patel",
    "I. Sutskever",
    "T. Ord",
    "J. Kaplan",
    "E. Brynjolfsson",
    "A. Researcher",
];

fn sentence(rng: &mut Rng, question: bool) -> String {
    let n = 6 + rng.below(19);
    let mut s = String::with_capacity(n * 9);
    for i in 0..n {
        let w = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push(if question { '?' } else { '.' });
    s
}

/// A valid map of `nodes` nodes (at least one), the same for the same size and seed.
pub fn generate(nodes: usize, seed: u64) -> ArgumentMap {
    let nodes = nodes.max(1);
    let mut rng = Rng(seed ^ 0xA5A5_5A5A_0F0F_F0F0);
    let theses = (nodes / 40).clamp(1, nodes);
    let mut records: Vec<Node> = Vec::with_capacity(nodes);
    let mut edges: Vec<Edge> = Vec::with_capacity(nodes + nodes / 10);
    // Claims that can take children: (index in records, depth).
    let mut claims: Vec<(usize, usize)> = Vec::with_capacity(nodes);
    // The last support added under each target, to group co-premises with.
    let mut last_support: std::collections::HashMap<usize, usize> = Default::default();

    for _ in 0..theses {
        let text = sentence(&mut rng, false);
        records.push(Node::with_id(
            NodeId::from_random_bytes(rng.bytes()),
            NodeKind::Thesis,
            text,
        ));
        claims.push((records.len() - 1, 0));
    }
    while records.len() < nodes {
        // Half the time stay near the newest claims, which grows deep threads; else
        // anywhere, which grows broad ones.
        let pick = if rng.chance(50) {
            claims[rng.below(claims.len())]
        } else {
            let recent = claims.len().min(12);
            claims[claims.len() - 1 - rng.below(recent)]
        };
        let (parent, depth) = if pick.1 >= 7 {
            claims[rng.below(theses)]
        } else {
            pick
        };
        let parent_kind = records[parent].kind;
        let roll = rng.below(100);
        let kind = if parent_kind == NodeKind::Evidence {
            // Evidence is questioned or disputed, rarely supported.
            if roll < 80 {
                NodeKind::Objection
            } else {
                NodeKind::Question
            }
        } else {
            match roll {
                0..34 => NodeKind::Support,
                34..64 => NodeKind::Objection,
                64..86 => NodeKind::Evidence,
                86..94 => NodeKind::Question,
                _ => NodeKind::Note,
            }
        };
        let id = NodeId::from_random_bytes(rng.bytes());
        let mut node = Node::with_id(id, kind, sentence(&mut rng, kind == NodeKind::Question));
        if kind == NodeKind::Evidence {
            node.source = Some(Source {
                title: Some(TITLES[rng.below(TITLES.len())].to_string()),
                author: Some(AUTHORS[rng.below(AUTHORS.len())].to_string()),
                url: Some(format!("https://example.org/sources/{}", rng.below(10_000))),
                date: Some(format!("{}", 2015 + rng.below(11))),
                ..Source::default()
            });
        }
        if rng.chance(5) {
            node.tags = vec![WORDS[rng.below(WORDS.len())].to_string()];
        }
        let relation = kind
            .natural_relation()
            .expect("only theses lack a relation");
        let mut edge = Edge::new(id, records[parent].id, relation);
        if kind == NodeKind::Support {
            if let Some(&prev) = last_support.get(&parent)
                && rng.chance(10)
            {
                let group = edges[prev]
                    .group
                    .unwrap_or_else(|| GroupId::from_random_bytes(rng.bytes()));
                edges[prev].group = Some(group);
                edge.group = Some(group);
            }
            last_support.insert(parent, edges.len());
        }
        edges.push(edge);
        records.push(node);
        if kind.is_claim() {
            claims.push((records.len() - 1, depth + 1));
        }
    }

    let mut taken: std::collections::HashSet<(NodeId, NodeId)> =
        edges.iter().map(|e| e.key()).collect();
    let mut link = |edges: &mut Vec<Edge>, from: NodeId, to: NodeId, relation: Relation| {
        if from != to && !taken.contains(&(to, from)) && taken.insert((from, to)) {
            edges.push(Edge::new(from, to, relation));
        }
    };
    // Cross-links: a reason that bears on a second claim as well.
    for _ in 0..nodes / 25 {
        let (from, _) = claims[rng.below(claims.len())];
        let (to, _) = claims[rng.below(claims.len())];
        let relation = match records[from].kind {
            NodeKind::Objection => Relation::Objects,
            NodeKind::Thesis => continue,
            _ => Relation::Supports,
        };
        link(&mut edges, records[from].id, records[to].id, relation);
    }
    // Theses in tension.
    for _ in 0..theses / 3 {
        let (a, b) = (rng.below(theses), rng.below(theses));
        link(
            &mut edges,
            records[a].id,
            records[b].id,
            Relation::Contradicts,
        );
    }

    let meta = MapMeta {
        title: format!("Synthetic debate ({nodes} nodes, seed {seed})"),
        description: "Generated by `argmap gen` for tests and benchmarks.".into(),
        authors: vec!["argmap gen".into()],
        created: Some(time::macros::datetime!(2025-01-01 00:00 UTC)),
        modified: Some(time::macros::datetime!(2025-01-01 00:00 UTC)),
    };
    ArgumentMap::from_parts(meta, records, edges).expect("generated maps are valid")
}
