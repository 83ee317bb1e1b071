//! Which statements stand: the grounded labelling of abstract argumentation (Dung 1995;
//! Caminada's in/out/undecided labelling), computed from the map's structure.
//!
//! Claims (theses, supports, objections, evidence) are the arguments. An objection, or
//! evidence joined by `objects`, attacks its target; a contradiction is a mutual attack.
//! Co-premises attack together: their group's attack holds only while every premise
//! stands, so a group falls when any premise falls (collective attacks, as in SETAFs).
//! Questions and notes take no side and get no status.
//!
//! A claim is **in** (stands) when every attack on it has a defeated member, **out**
//! (defeated) when some attack on it has all members in, and **undecided** otherwise
//! (cycles of attacks the structure cannot settle). Separately, a thesis is flagged
//! **unsupported** when none of its supports or pieces of evidence stands.
//!
//! The labelling is computed in time linear in the size of the map: each node and each
//! attack is visited a bounded number of times.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use crate::map::ArgumentMap;
use crate::model::{GroupId, NodeId, NodeKind, Relation};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    In,
    Out,
    Undecided,
}

/// One attack: its members (one objection, or the premises of a co-premise group)
/// against a target.
#[derive(Clone, Debug)]
struct Attack {
    members: Vec<usize>,
    target: usize,
    members_in: usize,
    members_out: usize,
}

/// The status of one claim and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Status {
    pub id: NodeId,
    pub label: Label,
    /// A thesis none of whose supports or evidence stands.
    pub unsupported: bool,
    /// Set by the user rather than computed.
    pub assumed: bool,
}

/// The evaluation of a whole map, in map order; questions and notes are left out.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub statuses: Vec<Status>,
    index: HashMap<NodeId, usize>,
    claims: Vec<NodeId>,
    attacks: Vec<Attack>,
    attacked_by: Vec<Vec<usize>>,
    labels: Vec<Label>,
}

impl Evaluation {
    /// Why `id` has its status, in words ("defeated by objection ‘X’, which no one has
    /// answered"). Written on demand: the app asks for the selected node only.
    pub fn explain(&self, map: &ArgumentMap, id: NodeId) -> Option<String> {
        let &i = self.index.get(&id)?;
        let s = &self.statuses[i];
        Some(explain(
            map,
            &self.claims,
            &self.attacks,
            &self.attacked_by,
            &self.labels,
            i,
            s.assumed,
            s.unsupported,
        ))
    }

    pub fn get(&self, id: NodeId) -> Option<&Status> {
        self.index.get(&id).map(|&i| &self.statuses[i])
    }

    pub fn label(&self, id: NodeId) -> Option<Label> {
        self.get(id).map(|s| s.label)
    }
}

fn quote(map: &ArgumentMap, id: NodeId) -> String {
    let n = map.node(id).expect("evaluated nodes exist");
    let text = n
        .label
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or(&n.text)
        .trim();
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("‘{short}…’")
    } else {
        format!("‘{short}’")
    }
}

fn noun(map: &ArgumentMap, id: NodeId) -> &'static str {
    match map.node(id).map(|n| n.kind) {
        Some(NodeKind::Objection) if map.is_rebuttal(id) => "rebuttal",
        Some(NodeKind::Objection) => "objection",
        Some(NodeKind::Thesis) => "thesis",
        Some(NodeKind::Evidence) => "evidence",
        Some(NodeKind::Support) => "reason",
        _ => "statement",
    }
}

/// Evaluates `map`. `assumptions` fixes some claims as accepted (in) or rejected (out)
/// whatever attacks them; their effect flows through the rest of the map.
pub fn evaluate(map: &ArgumentMap, assumptions: &HashMap<NodeId, bool>) -> Evaluation {
    let claims: Vec<NodeId> = map
        .nodes()
        .filter(|n| n.kind.is_claim())
        .map(|n| n.id)
        .collect();
    let index: HashMap<NodeId, usize> = claims.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let n = claims.len();

    // Attacks: single objections, grouped premises, both directions of a contradiction.
    let mut attacks: Vec<Attack> = Vec::new();
    let mut grouped: HashMap<GroupId, usize> = HashMap::new();
    for e in map.edges() {
        let (Some(&from), Some(&to)) = (index.get(&e.from), index.get(&e.to)) else {
            continue;
        };
        match e.relation {
            Relation::Objects => match e.group {
                Some(g) => {
                    let a = *grouped.entry(g).or_insert_with(|| {
                        attacks.push(Attack {
                            members: Vec::new(),
                            target: to,
                            members_in: 0,
                            members_out: 0,
                        });
                        attacks.len() - 1
                    });
                    attacks[a].members.push(from);
                }
                None => attacks.push(Attack {
                    members: vec![from],
                    target: to,
                    members_in: 0,
                    members_out: 0,
                }),
            },
            Relation::Contradicts => {
                attacks.push(Attack {
                    members: vec![from],
                    target: to,
                    members_in: 0,
                    members_out: 0,
                });
                attacks.push(Attack {
                    members: vec![to],
                    target: from,
                    members_in: 0,
                    members_out: 0,
                });
            }
            Relation::Supports | Relation::Annotates => {}
        }
    }
    let mut attacked_by: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut member_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, at) in attacks.iter().enumerate() {
        attacked_by[at.target].push(a);
        for &m in &at.members {
            member_of[m].push(a);
        }
    }

    // The fixpoint, by counting: a node is in once all its attacks are broken (have a
    // member out); out once one of its attacks is whole (all members in).
    let mut label: Vec<Option<Label>> = vec![None; n];
    let mut broken = vec![0usize; n];
    let mut queue: VecDeque<(usize, Label)> = VecDeque::new();
    let assumed: Vec<bool> = claims
        .iter()
        .map(|id| assumptions.contains_key(id))
        .collect();
    for (i, id) in claims.iter().enumerate() {
        match assumptions.get(id) {
            Some(true) => queue.push_back((i, Label::In)),
            Some(false) => queue.push_back((i, Label::Out)),
            None if attacked_by[i].is_empty() => queue.push_back((i, Label::In)),
            None => {}
        }
    }
    while let Some((i, l)) = queue.pop_front() {
        if label[i].is_some() {
            continue;
        }
        label[i] = Some(l);
        for &a in &member_of[i] {
            let at = &mut attacks[a];
            let t = at.target;
            match l {
                Label::In => {
                    at.members_in += 1;
                    if at.members_in == at.members.len() && label[t].is_none() && !assumed[t] {
                        queue.push_back((t, Label::Out));
                    }
                }
                Label::Out => {
                    at.members_out += 1;
                    if at.members_out == 1 {
                        broken[t] += 1;
                        if broken[t] == attacked_by[t].len() && label[t].is_none() && !assumed[t] {
                            queue.push_back((t, Label::In));
                        }
                    }
                }
                Label::Undecided => {}
            }
        }
    }
    let label: Vec<Label> = label
        .into_iter()
        .map(|l| l.unwrap_or(Label::Undecided))
        .collect();

    // Unsupported theses: no supporting node (or co-premise group) that stands.
    let mut supported = vec![false; n];
    let mut support_groups: HashMap<GroupId, (usize, bool)> = HashMap::new();
    for e in map.edges().filter(|e| e.relation == Relation::Supports) {
        let (Some(&from), Some(&to)) = (index.get(&e.from), index.get(&e.to)) else {
            continue;
        };
        let stands = label[from] == Label::In;
        match e.group {
            Some(g) => {
                let entry = support_groups.entry(g).or_insert((to, true));
                entry.1 &= stands;
            }
            None => supported[to] |= stands,
        }
    }
    for (to, stands) in support_groups.into_values() {
        supported[to] |= stands;
    }

    let statuses = claims
        .iter()
        .enumerate()
        .map(|(i, &id)| Status {
            id,
            label: label[i],
            unsupported: map.node(id).is_some_and(|n| n.kind == NodeKind::Thesis) && !supported[i],
            assumed: assumed[i],
        })
        .collect();
    Evaluation {
        statuses,
        index,
        claims,
        attacks,
        attacked_by,
        labels: label,
    }
}

fn names(map: &ArgumentMap, claims: &[NodeId], members: &[usize]) -> String {
    let parts: Vec<String> = members.iter().map(|&m| quote(map, claims[m])).collect();
    match parts.len() {
        1 => format!("{} {}", noun(map, claims[members[0]]), parts[0]),
        _ => format!("the co-premises {}", parts.join(" and ")),
    }
}

#[allow(clippy::too_many_arguments)]
fn explain(
    map: &ArgumentMap,
    claims: &[NodeId],
    attacks: &[Attack],
    attacked_by: &[Vec<usize>],
    label: &[Label],
    i: usize,
    assumed: bool,
    unsupported: bool,
) -> String {
    let tail = if unsupported {
        "; nothing that supports it stands"
    } else {
        ""
    };
    if assumed {
        let l = if label[i] == Label::In {
            "accepted"
        } else {
            "rejected"
        };
        return format!("{l} by assumption{tail}");
    }
    let mine: Vec<&Attack> = attacked_by[i].iter().map(|&a| &attacks[a]).collect();
    match label[i] {
        Label::In if mine.is_empty() => format!("stands: nothing objects to it{tail}"),
        Label::In => {
            let answered: Vec<String> = mine
                .iter()
                .take(3)
                .map(|a| {
                    let fallen = a
                        .members
                        .iter()
                        .find(|&&m| label[m] == Label::Out)
                        .copied()
                        .unwrap_or(a.members[0]);
                    let by = attacked_by[fallen]
                        .iter()
                        .map(|&b| &attacks[b])
                        .find(|b| b.members.iter().all(|&m| label[m] == Label::In));
                    match by {
                        Some(b) => format!(
                            "{} is answered by {}",
                            names(map, claims, &a.members),
                            names(map, claims, &b.members)
                        ),
                        None => format!("{} falls", names(map, claims, &a.members)),
                    }
                })
                .collect();
            let all = if mine.len() == 1 {
                "its one objection is answered"
            } else {
                "every objection is answered"
            };
            let more = if mine.len() > 3 {
                format!(" (and {} more)", mine.len() - 3)
            } else {
                String::new()
            };
            format!("stands: {all}: {}{more}{tail}", answered.join("; "))
        }
        Label::Out => {
            let winner = mine
                .iter()
                .find(|a| a.members.iter().all(|&m| label[m] == Label::In))
                .expect("out has a standing attack");
            let unanswered = winner.members.iter().all(|&m| attacked_by[m].is_empty());
            let how = if unanswered {
                ", which no one has answered"
            } else {
                ", which stands"
            };
            format!(
                "defeated by {}{how}{tail}",
                names(map, claims, &winner.members)
            )
        }
        Label::Undecided => {
            // Follow undecided attackers until one repeats: that is the cycle.
            let mut path = vec![i];
            let mut at = i;
            while let Some(next) = attacked_by[at]
                .iter()
                .flat_map(|&a| attacks[a].members.iter().copied())
                .find(|&m| label[m] == Label::Undecided)
            {
                if let Some(p) = path.iter().position(|&x| x == next) {
                    path.drain(..p);
                    break;
                }
                path.push(next);
                at = next;
            }
            if path.len() == 1
                && attacked_by[i]
                    .iter()
                    .any(|&a| attacks[a].members.contains(&i))
            {
                return format!("undecided: it objects to itself{tail}");
            }
            let others: Vec<String> = path
                .iter()
                .filter(|&&x| x != i)
                .take(3)
                .map(|&x| quote(map, claims[x]))
                .collect();
            if path.contains(&i) && !others.is_empty() {
                format!(
                    "undecided: in an unresolved conflict with {}{tail}",
                    others.join(", ")
                )
            } else if let Some(first) = others.first() {
                format!("undecided: it hangs on {first}, which is in an unresolved cycle{tail}")
            } else {
                format!("undecided{tail}")
            }
        }
    }
}
