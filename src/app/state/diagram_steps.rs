//! Stepping through the diagram, and the `<iframe>` snippet that embeds it.

use crate::diagram::svg::Theme;
use crate::diagram::STEPS;

/// The diagram's last step.
pub const LAST_STEP: u8 = STEPS.len() as u8;

/// Moves the current step by `delta`, staying within 1..=14.
pub fn stepped(current: Option<u8>, delta: i16) -> u8 {
    let current = i16::from(current.unwrap_or(0));
    (current + delta).clamp(1, i16::from(LAST_STEP)) as u8
}

/// The `<iframe>` snippet that embeds the diagram at `step` in `theme`.
pub fn embed_snippet(page: &str, step: u8, theme: Theme) -> String {
    format!(
        "<iframe src=\"{page}?embed=diagram&amp;step={step}&amp;theme={}\" title=\"How a remote workload authenticates to the primary istiod\" width=\"1222\" height=\"1280\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>",
        theme.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepping_stays_within_the_sequence() {
        assert_eq!(stepped(None, 1), 1);
        assert_eq!(stepped(Some(1), -1), 1);
        assert_eq!(stepped(Some(13), 1), 14);
        assert_eq!(stepped(Some(14), 1), 14);
    }

    #[test]
    fn the_embed_snippet_is_one_iframe_line() {
        let snippet = embed_snippet("https://example.org/rsi/", 8, Theme::Dark);
        assert!(snippet.starts_with("<iframe src=\"https://example.org/rsi/?embed=diagram&amp;step=8&amp;theme=dark\""));
        assert!(!snippet.contains('\n'));
    }
}
