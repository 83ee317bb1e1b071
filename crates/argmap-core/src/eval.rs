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
//!
//! Grounded semantics is sceptical: two claims that contradict each other both stay
//! undecided. For those undecided parts the evaluation also asks how the conflict could be
//! resolved, under **preferred** semantics: each preferred extension is a maximal
//! admissible set of claims (conflict-free, and answering every attack on its members).
//! A claim accepted in every preferred extension is accepted *sceptically*, in some of
//! them *credulously*. Preferred extensions are found by a search over each connected
//! undecided part, bounded by [`PREFERRED_BUDGET`]; the search is exact within the bound
//! and says so (leaves the answer `None`) when it gives up.
//!
//! A claim the user has settled ([`crate::model::Assumption`]) keeps that status whatever
//! attacks it, and its effect flows through the map like any other.

use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt};

use serde::Serialize;

use crate::map::ArgumentMap;
use crate::model::{Assumption, GroupId, NodeId, NodeKind, Relation};

/// The most steps the preferred search takes over one connected undecided part of a map
/// (one step = one partial set of claims tried), and the most claims such a part may have.
/// Real disputes are a handful of claims in a cycle; a generated tangle of hundreds is
/// given up on rather than stalling an edit.
pub const PREFERRED_BUDGET: usize = 50_000;
const PREFERRED_MAX_PART: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    In,
    Out,
    Undecided,
}

/// A list of numbers for each claim, all in one array: for 10,000 claims, two arrays
/// instead of thousands of small ones.
#[derive(Clone, Debug, Default)]
struct Lists {
    /// Where each claim's list starts in `items`; one more than there are claims.
    start: Vec<usize>,
    items: Vec<usize>,
}

impl Lists {
    /// The lists of `n` claims from (claim, item) pairs; each list keeps the pairs'
    /// order. `pairs` is walked twice: once to count, once to fill.
    fn new<I: Iterator<Item = (usize, usize)>>(n: usize, pairs: impl Fn() -> I) -> Lists {
        let mut start = vec![0usize; n + 1];
        for (k, _) in pairs() {
            start[k + 1] += 1;
        }
        for k in 0..n {
            start[k + 1] += start[k];
        }
        let mut next = start.clone();
        let mut items = vec![0; start[n]];
        for (k, v) in pairs() {
            items[next[k]] = v;
            next[k] += 1;
        }
        Lists { start, items }
    }
}

impl std::ops::Index<usize> for Lists {
    type Output = [usize];
    fn index(&self, k: usize) -> &[usize] {
        &self.items[self.start[k]..self.start[k + 1]]
    }
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

/// How a claim fares across the preferred extensions of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Acceptance {
    /// In every preferred extension: however the conflicts are resolved, it stands.
    Sceptical,
    /// In some preferred extensions but not all: it stands on one resolution.
    Credulous,
    /// In none.
    Rejected,
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
    /// An objection that stands and that nothing objects to: the next thing for the
    /// other side to answer.
    pub unanswered: bool,
    /// Under preferred semantics. Follows from the label for claims that are in
    /// (sceptical) or out (rejected); searched for undecided ones, and `None` when the
    /// search gave up on the part of the map they are in.
    pub preferred: Option<Acceptance>,
}

/// The evaluation of a whole map, in map order; questions and notes are left out.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub statuses: Vec<Status>,
    /// Each claim's place in `statuses`, made when first asked for (an edit's
    /// evaluation is compared with the last one mostly by walking both in order).
    index: std::sync::OnceLock<HashMap<NodeId, usize>>,
    claims: Vec<NodeId>,
    attacks: Vec<Attack>,
    attacked_by: Lists,
    labels: Vec<Label>,
    /// Undecided parts of the map too large for the preferred search.
    pub preferred_gave_up: usize,
}

impl Evaluation {
    /// Why `id` has its status, in words ("defeated by objection ‘X’, which no one has
    /// answered"). Written on demand: the app asks for the selected node only.
    pub fn explain(&self, map: &ArgumentMap, id: NodeId) -> Option<String> {
        let &i = self.index().get(&id)?;
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
            s.preferred,
        ))
    }

    pub fn get(&self, id: NodeId) -> Option<&Status> {
        self.index().get(&id).map(|&i| &self.statuses[i])
    }

    fn index(&self) -> &HashMap<NodeId, usize> {
        self.index.get_or_init(|| {
            self.claims
                .iter()
                .enumerate()
                .map(|(i, &id)| (id, i))
                .collect()
        })
    }

    pub fn label(&self, id: NodeId) -> Option<Label> {
        self.get(id).map(|s| s.label)
    }

    /// What changed since `before` (an evaluation of the same map before some edits):
    /// the statuses that are new or differ, in map order, and the claims `before` had
    /// that this one has not (deleted, or no longer claims). Both lists are in map
    /// order, which an edit changes little, so they are walked side by side; a claim
    /// not where the walk expects it is looked up.
    pub fn changes_since<'a>(&'a self, before: &Evaluation) -> (Vec<&'a Status>, Vec<NodeId>) {
        let mut changed = Vec::new();
        let mut seen = vec![false; before.statuses.len()];
        let mut along = 0isize;
        for (i, s) in self.statuses.iter().enumerate() {
            let at = usize::try_from(i as isize + along)
                .ok()
                .filter(|&j| before.statuses.get(j).is_some_and(|b| b.id == s.id))
                .or_else(|| before.index().get(&s.id).copied());
            match at {
                Some(j) => {
                    seen[j] = true;
                    along = j as isize - i as isize;
                    if before.statuses[j] != *s {
                        changed.push(s);
                    }
                }
                None => changed.push(s),
            }
        }
        let gone = before
            .statuses
            .iter()
            .zip(&seen)
            .filter(|(_, seen)| !**seen)
            .map(|(b, _)| b.id)
            .collect();
        (changed, gone)
    }
}

fn quote(map: &ArgumentMap, id: NodeId) -> String {
    let n = map.node(id).expect("evaluated nodes exist");
    format!("‘{}’", crate::model::shorten(n.name(), 60))
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

/// Whether `patches` can change what [`evaluate`] gives: it reads the nodes there are,
/// their kinds and assumptions, and the edges. A change of text, notes, tags, source,
/// position or folding cannot, and the last evaluation still holds after it.
pub fn changed_by(patches: &[crate::Patch]) -> bool {
    patches.iter().any(|p| {
        !p.nodes_added.is_empty()
            || !p.nodes_removed.is_empty()
            || !p.edges_added.is_empty()
            || !p.edges_removed.is_empty()
            || !p.edges_updated.is_empty()
            || p.nodes_updated
                .iter()
                .any(|c| c.before.kind != c.after.kind || c.before.assume != c.after.assume)
    })
}

/// Evaluates `map`. Claims the user settled (`Node::assume`) are taken as accepted (in)
/// or rejected (out) whatever attacks them; their effect flows through the rest of the map.
pub fn evaluate(map: &ArgumentMap) -> Evaluation {
    // Claims by their position in the map, and each node's claim number: the passes
    // below go by position, never looking a node up by its id.
    const NONE: usize = usize::MAX;
    let mut claim_of = vec![NONE; map.len()];
    let mut claims: Vec<NodeId> = Vec::new();
    let mut assumptions: Vec<Option<Assumption>> = Vec::new();
    let mut theses: Vec<bool> = Vec::new();
    for (p, node) in map.nodes().enumerate() {
        if node.kind.is_claim() {
            claim_of[p] = claims.len();
            claims.push(node.id);
            assumptions.push(node.assume);
            theses.push(node.kind == NodeKind::Thesis);
        }
    }
    let n = claims.len();

    // Attacks: single objections, grouped premises, both directions of a contradiction.
    let mut attacks: Vec<Attack> = Vec::new();
    let mut grouped: HashMap<GroupId, usize> = HashMap::new();
    // Supports between claims, for "unsupported theses" once the labels are known.
    let mut supports: Vec<(usize, usize, Option<GroupId>)> = Vec::new();
    // Claims that object to something (for "unanswered objections").
    let mut objects = vec![false; n];
    for (a, b, e) in map.edges_by_position() {
        let at = |p: usize| claim_of.get(p).copied().unwrap_or(NONE);
        let (from, to) = (at(a), at(b));
        if from == NONE || to == NONE {
            continue;
        }
        match e.relation {
            Relation::Objects => {
                objects[from] = true;
                match e.group {
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
                }
            }
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
            Relation::Supports => supports.push((from, to, e.group)),
            Relation::Annotates => {}
        }
    }
    let attacked_by = Lists::new(n, || {
        attacks.iter().enumerate().map(|(a, at)| (at.target, a))
    });
    let member_of = Lists::new(n, || {
        attacks
            .iter()
            .enumerate()
            .flat_map(|(a, at)| at.members.iter().map(move |&m| (m, a)))
    });

    // The fixpoint, by counting: a node is in once all its attacks are broken (have a
    // member out); out once one of its attacks is whole (all members in).
    let mut label: Vec<Option<Label>> = vec![None; n];
    let mut broken = vec![0usize; n];
    let mut queue: VecDeque<(usize, Label)> = VecDeque::new();
    let assumed: Vec<bool> = assumptions.iter().map(Option::is_some).collect();
    for (i, a) in assumptions.iter().enumerate() {
        match a {
            Some(Assumption::Accepted) => queue.push_back((i, Label::In)),
            Some(Assumption::Rejected) => queue.push_back((i, Label::Out)),
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
    for (from, to, group) in supports {
        let stands = label[from] == Label::In;
        match group {
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

    let (preferred, preferred_gave_up) = preferred(&attacks, &attacked_by, &label);

    let statuses = claims
        .iter()
        .enumerate()
        .map(|(i, &id)| Status {
            id,
            label: label[i],
            unsupported: theses[i] && !supported[i],
            assumed: assumed[i],
            unanswered: label[i] == Label::In && attacked_by[i].is_empty() && objects[i],
            preferred: preferred[i],
        })
        .collect();
    Evaluation {
        statuses,
        index: Default::default(),
        claims,
        attacks,
        attacked_by,
        labels: label,
        preferred_gave_up,
    }
}

/// Acceptance under preferred semantics, given the grounded labelling; and how many
/// undecided parts the search gave up on.
///
/// Every preferred extension contains the grounded one and nothing it defeats, so only
/// the undecided claims are open. They fall into parts joined by attacks (an attack
/// among undecided claims joins its target and its undecided members); an attack with a
/// defeated member is already answered, so the parts are independent, and a preferred
/// extension of the map is the grounded extension plus one preferred extension of each
/// part. Within a part, the search walks its claims in order, adding each to the set or
/// not, never adding one that would put the set in conflict, and keeps the admissible
/// sets it reaches; the preferred ones are the maximal among them.
fn preferred(
    attacks: &[Attack],
    attacked_by: &Lists,
    label: &[Label],
) -> (Vec<Option<Acceptance>>, usize) {
    let n = label.len();
    let mut out: Vec<Option<Acceptance>> = label
        .iter()
        .map(|l| match l {
            Label::In => Some(Acceptance::Sceptical),
            Label::Out => Some(Acceptance::Rejected),
            Label::Undecided => None,
        })
        .collect();
    // Attacks still open: on an undecided claim, with no defeated member.
    let open = |a: &Attack| {
        label[a.target] == Label::Undecided && a.members.iter().all(|&m| label[m] != Label::Out)
    };
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for a in attacks.iter().filter(|a| open(a)) {
        for &m in &a.members {
            if label[m] == Label::Undecided {
                let (x, y) = (find(&mut parent, m), find(&mut parent, a.target));
                parent[x] = y;
            }
        }
    }
    let mut parts: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in (0..n).filter(|&i| label[i] == Label::Undecided) {
        let root = find(&mut parent, i);
        parts.entry(root).or_default().push(i);
    }
    let mut gave_up = 0;
    let mut local = vec![usize::MAX; n];
    for part in parts.values() {
        if part.len() > PREFERRED_MAX_PART {
            gave_up += 1;
            continue;
        }
        for (k, &i) in part.iter().enumerate() {
            local[i] = k;
        }
        // Each open attack on the part: the bits of its undecided members, its target.
        let mut mine: Vec<(u64, usize)> = Vec::new();
        for &i in part {
            for &a in &attacked_by[i] {
                let at = &attacks[a];
                if open(at) {
                    let members = at
                        .members
                        .iter()
                        .filter(|&&m| label[m] == Label::Undecided)
                        .fold(0u64, |bits, &m| bits | 1 << local[m]);
                    mine.push((members, local[i]));
                }
            }
        }
        match preferred_in_part(part.len(), &mine) {
            Some((sceptical, credulous)) => {
                for (k, &i) in part.iter().enumerate() {
                    out[i] = Some(if sceptical & 1 << k != 0 {
                        Acceptance::Sceptical
                    } else if credulous & 1 << k != 0 {
                        Acceptance::Credulous
                    } else {
                        Acceptance::Rejected
                    });
                }
            }
            None => gave_up += 1,
        }
    }
    (out, gave_up)
}

/// The claims (as bits) in every and in some preferred extension of one part with
/// `size` claims and these attacks (members, target); `None` past the budget.
fn preferred_in_part(size: usize, attacks: &[(u64, usize)]) -> Option<(u64, u64)> {
    let conflict = |set: u64| {
        attacks
            .iter()
            .any(|&(m, t)| m & set == m && set & 1 << t != 0)
    };
    let admissible = |set: u64| {
        let beaten = attacks
            .iter()
            .filter(|&&(m, _)| m & set == m)
            .fold(0u64, |bits, &(_, t)| bits | 1 << t);
        attacks
            .iter()
            .all(|&(m, t)| set & 1 << t == 0 || m & beaten != 0)
    };
    let mut steps = 0usize;
    let mut found: Vec<u64> = Vec::new();
    // Depth-first over (set so far, next claim to decide).
    let mut stack: Vec<(u64, usize)> = vec![(0, 0)];
    while let Some((set, k)) = stack.pop() {
        steps += 1;
        if steps > PREFERRED_BUDGET {
            return None;
        }
        if k == size {
            if admissible(set) {
                found.push(set);
            }
            continue;
        }
        stack.push((set, k + 1));
        let with = set | 1 << k;
        if !conflict(with) {
            stack.push((with, k + 1));
        }
    }
    let maximal: Vec<u64> = found
        .iter()
        .copied()
        .filter(|&a| !found.iter().any(|&b| b != a && b & a == a))
        .collect();
    let sceptical = maximal.iter().fold(u64::MAX, |acc, &m| acc & m);
    let credulous = maximal.iter().fold(0, |acc, &m| acc | m);
    Some((sceptical, credulous))
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
    attacked_by: &Lists,
    label: &[Label],
    i: usize,
    assumed: bool,
    unsupported: bool,
    preferred: Option<Acceptance>,
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
            let resolved = match preferred {
                Some(Acceptance::Sceptical) => {
                    "; it stands however the conflict is resolved (preferred semantics)"
                }
                Some(Acceptance::Credulous) => {
                    "; it stands on some resolutions of the conflict, not all (preferred semantics)"
                }
                Some(Acceptance::Rejected) => {
                    "; it falls however the conflict is resolved (preferred semantics)"
                }
                None => "; the conflict is too tangled to resolve exactly",
            };
            let tail = format!("{resolved}{tail}");
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
