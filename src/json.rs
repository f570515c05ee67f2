//! The JSON report, a documented and versioned interface
//! (`"schema": "remote-secret-inspector/report/v1"`, see README.md). Built from the [`Report`]
//! rather than by serializing the internal model, so the model can change without breaking
//! scripts.

use serde::Serialize;

use crate::finding::Finding;
use crate::model::{CertificateContent, CertificateData, ClusterEntry, Secret, TokenForm, UnrelatedSecret};
use crate::report::{Report, Verdict};
use crate::time_format::rfc3339;

pub const SCHEMA: &str = "remote-secret-inspector/report/v1";

#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub schema: &'static str,
    pub now: String,
    pub settings: JsonSettings<'a>,
    pub summary: Summary,
    pub secrets: Vec<JsonSecret<'a>>,
    pub unrelated_secrets: &'a [UnrelatedSecret],
    pub findings: &'a [Finding],
    /// The repaired text when the indentation was lost.
    pub repaired_text: Option<&'a str>,
}

#[derive(Serialize)]
pub struct JsonSettings<'a> {
    pub istio_namespace: &'a str,
    pub primary_cluster_id: &'a str,
    pub allowed_kubeconfig_options: Vec<&'static str>,
    pub expected_service_account: &'a str,
    pub warn_within_seconds: i64,
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub clusters: usize,
    pub ok: usize,
    pub at_risk: usize,
    pub failing: usize,
    pub rejected: usize,
    pub ignored: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Serialize)]
pub struct JsonSecret<'a> {
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub origin: crate::model::SecretOrigin,
    pub line: usize,
    pub labels: &'a std::collections::BTreeMap<String, String>,
    pub annotations: &'a std::collections::BTreeMap<String, String>,
    pub clusters: Vec<JsonCluster<'a>>,
}

#[derive(Serialize)]
pub struct JsonCluster<'a> {
    pub id: &'a str,
    pub line: usize,
    pub verdict: Verdict,
    pub summary: &'a str,
    pub istiod_log: Option<&'a str>,
    /// What `kubectl apply` answers when the API server refuses to store the Secret.
    pub api_server_answer: Option<&'a str>,
    pub encoding: crate::model::Encoding,
    pub current_context: Option<&'a str>,
    pub server: Option<&'a str>,
    pub tls_server_name: Option<&'a str>,
    pub insecure_skip_tls_verify: bool,
    pub auth_methods: Vec<&'static str>,
    pub certificates: Vec<JsonCertificate<'a>>,
    pub token: Option<JsonToken<'a>>,
}

#[derive(Serialize)]
pub struct JsonCertificate<'a> {
    pub field: &'static str,
    pub position: usize,
    pub line: usize,
    #[serde(flatten)]
    pub certificate: Option<&'a crate::model::Certificate>,
    pub error: Option<String>,
}

#[derive(Serialize)]
pub struct JsonToken<'a> {
    pub line: usize,
    pub masked: &'a str,
    pub form: &'static str,
    pub kind: Option<crate::model::TokenKind>,
    pub issuer: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub service_account: Option<&'a str>,
    pub audiences: Option<&'a [String]>,
    pub expires_at: Option<&'a str>,
    pub issued_at: Option<&'a str>,
    pub not_before: Option<&'a str>,
    pub algorithm: Option<&'a str>,
    pub key_id: Option<&'a str>,
}

/// Builds the JSON view of a report.
pub fn json_report(report: &Report) -> JsonReport<'_> {
    let settings = &report.settings;
    let mut summary = Summary::default();
    for verdict in &report.verdicts {
        summary.clusters += 1;
        match verdict.verdict {
            Verdict::Ok => summary.ok += 1,
            Verdict::AtRisk => summary.at_risk += 1,
            Verdict::Failing => summary.failing += 1,
            Verdict::Rejected => summary.rejected += 1,
            Verdict::Ignored => summary.ignored += 1,
        }
    }
    for finding in &report.findings {
        match finding.severity {
            crate::Severity::Error => summary.errors += 1,
            crate::Severity::Warning => summary.warnings += 1,
            crate::Severity::Info => summary.infos += 1,
        }
    }
    JsonReport {
        schema: SCHEMA,
        now: rfc3339(settings.now),
        settings: JsonSettings {
            istio_namespace: &settings.istio_namespace,
            primary_cluster_id: &settings.primary_cluster_id,
            allowed_kubeconfig_options: settings.allowed_kubeconfig_options.iter().map(|o| o.as_str()).collect(),
            expected_service_account: &settings.expected_service_account,
            warn_within_seconds: settings.warn_within_seconds,
        },
        summary,
        secrets: report
            .model
            .secrets
            .iter()
            .enumerate()
            .map(|(secret_index, secret)| json_secret(report, secret_index, secret))
            .collect(),
        unrelated_secrets: &report.model.unrelated_secrets,
        findings: &report.findings,
        repaired_text: report.repaired_text(),
    }
}

fn json_secret<'a>(report: &'a Report, secret_index: usize, secret: &'a Secret) -> JsonSecret<'a> {
    JsonSecret {
        name: secret.name.as_ref().map(|n| n.value.as_str()),
        namespace: secret.namespace.as_ref().map(|n| n.value.as_str()),
        origin: secret.origin,
        line: secret.line,
        labels: &secret.labels,
        annotations: &secret.annotations,
        clusters: secret
            .entries
            .iter()
            .enumerate()
            .map(|(entry_index, entry)| json_cluster(report, secret_index, entry_index, entry))
            .collect(),
    }
}

fn json_cluster<'a>(
    report: &'a Report,
    secret_index: usize,
    entry_index: usize,
    entry: &'a ClusterEntry,
) -> JsonCluster<'a> {
    let verdict = report.verdict(secret_index, entry_index);
    let config = entry.kubeconfig.as_ref();
    let cluster = config.and_then(|c| c.current_cluster());
    let user = config.and_then(|c| c.current_user());
    let mut certificates = Vec::new();
    let fields = cluster
        .and_then(|c| c.certificate_authority_data.as_ref())
        .into_iter()
        .chain(user.and_then(|u| u.client_certificate_data.as_ref()));
    for field in fields {
        push_certificates(&mut certificates, field);
    }
    JsonCluster {
        id: &entry.cluster_id,
        line: entry.line,
        verdict: verdict.map_or(Verdict::Ok, |v| v.verdict),
        summary: verdict.map_or("", |v| v.summary.as_str()),
        istiod_log: verdict.and_then(|v| v.istiod_log.as_deref()),
        api_server_answer: verdict.and_then(|v| v.api_server_answer.as_deref()),
        encoding: entry.encoding,
        current_context: config
            .and_then(|c| c.current_context.as_ref())
            .map(|c| c.value.as_str()),
        server: cluster.and_then(|c| c.server.as_ref()).map(|s| s.value.as_str()),
        tls_server_name: cluster
            .and_then(|c| c.tls_server_name.as_ref())
            .map(|s| s.value.as_str()),
        insecure_skip_tls_verify: cluster
            .and_then(|c| c.insecure_skip_tls_verify.as_ref())
            .is_some_and(|f| f.value),
        auth_methods: user.map(|u| u.methods()).unwrap_or_default(),
        certificates,
        token: user.and_then(|u| u.token.as_ref()).map(|token| {
            let jwt = match &token.form {
                TokenForm::Jwt(jwt) => Some(jwt.as_ref()),
                _ => None,
            };
            JsonToken {
                line: token.line,
                masked: &token.masked,
                form: match token.form {
                    TokenForm::Jwt(_) => "jwt",
                    TokenForm::Opaque => "opaque",
                    TokenForm::Malformed { .. } => "malformed",
                },
                kind: jwt.map(|j| j.kind),
                issuer: jwt.and_then(|j| j.issuer.as_deref()),
                subject: jwt.and_then(|j| j.subject.as_deref()),
                namespace: jwt.and_then(|j| j.namespace.as_deref()),
                service_account: jwt.and_then(|j| j.service_account.as_deref()),
                audiences: jwt.map(|j| j.audiences.as_slice()),
                expires_at: jwt.and_then(|j| j.expires_at_text.as_deref()),
                issued_at: jwt.and_then(|j| j.issued_at_text.as_deref()),
                not_before: jwt.and_then(|j| j.not_before_text.as_deref()),
                algorithm: jwt.and_then(|j| j.algorithm.as_deref()),
                key_id: jwt.and_then(|j| j.key_id.as_deref()),
            }
        }),
    }
}

fn push_certificates<'a>(out: &mut Vec<JsonCertificate<'a>>, field: &'a CertificateData) {
    if let CertificateContent::Blocks { blocks, .. } = &field.content {
        for block in blocks {
            out.push(JsonCertificate {
                field: field.field,
                position: block.position,
                line: field.line,
                certificate: block.result.as_ref().ok(),
                error: block.result.as_ref().err().map(ToString::to_string),
            });
        }
    }
}
