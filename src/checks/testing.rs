//! The one helper every check's tests go through: inspect a fixture at the fixed "now" and
//! assert which findings of one check come out, with their lines.

use crate::finding::Finding;
use crate::fixtures::{bound_token_claims, certificate_pem, jwt, CertificateSpec, RemoteSecretSpec, NOW};
use crate::report::inspect;
#[cfg(feature = "verify")]
use crate::report::inspect_with;
pub use crate::report::{Report, Verdict};
use crate::settings::Settings;
#[cfg(feature = "verify")]
use crate::trust::Evidence;

/// The public check ids this engine covers (ids are never renamed or reused).
pub const CATALOGUE_IDS: &[&str] = &[
    "yaml-syntax",
    "yaml-indentation-lost",
    "not-a-secret",
    "private-key-present",
    "input-limit",
    "secret-label-missing",
    "secret-namespace",
    "secret-namespace-unset",
    "secret-no-entries",
    "secret-entry-empty",
    "secret-data-base64",
    "secret-key-invalid",
    "cluster-id-is-primary",
    "cluster-id-duplicate",
    "cluster-id-uppercase",
    "secret-name-invalid",
    "secret-annotation-mismatch",
    "secret-name-convention",
    "secret-legacy-format",
    "kubeconfig-syntax",
    "kubeconfig-current-context",
    "kubeconfig-context-cluster",
    "kubeconfig-context-user",
    "kubeconfig-server-missing",
    "kubeconfig-ca-file-and-data",
    "auth-multiple-methods",
    "auth-none",
    "auth-exec-forbidden",
    "auth-exec-incomplete",
    "auth-provider-forbidden",
    "auth-token-file-forbidden",
    "auth-client-cert-file-forbidden",
    "auth-file-reference",
    "server-not-https",
    "server-loopback",
    "server-private-hint",
    "tls-insecure-with-ca",
    "tls-insecure",
    "tls-ca-missing",
    "kubeconfig-proxy-url",
    "kubeconfig-proxy-url-invalid",
    "kubeconfig-context-namespace-invalid",
    "kubeconfig-unknown-field",
    "auth-provider-removed",
    "auth-oidc-incomplete",
    "auth-exec-invalid",
    "auth-impersonation-incomplete",
    "auth-client-cert-key-mismatch",
    "cert-data-base64",
    "cert-data-not-pem",
    "cert-parse",
    "cert-expired",
    "cert-not-yet-valid",
    "cert-expires-soon",
    "cert-not-ca",
    "cert-weak-key",
    "cert-weak-signature",
    "cert-duplicate",
    "cert-self-signature-invalid",
    "cert-chain-broken",
    "mesh-root-mismatch",
    "mesh-chain-broken",
    "token-whitespace",
    "token-opaque",
    "token-malformed",
    "token-expired",
    "token-not-yet-valid",
    "token-expires-soon",
    "token-bound-expiring",
    "token-audience-istio-ca",
    "token-subject-unexpected",
    "token-long-lived",
    "token-signature-unverified",
    "token-signature-invalid",
    "token-signature-verified",
    "server-cert-expired",
    "server-name-mismatch",
    "server-cert-untrusted",
    "server-cert-verified",
];

/// The settings of the tests: defaults at the fixed "now".
pub fn settings() -> Settings {
    Settings::at(NOW)
}

/// Inspects `input` with `settings` and returns the findings of check `id`.
pub fn findings_with(id: &str, input: &str, settings: &Settings) -> (Vec<Finding>, Report) {
    let report = inspect(input, settings);
    let findings = report.findings.iter().filter(|f| f.id == id).cloned().collect();
    (findings, report)
}

/// Where a test expects a check's findings, one finding a line: the first line of the input
/// that contains a piece of text (`&["server:"]`, the way to write a line in the fixtures), or a
/// 1-based line number where no text names it (`&[0]` for a finding with no line).
pub trait Lines {
    fn resolve(&self, input: &str) -> Vec<usize>;
}

/// One expected line: see [`Lines`].
pub trait Line {
    fn resolve(&self, input: &str) -> usize;
}

impl Line for usize {
    fn resolve(&self, _: &str) -> usize {
        *self
    }
}

impl Line for &str {
    fn resolve(&self, input: &str) -> usize {
        line_of(input, self)
    }
}

impl<T: Line> Lines for [T] {
    fn resolve(&self, input: &str) -> Vec<usize> {
        self.iter().map(|line| line.resolve(input)).collect()
    }
}

impl<T: Line, const N: usize> Lines for [T; N] {
    fn resolve(&self, input: &str) -> Vec<usize> {
        self.as_slice().resolve(input)
    }
}

/// Asserts that check `id` fires on `input` exactly at `lines` (one finding per line), and
/// returns the report for further assertions.
pub fn check_fires(id: &str, input: &str, lines: &(impl Lines + ?Sized)) -> Report {
    check_fires_with(id, input, lines, &settings())
}

pub fn check_fires_with(id: &str, input: &str, lines: &(impl Lines + ?Sized), settings: &Settings) -> Report {
    let (findings, report) = findings_with(id, input, settings);
    let found: Vec<usize> = findings.iter().map(|f| f.line.unwrap_or(0)).collect();
    assert_eq!(
        found,
        lines.resolve(input),
        "{id} on:\n{input}\nall findings: {:#?}",
        report.findings
    );
    for finding in &findings {
        assert!(!finding.message.is_empty());
    }
    report
}

/// [`check_fires`], with `evidence` besides the input.
#[cfg(feature = "verify")]
pub fn check_fires_with_evidence(id: &str, input: &str, evidence: &Evidence, lines: &(impl Lines + ?Sized)) -> Report {
    let report = inspect_with(input, &settings(), evidence);
    let found: Vec<usize> = report
        .findings
        .iter()
        .filter(|f| f.id == id)
        .map(|f| f.line.unwrap_or(0))
        .collect();
    assert_eq!(
        found,
        lines.resolve(input),
        "{id} on:\n{input}\nall findings: {:#?}",
        report.findings
    );
    report
}

/// [`check_quiet`], with `evidence` besides the input.
#[cfg(feature = "verify")]
pub fn check_quiet_with_evidence(id: &str, input: &str, evidence: &Evidence) {
    let report = inspect_with(input, &settings(), evidence);
    let found: Vec<_> = report.findings.iter().filter(|f| f.id == id).collect();
    assert!(found.is_empty(), "{id} fired on:\n{input}\n{found:#?}");
}

/// [`check_fires`], with `keys` (a JWKS, a JWK or PEM) given to verify the tokens.
#[cfg(feature = "verify")]
pub fn check_fires_with_keys(id: &str, input: &str, keys: &str, lines: &(impl Lines + ?Sized)) -> Report {
    check_fires_with_evidence(id, input, &Evidence::with_keys(keys), lines)
}

/// [`check_quiet`], with `keys` given to verify the tokens.
#[cfg(feature = "verify")]
pub fn check_quiet_with_keys(id: &str, input: &str, keys: &str) {
    check_quiet_with_evidence(id, input, &Evidence::with_keys(keys));
}

/// [`check_fires`], with what the API server presents (PEM, or `s_client` output).
#[cfg(feature = "verify")]
pub fn check_fires_with_server(id: &str, input: &str, presented: &str, lines: &(impl Lines + ?Sized)) -> Report {
    check_fires_with_evidence(id, input, &Evidence::with_keys("").with_server(presented), lines)
}

/// [`check_quiet`], with what the API server presents.
#[cfg(feature = "verify")]
pub fn check_quiet_with_server(id: &str, input: &str, presented: &str) {
    check_quiet_with_evidence(id, input, &Evidence::with_keys("").with_server(presented));
}

/// Asserts that check `id` is silent on `input`.
pub fn check_quiet(id: &str, input: &str) {
    check_quiet_with(id, input, &settings());
}

pub fn check_quiet_with(id: &str, input: &str, settings: &Settings) {
    let (findings, _) = findings_with(id, input, settings);
    assert!(findings.is_empty(), "{id} fired on:\n{input}\n{findings:#?}");
}

/// The message of the first finding of check `id` in `report`.
pub fn message_of<'r>(report: &'r Report, id: &str) -> &'r str {
    let finding = report.findings.iter().find(|finding| finding.id == id);
    finding.map_or("", |finding| finding.message.as_str())
}

/// The first finding of check `id` in `report`.
pub fn finding_of<'r>(report: &'r Report, id: &str) -> &'r Finding {
    let finding = report.findings.iter().find(|finding| finding.id == id);
    finding.unwrap_or_else(|| panic!("no {id} in {:#?}", report.findings))
}

/// The verdict of the first entry of the first Secret.
pub fn first_verdict(report: &Report) -> Verdict {
    report.verdicts.first().map(|v| v.verdict).expect("an entry")
}

/// The healthy fixture.
pub fn healthy() -> String {
    crate::fixtures::healthy()
}

/// The healthy fixture with every line that contains `needle` replaced by `replacement` (which
/// may hold several lines and must end with a line break, or be empty to drop the line).
pub fn healthy_replacing_line(needle: &str, replacement: &str) -> String {
    healthy()
        .lines()
        .map(|line| {
            if line.contains(needle) {
                replacement.to_string()
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

/// The 1-based line of the first line of `input` that contains `needle`.
pub fn line_of(input: &str, needle: &str) -> usize {
    input
        .lines()
        .position(|line| line.contains(needle))
        .map(|index| index + 1)
        .unwrap_or_else(|| panic!("`{needle}` not in:\n{input}"))
}

/// The 1-based line of every line of `input` that contains `needle`.
pub fn lines_of(input: &str, needle: &str) -> Vec<usize> {
    let lines = input.lines().enumerate();
    lines
        .filter(|(_, line)| line.contains(needle))
        .map(|(index, _)| index + 1)
        .collect()
}

/// The healthy fixture with a token of these claims.
pub fn with_claims(claims: serde_json::Value) -> String {
    RemoteSecretSpec {
        token: jwt(&claims),
        ..RemoteSecretSpec::healthy(NOW)
    }
    .istioctl_yaml()
}

/// The healthy fixture with a bound token of the reader between two instants.
pub fn bound(audiences: &[&str], issued_at: i64, expires_at: i64) -> String {
    with_claims(bound_token_claims(
        "istio-system",
        "istio-reader-service-account",
        audiences,
        issued_at,
        expires_at,
    ))
}

/// The healthy fixture with a second cluster, `spare`, that no context uses, whose
/// `certificate-authority-data` is `ca_data` (base64): loaded and validated by client-go, but
/// never part of a TLS configuration.
pub fn with_unused_cluster(ca_data: &str) -> String {
    let spare = format!(
        "    - cluster:\n        certificate-authority-data: {ca_data}\n        server: https://10.0.0.3:6443\n      name: spare\n    contexts:\n"
    );
    healthy().replacen("    contexts:\n", &spare, 1)
}

/// The healthy fixture with a CA valid between two instants.
pub fn with_ca(not_before: i64, not_after: i64) -> String {
    let ca_pem = certificate_pem(&CertificateSpec {
        not_before,
        not_after,
        ..CertificateSpec::cluster_ca(NOW)
    });
    RemoteSecretSpec {
        ca_pem,
        ..RemoteSecretSpec::healthy(NOW)
    }
    .istioctl_yaml()
}
