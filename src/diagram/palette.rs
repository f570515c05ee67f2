//! The colours of the page and of the diagram, written once. `style/palette.css` is made from
//! this table (a test fails when it is stale; `UPDATE_DOCS=1 cargo test --lib palette` rewrites
//! it), and the diagram's SVG carries the colours of its group, so that a downloaded diagram needs
//! no page and looks like the one on it.

#[cfg(test)]
use std::fmt::Write as _;

/// Writes the palette once: each colour is (custom property, light value, dark value), in two
/// groups, the page's own and those the diagram uses too. The diagram's become two strings at
/// compile time, so the app carries no table (the whole table is for the stylesheet's test).
macro_rules! palette {
    (
        page: [$(($page:literal, $page_light:literal, $page_dark:literal),)*]
        diagram: [$(($name:literal, $light:literal, $dark:literal),)*]
    ) => {
        /// Every colour of the page and the diagram.
        #[cfg(test)]
        const COLOURS: &[(&str, &str, &str)] = &[$(($page, $page_light, $page_dark),)* $(($name, $light, $dark),)*];
        /// The diagram's colours, light: `--rsi-bg:#ffffff;...`.
        pub const DIAGRAM_LIGHT: &str = concat!($($name, ":", $light, ";",)*);
        /// The diagram's colours, dark.
        pub const DIAGRAM_DARK: &str = concat!($($name, ":", $dark, ";",)*);
        /// The names of the diagram's colours.
        #[cfg(test)]
        const DIAGRAM_NAMES: &[&str] = &[$($name,)*];
    };
}

palette! {
    page: [
        ("--rsi-ignored", "#59636e", "#9198a1"),
        ("--rsi-focus", "#0969da", "#4493f8"),
        ("--rsi-accent", "#0969da", "#1f6feb"),
        // Link text: the accent is a button background (white on it) and too dim as text on the dark
        // page; this one keeps 4.5:1 on every surface (WCAG 2.1 AA, checked by tests/e2e/a11y).
        ("--rsi-link", "#0969da", "#4493f8"),
        ("--rsi-accent-fg", "#ffffff", "#ffffff"),
        ("--rsi-selection", "rgba(9, 105, 218, 0.25)", "rgba(68, 147, 248, 0.35)"),
        ("--rsi-ok-bg", "#dafbe1", "#12261e"),
        ("--rsi-risk-bg", "#fff8c5", "#272115"),
        ("--rsi-fail-bg", "#ffebe9", "#2d1517"),
        ("--rsi-neutral-bg", "#eff2f5", "#212830"),
    ]
    diagram: [
        ("--rsi-bg", "#ffffff", "#0d1117"),
        ("--rsi-surface", "#f6f8fa", "#151b23"),
        ("--rsi-fg", "#1f2328", "#e6edf3"),
        ("--rsi-muted", "#59636e", "#9198a1"),
        ("--rsi-border", "#d1d9e0", "#3d444d"),
        ("--rsi-ok", "#1a7f37", "#3fb950"),
        ("--rsi-risk", "#9a6700", "#d29922"),
        ("--rsi-fail", "#cf222e", "#f85149"),
        ("--rsi-info", "#0969da", "#4493f8"),
        ("--rsi-highlight", "#fff8c5", "#3b2f00"),
        // The diagram's lifelines and outlines, and its undetermined steps.
        ("--rsi-line", "#8c959f", "#6e7681"),
        // The diagram's step chosen in the list of steps.
        ("--rsi-selected", "#ddf4ff", "#162b47"),
    ]
}

/// `style/palette.css`, as made from [`COLOURS`].
#[cfg(test)]
fn css() -> String {
    let mut out = String::from(
        "/* The colours of the page and of the diagram, made from src/diagram/palette.rs (edit them there,\n   \
         then run `UPDATE_DOCS=1 cargo test --lib palette`). Each is light-dark(light, dark): the\n   \
         browser picks by color-scheme, which follows prefers-color-scheme unless the embed view's\n   \
         data-theme fixes it (main.css). */\n\n:root {\n  color-scheme: light dark;\n",
    );
    for (name, light, dark) in COLOURS {
        let _ = writeln!(out, "  {name}: light-dark({light}, {dark});");
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_css_is_made_from_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/style/palette.css");
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, css()).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == css(),
            "style/palette.css is stale: run `UPDATE_DOCS=1 cargo test --lib palette` and commit it"
        );
    }

    #[test]
    fn the_diagram_strings_hold_its_colours() {
        assert!(DIAGRAM_LIGHT.starts_with("--rsi-bg:#ffffff;"));
        assert!(DIAGRAM_DARK.starts_with("--rsi-bg:#0d1117;"));
        assert_eq!(DIAGRAM_LIGHT.matches(';').count(), DIAGRAM_NAMES.len());
    }
}
