//! The diagram as one self-contained SVG document: its styles inside, no scripts, no fonts or
//! images from elsewhere, so that the file downloaded from the app, the `diagram` command's
//! output and the picture on the page are the same bytes and render the same on GitHub.
//!
//! Every text and attribute value passes through [`escape`]: the remote cluster ID comes from the
//! pasted input, and the app puts this markup into the page.

use std::fmt::Write as _;

use super::layout::{Anchor, Label, Layout, Shape, PAYLOAD_SIZE};
use super::palette;
use super::{step, Diagram, StepState, STEPS};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    /// Follows the viewer's `prefers-color-scheme`.
    Auto,
}

impl Theme {
    pub fn parse(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "auto" => Some(Theme::Auto),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// How to draw: theme, the step being explained, and steps to emphasise (a selected finding's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SvgOptions {
    pub theme: Theme,
    pub current_step: Option<u8>,
    pub highlighted_steps: Vec<u8>,
}

/// Escapes text for XML content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids would make the file unreadable.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn style(theme: Theme) -> String {
    // The diagram's colours, from the one palette of the page and the diagram.
    use palette::{DIAGRAM_DARK as DARK, DIAGRAM_LIGHT as LIGHT};
    let palette = match theme {
        Theme::Light => format!(".rsi-dg{{{LIGHT}}}"),
        Theme::Dark => format!(".rsi-dg{{{DARK}}}"),
        Theme::Auto => format!(".rsi-dg{{{LIGHT}}}@media (prefers-color-scheme: dark){{.rsi-dg{{{DARK}}}}}"),
    };
    palette + RULES
}

/// The diagram's rules; their colours come from the palette.
const RULES: &str = ".rsi-dg{--halo:var(--rsi-bg);font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;}\
.rsi-dg-bg{fill:var(--rsi-bg)}\
.rsi-dg-group{fill:var(--rsi-surface);stroke:var(--rsi-border)}\
.rsi-dg-caption{fill:var(--rsi-muted);font-size:12px;font-weight:600}\
.rsi-dg-actor{fill:var(--rsi-bg);stroke:var(--rsi-line)}\
.rsi-dg-actor-name{fill:var(--rsi-fg);font-size:12px;font-weight:600}\
.rsi-dg-lifeline{stroke:var(--rsi-line);stroke-dasharray:4 4}\
.rsi-dg-hit{fill:transparent}\
.rsi-dg-step{--state:var(--rsi-info);cursor:pointer}\
.rsi-dg-step--pass{--state:var(--rsi-ok)}\
.rsi-dg-step--risk{--state:var(--rsi-risk)}\
.rsi-dg-step--broken{--state:var(--rsi-fail)}\
.rsi-dg-step--undetermined{--state:var(--rsi-line)}\
.rsi-dg-step--highlighted{--halo:var(--rsi-selected)}\
.rsi-dg-step--highlighted .rsi-dg-hit{fill:var(--rsi-selected);stroke:var(--rsi-info);stroke-width:2;stroke-dasharray:6 3}\
.rsi-dg-step--current{--halo:var(--rsi-highlight)}\
.rsi-dg-step--current .rsi-dg-hit{fill:var(--rsi-highlight)}\
.rsi-dg-step:hover .rsi-dg-hit{stroke:var(--rsi-line)}\
.rsi-dg-wire{stroke:var(--state);stroke-width:2;fill:none}\
.rsi-dg-step--broken .rsi-dg-wire{stroke-width:3}\
.rsi-dg-step--undetermined .rsi-dg-wire{stroke-dasharray:6 4}\
.rsi-dg-head,.rsi-dg-via,.rsi-dg-badge{fill:var(--state)}\
.rsi-dg-number{fill:var(--rsi-bg);font-size:11px;font-weight:700}\
.rsi-dg-title{fill:var(--rsi-fg);font-size:13px;paint-order:stroke;stroke:var(--halo);stroke-width:4px;stroke-linejoin:round}\
.rsi-dg-payload{fill:var(--rsi-muted);font-size:11px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace;paint-order:stroke;stroke:var(--halo);stroke-width:4px;stroke-linejoin:round}\
.rsi-dg-note{fill:var(--rsi-surface);stroke:var(--state)}\
.rsi-dg-note-text{fill:var(--rsi-muted);font-size:11px;font-style:italic;paint-order:stroke;stroke:var(--halo);stroke-width:4px;stroke-linejoin:round}\
.rsi-dg-legend{fill:var(--rsi-muted);font-size:12px}\
.rsi-dg-step--current .rsi-dg-badge{animation:rsi-dg-pulse 1.6s ease-in-out infinite}\
@keyframes rsi-dg-pulse{50%{opacity:.55}}\
@media (prefers-reduced-motion: reduce){.rsi-dg-step--current .rsi-dg-badge{animation:none}}";

/// The SVG document of a diagram.
pub fn render(diagram: &Diagram, options: &SvgOptions) -> String {
    let layout = Layout::new(diagram);
    let is_plain = diagram.is_plain();
    let legend_height = if is_plain { 0 } else { 28 };
    let (width, height) = (layout.width, layout.height + legend_height);
    let mut out = String::with_capacity(24 * 1024);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rsi-dg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"rsi-dg-title rsi-dg-desc\" \
         data-theme=\"{}\">",
        options.theme.as_str()
    );
    let _ = write!(
        out,
        "<title id=\"rsi-dg-title\">How a remote workload authenticates to the primary istiod</title>\
         <desc id=\"rsi-dg-desc\">{}</desc>\n<style>\n{}</style>\n",
        escape(&description(diagram)),
        style(options.theme).replace('}', "}\n")
    );
    let _ = writeln!(out, "<rect class=\"rsi-dg-bg\" width=\"{width}\" height=\"{height}\"/>");
    for group in &layout.groups {
        let _ = write!(
            out,
            "<rect class=\"rsi-dg-group\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
            group.x, group.y, group.width, group.height
        );
        text(&mut out, "rsi-dg-caption", &group.caption);
        out.push('\n');
    }
    for actor in &layout.actors {
        let _ = write!(
            out,
            "<line class=\"rsi-dg-lifeline\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
             <rect class=\"rsi-dg-actor\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>",
            layout.lifeline_top,
            layout.lifeline_bottom,
            actor.x - actor.width / 2,
            actor.y,
            actor.width,
            actor.height,
            x = actor.x,
        );
        text(&mut out, "rsi-dg-actor-name", &actor.name);
        out.push('\n');
    }
    for row in &layout.rows {
        let state = diagram.state(row.number);
        let mut classes = format!("rsi-dg-step rsi-dg-step--{}", state.as_str());
        if options.current_step == Some(row.number) {
            classes.push_str(" rsi-dg-step--current");
        }
        if options.highlighted_steps.contains(&row.number) {
            classes.push_str(" rsi-dg-step--highlighted");
        }
        let title = step(row.number).map_or("", |step| step.title);
        let mut state_words = match state {
            StepState::Plain => String::new(),
            StepState::Undetermined => format!(" ({})", state.words()),
            other => format!(" ({})", other.as_str()),
        };
        if let Some(ids) = diagram
            .finding_ids
            .get(usize::from(row.number) - 1)
            .filter(|ids| !ids.is_empty())
        {
            let _ = write!(state_words, ": {}", ids.join(", "));
        }
        let _ = write!(
            out,
            "<g class=\"{classes}\" data-step=\"{}\" data-state=\"{}\"><title>{}</title>\
             <rect class=\"rsi-dg-hit\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
            row.number,
            state.as_str(),
            escape(&format!("Step {}: {title}{state_words}", row.number)),
            layout.groups[0].x,
            row.top + 2,
            width - 2 * layout.groups[0].x,
            layout.row_height - 4,
        );
        wire(&mut out, &row.shape, row.y);
        let badge_y = row.y;
        let _ = write!(
            out,
            "<circle class=\"rsi-dg-badge\" cx=\"{x}\" cy=\"{badge_y}\" r=\"10\"/>\
             <text class=\"rsi-dg-number\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            badge_y + 4,
            row.number,
            x = row.badge_x,
        );
        text(&mut out, "rsi-dg-title", &row.title);
        if let Some(payload) = &row.payload {
            text(&mut out, "rsi-dg-payload", payload);
        }
        if let Some(note) = &row.note {
            text(&mut out, "rsi-dg-note-text", note);
        }
        out.push_str("</g>\n");
    }
    if !is_plain {
        legend(&mut out, layout.groups[0].x, layout.height + 8);
    }
    out.push_str("</svg>\n");
    // One element per line: snapshot diffs and hand-edits then work line by line. Text never
    // holds `><` unescaped, so only markup is split.
    out.replace("><", ">\n<")
}

fn text(out: &mut String, class: &str, label: &Label) {
    let anchor = match label.anchor {
        Anchor::Start => String::new(),
        other => format!(" text-anchor=\"{}\"", other.as_str()),
    };
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\"{anchor}>{}</text>",
        label.x,
        label.y,
        escape(&label.text)
    );
}

fn wire(out: &mut String, shape: &Shape, y: i32) {
    match *shape {
        Shape::Arrow { from_x, to_x, via_x } => {
            let direction = if to_x > from_x { 1 } else { -1 };
            let tip = to_x - direction * 2;
            let _ = write!(
                out,
                "<line class=\"rsi-dg-wire\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>\
                 <path class=\"rsi-dg-head\" d=\"M{tip} {y} l{} -5 v10 z\"/>",
                from_x + direction * 10,
                tip - direction * 8,
                -direction * 10,
            );
            if let Some(via) = via_x {
                let _ = write!(out, "<circle class=\"rsi-dg-via\" cx=\"{via}\" cy=\"{y}\" r=\"4\"/>");
            }
        }
        Shape::SelfLoop { x, direction } => {
            let reach = direction * 34;
            let _ = write!(
                out,
                "<path class=\"rsi-dg-wire\" d=\"M{} {y} h{} v18 h{}\"/>\
                 <path class=\"rsi-dg-head\" d=\"M{} {} l{} -5 v10 z\"/>",
                x + direction * 10,
                reach - direction * 10,
                -reach + direction * 12,
                x + direction * 3,
                y + 18,
                direction * 10,
            );
        }
        Shape::Note { left, right } => {
            let _ = write!(
                out,
                "<rect class=\"rsi-dg-note\" x=\"{left}\" y=\"{}\" width=\"{}\" height=\"28\" rx=\"6\"/>",
                y - 14,
                right - left
            );
        }
    }
}

fn legend(out: &mut String, x: i32, y: i32) {
    let mut cursor = x + 10;
    for state in [
        StepState::Pass,
        StepState::Risk,
        StepState::Broken,
        StepState::Undetermined,
    ] {
        let words = state.words();
        let _ = write!(
            out,
            "<g class=\"rsi-dg-step--{}\"><circle class=\"rsi-dg-badge\" cx=\"{cursor}\" cy=\"{}\" r=\"6\"/>\
             <text class=\"rsi-dg-legend\" x=\"{}\" y=\"{}\">{words}</text></g>",
            state.as_str(),
            y + 8,
            cursor + 12,
            y + 12,
        );
        cursor += 12 + words.len() as i32 * PAYLOAD_SIZE * 6 / 10 + 40;
    }
}

/// The `<desc>`: what the picture shows, and which steps the input breaks.
pub fn description(diagram: &Diagram) -> String {
    let mut words = format!(
        "Sequence diagram in {} steps: the operator creates a remote secret for {} and applies it to the \
         primary cluster; istiod watches the remote API server with it; a remote pod's istio-agent sends a CSR \
         with its token through the east-west gateway; istiod checks the token with a TokenReview against the \
         remote API server and signs a certificate under the shared root.",
        STEPS.len(),
        diagram.remote_cluster
    );
    for (wanted, words_for) in [(StepState::Broken, "broken"), (StepState::Risk, "at risk")] {
        let numbers: Vec<String> = STEPS
            .iter()
            .filter(|step| diagram.state(step.number) == wanted)
            .map(|step| step.number.to_string())
            .collect();
        if !numbers.is_empty() {
            let _ = write!(words, " Steps {} are {words_for}.", numbers.join(", "));
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{example, NOW};
    use crate::settings::Settings;

    /// The diagram carries exactly the colours its rules use: a colour renamed in the palette, or
    /// used by a rule without being in the diagram's group, fails here, not silently in a picture.
    #[test]
    fn the_diagram_carries_the_colours_its_rules_use() {
        let used: std::collections::BTreeSet<&str> = RULES
            .match_indices("var(--rsi-")
            .map(|(at, _)| {
                let name = &RULES[at + 4..];
                &name[..name.find(')').unwrap()]
            })
            .collect();
        for colours in [palette::DIAGRAM_LIGHT, palette::DIAGRAM_DARK] {
            let carried: std::collections::BTreeSet<&str> = colours
                .split(';')
                .filter_map(|colour| colour.split_once(':'))
                .map(|(name, _)| name)
                .collect();
            assert_eq!(carried, used);
        }
    }

    fn loopback_diagram() -> Diagram {
        let text = example("loopback-server", NOW).expect("a known example");
        Diagram::for_entry(&crate::inspect(&text, &Settings::at(NOW)), 0, 0)
    }

    #[test]
    fn the_plain_svg_matches_its_snapshot() {
        crate::snapshot::assert_snapshot("diagram-plain.svg", &render(&Diagram::plain(), &SvgOptions::default()));
    }

    #[test]
    fn the_loopback_svg_matches_its_snapshot() {
        let options = SvgOptions {
            theme: Theme::Dark,
            current_step: Some(3),
            highlighted_steps: vec![10],
        };
        crate::snapshot::assert_snapshot("diagram-loopback-dark.svg", &render(&loopback_diagram(), &options));
    }

    #[test]
    fn each_step_carries_its_state_and_title() {
        let svg = render(&loopback_diagram(), &SvgOptions::default());
        assert!(svg.contains("data-step=\"3\" data-state=\"broken\""));
        assert!(svg.contains("data-step=\"2\" data-state=\"pass\""));
        assert!(svg.contains("data-step=\"8\" data-state=\"undetermined\""));
        assert!(svg.contains("Steps 3, 10 are broken."));
        assert!(svg.contains("<title>Step 3: load kubeconfig, list+watch (broken): server-loopback</title>"));
        for step in &STEPS {
            assert!(svg.contains(&format!("data-step=\"{}\"", step.number)));
        }
    }

    #[test]
    fn hostile_cluster_ids_stay_text() {
        let mut diagram = Diagram::plain();
        diagram.remote_cluster = "<script>alert(1)</script>\"&'".to_string();
        diagram.remote_server = "https://<img src=x>".to_string();
        let svg = render(&diagram, &SvgOptions::default());
        assert!(!svg.contains("<script>") && !svg.contains("<img"));
        assert!(svg.contains("https://&lt;img src=x&gt;"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&apos;"));
        assert_eq!(escape("a\u{1}b"), "a\u{FFFD}b");
    }

    #[test]
    fn the_svg_is_balanced_and_holds_nothing_from_elsewhere() {
        let svg = render(&loopback_diagram(), &SvgOptions::default());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(
            svg.matches("<g ").count() + svg.matches("<g>").count(),
            svg.matches("</g>").count()
        );
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        for foreign in ["<script", "href", "@import", "url(", "<image", "<foreignObject"] {
            assert!(!svg.contains(foreign), "{foreign}");
        }
    }

    #[test]
    fn the_theme_and_the_current_step_show() {
        let options = SvgOptions {
            theme: Theme::Auto,
            current_step: Some(8),
            highlighted_steps: vec![],
        };
        let svg = render(&Diagram::plain(), &options);
        assert!(svg.contains("prefers-color-scheme: dark"));
        assert!(svg.contains("rsi-dg-step--current\" data-step=\"8\""));
        assert!(svg.contains("prefers-reduced-motion: reduce"));
        assert_eq!(Theme::parse("dark"), Some(Theme::Dark));
        assert_eq!(Theme::parse("sepia"), None);
    }
}
