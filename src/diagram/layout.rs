//! Coordinates for the sequence diagram: groups, actor boxes, lifelines and one row per step.
//!
//! Text is measured by estimate (a fixed advance per character, on the wide side of common sans
//! and monospace fonts), so the layout is the same everywhere and testable without a browser.
//! Each step has a row of its own, so labels only need to stay inside the picture, which
//! [`Layout::clipped_labels`] checks.

use std::fmt::Write as _;

use super::{Actor, Diagram, Group, Step, STEPS};

/// The width of one lifeline's column.
pub const COLUMN: i32 = 170;
pub const MARGIN: i32 = 16;
const GROUP_CAPTION: i32 = 24;
const ACTOR_HEIGHT: i32 = 40;
const ROW: i32 = 72;
const FIRST_ROW_GAP: i32 = 40;
const LOOP_WIDTH: i32 = 34;
/// Half the number's circle and a gap.
const BADGE_CLEARANCE: i32 = 14;
pub const TITLE_SIZE: i32 = 13;
pub const PAYLOAD_SIZE: i32 = 11;
pub const NOTE_SIZE: i32 = 11;
/// The estimated advance of one character, in tenths of the font size: 0.6 em covers the
/// widest common sans-serif (Verdana excepted) and every monospace font.
const ADVANCE_TENTHS: i32 = 6;
/// Bold text runs wider.
const BOLD_ADVANCE_TENTHS: i32 = 7;
pub const ACTOR_NAME_SIZE: i32 = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A line of text and the horizontal room it is estimated to take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub text: String,
    pub x: i32,
    /// The baseline.
    pub y: i32,
    pub size: i32,
    pub anchor: Anchor,
    pub bold: bool,
}

impl Label {
    fn new(text: String, x: i32, y: i32, size: i32, anchor: Anchor) -> Label {
        Label {
            text,
            x,
            y,
            size,
            anchor,
            bold: false,
        }
    }

    fn bold(self) -> Label {
        Label { bold: true, ..self }
    }

    pub fn estimated_width(&self) -> i32 {
        let advance = if self.bold { BOLD_ADVANCE_TENTHS } else { ADVANCE_TENTHS };
        self.text.chars().count() as i32 * self.size * advance / 10
    }

    /// The label's left and right edges.
    pub fn extent(&self) -> (i32, i32) {
        let width = self.estimated_width();
        match self.anchor {
            Anchor::Start => (self.x, self.x + width),
            Anchor::Middle => (self.x - width / 2, self.x + width - width / 2),
            Anchor::End => (self.x - width, self.x),
        }
    }

    /// Moves a centred label sideways so that it stays within `[left, right]`.
    fn clamped(mut self, left: i32, right: i32) -> Label {
        let (start, end) = self.extent();
        if start < left {
            self.x += left - start;
        } else if end > right {
            self.x -= end - right;
        }
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupBox {
    pub group: Group,
    pub caption: Label,
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorBox {
    pub actor: Actor,
    pub name: Label,
    /// The lifeline's x.
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

/// How a step is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// From one lifeline to another, passing `via` (a dot on that lifeline).
    Arrow { from_x: i32, to_x: i32, via_x: Option<i32> },
    /// A message an actor sends itself: a loop to the right (`direction` 1) or left (-1).
    SelfLoop { x: i32, direction: i32 },
    /// A note spanning several lifelines.
    Note { left: i32, right: i32 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageRow {
    pub number: u8,
    /// The row's top; the row is [`Layout::row_height`] tall.
    pub top: i32,
    /// The y of the arrow (or the loop's top, or the note's middle).
    pub y: i32,
    pub shape: Shape,
    /// The step number's circle.
    pub badge_x: i32,
    pub title: Label,
    pub payload: Option<Label>,
    /// What is verified here, in small italics under the payload.
    pub note: Option<Label>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub width: i32,
    pub height: i32,
    pub groups: Vec<GroupBox>,
    pub actors: Vec<ActorBox>,
    pub lifeline_top: i32,
    pub lifeline_bottom: i32,
    pub rows: Vec<MessageRow>,
    pub row_height: i32,
}

fn lifeline_x(actor: Actor) -> i32 {
    MARGIN + COLUMN / 2 + actor.index() as i32 * COLUMN
}

impl Layout {
    /// Lays the fourteen steps out, naming the diagram's remote cluster and API server in
    /// captions and payloads.
    pub fn new(diagram: &Diagram) -> Layout {
        let remote = &shortened(&diagram.remote_cluster, MAX_NAME_CHARS);
        let server = &shortened(&diagram.remote_server, MAX_NAME_CHARS);
        let width = 2 * MARGIN + Actor::ALL.len() as i32 * COLUMN;
        let actor_top = MARGIN + GROUP_CAPTION;
        let lifeline_top = actor_top + ACTOR_HEIGHT;
        let first_row = lifeline_top + FIRST_ROW_GAP - ROW / 2;
        let rows: Vec<MessageRow> = STEPS
            .iter()
            .enumerate()
            .map(|(slot, step)| row(step, first_row + slot as i32 * ROW, remote, server, width))
            .collect();
        let lifeline_bottom = first_row + rows.len() as i32 * ROW;
        let height = lifeline_bottom + MARGIN;
        let groups = Group::ALL
            .iter()
            .map(|&group| {
                let members: Vec<Actor> = Actor::ALL.into_iter().filter(|a| a.group() == group).collect();
                let left = lifeline_x(members[0]) - COLUMN / 2 + 4;
                let right = lifeline_x(members[members.len() - 1]) + COLUMN / 2 - 4;
                GroupBox {
                    group,
                    caption: Label::new(group.caption(remote), left + 8, MARGIN + 16, 12, Anchor::Start).bold(),
                    x: left,
                    y: MARGIN,
                    width: right - left,
                    height: lifeline_bottom - MARGIN + 6,
                }
            })
            .collect();
        let actors = Actor::ALL
            .iter()
            .map(|&actor| {
                let x = lifeline_x(actor);
                ActorBox {
                    actor,
                    name: Label::new(
                        actor.name().to_string(),
                        x,
                        actor_top + 25,
                        ACTOR_NAME_SIZE,
                        Anchor::Middle,
                    )
                    .bold(),
                    x,
                    y: actor_top,
                    width: COLUMN - 12,
                    height: ACTOR_HEIGHT,
                }
            })
            .collect();
        Layout {
            width,
            height,
            groups,
            actors,
            lifeline_top,
            lifeline_bottom,
            rows,
            row_height: ROW,
        }
    }

    /// Labels that run past the picture's edges (estimated): none, or the layout is wrong.
    pub fn clipped_labels(&self) -> Vec<String> {
        let actor_labels = self.actors.iter().map(|actor| &actor.name);
        let group_labels = self.groups.iter().map(|group| &group.caption);
        let row_labels = self.rows.iter().flat_map(|row| {
            std::iter::once(&row.title)
                .chain(row.payload.as_ref())
                .chain(row.note.as_ref())
        });
        actor_labels
            .chain(group_labels)
            .chain(row_labels)
            .filter(|label| {
                let (left, right) = label.extent();
                left < 0 || right > self.width
            })
            .map(|label| label.text.clone())
            .collect()
    }

    /// A readable dump for snapshot tests: one line per box and row.
    pub fn describe(&self) -> String {
        let mut out = format!("diagram {}x{}\n", self.width, self.height);
        for group in &self.groups {
            let _ = writeln!(
                out,
                "group {:<12} x={} w={} caption={:?}",
                format!("{:?}", group.group),
                group.x,
                group.width,
                group.caption.text
            );
        }
        for actor in &self.actors {
            let _ = writeln!(out, "actor {:<18} x={}", actor.name.text, actor.x);
        }
        for row in &self.rows {
            let shape = match row.shape {
                Shape::Arrow { from_x, to_x, via_x } => match via_x {
                    Some(via) => format!("arrow {from_x}->{to_x} via {via}"),
                    None => format!("arrow {from_x}->{to_x}"),
                },
                Shape::SelfLoop { x, direction } => format!("loop at {x} toward {direction}"),
                Shape::Note { left, right } => format!("note {left}..{right}"),
            };
            let (title_left, title_right) = row.title.extent();
            let _ = write!(
                out,
                "step {:>2} y={} {shape}; title {:?} [{title_left}..{title_right}]",
                row.number, row.y, row.title.text
            );
            if let Some(payload) = &row.payload {
                let (left, right) = payload.extent();
                let _ = write!(out, "; payload {:?} [{left}..{right}]", payload.text);
            }
            if let Some(note) = &row.note {
                let (left, right) = note.extent();
                let _ = write!(out, "; note {:?} [{left}..{right}]", note.text);
            }
            out.push('\n');
        }
        out
    }
}

/// Cluster IDs may be up to 253 characters and servers longer; the picture shows the start of
/// longer ones.
const MAX_NAME_CHARS: usize = 40;

fn shortened(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn note_text(step: &Step) -> Option<String> {
    (!step.note.is_empty()).then(|| format!("✓ {}", step.note))
}

fn row(step: &Step, top: i32, remote: &str, server: &str, width: i32) -> MessageRow {
    // The arrow sits above the middle: the payload and the note go under it.
    let y = top + 30;
    let from_x = lifeline_x(step.from);
    let to_x = lifeline_x(step.to);
    let payload_text = step.payload_for(remote, server);
    let (left_limit, right_limit) = (MARGIN, width - MARGIN);
    if step.number == 14 {
        // The closing note spans the workloads of both clusters.
        let left = lifeline_x(Actor::Envoy) - COLUMN / 2 + 10;
        let right = lifeline_x(Actor::Istiod) + COLUMN / 2 - 10;
        return MessageRow {
            number: step.number,
            top,
            y,
            shape: Shape::Note { left, right },
            badge_x: left,
            title: Label::new(
                step.title.to_string(),
                (left + right) / 2,
                y + 5,
                TITLE_SIZE,
                Anchor::Middle,
            ),
            payload: None,
            note: note_text(step).map(|note| Label::new(note, (left + right) / 2, y + 30, NOTE_SIZE, Anchor::Middle)),
        };
    }
    if step.is_self_message() {
        // Loop away from the nearer edge, with the labels beside the loop.
        let direction = if from_x > width / 2 { -1 } else { 1 };
        let text_x = from_x + direction * (LOOP_WIDTH + 8);
        let anchor = if direction > 0 { Anchor::Start } else { Anchor::End };
        return MessageRow {
            number: step.number,
            top,
            y: y - 10,
            shape: Shape::SelfLoop { x: from_x, direction },
            badge_x: from_x,
            title: Label::new(step.title.to_string(), text_x, y + 2, TITLE_SIZE, anchor),
            payload: (!payload_text.is_empty()).then(|| Label::new(payload_text, text_x, y + 17, PAYLOAD_SIZE, anchor)),
            note: note_text(step).map(|note| Label::new(note, text_x, y + 17, NOTE_SIZE, anchor)),
        };
    }
    let middle = (from_x + to_x) / 2;
    let note_baseline = if payload_text.is_empty() { y + 20 } else { y + 35 };
    // Labels keep clear of the step's number, which sits where the arrow starts.
    let (title_left, title_right) = match to_x > from_x {
        true => (left_limit.max(from_x + BADGE_CLEARANCE), right_limit),
        false => (left_limit, right_limit.min(from_x - BADGE_CLEARANCE)),
    };
    MessageRow {
        number: step.number,
        top,
        y,
        shape: Shape::Arrow {
            from_x,
            to_x,
            via_x: step.via.map(lifeline_x),
        },
        badge_x: from_x,
        title: Label::new(step.title.to_string(), middle, y - 7, TITLE_SIZE, Anchor::Middle)
            .clamped(title_left, title_right),
        payload: (!payload_text.is_empty()).then(|| {
            Label::new(payload_text, middle, y + 20, PAYLOAD_SIZE, Anchor::Middle).clamped(left_limit, right_limit)
        }),
        note: note_text(step).map(|note| {
            Label::new(note, middle, note_baseline, NOTE_SIZE, Anchor::Middle).clamped(left_limit, right_limit)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_label_runs_past_the_edges() {
        for remote in ["cluster2", "a-remote-cluster-with-a-rather-long-name", &"x".repeat(253)] {
            let diagram = Diagram {
                remote_cluster: remote.to_string(),
                remote_server: format!("https://{remote}.eks.amazonaws.com:443"),
                ..Diagram::plain()
            };
            let layout = Layout::new(&diagram);
            assert_eq!(layout.clipped_labels(), Vec::<String>::new(), "remote {remote}");
        }
    }

    #[test]
    fn actor_names_fit_their_boxes_and_labels_clear_the_numbers() {
        let layout = Layout::new(&Diagram::plain());
        for actor in &layout.actors {
            assert!(actor.name.estimated_width() <= actor.width - 8, "{}", actor.name.text);
        }
        for row in &layout.rows {
            let (left, right) = row.title.extent();
            if let Shape::Arrow { from_x, .. } = row.shape {
                let clear = right < from_x - BADGE_CLEARANCE + 1 || left > from_x + BADGE_CLEARANCE - 1;
                assert!(clear, "step {} title over its number", row.number);
            }
        }
    }

    #[test]
    fn every_step_has_a_row_below_the_actors() {
        let layout = Layout::new(&Diagram::plain());
        assert_eq!(layout.rows.len(), STEPS.len());
        for pair in layout.rows.windows(2) {
            assert_eq!(pair[1].top - pair[0].top, layout.row_height);
        }
        assert!(layout.rows[0].top >= layout.lifeline_top);
        assert!(layout.rows[13].top + layout.row_height <= layout.lifeline_bottom);
    }

    #[test]
    fn the_layout_matches_its_snapshot() {
        crate::snapshot::assert_snapshot("diagram-layout.txt", &Layout::new(&Diagram::plain()).describe());
    }
}
