//! Colours and line styles, light and dark. Both painters (SVG here, canvas in the UI,
//! which receives this as JSON) draw from the same table, so a kind looks the same on
//! screen and in an exported image. Relations differ in dash pattern as well as colour,
//! so they stay apart in greyscale print and for colour-blind readers.

use serde::Serialize;

use crate::layout::Role;

#[derive(Clone, Copy, Debug, Serialize)]
pub struct KindStyle {
    pub fill: &'static str,
    pub stroke: &'static str,
    /// The caption's colour (THESIS, SUPPORT, …).
    pub caption: &'static str,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct LineStyle {
    pub colour: &'static str,
    /// An SVG/canvas dash pattern; empty for a solid line.
    pub dash: &'static [f64],
    pub width: f64,
}

/// The colours of the evaluation badges. Each status also has its own mark (✓ ✗ ? !)
/// and a settled (assumed) status a square instead of a disc, so none is told by colour
/// alone.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct StatusColours {
    pub stands: &'static str,
    pub defeated: &'static str,
    pub undecided: &'static str,
    pub unsupported: &'static str,
    /// The mark drawn on the badge.
    pub mark: &'static str,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Theme {
    pub name: &'static str,
    pub background: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub group: &'static str,
    pub badge_fill: &'static str,
    pub badge_text: &'static str,
    /// The app's selection outline and find-match outline (not used in exports).
    pub selection: &'static str,
    #[serde(rename = "match")]
    pub match_: &'static str,
    pub thesis: KindStyle,
    pub support: KindStyle,
    pub objection: KindStyle,
    pub rebuttal: KindStyle,
    pub evidence: KindStyle,
    pub question: KindStyle,
    pub note: KindStyle,
    pub supports: LineStyle,
    pub objects: LineStyle,
    pub contradicts: LineStyle,
    pub annotates: LineStyle,
    pub status: StatusColours,
}

impl Theme {
    pub fn kind(&self, role: Role) -> &KindStyle {
        match role {
            Role::Thesis => &self.thesis,
            Role::Support => &self.support,
            Role::Objection => &self.objection,
            Role::Rebuttal => &self.rebuttal,
            Role::Evidence => &self.evidence,
            Role::Question => &self.question,
            Role::Note => &self.note,
        }
    }

    pub fn line(&self, relation: argmap_core::Relation) -> &LineStyle {
        use argmap_core::Relation::*;
        match relation {
            Supports => &self.supports,
            Objects => &self.objects,
            Contradicts => &self.contradicts,
            Annotates => &self.annotates,
        }
    }

    pub fn by_name(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(LIGHT),
            "dark" => Some(DARK),
            _ => None,
        }
    }
}

pub const LIGHT: Theme = Theme {
    name: "light",
    background: "#ffffff",
    text: "#0f172a",
    muted: "#475569",
    group: "#64748b",
    badge_fill: "#334155",
    badge_text: "#ffffff",
    selection: "#2563eb",
    match_: "#d97706",
    thesis: KindStyle {
        fill: "#eef2ff",
        stroke: "#4f46e5",
        caption: "#4338ca",
    },
    support: KindStyle {
        fill: "#ecfdf5",
        stroke: "#059669",
        caption: "#047857",
    },
    objection: KindStyle {
        fill: "#fef2f2",
        stroke: "#dc2626",
        caption: "#b91c1c",
    },
    rebuttal: KindStyle {
        fill: "#fff7ed",
        stroke: "#ea580c",
        caption: "#c2410c",
    },
    evidence: KindStyle {
        fill: "#f0f9ff",
        stroke: "#0284c7",
        caption: "#0369a1",
    },
    question: KindStyle {
        fill: "#fefce8",
        stroke: "#ca8a04",
        caption: "#a16207",
    },
    note: KindStyle {
        fill: "#f8fafc",
        stroke: "#64748b",
        caption: "#475569",
    },
    supports: LineStyle {
        colour: "#059669",
        dash: &[],
        width: 1.75,
    },
    objects: LineStyle {
        colour: "#dc2626",
        dash: &[7.0, 4.0],
        width: 1.75,
    },
    contradicts: LineStyle {
        colour: "#9333ea",
        dash: &[2.0, 3.0],
        width: 2.0,
    },
    annotates: LineStyle {
        colour: "#94a3b8",
        dash: &[1.0, 3.0],
        width: 1.25,
    },
    status: StatusColours {
        stands: "#15803d",
        defeated: "#b91c1c",
        undecided: "#a16207",
        unsupported: "#7c3aed",
        mark: "#ffffff",
    },
};

pub const DARK: Theme = Theme {
    name: "dark",
    background: "#0f172a",
    text: "#e2e8f0",
    muted: "#94a3b8",
    group: "#94a3b8",
    badge_fill: "#e2e8f0",
    badge_text: "#0f172a",
    selection: "#60a5fa",
    match_: "#fbbf24",
    thesis: KindStyle {
        fill: "#1e1b4b",
        stroke: "#818cf8",
        caption: "#a5b4fc",
    },
    support: KindStyle {
        fill: "#022c22",
        stroke: "#34d399",
        caption: "#6ee7b7",
    },
    objection: KindStyle {
        fill: "#2a0a0a",
        stroke: "#f87171",
        caption: "#fca5a5",
    },
    rebuttal: KindStyle {
        fill: "#2a1305",
        stroke: "#fb923c",
        caption: "#fdba74",
    },
    evidence: KindStyle {
        fill: "#082f49",
        stroke: "#38bdf8",
        caption: "#7dd3fc",
    },
    question: KindStyle {
        fill: "#2a2205",
        stroke: "#facc15",
        caption: "#fde047",
    },
    note: KindStyle {
        fill: "#1e293b",
        stroke: "#94a3b8",
        caption: "#cbd5e1",
    },
    supports: LineStyle {
        colour: "#34d399",
        dash: &[],
        width: 1.75,
    },
    objects: LineStyle {
        colour: "#f87171",
        dash: &[7.0, 4.0],
        width: 1.75,
    },
    contradicts: LineStyle {
        colour: "#c084fc",
        dash: &[2.0, 3.0],
        width: 2.0,
    },
    annotates: LineStyle {
        colour: "#64748b",
        dash: &[1.0, 3.0],
        width: 1.25,
    },
    status: StatusColours {
        stands: "#16a34a",
        defeated: "#dc2626",
        undecided: "#ca8a04",
        unsupported: "#8b5cf6",
        mark: "#ffffff",
    },
};
