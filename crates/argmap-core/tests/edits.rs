//! Edits: what each one does to a map, what it refuses, and that undo and redo give
//! back exactly the states that were there.

use argmap_core::format::to_bytes;
use argmap_core::generate::generate;
use argmap_core::{
    ArgumentMap, Document, Edit, EditError, MapMeta, Node, NodeFields, NodeId, NodeKind,
    PatchError, Point, Relation, Violation,
};
use proptest::prelude::*;

/// thesis T; S supports T; O objects to T; R objects to O (a rebuttal).
fn small() -> (Document, [NodeId; 4]) {
    let mut doc = Document::new(ArgumentMap::new(MapMeta::titled("small")));
    let t = Node::new(NodeKind::Thesis, "T");
    let s = Node::new(NodeKind::Support, "S");
    let o = Node::new(NodeKind::Objection, "O");
    let r = Node::new(NodeKind::Objection, "R");
    let ids = [t.id, s.id, o.id, r.id];
    doc.apply(&add(t, None)).unwrap();
    doc.apply(&add(s, Some(ids[0]))).unwrap();
    doc.apply(&add(o, Some(ids[0]))).unwrap();
    doc.apply(&add(r, Some(ids[2]))).unwrap();
    (doc, ids)
}

fn add(node: Node, target: Option<NodeId>) -> Edit {
    Edit::AddNode {
        node,
        target,
        relation: None,
        after: None,
    }
}

#[test]
fn a_node_added_under_a_target_takes_its_kinds_relation() {
    let (doc, [t, s, o, r]) = small();
    let map = doc.map();
    assert_eq!(map.edge(s, t).unwrap().relation, Relation::Supports);
    assert_eq!(map.edge(o, t).unwrap().relation, Relation::Objects);
    assert!(
        map.is_rebuttal(r),
        "an objection to an objection is a rebuttal"
    );
    assert!(!map.is_rebuttal(o));
}

#[test]
fn adding_after_a_sibling_places_the_node_and_its_edge_right_after_it() {
    let (mut doc, [t, s, o, _]) = small();
    let n = Node::new(NodeKind::Support, "between S and O");
    let id = n.id;
    doc.apply(&Edit::AddNode {
        node: n,
        target: Some(t),
        relation: None,
        after: Some(s),
    })
    .unwrap();
    let children: Vec<NodeId> = doc.map().dependents(t).iter().map(|e| e.from).collect();
    assert_eq!(children, vec![s, id, o]);
    assert_eq!(
        doc.map().node_index(id),
        Some(doc.map().node_index(s).unwrap() + 1)
    );
}

#[test]
fn a_support_cannot_be_added_without_a_target() {
    let (mut doc, _) = small();
    let before = to_bytes(doc.map());
    let err = doc
        .apply(&add(Node::new(NodeKind::Support, "floating"), None))
        .unwrap_err();
    assert!(
        matches!(
            err,
            EditError::Patch(PatchError::Violation(Violation::MissingTarget { .. }))
        ),
        "{err:?}"
    );
    assert_eq!(
        to_bytes(doc.map()),
        before,
        "a refused edit changes nothing"
    );
    assert!(!doc.can_redo());
}

#[test]
fn deleting_a_node_others_stand_on_is_refused_and_its_subtree_can_go() {
    let (mut doc, [t, s, o, r]) = small();
    let err = doc.apply(&Edit::DeleteNode { id: o }).unwrap_err();
    assert_eq!(err, EditError::HasDependents { id: o, count: 1 });
    assert_eq!(err.code(), "has-dependents");

    doc.apply(&Edit::DeleteSubtree { id: o }).unwrap();
    assert!(!doc.map().contains(o) && !doc.map().contains(r));
    assert!(doc.map().contains(t) && doc.map().contains(s));
    assert!(doc.map().validate().is_empty());
}

#[test]
fn a_subtree_keeps_a_node_drawn_elsewhere_but_loses_the_link_to_it() {
    let (mut doc, [t, s, o, _]) = small();
    // S also objects to O: a cross-link. S is drawn under T, so deleting O keeps S.
    doc.apply(&Edit::Connect {
        from: s,
        to: o,
        relation: Relation::Objects,
    })
    .unwrap();
    doc.apply(&Edit::DeleteSubtree { id: o }).unwrap();
    assert!(doc.map().contains(s));
    assert_eq!(doc.map().targets(s).len(), 1);
    assert_eq!(doc.map().primary_target(s).unwrap().to, t);
}

#[test]
fn deleting_a_thesis_subtree_takes_everything_beneath_it() {
    let (mut doc, [t, ..]) = small();
    doc.apply(&Edit::DeleteSubtree { id: t }).unwrap();
    assert!(doc.map().is_empty());
    assert_eq!(doc.map().edge_count(), 0);
}

#[test]
fn mutual_objections_are_legal_and_deleting_through_a_cycle_ends() {
    let (mut doc, [_, _, o, r]) = small();
    // R objects to O and O objects to R: a two-cycle.
    doc.apply(&Edit::Connect {
        from: o,
        to: r,
        relation: Relation::Objects,
    })
    .unwrap();
    assert!(doc.map().validate().is_empty());
    doc.apply(&Edit::DeleteSubtree { id: r }).unwrap();
    assert!(!doc.map().contains(r));
    assert!(doc.map().contains(o), "O is drawn under T, not under R");
}

#[test]
fn reattaching_keeps_the_relation_and_the_place_among_targets() {
    let (mut doc, [t, s, o, r]) = small();
    doc.apply(&Edit::Connect {
        from: r,
        to: s,
        relation: Relation::Objects,
    })
    .unwrap();
    doc.apply(&Edit::Reattach { id: r, target: t }).unwrap();
    let targets: Vec<NodeId> = doc.map().targets(r).iter().map(|e| e.to).collect();
    assert_eq!(targets, vec![t, s], "the new target is the primary one");
    assert_eq!(doc.map().edge(r, t).unwrap().relation, Relation::Objects);
    assert!(doc.map().edge(r, o).is_none());
    assert!(
        !doc.map().is_rebuttal(r),
        "under a thesis it is an objection again"
    );
}

#[test]
fn changing_kind_flips_the_relation_to_the_target() {
    let (mut doc, [t, _, o, r]) = small();
    doc.apply(&Edit::ChangeKind {
        id: o,
        kind: NodeKind::Support,
    })
    .unwrap();
    assert_eq!(doc.map().edge(o, t).unwrap().relation, Relation::Supports);
    // R still objects to what is now a support.
    assert_eq!(doc.map().edge(r, o).unwrap().relation, Relation::Objects);
    assert!(doc.map().validate().is_empty());
}

#[test]
fn a_node_that_is_argued_about_cannot_become_a_question() {
    let (mut doc, [_, _, o, r]) = small();
    let err = doc
        .apply(&Edit::ChangeKind {
            id: o,
            kind: NodeKind::Question,
        })
        .unwrap_err();
    assert!(
        matches!(err, EditError::KindHasArguments { count: 1, .. }),
        "{err:?}"
    );
    // A leaf can: its objection becomes an annotation.
    doc.apply(&Edit::ChangeKind {
        id: r,
        kind: NodeKind::Question,
    })
    .unwrap();
    assert_eq!(doc.map().edge(r, o).unwrap().relation, Relation::Annotates);
}

#[test]
fn edges_that_break_the_rules_are_refused() {
    let (mut doc, [t, s, _, _]) = small();
    let q = Node::new(NodeKind::Question, "why?");
    let qid = q.id;
    doc.apply(&add(q, Some(t))).unwrap();
    let refuse = |doc: &mut Document, edit: Edit| {
        let before = to_bytes(doc.map());
        let err = doc.apply(&edit).unwrap_err();
        assert_eq!(to_bytes(doc.map()), before);
        err
    };
    let e = refuse(
        &mut doc,
        Edit::Connect {
            from: t,
            to: t,
            relation: Relation::Supports,
        },
    );
    assert!(matches!(
        e,
        EditError::Patch(PatchError::Violation(Violation::SelfLoop(_)))
    ));
    let e = refuse(
        &mut doc,
        Edit::Connect {
            from: s,
            to: qid,
            relation: Relation::Supports,
        },
    );
    assert!(matches!(
        e,
        EditError::Patch(PatchError::Violation(Violation::RelationNotAllowed { .. }))
    ));
    let e = refuse(
        &mut doc,
        Edit::Connect {
            from: s,
            to: t,
            relation: Relation::Objects,
        },
    );
    assert!(matches!(
        e,
        EditError::Patch(PatchError::Violation(Violation::DuplicateEdge(..)))
    ));
    let e = refuse(&mut doc, Edit::Disconnect { from: s, to: t });
    assert!(matches!(
        e,
        EditError::Patch(PatchError::Violation(Violation::MissingTarget { .. }))
    ));
}

#[test]
fn contradiction_is_symmetric() {
    let (mut doc, [t, ..]) = small();
    let u = Node::new(NodeKind::Thesis, "U");
    let uid = u.id;
    doc.apply(&add(u, None)).unwrap();
    doc.apply(&Edit::Connect {
        from: t,
        to: uid,
        relation: Relation::Contradicts,
    })
    .unwrap();
    let err = doc
        .apply(&Edit::Connect {
            from: uid,
            to: t,
            relation: Relation::Contradicts,
        })
        .unwrap_err();
    assert!(matches!(
        err,
        EditError::Patch(PatchError::Violation(Violation::DuplicateEdge(..)))
    ));
    assert_eq!(doc.map().contradictions(uid).len(), 1);
    assert_eq!(doc.map().contradictions(t).len(), 1);
}

#[test]
fn co_premises_group_and_dissolve_when_one_goes() {
    let (mut doc, [t, s, _, _]) = small();
    let s2 = Node::new(NodeKind::Support, "S2");
    let s2id = s2.id;
    doc.apply(&add(s2, Some(t))).unwrap();
    doc.apply(&Edit::GroupPremises {
        target: t,
        premises: vec![s, s2id],
    })
    .unwrap();
    let g = doc.map().edge(s, t).unwrap().group.expect("grouped");
    assert_eq!(doc.map().edge(s2id, t).unwrap().group, Some(g));
    assert_eq!(doc.map().group(g).len(), 2);

    // One premise is not a group: deleting the other dissolves it.
    doc.apply(&Edit::DeleteNode { id: s2id }).unwrap();
    assert_eq!(doc.map().edge(s, t).unwrap().group, None);
    assert!(doc.map().group(g).is_empty());
    assert!(doc.map().validate().is_empty());
}

#[test]
fn reasons_with_different_relations_are_not_co_premises() {
    let (mut doc, [t, s, o, _]) = small();
    let err = doc
        .apply(&Edit::GroupPremises {
            target: t,
            premises: vec![s, o],
        })
        .unwrap_err();
    assert_eq!(err, EditError::NotCoPremises);
}

#[test]
fn fields_move_and_collapse_are_edits_too() {
    let (mut doc, [t, ..]) = small();
    doc.apply(&Edit::UpdateNode {
        id: t,
        fields: NodeFields {
            text: Some("new text".into()),
            label: Some("L".into()),
            tags: Some(vec!["x".into()]),
            ..NodeFields::default()
        },
    })
    .unwrap();
    doc.apply(&Edit::Move {
        id: t,
        position: Some(Point { x: 10.0, y: -4.5 }),
    })
    .unwrap();
    doc.apply(&Edit::SetCollapsed {
        id: t,
        collapsed: true,
    })
    .unwrap();
    let n = doc.map().node(t).unwrap();
    assert_eq!(
        (n.text.as_str(), n.label.as_deref()),
        ("new text", Some("L"))
    );
    assert!(n.pinned() && n.collapsed);
    // An empty label clears it; unpinning returns the node to the automatic layout.
    doc.apply(&Edit::UpdateNode {
        id: t,
        fields: NodeFields {
            label: Some(String::new()),
            ..NodeFields::default()
        },
    })
    .unwrap();
    doc.apply(&Edit::Move {
        id: t,
        position: None,
    })
    .unwrap();
    let n = doc.map().node(t).unwrap();
    assert!(n.label.is_none() && !n.pinned());
}

#[test]
fn a_position_that_is_not_finite_is_refused() {
    let (mut doc, [t, ..]) = small();
    let err = doc.apply(&Edit::Move {
        id: t,
        position: Some(Point {
            x: f64::NAN,
            y: 0.0,
        }),
    });
    assert!(err.is_err());
    let err = doc.apply(&Edit::Move {
        id: t,
        position: Some(Point { x: 1e300, y: 0.0 }),
    });
    assert!(err.is_err());
}

#[test]
fn text_over_the_limit_is_refused() {
    let (mut doc, [t, ..]) = small();
    let long = "x".repeat(argmap_core::limits::MAX_TEXT_CHARS + 1);
    let err = doc
        .apply(&Edit::UpdateNode {
            id: t,
            fields: NodeFields {
                text: Some(long),
                ..NodeFields::default()
            },
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("text is 10001 characters long"),
        "{err}"
    );
}

#[test]
fn dirty_follows_undo_and_redo_around_the_save() {
    let (mut doc, [t, ..]) = small();
    doc.mark_saved();
    assert!(!doc.is_dirty());
    doc.apply(&Edit::SetCollapsed {
        id: t,
        collapsed: true,
    })
    .unwrap();
    assert!(doc.is_dirty());
    doc.undo();
    assert!(!doc.is_dirty(), "undone back to the saved state");
    doc.undo();
    assert!(doc.is_dirty());
    doc.redo();
    assert!(!doc.is_dirty());
    // Undo past the save, then edit: the saved state is gone from the history.
    doc.undo();
    doc.apply(&Edit::EditMeta {
        title: Some("other".into()),
        description: None,
        authors: None,
    })
    .unwrap();
    assert!(doc.is_dirty());
}

#[test]
fn a_title_edited_before_a_save_is_undone_and_redone_after_it_keeping_the_saves_dates() {
    // A save stamps the map's dates without an undo step; undoing an edit of the
    // title made before it must still apply (it panicked: the patch held the dates).
    let (mut doc, _) = small();
    doc.apply(&Edit::EditMeta {
        title: Some("Remote work, argued".into()),
        description: Some("for Friday".into()),
        authors: Some(vec!["Ada".into()]),
    })
    .unwrap();
    let saved = time::macros::datetime!(2026-11-30 21:00 UTC);
    doc.map_mut_for_stamp().stamp(Some(saved), Some(saved));
    doc.mark_saved();
    doc.undo().unwrap();
    let meta = doc.map().meta();
    assert_eq!(
        (meta.title.as_str(), meta.description.as_str()),
        ("small", "")
    );
    assert!(meta.authors.is_empty());
    assert_eq!((meta.created, meta.modified), (Some(saved), Some(saved)));
    doc.redo().unwrap();
    let meta = doc.map().meta();
    assert_eq!(meta.title, "Remote work, argued");
    assert_eq!(meta.authors, ["Ada"]);
    assert_eq!(meta.modified, Some(saved));
    assert!(!doc.is_dirty());
}

#[test]
fn a_title_patch_in_the_older_form_with_dates_still_reads_and_applies() {
    // The library's drafts keep patches as JSON. A meta change used to carry the whole
    // MapMeta, dates included; such a patch reads as the texts alone.
    let (mut doc, _) = small();
    let json = r#"{"meta": {
        "before": {"title": "small", "created": "2026-11-01T10:00:00Z"},
        "after": {"title": "renamed", "authors": ["Ada"], "modified": "2026-11-02T10:00:00Z"}
    }}"#;
    let patch: argmap_core::Patch = serde_json::from_str(json).unwrap();
    doc.map_mut_for_stamp().apply(&patch).unwrap();
    assert_eq!(doc.map().meta().title, "renamed");
    assert_eq!(doc.map().meta().authors, ["Ada"]);
    assert_eq!(doc.map().meta().modified, None);
}

#[test]
fn a_batch_is_one_undo_step_and_all_or_nothing() {
    let (mut doc, [t, s, o, _]) = small();
    let before = to_bytes(doc.map());
    let moves = vec![
        Edit::Move {
            id: t,
            position: Some(Point { x: 1.0, y: 1.0 }),
        },
        Edit::Move {
            id: s,
            position: Some(Point { x: 2.0, y: 2.0 }),
        },
    ];
    let patches = doc.apply_all(&moves).unwrap();
    assert_eq!(patches.len(), 2);
    doc.undo().unwrap();
    assert_eq!(to_bytes(doc.map()), before, "both moves undone in one step");

    let failing = vec![
        Edit::Move {
            id: t,
            position: Some(Point { x: 1.0, y: 1.0 }),
        },
        Edit::DeleteNode { id: o },
    ];
    assert!(doc.apply_all(&failing).is_err());
    assert_eq!(to_bytes(doc.map()), before, "the first move is rolled back");
}

#[test]
fn a_stale_patch_is_refused_without_changing_anything() {
    let (mut doc, [t, ..]) = small();
    let patch = doc
        .map()
        .plan(&Edit::SetCollapsed {
            id: t,
            collapsed: true,
        })
        .unwrap();
    let mut map = doc.map().clone();
    map.apply(&patch).unwrap();
    let before = to_bytes(&map);
    let err = map.apply(&patch).unwrap_err();
    assert!(matches!(err, PatchError::Stale(_)), "{err:?}");
    assert_eq!(to_bytes(&map), before);
    // And the same patch still fits the document it was planned for.
    doc.apply(&Edit::SetCollapsed {
        id: t,
        collapsed: true,
    })
    .unwrap();
}

#[test]
fn edits_and_patches_cross_ipc_as_json() {
    let (doc, [t, ..]) = small();
    let edit = Edit::Connect {
        from: t,
        to: t,
        relation: Relation::Supports,
    };
    let json = serde_json::to_string(&edit).unwrap();
    assert!(json.contains(r#""op":"connect""#), "{json}");
    assert_eq!(serde_json::from_str::<Edit>(&json).unwrap(), edit);
    let patch = doc
        .map()
        .plan(&Edit::UpdateNode {
            id: t,
            fields: NodeFields {
                text: Some("x".into()),
                ..NodeFields::default()
            },
        })
        .unwrap();
    let back: argmap_core::Patch =
        serde_json::from_str(&serde_json::to_string(&patch).unwrap()).unwrap();
    assert_eq!(back, patch);
}

// ---- property tests ---------------------------------------------------------------

#[derive(Clone, Debug)]
enum Op {
    Add {
        kind: usize,
        target: usize,
        text: String,
        after: Option<usize>,
    },
    Text(usize, String),
    Move(usize, Option<(i16, i16)>),
    Collapse(usize, bool),
    Reattach(usize, usize),
    Delete(usize),
    DeleteSubtree(usize),
    ChangeKind(usize, usize),
    Connect(usize, usize, usize),
    Disconnect(usize),
    Group(usize, usize),
    Ungroup(usize),
    Title(String),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let i = any::<usize>;
    prop_oneof![
        4 => (0..6usize, i(), "[a-z ]{0,12}", proptest::option::of(i()))
            .prop_map(|(kind, target, text, after)| Op::Add { kind, target, text, after }),
        1 => (i(), "[a-zé<&> ]{0,12}").prop_map(|(n, t)| Op::Text(n, t)),
        1 => (i(), proptest::option::of(any::<(i16, i16)>())).prop_map(|(n, p)| Op::Move(n, p)),
        1 => (i(), any::<bool>()).prop_map(|(n, c)| Op::Collapse(n, c)),
        1 => (i(), i()).prop_map(|(n, t)| Op::Reattach(n, t)),
        1 => i().prop_map(Op::Delete),
        1 => i().prop_map(Op::DeleteSubtree),
        1 => (i(), 0..6usize).prop_map(|(n, k)| Op::ChangeKind(n, k)),
        2 => (i(), i(), 0..4usize).prop_map(|(a, b, r)| Op::Connect(a, b, r)),
        1 => i().prop_map(Op::Disconnect),
        1 => (i(), i()).prop_map(|(a, b)| Op::Group(a, b)),
        1 => i().prop_map(Op::Ungroup),
        1 => "[a-z]{0,8}".prop_map(Op::Title),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

/// Turns an abstract op into an edit on the map as it is (indices wrap around).
fn to_edit(map: &ArgumentMap, op: &Op) -> Option<Edit> {
    let node = |i: usize| (!map.is_empty()).then(|| map.node_at(i % map.len()).unwrap().id);
    let edge =
        |i: usize| (map.edge_count() > 0).then(|| map.edge_at(i % map.edge_count()).unwrap());
    Some(match op {
        Op::Add {
            kind,
            target,
            text,
            after,
        } => {
            let kind = NodeKind::ALL[*kind];
            let target = if kind == NodeKind::Thesis {
                None
            } else {
                node(*target)
            };
            Edit::AddNode {
                node: Node::new(kind, text.clone()),
                target,
                relation: None,
                after: after.and_then(node),
            }
        }
        Op::Text(n, t) => Edit::UpdateNode {
            id: node(*n)?,
            fields: NodeFields {
                text: Some(t.clone()),
                ..NodeFields::default()
            },
        },
        Op::Move(n, p) => Edit::Move {
            id: node(*n)?,
            position: p.map(|(x, y)| Point {
                x: x as f64,
                y: y as f64,
            }),
        },
        Op::Collapse(n, c) => Edit::SetCollapsed {
            id: node(*n)?,
            collapsed: *c,
        },
        Op::Reattach(n, t) => Edit::Reattach {
            id: node(*n)?,
            target: node(*t)?,
        },
        Op::Delete(n) => Edit::DeleteNode { id: node(*n)? },
        Op::DeleteSubtree(n) => Edit::DeleteSubtree { id: node(*n)? },
        Op::ChangeKind(n, k) => Edit::ChangeKind {
            id: node(*n)?,
            kind: NodeKind::ALL[*k],
        },
        Op::Connect(a, b, r) => Edit::Connect {
            from: node(*a)?,
            to: node(*b)?,
            relation: Relation::ALL[*r],
        },
        Op::Disconnect(e) => {
            let e = edge(*e)?;
            Edit::Disconnect {
                from: e.from,
                to: e.to,
            }
        }
        Op::Group(e, other) => {
            let e = edge(*e)?;
            let siblings = map.dependents(e.to);
            let other = siblings.get(*other % siblings.len().max(1))?;
            Edit::GroupPremises {
                target: e.to,
                premises: vec![e.from, other.from],
            }
        }
        Op::Ungroup(e) => Edit::Ungroup {
            group: edge(*e)?.group?,
        },
        Op::Title(t) => Edit::EditMeta {
            title: Some(t.clone()),
            description: None,
            authors: None,
        },
        Op::Undo | Op::Redo => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Model-based: the states reached are recorded; every undo must give back the
    /// state one step earlier and every redo the state one step later, every state must
    /// be valid, and at the end undoing everything gives the start and redoing
    /// everything gives the end.
    #[test]
    fn undo_and_redo_retrace_every_state(
        size in 1usize..40,
        seed in any::<u64>(),
        ops in proptest::collection::vec(op(), 1..60),
    ) {
        let mut doc = Document::new(generate(size, seed));
        let mut states = vec![to_bytes(doc.map())];
        let mut depth = 0;
        for op in &ops {
            match op {
                Op::Undo => {
                    if doc.undo().is_some() {
                        depth -= 1;
                        prop_assert_eq!(&to_bytes(doc.map()), &states[depth]);
                    } else {
                        prop_assert_eq!(depth, 0);
                    }
                }
                Op::Redo => {
                    if doc.redo().is_some() {
                        depth += 1;
                        prop_assert_eq!(&to_bytes(doc.map()), &states[depth]);
                    } else {
                        prop_assert_eq!(depth + 1, states.len());
                    }
                }
                op => {
                    let Some(edit) = to_edit(doc.map(), op) else { continue };
                    let before = to_bytes(doc.map());
                    match doc.apply(&edit) {
                        Ok(patch) if !patch.is_empty() => {
                            depth += 1;
                            states.truncate(depth);
                            states.push(to_bytes(doc.map()));
                        }
                        Ok(_) => prop_assert_eq!(&to_bytes(doc.map()), &before),
                        Err(_) => prop_assert_eq!(&to_bytes(doc.map()), &before, "a refused edit changed the map"),
                    }
                }
            }
            let problems = doc.map().validate();
            prop_assert!(problems.is_empty(), "invalid after {:?}: {:?}", op, problems);
            // The top level, found cheaply, is the nodes without a primary target.
            let map = doc.map();
            let top: Vec<_> = map.top_level().map(|n| n.id).collect();
            let slow: Vec<_> = map.nodes().filter(|n| map.primary_target(n.id).is_none()).map(|n| n.id).collect();
            prop_assert_eq!(top, slow);
        }
        while doc.undo().is_some() {}
        prop_assert_eq!(&to_bytes(doc.map()), &states[0]);
        while doc.redo().is_some() {}
        prop_assert_eq!(&to_bytes(doc.map()), states.last().unwrap());
    }

    /// What a patch does, its reverse undoes, on a map that was never edited through a
    /// Document (so nothing but the patch itself carries the old state).
    #[test]
    fn a_patch_and_its_reverse_cancel(size in 1usize..60, seed in any::<u64>(), op in op()) {
        let mut map = generate(size, seed);
        let start = to_bytes(&map);
        if let Some(edit) = to_edit(&map, &op)
            && let Ok(patch) = map.edit(&edit)
        {
            map.apply(&patch.reversed()).unwrap();
            prop_assert_eq!(to_bytes(&map), start);
        }
    }
}

#[test]
fn amending_makes_adding_a_node_and_typing_its_text_one_undo_step() {
    let (mut doc, [t, ..]) = small();
    let before = doc.map().clone();
    let n = Node::new(NodeKind::Objection, "");
    let id = n.id;
    doc.apply(&add(n, Some(t))).unwrap();
    let text = Edit::UpdateNode {
        id,
        fields: NodeFields {
            text: Some("typed".into()),
            ..Default::default()
        },
    };
    doc.amend(std::slice::from_ref(&text)).unwrap();
    assert_eq!(doc.map().node(id).unwrap().text, "typed");
    doc.undo().unwrap();
    assert_eq!(
        doc.map(),
        &before,
        "one undo takes back the node and its text"
    );
    doc.redo().unwrap();
    assert_eq!(doc.map().node(id).unwrap().text, "typed");

    // A refused amendment leaves the step as it was.
    let bad = Edit::DeleteNode { id: NodeId::new() };
    assert!(doc.amend(&[bad]).is_err());
    doc.undo().unwrap();
    assert_eq!(doc.map(), &before);

    // Amending a saved state: the document is dirty, and the saved state is gone.
    let (mut doc, [t, ..]) = small();
    doc.mark_saved();
    doc.amend(&[add(Node::new(NodeKind::Support, "x"), Some(t))])
        .unwrap();
    assert!(doc.is_dirty());
    doc.undo().unwrap();
    assert!(
        doc.is_dirty(),
        "the saved state had the step without the amendment"
    );

    // After an undo there is nothing to amend: it is a step of its own.
    let (mut doc, [t, ..]) = small();
    doc.undo().unwrap();
    let count = doc.map().len();
    doc.amend(&[add(Node::new(NodeKind::Support, "y"), Some(t))])
        .unwrap();
    doc.undo().unwrap();
    assert_eq!(doc.map().len(), count);
    assert!(doc.can_redo());
}

#[test]
fn a_revision_tells_a_cache_which_nodes_changed_since() {
    let (mut doc, [t, s, o, r]) = small();
    let before = doc.map().revision();
    assert_eq!(doc.map().touched_since(before), Some(vec![]));
    doc.apply(&Edit::UpdateNode {
        id: s,
        fields: NodeFields {
            text: Some("S, reworded".into()),
            ..NodeFields::default()
        },
    })
    .unwrap();
    assert_eq!(doc.map().touched_since(before), Some(vec![s]));
    let mid = doc.map().revision();
    // Reattaching R touches it and both its old and new targets.
    doc.apply(&Edit::Reattach { id: r, target: t }).unwrap();
    let mut since_mid = doc.map().touched_since(mid).unwrap();
    since_mid.sort_unstable();
    since_mid.dedup();
    let mut want = vec![t, o, r];
    want.sort_unstable();
    assert_eq!(since_mid, want);
    assert!(doc.map().touched_since(before).unwrap().contains(&s));
    // Undo is a change like any other.
    doc.undo();
    assert!(doc.map().touched_since(mid).unwrap().contains(&r));
    // A clone, or a map loaded afresh, has a history of its own.
    let copy = doc.map().clone();
    assert_eq!(copy.touched_since(doc.map().revision()), None);
    assert_eq!(doc.map().touched_since(copy.revision()), None);
    // Revisions only move forward: undoing is one more change.
    let now = doc.map().revision();
    doc.undo();
    assert_ne!(doc.map().revision(), now);
    assert!(!doc.map().touched_since(now).unwrap().is_empty());
}

#[test]
fn a_revision_older_than_what_the_map_remembers_is_refused() {
    let mut doc = Document::new(ArgumentMap::new(MapMeta::titled("big")));
    let start = doc.map().revision();
    let root = Node::new(NodeKind::Thesis, "T");
    let t = root.id;
    doc.apply(&add(root, None)).unwrap();
    let after_root = doc.map().revision();
    // One change that touches more nodes than are remembered.
    let edits: Vec<Edit> = (0..70_000)
        .map(|i| add(Node::new(NodeKind::Support, format!("s{i}")), Some(t)))
        .collect();
    doc.apply_all(&edits).unwrap();
    assert_eq!(doc.map().touched_since(start), None);
    assert_eq!(doc.map().touched_since(after_root), None);
    let last = doc.map().revision();
    assert_eq!(doc.map().touched_since(last), Some(vec![]));
}

#[test]
fn edges_by_position_name_their_ends_by_the_map_order_after_deletes_and_undo() {
    // Deleting leaves holes in the graph's own numbering, and undo fills new slots:
    // the positions must still be the map's order.
    let mut doc = Document::new(generate(300, 9));
    let leaves: Vec<NodeId> = doc
        .map()
        .nodes()
        .filter(|n| doc.map().dependents(n.id).is_empty() && !doc.map().targets(n.id).is_empty())
        .map(|n| n.id)
        .step_by(3)
        .collect();
    for (k, id) in leaves.iter().enumerate() {
        doc.apply(&Edit::DeleteNode { id: *id }).unwrap();
        if k % 4 == 0 {
            doc.undo();
        }
    }
    let map = doc.map();
    let by_position: Vec<_> = map.edges_by_position().collect();
    assert_eq!(by_position.len(), map.edge_count());
    for ((a, b, e), edge) in by_position.iter().zip(map.edges()) {
        assert_eq!(*e, edge, "in the map's order of edges");
        assert_eq!(map.node_at(*a).unwrap().id, e.from);
        assert_eq!(map.node_at(*b).unwrap().id, e.to);
    }
}
