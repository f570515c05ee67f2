//! What the address bar may hold: the settings, the diagram step and the embed view, and never
//! any input (a link must not leak a token).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::settings_form::SettingsForm;
use crate::diagram::svg::Theme;
use crate::diagram::STEPS;
use crate::settings::KubeconfigOption;

/// Which page to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Full,
    /// `?embed=diagram`: the diagram alone, for an `<iframe>`.
    EmbedDiagram,
}

/// Everything the URL may carry. Never input: a link must not leak a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlState {
    pub view: View,
    pub settings: SettingsForm,
    /// From `#step=N` (or `?step=N` in the embed view).
    pub step: Option<u8>,
    /// `?theme=light|dark`; `None` follows the browser.
    pub theme: Option<Theme>,
}

impl UrlState {
    /// Reads `location.search` and `location.hash`. Unknown keys and bad values are ignored:
    /// a hand-edited link still opens.
    pub fn parse(search: &str, hash: &str) -> UrlState {
        let mut state = UrlState {
            view: View::Full,
            settings: SettingsForm::default(),
            step: None,
            theme: None,
        };
        for (key, value) in query_pairs(search) {
            match key.as_str() {
                "embed" if value == "diagram" => state.view = View::EmbedDiagram,
                "namespace" => state.settings.istio_namespace = value,
                "primary" => state.settings.primary_cluster_id = value,
                "sa" => state.settings.expected_service_account = value,
                "now" => state.settings.now = value,
                "warn" => state.settings.warn_within = value,
                "allow" => {
                    state.settings.allowed_kubeconfig_options =
                        value.split(',').filter_map(KubeconfigOption::parse).collect()
                }
                "step" => state.step = parse_step(&value).or(state.step),
                "theme" => state.theme = Theme::parse(&value).filter(|theme| *theme != Theme::Auto),
                _ => {}
            }
        }
        if let Some(step) = step_from_hash(hash) {
            state.step = Some(step);
        }
        state
    }

    /// The query string for the settings (`?namespace=...`), empty when all are defaults.
    pub fn settings_query(settings: &SettingsForm) -> String {
        let pairs = settings.changed_pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let encoded: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}={}", percent_encode(value)))
            .collect();
        format!("?{}", encoded.join("&"))
    }
}

fn parse_step(text: &str) -> Option<u8> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|step| (1..=STEPS.len() as u8).contains(step))
}

/// `#step=8` gives 8; anything else nothing.
pub fn step_from_hash(hash: &str) -> Option<u8> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("step="))
        .and_then(parse_step)
}

fn query_pairs(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// What a settings value keeps unescaped in the address bar: letters, digits, `-_.~` (RFC 3986's
/// unreserved characters) and `,` and `:`, so that a shared link stays readable
/// (`allow=exec,gcp`, `now=2026-03-01T00:00:00Z`).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b',')
    .remove(b':');

fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// Decodes a query component as browsers write it: `+` is a space, `%XX` a byte.
fn percent_decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_round_trip_and_stay_readable() {
        for value in [
            "istio system",
            "a/b?c&d=e#f",
            "ünïcode",
            "100%",
            "exec,gcp",
            "2026-03-01T00:00:00Z",
            "+",
        ] {
            assert_eq!(percent_decode(&percent_encode(value)), value, "{value}");
        }
        assert_eq!(percent_encode("exec,gcp"), "exec,gcp");
        assert_eq!(percent_encode("a b&c"), "a%20b%26c");
        assert_eq!(percent_decode("istio+system"), "istio system");
        assert_eq!(percent_decode("bad%zz"), "bad%zz", "a stray % stays text");
    }

    #[test]
    fn settings_round_trip_through_the_url_and_defaults_stay_out_of_it() {
        assert_eq!(UrlState::settings_query(&SettingsForm::default()), "");
        let form = SettingsForm {
            istio_namespace: "istio system".to_string(),
            allowed_kubeconfig_options: vec![KubeconfigOption::Exec, KubeconfigOption::Gcp],
            now: "2026-03-01T00:00:00Z".to_string(),
            ..SettingsForm::default()
        };
        let query = UrlState::settings_query(&form);
        assert_eq!(
            query,
            "?namespace=istio%20system&now=2026-03-01T00:00:00Z&allow=exec,gcp"
        );
        let parsed = UrlState::parse(&query, "#step=8");
        assert_eq!(parsed.settings, form);
        assert_eq!(parsed.step, Some(8));
        assert_eq!(parsed.view, View::Full);
    }

    #[test]
    fn the_embed_view_and_bad_values_parse_without_failing() {
        let state = UrlState::parse("?embed=diagram&step=8&theme=dark&allow=exec,nope", "");
        assert_eq!(state.view, View::EmbedDiagram);
        assert_eq!(state.step, Some(8));
        assert_eq!(state.theme, Some(Theme::Dark));
        assert_eq!(state.settings.allowed_kubeconfig_options, vec![KubeconfigOption::Exec]);
        let odd = UrlState::parse("?step=99&theme=sepia&%zz=1&now", "#step=0");
        assert_eq!((odd.step, odd.theme, odd.view), (None, None, View::Full));
        assert_eq!(step_from_hash("#step=14"), Some(14));
        assert_eq!(step_from_hash("#top"), None);
    }
}
