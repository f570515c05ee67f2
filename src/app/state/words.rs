//! Words for the reader: a check's sources as links and its explanation as the extras module
//! sends it, prose with code in backticks, and what a token's claims mean for Istio.

use crate::checks::Check;
use crate::citation::Citation;
use crate::time_format::rfc3339;

/// A check's citations as (text, link) pairs: links pinned to the release tag the source was read
/// at. Sections of this project's own docs stay text, since the app may be served without them.
/// Links open only when clicked.
pub fn source_links(citations: &[Citation]) -> Vec<(String, Option<String>)> {
    citations
        .iter()
        .map(|citation| (citation.label(), citation.is_external().then(|| citation.url())))
        .collect()
}

/// A check's `why`, `fix` and sources (text, link), which the app's first load leaves out and
/// the extras module sends when a finding's explanation is first opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub why: String,
    pub fix: String,
    pub sources: Vec<(String, Option<String>)>,
}

/// A check's explanation as the extras module sends it: `why`, `fix` and the sources joined by
/// NULs, each source a line of its text and its link (empty when it has none) joined by a tab.
pub fn explanation_text(check: &Check) -> String {
    let sources: Vec<String> = source_links(check.source)
        .into_iter()
        .map(|(label, address)| format!("{label}\t{}", address.unwrap_or_default()))
        .collect();
    format!("{}\0{}\0{}", check.why, check.fix, sources.join("\n"))
}

/// An explanation read back from [`explanation_text`].
pub fn explanation_from_text(text: &str) -> Option<Explanation> {
    let mut parts = text.splitn(3, '\0');
    let (why, fix, sources) = (parts.next()?, parts.next()?, parts.next()?);
    let sources = sources
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(label, address)| (label.to_string(), (!address.is_empty()).then(|| address.to_string())))
        .collect();
    Some(Explanation {
        why: why.to_string(),
        fix: fix.to_string(),
        sources,
    })
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
    use crate::fixtures::NOW;
    use crate::settings::DAY;

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
    fn every_explanation_reaches_the_app_as_it_was_sent() {
        for check in crate::checks::ALL {
            let explanation = explanation_from_text(&explanation_text(check)).expect(check.id);
            assert_eq!(explanation.why, check.why);
            assert_eq!(explanation.fix, check.fix);
            assert_eq!(explanation.sources, source_links(check.source), "{}", check.id);
        }
        assert_eq!(explanation_from_text(""), None, "an unknown check");
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
    fn claims_read_as_words() {
        assert!(claim_meaning("exp").contains("Unauthorized"));
        assert_eq!(claim_meaning("x-custom"), "");
        let value = claim_value("exp", &serde_json::json!(NOW + 3 * DAY), NOW);
        assert_eq!(value, format!("{} = 2026-01-04T00:00:00Z (in 3 days)", NOW + 3 * DAY));
        assert_eq!(claim_value("sub", &serde_json::json!("system:x"), NOW), "system:x");
    }
}
