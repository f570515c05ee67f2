//! The web app's state logic, apart from any view so that it runs in native tests: what the URL
//! may hold (settings, the diagram step, the embed view; never input), the settings form, where a
//! line starts in the editor, and the words the cards use for claims and verdicts.

use crate::citation::Citation;
use crate::diagram::svg::Theme;
use crate::diagram::STEPS;
use crate::finding::{Finding, Severity};
use crate::report::{Report, Verdict};
use crate::settings::{parse_duration, KubeconfigOption, Settings, DAY};
use crate::time_format::{parse_rfc3339, rfc3339};

/// The settings as the form edits them: text fields, checked until valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsForm {
    pub istio_namespace: String,
    pub primary_cluster_id: String,
    pub allowed_kubeconfig_options: Vec<KubeconfigOption>,
    pub expected_service_account: String,
    /// RFC 3339, or empty for the browser's clock.
    pub now: String,
    /// A duration such as `30d`.
    pub warn_within: String,
}

impl Default for SettingsForm {
    fn default() -> SettingsForm {
        let defaults = Settings::at(0);
        SettingsForm {
            istio_namespace: defaults.istio_namespace,
            primary_cluster_id: defaults.primary_cluster_id,
            allowed_kubeconfig_options: defaults.allowed_kubeconfig_options,
            expected_service_account: defaults.expected_service_account,
            now: String::new(),
            warn_within: format!("{}d", defaults.warn_within_seconds / DAY),
        }
    }
}

/// One field of the form that does not hold a valid value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl SettingsForm {
    /// The settings the checks read, at `clock_now` unless the form travels in time. Invalid
    /// fields keep their defaults and are reported, so the report never stops.
    pub fn to_settings(&self, clock_now: i64) -> (Settings, Vec<FieldError>) {
        let mut settings = Settings::at(clock_now);
        let mut errors = Vec::new();
        let mut text_field = |field: &'static str, value: &str, target: &mut String| match value.trim() {
            "" => errors.push(FieldError {
                field,
                message: "cannot be empty; the default is used".to_string(),
            }),
            trimmed => *target = trimmed.to_string(),
        };
        text_field("istio-namespace", &self.istio_namespace, &mut settings.istio_namespace);
        text_field(
            "primary-cluster-id",
            &self.primary_cluster_id,
            &mut settings.primary_cluster_id,
        );
        text_field(
            "service-account",
            &self.expected_service_account,
            &mut settings.expected_service_account,
        );
        settings.allowed_kubeconfig_options = self.allowed_kubeconfig_options.clone();
        if !self.now.trim().is_empty() {
            match parse_rfc3339(&self.now) {
                Ok(now) => settings.now = now,
                Err(message) => errors.push(FieldError { field: "now", message }),
            }
        }
        match parse_duration(&self.warn_within) {
            Ok(seconds) => settings.warn_within_seconds = seconds,
            Err(message) => errors.push(FieldError {
                field: "warn-within",
                message,
            }),
        }
        (settings, errors)
    }

    /// Only the fields that differ from the defaults, as URL query pairs.
    fn changed_pairs(&self) -> Vec<(&'static str, String)> {
        let defaults = SettingsForm::default();
        let mut pairs = Vec::new();
        let mut differs = |key: &'static str, value: &str, default: &str| {
            if value.trim() != default {
                pairs.push((key, value.trim().to_string()));
            }
        };
        differs("namespace", &self.istio_namespace, &defaults.istio_namespace);
        differs("primary", &self.primary_cluster_id, &defaults.primary_cluster_id);
        differs("sa", &self.expected_service_account, &defaults.expected_service_account);
        differs("now", &self.now, "");
        differs("warn", &self.warn_within, &defaults.warn_within);
        if !self.allowed_kubeconfig_options.is_empty() {
            let names: Vec<&str> = self.allowed_kubeconfig_options.iter().map(|o| o.as_str()).collect();
            pairs.push(("allow", names.join(",")));
        }
        pairs
    }
}

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

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b':' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = || std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok();
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => match hex().and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                Some(byte) => {
                    out.push(byte);
                    index += 2;
                }
                None => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The UTF-16 offsets (what a textarea's `setSelectionRange` takes) of 1-based `line`, without
/// its line break; `None` past the end.
pub fn line_selection(text: &str, line: usize) -> Option<(u32, u32)> {
    let mut offset = 0u32;
    for (index, content) in text.split('\n').enumerate() {
        let length = content.encode_utf16().count() as u32;
        if index + 1 == line {
            let length = length - u32::from(content.ends_with('\r'));
            return Some((offset, offset + length));
        }
        offset += length + 1;
    }
    None
}

/// The lines `[first, last)` (0-based) the editor draws: those in view plus `margin` on each side,
/// so that scrolling a little shows text at once. With no measurements yet, all of them.
pub fn visible_lines(
    line_count: usize,
    scroll_top: f64,
    viewport: f64,
    line_height: f64,
    margin: usize,
) -> (usize, usize) {
    if line_height <= 0.0 || viewport <= 0.0 {
        return (0, line_count);
    }
    let first_in_view = (scroll_top.max(0.0) / line_height).floor() as usize;
    let in_view = (viewport / line_height).ceil() as usize + 1;
    let first = first_in_view.saturating_sub(margin).min(line_count);
    let last = (first_in_view + in_view + margin).min(line_count);
    (first, last)
}

/// Lines `[first, last)` (0-based) of `text`, joined as they stand.
pub fn line_range(text: &str, first: usize, last: usize) -> &str {
    if first >= last {
        return "";
    }
    let mut starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1));
    let Some(start) = starts.nth(first) else {
        return "";
    };
    // The line break that ends line `last - 1`, if there is one.
    let end = text[start..]
        .match_indices('\n')
        .nth(last - first - 1)
        .map_or(text.len(), |(at, _)| start + at);
    &text[start..end]
}

/// The findings that bear on one entry (its own, its Secret's, the input's), by severity.
pub fn findings_by_severity(report: &Report, selected: Option<(usize, usize)>) -> Vec<(Severity, Vec<usize>)> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|severity| {
            let indexes = report
                .findings
                .iter()
                .enumerate()
                .filter(|(_, finding)| finding.severity == severity && listed(finding, selected))
                .map(|(index, _)| index)
                .collect();
            (severity, indexes)
        })
        .collect()
}

/// Whether a finding is listed: every finding with no entry chosen, else those shown with it.
fn listed(finding: &Finding, selected: Option<(usize, usize)>) -> bool {
    selected.is_none_or(|(secret, entry)| finding.shown_with(secret, entry))
}

/// A short headline for the whole input: how many clusters and how they fare.
pub fn headline(report: &Report) -> String {
    let count = |wanted: Verdict| report.verdicts.iter().filter(|v| v.verdict == wanted).count();
    let clusters = report.verdicts.len();
    let unrelated = report.model.unrelated_secrets.len();
    let mut words = match clusters {
        0 if report.model.documents.is_empty() && report.model.syntax_errors.is_empty() => {
            return "Paste a remote secret, drop a file, or load an example.".to_string()
        }
        0 => "No cluster entry found.".to_string(),
        1 => "1 cluster".to_string(),
        n => format!("{n} clusters"),
    };
    if clusters > 0 {
        let parts: Vec<String> = [
            Verdict::Ok,
            Verdict::AtRisk,
            Verdict::Failing,
            Verdict::Rejected,
            Verdict::Ignored,
        ]
        .into_iter()
        .filter(|verdict| count(*verdict) > 0)
        .map(|verdict| format!("{} {}", count(verdict), verdict.as_str()))
        .collect();
        words = format!("{words}: {}.", parts.join(", "));
    }
    if unrelated > 0 {
        words.push_str(&format!(
            " {unrelated} other Secret{} in the list {} not remote secrets and {} not inspected.",
            if unrelated == 1 { "" } else { "s" },
            if unrelated == 1 { "is" } else { "are" },
            if unrelated == 1 { "was" } else { "were" },
        ));
    }
    words
}

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

/// A check's citations as (text, link) pairs: links pinned to the release tag the source was read
/// at. Sections of this project's own docs stay text, since the app may be served without them.
/// Links open only when clicked.
pub fn source_links(citations: &[Citation]) -> Vec<(String, Option<String>)> {
    citations
        .iter()
        .map(|citation| (citation.label(), citation.is_external().then(|| citation.url())))
        .collect()
}

/// Splits prose at backticks: `(true, text)` for code. An unpaired backtick stays text.
pub fn code_segments(text: &str) -> Vec<(bool, &str)> {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return vec![(false, text)];
    }
    parts
        .into_iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(index, part)| (index % 2 == 1, part))
        .collect()
}

/// What a JWT claim means for Istio, for the token card.
pub fn claim_meaning(claim: &str) -> &'static str {
    match claim {
        "iss" => "Who issued the token. `kubernetes/serviceaccount` for a token Secret; the cluster's issuer URL for a bound token.",
        "sub" => "The user the API server sees: `system:serviceaccount:<namespace>:<name>`. The reader account's for a remote secret.",
        "aud" => "Audiences. A token for the remote API server must not be only for `istio-ca`, which is what pods send to istiod.",
        "exp" => "Expiry. A remote secret's token should have none: istiod cannot renew it, and syncing stops with `Unauthorized`.",
        "nbf" => "Not valid before this instant.",
        "iat" => "When the token was issued.",
        "jti" => "The token's own ID, for audit logs.",
        "kubernetes.io" => "Bound-token details: namespace, service account, and the pod, secret or node it is bound to.",
        "kubernetes.io/serviceaccount/namespace" => "The service account's namespace: istio-system for the reader.",
        "kubernetes.io/serviceaccount/secret.name" => "The token Secret this token came from. Deleting that Secret revokes it.",
        "kubernetes.io/serviceaccount/service-account.name" => "The service account: `istio-reader-service-account` for a remote secret.",
        "kubernetes.io/serviceaccount/service-account.uid" => "The service account's UID. A recreated account gets a new UID and old tokens fail.",
        _ => "",
    }
}

/// A claim's value for the table: times in words as well as numbers.
pub fn claim_value(claim: &str, value: &serde_json::Value, now: i64) -> String {
    match (claim, value.as_i64()) {
        ("exp" | "nbf" | "iat", Some(seconds)) => format!(
            "{seconds} = {} ({})",
            rfc3339(seconds),
            crate::time_format::relative(seconds, now)
        ),
        _ => match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{example, NOW};

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

    #[test]
    fn invalid_settings_fall_back_to_defaults_and_say_why() {
        let form = SettingsForm {
            now: "yesterday".to_string(),
            warn_within: "3y".to_string(),
            istio_namespace: "  ".to_string(),
            ..SettingsForm::default()
        };
        let (settings, errors) = form.to_settings(NOW);
        assert_eq!(settings, Settings::at(NOW));
        let fields: Vec<&str> = errors.iter().map(|error| error.field).collect();
        assert_eq!(fields, ["istio-namespace", "now", "warn-within"]);
        let travelled = SettingsForm {
            now: "2030-01-01T00:00:00Z".to_string(),
            ..SettingsForm::default()
        };
        assert_eq!(travelled.to_settings(NOW).0.now, 1_893_456_000);
    }

    #[test]
    fn line_selection_counts_utf16_units_like_the_browser() {
        let text = "a: 1\nb: \"é😀\"\r\nc: 3";
        assert_eq!(line_selection(text, 1), Some((0, 4)));
        // é is one UTF-16 unit, 😀 two; the \r is left out.
        assert_eq!(line_selection(text, 2), Some((5, 13)));
        assert_eq!(line_selection(text, 3), Some((15, 19)));
        assert_eq!(line_selection(text, 4), None);
    }

    #[test]
    fn the_editor_draws_only_the_lines_in_view() {
        assert_eq!(visible_lines(5000, 0.0, 600.0, 20.0, 30), (0, 61));
        assert_eq!(visible_lines(5000, 20_000.0, 600.0, 20.0, 30), (970, 1061));
        assert_eq!(visible_lines(40, 0.0, 600.0, 20.0, 30), (0, 40));
        assert_eq!(
            visible_lines(40, 0.0, 0.0, 0.0, 30),
            (0, 40),
            "not measured yet: everything"
        );
        let text = "a\nbb\nccc\n";
        assert_eq!(line_range(text, 0, 4), text.trim_end_matches('\n').to_string() + "\n");
        assert_eq!(line_range(text, 1, 3), "bb\nccc");
        assert_eq!(line_range(text, 2, 3), "ccc");
        assert_eq!(line_range(text, 3, 4), "");
        assert_eq!(line_range(text, 9, 12), "");
        assert_eq!(line_range(text, 2, 2), "");
    }

    #[test]
    fn findings_group_by_severity_for_the_selected_entry() {
        let text = example("loopback-server", NOW).expect("a known example");
        let report = crate::inspect(&text, &Settings::at(NOW));
        let groups = findings_by_severity(&report, Some((0, 0)));
        assert_eq!(groups.len(), 3);
        let errors: Vec<&str> = groups[0].1.iter().map(|&i| report.findings[i].id).collect();
        assert!(errors.contains(&"server-loopback"), "{errors:?}");
        assert!(groups
            .iter()
            .all(|(severity, indexes)| indexes.iter().all(|&i| report.findings[i].severity == *severity)));
        assert!(findings_by_severity(&report, Some((5, 0)))[0].1.is_empty());
    }

    #[test]
    fn the_headline_counts_clusters_and_unrelated_secrets() {
        let empty = crate::inspect("", &Settings::at(NOW));
        assert_eq!(
            headline(&empty),
            "Paste a remote secret, drop a file, or load an example."
        );
        let report = crate::inspect(&example("loopback-server", NOW).expect("example"), &Settings::at(NOW));
        assert_eq!(headline(&report), "1 cluster: 1 failing.");
    }

    #[test]
    fn every_check_links_its_sources_pinned_to_a_release() {
        for check in crate::checks::ALL {
            let links = source_links(check.source);
            assert!(!links.is_empty(), "{}", check.id);
            for (label, address) in &links {
                assert!(!label.is_empty());
                if let Some(address) = address {
                    assert!(address.starts_with("https://"), "{address}");
                    assert!(!address.contains("/blob/master/"), "{address} is not pinned");
                }
            }
        }
        let token_expired = crate::checks::find("token-expired").unwrap();
        assert!(source_links(token_expired.source)
            .iter()
            .any(|(_, address)| address.as_deref() == Some("https://github.com/istio/istio/issues/52951")));
    }

    #[test]
    fn backticks_mark_code_and_unpaired_ones_stay_text() {
        assert_eq!(
            code_segments("the server `https://127.0.0.1` is `x`"),
            vec![
                (false, "the server "),
                (true, "https://127.0.0.1"),
                (false, " is "),
                (true, "x")
            ]
        );
        assert_eq!(code_segments("a ` b"), vec![(false, "a ` b")]);
        assert_eq!(code_segments(""), Vec::<(bool, &str)>::new());
    }

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

    #[test]
    fn claims_read_as_words() {
        assert!(claim_meaning("exp").contains("Unauthorized"));
        assert_eq!(claim_meaning("x-custom"), "");
        let value = claim_value("exp", &serde_json::json!(NOW + 3 * DAY), NOW);
        assert_eq!(value, format!("{} = 2026-01-04T00:00:00Z (in 3 days)", NOW + 3 * DAY));
        assert_eq!(claim_value("sub", &serde_json::json!("system:x"), NOW), "system:x");
    }
}
