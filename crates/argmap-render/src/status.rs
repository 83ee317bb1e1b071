//! The evaluation drawn on the map: a badge on each claim's top-right corner, with a
//! mark for its status (✓ stands, ✗ defeated, ? undecided) and a second one (!) on a
//! thesis nothing supports. A status the user settled is drawn in a square rather than
//! a disc. Defeated claims are faded and their box dashed. The canvas in ui/src/paint.ts
//! draws the same shapes at the same places; the check and the cross are strokes, not
//! glyphs, so they need no font that has them.

use std::collections::HashMap;

use argmap_core::NodeId;
use argmap_core::eval::{Evaluation, Label};

use crate::layout::NodeBox;
use crate::theme::Theme;

/// What the badge of one claim shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Badge {
    pub label: Label,
    pub unsupported: bool,
    pub assumed: bool,
}

pub type Badges = HashMap<NodeId, Badge>;

/// Every claim's badge.
pub fn badges(e: &Evaluation) -> Badges {
    e.statuses
        .iter()
        .map(|s| {
            (
                s.id,
                Badge {
                    label: s.label,
                    unsupported: s.unsupported,
                    assumed: s.assumed,
                },
            )
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Check,
    Cross,
    Question,
    Bang,
}

/// One mark in its disc (or square), centred at (`cx`, `cy`) in layout units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedMark {
    pub mark: Mark,
    pub cx: f64,
    pub cy: f64,
    pub colour: &'static str,
    pub square: bool,
}

/// The radius of a badge's disc (half the side of its square).
pub const RADIUS: f64 = 8.0;
/// How far apart the marks of one badge are.
pub const STEP: f64 = 20.0;
/// How much defeated claims are faded.
pub const DEFEATED_OPACITY: f64 = 0.55;
/// The dash of a defeated claim's box.
pub const DEFEATED_DASH: [f64; 2] = [5.0, 3.0];

/// The marks of `badge` on box `n`, right to left from its top-right corner.
pub fn marks(n: &NodeBox, badge: &Badge, t: &Theme) -> Vec<PlacedMark> {
    let (mark, colour) = match badge.label {
        Label::In => (Mark::Check, t.status.stands),
        Label::Out => (Mark::Cross, t.status.defeated),
        Label::Undecided => (Mark::Question, t.status.undecided),
    };
    let mut out = vec![(mark, colour, badge.assumed)];
    if badge.unsupported {
        out.push((Mark::Bang, t.status.unsupported, false));
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (mark, colour, square))| PlacedMark {
            mark,
            cx: n.x + n.w - 2.0 - i as f64 * STEP,
            cy: n.y + 2.0,
            colour,
            square,
        })
        .collect()
}
