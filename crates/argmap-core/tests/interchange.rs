//! Importers and exporters: real files from public sources import with the counts a
//! reader of them would give (tests/fixtures/interchange/SOURCES.md says where each
//! comes from), Argmap's own writing reads back to the same structure, and nothing a
//! reader is fed makes it panic.

use std::collections::BTreeMap;

use argmap_core::generate::generate;
use argmap_core::interchange::argdown;
use argmap_core::{ArgumentMap, NodeKind, Relation};
use proptest::prelude::*;

#[path = "support/hostile.rs"]
mod hostile;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/interchange/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// (kind → count, relation → count, co-premise groups).
fn shape(map: &ArgumentMap) -> (BTreeMap<NodeKind, usize>, BTreeMap<Relation, usize>, usize) {
    let mut kinds = BTreeMap::new();
    for n in map.nodes() {
        *kinds.entry(n.kind).or_default() += 1;
    }
    let mut rels = BTreeMap::new();
    let mut groups = std::collections::HashSet::new();
    for e in map.edges() {
        *rels.entry(e.relation).or_default() += 1;
        if let Some(g) = e.group {
            groups.insert(g);
        }
    }
    (kinds, rels, groups.len())
}

fn by_label<'a>(map: &'a ArgumentMap, label: &str) -> &'a argmap_core::Node {
    map.nodes()
        .find(|n| n.label.as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no node labelled {label:?}"))
}

#[test]
fn argdown_pros_and_cons_of_legalising_soft_drugs() {
    let got = argdown::read(
        &fixture("legalisation-softdrugs.argdown"),
        &Default::default(),
    )
    .unwrap();
    let map = &got.map;
    assert_eq!(map.meta().title, "Pros and Cons Legalisation of Soft Drugs");
    assert_eq!(map.len(), 18);
    let (_, rels, groups) = shape(map);
    assert_eq!(rels.get(&Relation::Supports), Some(&9));
    assert_eq!(rels.get(&Relation::Objects), Some(&10));
    assert_eq!(groups, 0);
    let thesis = by_label(map, "Legalisation of Soft Drugs");
    assert_eq!(thesis.kind, NodeKind::Thesis);
    assert_eq!(thesis.text, "Soft drugs should be legal.");
    let harmful = by_label(map, "Soft drugs are harmful");
    assert_eq!(harmful.kind, NodeKind::Support);
    assert!(
        harmful
            .text
            .starts_with("Soft drugs are harmful: cannabis smoke")
    );
    assert!(
        harmful
            .text
            .ends_with("unpredictable and dangerous behaviour.")
    );
    assert_eq!(harmful.tags, ["con"]);
    // The comment after the last tag is gone; the mention in it is not a relation.
    let addiction = by_label(map, "Addiction no reason to ban");
    assert_eq!(addiction.tags, ["pro"]);
    assert!(!addiction.text.contains("//"));
    assert!(
        got.report.iter().any(|r| r.contains("2 undercut")),
        "{:?}",
        got.report
    );
}

#[test]
fn argdown_semmelweis_reconstruction_with_premise_conclusion_structures() {
    let got = argdown::read(&fixture("semmelweis_betz.argdown"), &Default::default()).unwrap();
    let map = &got.map;
    assert_eq!(
        map.meta().title,
        "A Stylized Reconstruction of the Scientific Debate That led Ignaz Semmelweis to Understand Childbed Fever"
    );
    // 12 titled statements and 20 untitled premises and conclusions; each of the 10
    // arguments is its conclusion.
    assert_eq!(
        map.len(),
        32,
        "{:#?}",
        map.nodes().map(|n| (&n.label, &n.text)).collect::<Vec<_>>()
    );
    let (_, rels, groups) = shape(map);
    assert_eq!(rels.get(&Relation::Supports), Some(&30), "{:?}", got.report);
    assert_eq!(rels.get(&Relation::Objects), Some(&5));
    assert_eq!(rels.get(&Relation::Contradicts), Some(&1));
    assert_eq!(groups, 10);
    // One premise serves two arguments for the same conclusion: one relation, reported.
    assert!(
        got.report.iter().any(|r| r.contains("1 repeated relation")),
        "{:?}",
        got.report
    );
    // The argument's title names its conclusion where that had none.
    let kolletschka = by_label(map, "Death of Kolletschka");
    assert!(
        kolletschka.notes.contains("Kolletschka Contaminated")
            || kolletschka.notes.contains("Kolletschka was slightly")
    );
    let h1 = by_label(map, "Epidemic Influence Hypothesis");
    assert!(
        h1.tags.contains(&"H1".to_string())
            && h1.tags.contains(&"Three Rival Hypotheses".to_string()),
        "{:?}",
        h1.tags
    );
    // Defined twice with the same text over several lines: the text once.
    assert_eq!(
        by_label(map, "Medical Students vs Midwives").text,
        "Women in the First Division are examined by medical students, women in the Second Division by midwives."
    );
    let variations = map
        .nodes()
        .find(|n| {
            n.text
                .starts_with("Cases of childbed fever and corresponding mortality rates display")
        })
        .unwrap();
    assert_eq!(variations.label.as_deref(), Some("Epidemic Variations"));
}

#[test]
fn aif_in_the_ova3_dialect_with_the_xaif_wrapper() {
    use argmap_core::interchange::aif;
    let got = aif::read(&fixture("ova3-dialect.json"), &Default::default()).unwrap();
    let map = &got.map;
    // Six I-nodes; the RA with two premises is one reason; two conflicts.
    assert_eq!(map.len(), 6);
    let (kinds, rels, groups) = shape(map);
    assert_eq!(rels.get(&Relation::Supports), Some(&2));
    assert_eq!(rels.get(&Relation::Objects), Some(&2));
    assert_eq!(groups, 1);
    assert_eq!(
        kinds.get(&NodeKind::Thesis),
        Some(&2),
        "the legal claim, and the rephrasing"
    );
    let find = |t: &str| map.nodes().find(|n| n.text == t).unwrap();
    let harm = find("Taking soft drugs harms nobody else.");
    assert_eq!(harm.kind, NodeKind::Support);
    // OVA's positions, given as strings in the OVA part, are used.
    assert_eq!(harm.position.map(|p| (p.x, p.y)), Some((200.0, 260.0)));
    assert_eq!(
        find("Most users never harm anyone.").position.map(|p| p.y),
        Some(700.0)
    );
    // The rephrasing is a note on the rephrasing statement.
    assert!(
        find("Nobody is harmed by soft drugs except the user.")
            .notes
            .contains("Rephrases: Taking soft drugs")
    );
    let report = got.report.join("\n");
    for what in [
        "2 locutions (L) dropped",
        "1 illocutions (YA) dropped",
        "1 transitions (TA) dropped",
        "1 edges to nodes that are not in the file dropped",
        "1 rephrasings (MA) kept as notes",
    ] {
        assert!(report.contains(what), "{what}: {report}");
    }
}

#[test]
fn aif_real_ova_analysis_of_the_dungeons_and_dragons_argument() {
    use argmap_core::interchange::aif;
    let got = aif::read(
        &fixture("dungeons-and-dragons.xaif.json"),
        &Default::default(),
    )
    .unwrap();
    let map = &got.map;
    // 12 I-nodes, 9 RAs with one premise each, 4 CAs (one statement attacks three).
    assert_eq!(map.len(), 12);
    let (kinds, rels, groups) = shape(map);
    assert_eq!(rels.get(&Relation::Supports), Some(&9));
    assert_eq!(rels.get(&Relation::Objects), Some(&4));
    assert_eq!(rels.len(), 2, "{rels:?}");
    assert_eq!(groups, 0);
    assert_eq!(kinds.get(&NodeKind::Thesis), Some(&1), "{kinds:?}");
    let find = |start: &str| {
        map.nodes()
            .find(|n| n.text.starts_with(start))
            .unwrap_or_else(|| panic!("no statement starting {start:?}"))
    };
    assert_eq!(
        find("No Christian or sane").kind,
        NodeKind::Thesis,
        "the conclusion nothing else is drawn from"
    );
    assert_eq!(find("It's just a game!").kind, NodeKind::Objection);
    assert_eq!(
        find("the person who thinks they can mess").kind,
        NodeKind::Objection
    );
    // The analyst's scheme names travel as notes on the premises.
    assert!(
        find("for the most part, the rituals are certainly authentic")
            .notes
            .contains("Inference scheme: Expert Opinion")
    );
    // The file as published has 9 raw line breaks inside a string (not valid JSON):
    // it is read, and the report says so.
    let report = got.report.join("\n");
    for what in [
        "9 control characters (such as line breaks) written raw inside strings",
        "9 inference scheme names kept as notes on premises",
    ] {
        assert!(report.contains(what), "{what}: {report}");
    }
}

#[test]
fn aif_reports_where_a_broken_file_breaks() {
    use argmap_core::interchange::aif;
    let Err(err) = aif::read("{\"nodes\": [\n  {\"nodeID\": 1,, }]}", &Default::default()) else {
        panic!("a broken file is refused")
    };
    assert_eq!((err.line, err.column), (2, 16), "{err:?}");
    // A raw control character does not hide a real error elsewhere.
    let Err(err) = aif::read(
        "{\"nodes\": [{\"text\": \"a\tb\"}\n, ]}",
        &Default::default(),
    ) else {
        panic!("still broken after escaping")
    };
    assert_eq!(err.line, 1, "the first error is the one reported: {err:?}");
}

#[test]
fn kialo_discussion_with_multi_line_claims_and_links() {
    use argmap_core::interchange::kialo;
    let got = kialo::read(
        &fixture("should-soft-drugs-be-legal.kialo.txt"),
        &Default::default(),
    )
    .unwrap();
    let map = &got.map;
    assert_eq!(map.meta().title, "Should soft drugs be legal?");
    assert_eq!(map.len(), 8);
    let (_, rels, _) = shape(map);
    // Seven tree relations and one link (1.2.1 → 1.1.1 supports 1.2).
    assert_eq!(rels.get(&Relation::Supports), Some(&4));
    assert_eq!(rels.get(&Relation::Objects), Some(&4));
    let risk = map
        .nodes()
        .find(|n| n.text.starts_with("Drug-takers put others at risk"))
        .unwrap();
    assert!(risk.text.ends_with("dangerous behaviour."), "{}", risk.text);
    assert_eq!(map.dependents(risk.id).len(), 1);
    assert!(
        got.report
            .iter()
            .any(|r| r.contains("the link to 1.9 leads nowhere")),
        "{:?}",
        got.report
    );
    assert!(
        got.report.iter().any(|r| r.contains("1 link(s)")),
        "{:?}",
        got.report
    );
}

/// What must survive a round trip: kinds and texts, and relations (with co-premise
/// groups) between texts.
type Structure = (
    Vec<(NodeKind, String)>,
    Vec<(String, String, Relation, usize)>,
);

fn structure(map: &ArgumentMap) -> Structure {
    structure_by(map, str::to_string)
}

/// Whitespace runs as one space, none at the ends: a text as Argdown reads it.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`structure`] with each text as `text` gives it.
fn structure_by(map: &ArgumentMap, text_of: fn(&str) -> String) -> Structure {
    let text = |id| text_of(&map.node(id).unwrap().text);
    let mut nodes: Vec<_> = map.nodes().map(|n| (n.kind, text_of(&n.text))).collect();
    nodes.sort();
    let mut sizes = std::collections::HashMap::new();
    for e in map.edges() {
        if let Some(g) = e.group {
            *sizes.entry(g).or_insert(0usize) += 1;
        }
    }
    let mut edges: Vec<_> = map
        .edges()
        .map(|e| {
            let (a, b) = if e.relation == Relation::Contradicts && text(e.from) > text(e.to) {
                (text(e.to), text(e.from))
            } else {
                (text(e.from), text(e.to))
            };
            (a, b, e.relation, e.group.map_or(0, |g| sizes[&g]))
        })
        .collect();
    edges.sort();
    (nodes, edges)
}

#[test]
fn the_sample_map_round_trips_through_argdown_and_aif() {
    use argmap_core::interchange::aif;
    let map = argmap_core::load_bytes(
        include_bytes!("../../../examples/scaling-debate.map"),
        &Default::default(),
    )
    .unwrap();
    let ad = argdown::write(&map);
    let back = argdown::read(&ad, &Default::default()).unwrap();
    assert!(
        structure(&back.map) == structure(&map),
        "{}",
        differences(&map, &back.map)
    );
    let json = aif::write(&map);
    let back = aif::read(&json, &Default::default()).unwrap();
    assert_eq!(structure(&back.map), structure(&map));
    assert!(back.report.is_empty(), "{:?}", back.report);
}

#[test]
fn graphml_is_well_formed_with_a_labelled_node_per_statement() {
    use argmap_core::interchange::graphml;
    let mut map = generate(80, 4);
    let first = map.node_at(0).unwrap().id;
    let mut doc = argmap_core::Document::new(map);
    doc.apply(&argmap_core::Edit::UpdateNode {
        id: first,
        fields: argmap_core::NodeFields {
            text: Some("<b>&amp; \"quoted\" ]]>".into()),
            ..Default::default()
        },
    })
    .unwrap();
    map = doc.into_map();
    let xml = graphml::write(&map);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    assert_eq!(nodes.len(), map.len());
    let labels: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "NodeLabel")
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    assert!(labels.iter().any(|l| l.contains("<b>&amp; \"quoted\" ]]>")));
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("edge")).count(),
        map.edge_count()
    );
}

/// What differs between two structures, briefly: (only in `a`, only in `b`).
fn differences(a: &ArgumentMap, b: &ArgumentMap) -> String {
    let (an, ae) = structure(a);
    let (bn, be) = structure(b);
    let short = |s: &str| s.chars().take(30).collect::<String>();
    let mut out = String::new();
    for n in an.iter().filter(|n| !bn.contains(n)) {
        out += &format!("node only before: {:?} {}\n", n.0, short(&n.1));
    }
    for n in bn.iter().filter(|n| !an.contains(n)) {
        out += &format!("node only after: {:?} {}\n", n.0, short(&n.1));
    }
    for e in ae.iter().filter(|e| !be.contains(e)) {
        out += &format!(
            "edge only before: {} -> {} {:?} group {}\n",
            short(&e.0),
            short(&e.1),
            e.2,
            e.3
        );
    }
    for e in be.iter().filter(|e| !ae.contains(e)) {
        out += &format!(
            "edge only after: {} -> {} {:?} group {}\n",
            short(&e.0),
            short(&e.1),
            e.2,
            e.3
        );
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_maps_round_trip_through_argdown_and_aif(size in 1usize..300, seed in any::<u64>()) {
        use argmap_core::interchange::aif;
        let map = generate(size, seed);
        let back = argdown::read(&argdown::write(&map), &Default::default()).unwrap();
        prop_assert!(structure(&back.map) == structure(&map), "Argdown:\n{}", differences(&map, &back.map));
        let back = aif::read(&aif::write(&map), &Default::default()).unwrap();
        prop_assert!(structure(&back.map) == structure(&map), "AIF:\n{}", differences(&map, &back.map));
    }

    #[test]
    fn no_reader_panics_on_arbitrary_text(text in "(?s).{0,400}") {
        use argmap_core::interchange::{aif, kialo};
        let limits = Default::default();
        let _ = argdown::read(&text, &limits);
        let _ = aif::read(&text, &limits);
        let _ = kialo::read(&text, &limits);
        let _ = argmap_core::interchange::outline::read(&text);
    }

    #[test]
    fn no_reader_panics_on_near_miss_documents(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "[A]: text", "<B>: arg", "  + [C]", "  - <B>", "    -> [A]", "  <_ [D]: x", "(1) [A]", "(2) p",
                "----", "-- x --", "(3) c", "# H", "===", "title: t", "/* open", "*/", "// c", "#tag @[A] {about: A}",
                "1. thesis", "1.1. Pro: x", "1.1.1. Con: -> See 1.", "Discussion Title: t", "{\"nodes\": [", "\"AIF\"", "",
            ]),
            0..40,
        )
    ) {
        use argmap_core::interchange::{aif, kialo};
        let text = lines.join("\n");
        let limits = Default::default();
        if let Ok(got) = argdown::read(&text, &limits) {
            prop_assert!(got.map.validate().is_empty());
        }
        let _ = aif::read(&text, &limits);
        if let Ok(got) = kialo::read(&text, &limits) {
            prop_assert!(got.map.validate().is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any map the format allows (support/hostile.rs) goes out to every format and what
    /// Argmap reads back is the same map: Argdown (its texts as Argdown reads them) and
    /// AIF exactly; Kialo and outlines as valid maps; GraphML as well-formed XML with
    /// every statement and relation.
    #[test]
    fn any_map_goes_out_to_every_format_and_reads_back(s in hostile::spec()) {
        use argmap_core::interchange::{aif, dot, graphml, kialo, outline};
        let map = hostile::build(&s);
        let limits = Default::default();
        let ad = argdown::write(&map);
        let back = argdown::read(&ad, &limits).map_err(|e| TestCaseError::fail(format!("{e}\n{ad}")))?;
        prop_assert!(
            structure_by(&back.map, flat) == structure_by(&map, flat),
            "Argdown:\n{}\n{ad}",
            differences(&map, &back.map)
        );
        let json = aif::write(&map);
        let back = aif::read(&json, &limits).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(structure(&back.map) == structure(&map), "AIF:\n{}", differences(&map, &back.map));
        // Kialo has no questions or notes: a map of nothing else is an empty discussion.
        if map.nodes().any(|n| n.kind.is_claim()) {
            let back = kialo::read(&kialo::write(&map), &limits).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(back.map.validate().is_empty());
            let claims = map.nodes().filter(|n| n.kind.is_claim()).count();
            prop_assert_eq!(back.map.len(), claims, "every claim, once");
        }
        let (fragment, _) = outline::read(&outline::write(&map, &[]));
        prop_assert!(fragment.nodes.len() <= map.len());
        let xml = graphml::write(&map);
        let doc = roxmltree::Document::parse(&xml).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(doc.descendants().filter(|n| n.has_tag_name("node")).count(), map.len());
        prop_assert_eq!(doc.descendants().filter(|n| n.has_tag_name("edge")).count(), map.edge_count());
        prop_assert!(dot::write(&map).starts_with("digraph"));
    }
}

#[test]
fn a_question_about_several_statements_keeps_them_all_in_argdown_and_aif() {
    use argmap_core::interchange::aif;
    use argmap_core::{Edge, MapMeta, Node};
    // Found by the property test above: only the first was written. The comma also
    // split the title when Argdown's data was read.
    let q = Node::new(NodeKind::Question, "Which one holds?");
    let a = Node::new(NodeKind::Thesis, "Yes, really: it scales");
    let b = Node::new(NodeKind::Thesis, "It does not");
    let edges = vec![
        Edge::new(q.id, a.id, Relation::Annotates),
        Edge::new(q.id, b.id, Relation::Annotates),
    ];
    let map = ArgumentMap::from_parts(MapMeta::titled("t"), vec![q, a, b], edges).unwrap();
    let ad = argdown::write(&map);
    assert!(
        ad.contains(r#"{about: ["Yes, really: it scales", "It does not"]}"#),
        "{ad}"
    );
    let back = argdown::read(&ad, &Default::default()).unwrap();
    assert_eq!(structure(&back.map), structure(&map));
    assert!(back.report.is_empty(), "{:?}", back.report);
    let back = aif::read(&aif::write(&map), &Default::default()).unwrap();
    assert_eq!(structure(&back.map), structure(&map));
    // Another tool's data: quoted either way, other keys beside, a single title.
    let text = "[A]: Yes, really: it scales\n\n[Q]: Why? #argmap-question {url: \"http://a.b/c?d=e,f\", about: 'A'}\n";
    let got = argdown::read(text, &Default::default()).unwrap();
    assert_eq!(got.map.edge_count(), 1, "{:?}", got.report);
    assert!(got.report.is_empty(), "{:?}", got.report);
}

#[test]
fn claims_in_a_cycle_of_relations_survive_writing() {
    use argmap_core::interchange::kialo;
    // 1.2 objects to 1, and (by the link) 1 supports 1.2: each hangs from the other.
    let text = "Discussion Title: t\n1.2. Con: Legalising will increase use.\n1.2.1. Pro: -> See 1.\n1. Soft drugs should be legal.\n";
    let got = kialo::read(text, &Default::default()).unwrap();
    assert_eq!((got.map.len(), got.map.edge_count()), (2, 2));
    let again = kialo::read(&kialo::write(&got.map), &Default::default()).unwrap();
    assert_eq!(structure(&again.map), structure(&got.map));
    let again = argdown::read(&argdown::write(&got.map), &Default::default()).unwrap();
    assert_eq!(structure(&again.map), structure(&got.map));
    // A top-level claim's text is all text, whatever it starts with.
    let got = kialo::read("1. Con: -> See 1.9.\n", &Default::default()).unwrap();
    assert_eq!(got.map.node_at(0).unwrap().text, "Con: -> See 1.9.");
}

#[test]
fn kialo_escapes_are_read_as_the_characters_they_escape() {
    use argmap_core::interchange::kialo;
    // As Kialo's own export writes them: parentheses escaped, Markdown links kept.
    let text = "Discussion Title: Escapes\n\n1. A claim \\(with an aside\\) and a [link](https://example.org).\n1.1. Pro: A path C:\\\\temp stays one backslash.\n";
    let got = kialo::read(text, &Default::default()).unwrap();
    let texts: Vec<&str> = got.map.nodes().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "A claim (with an aside) and a [link](https://example.org).",
            "A path C:\\temp stays one backslash."
        ]
    );
    let again = kialo::read(&kialo::write(&got.map), &Default::default()).unwrap();
    assert_eq!(structure(&again.map), structure(&got.map));
}

#[test]
fn argdown_round_trips_texts_full_of_its_own_syntax() {
    let nasty = [
        "issue #5 costs $3 @home [sic] <b>x</b> {a: b}",
        "C:\\temp \\ and // not a comment, nor /* this */ nor <!-- that -->",
        "see https://example.org/a//b and @[Someone] and #(two words)",
        "[Looks like a title]: but is text",
        "<Looks like an argument>: also text",
        "+ starts like a relation",
    ];
    let mut doc =
        argmap_core::Document::new(ArgumentMap::new(argmap_core::MapMeta::titled("nasty")));
    let mut target = None;
    for text in nasty {
        let node = argmap_core::Node::new(
            if target.is_none() {
                NodeKind::Thesis
            } else {
                NodeKind::Support
            },
            text,
        );
        let id = node.id;
        doc.apply(&argmap_core::Edit::AddNode {
            node,
            target,
            relation: None,
            after: None,
        })
        .unwrap();
        target.get_or_insert(id);
    }
    let map = doc.into_map();
    let written = argdown::write(&map);
    let back = argdown::read(&written, &Default::default()).unwrap();
    assert!(
        structure(&back.map) == structure(&map),
        "{}\n{written}",
        differences(&map, &back.map)
    );
    assert!(
        back.map.nodes().all(|n| n.tags.is_empty()),
        "no tags made up from text"
    );
}
