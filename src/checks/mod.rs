//! The check catalogue: one check per file, each with its metadata (id, severity, summary, why,
//! fix, source, diagram steps, istiod's log line) and its logic, tests at the bottom. [`ALL`] is
//! the one ordered list; the CLI's `checks` and `explain`, the docs and the app read it.
//!
//! Checks read the decoded [`Model`] and the [`Settings`]; they never parse text themselves.

use serde::Serialize;

use crate::citation::Citation;
pub use crate::finding::{istiod, At, Effect, Severity, Stage};
use crate::finding::{Finding, Target};
use crate::model::{
    host_of, Certificate, CertificateBlock, CertificateContent, CertificateData, ClusterEntry, Jwt, Kubeconfig, Model,
    Secret, SecretOrigin, Token, TokenForm,
};
use crate::settings::Settings;
use crate::trust::chain::ServerOutcome;
use crate::trust::mesh::MeshOutcome;
use crate::trust::Evidence;

#[cfg(test)]
pub(crate) mod testing;

/// A check's `why` or `fix`. The app's first load leaves them and the sources out (10.4 KB gzip):
/// it shows them only when a finding's explanation is opened, and asks the extras module for them
/// then (`app::extras::explanation`). Every other build (the CLI, the docs, the tests, the extras
/// module) has them.
macro_rules! prose {
    ($text:literal) => {
        if cfg!(feature = "web") {
            ""
        } else {
            $text
        }
    };
}

/// A check's sources, left out of the app's first load as [`prose!`] says.
macro_rules! sources {
    ($sources:expr) => {
        if cfg!(feature = "web") {
            &[]
        } else {
            $sources
        }
    };
}

mod auth_client_cert_file_forbidden;
mod auth_client_cert_key_mismatch;
mod auth_exec_forbidden;
mod auth_exec_incomplete;
mod auth_exec_invalid;
mod auth_file_reference;
mod auth_impersonation_incomplete;
mod auth_multiple_methods;
mod auth_none;
mod auth_oidc_incomplete;
mod auth_provider_forbidden;
mod auth_provider_removed;
mod auth_token_file_forbidden;
mod cert_chain_broken;
mod cert_data_base64;
mod cert_data_not_pem;
mod cert_duplicate;
mod cert_expired;
mod cert_expires_soon;
mod cert_not_ca;
mod cert_not_yet_valid;
mod cert_parse;
mod cert_self_signature_invalid;
mod cert_weak_key;
mod cert_weak_signature;
mod cluster_id_duplicate;
mod cluster_id_is_primary;
mod cluster_id_uppercase;
mod input_limit;
mod kubeconfig_ca_file_and_data;
mod kubeconfig_context_cluster;
mod kubeconfig_context_namespace_invalid;
mod kubeconfig_context_user;
mod kubeconfig_current_context;
mod kubeconfig_proxy_url;
mod kubeconfig_proxy_url_invalid;
mod kubeconfig_server_missing;
mod kubeconfig_syntax;
mod kubeconfig_unknown_field;
mod mesh_chain_broken;
mod mesh_root_mismatch;
mod not_a_secret;
mod private_key_present;
mod secret_annotation_mismatch;
mod secret_data_base64;
mod secret_entry_empty;
mod secret_key_invalid;
mod secret_label_missing;
mod secret_legacy_format;
mod secret_name_convention;
mod secret_name_invalid;
mod secret_namespace;
mod secret_namespace_unset;
mod secret_no_entries;
mod server_cert_expired;
mod server_cert_untrusted;
mod server_cert_verified;
mod server_loopback;
mod server_name_mismatch;
mod server_not_https;
mod server_private_hint;
mod tls_ca_missing;
mod tls_insecure;
mod tls_insecure_with_ca;
mod token_audience_istio_ca;
mod token_bound_expiring;
mod token_expired;
mod token_expires_soon;
mod token_long_lived;
mod token_malformed;
mod token_not_yet_valid;
mod token_opaque;
mod token_signature_invalid;
mod token_signature_unverified;
mod token_signature_verified;
mod token_subject_unexpected;
mod token_whitespace;
mod yaml_indentation_lost;
mod yaml_syntax;

/// Every check, in the order they run: input, Secret, kubeconfig, certificates, token, and last the
/// checks that read earlier findings.
pub const ALL: &[&Check] = &[
    &yaml_syntax::CHECK,
    &yaml_indentation_lost::CHECK,
    &not_a_secret::CHECK,
    &private_key_present::CHECK,
    &input_limit::CHECK,
    &secret_label_missing::CHECK,
    &secret_namespace::CHECK,
    &secret_namespace_unset::CHECK,
    &secret_no_entries::CHECK,
    &secret_entry_empty::CHECK,
    &secret_data_base64::CHECK,
    &secret_key_invalid::CHECK,
    &secret_name_invalid::CHECK,
    &cluster_id_is_primary::CHECK,
    &cluster_id_uppercase::CHECK,
    &secret_annotation_mismatch::CHECK,
    &secret_name_convention::CHECK,
    &secret_legacy_format::CHECK,
    &kubeconfig_syntax::CHECK,
    &kubeconfig_current_context::CHECK,
    &kubeconfig_context_cluster::CHECK,
    &kubeconfig_context_user::CHECK,
    &kubeconfig_server_missing::CHECK,
    &kubeconfig_ca_file_and_data::CHECK,
    &kubeconfig_proxy_url_invalid::CHECK,
    &kubeconfig_context_namespace_invalid::CHECK,
    &kubeconfig_unknown_field::CHECK,
    &auth_multiple_methods::CHECK,
    &auth_none::CHECK,
    &auth_exec_forbidden::CHECK,
    &auth_exec_incomplete::CHECK,
    &auth_exec_invalid::CHECK,
    &auth_impersonation_incomplete::CHECK,
    &auth_client_cert_key_mismatch::CHECK,
    &auth_provider_forbidden::CHECK,
    &auth_provider_removed::CHECK,
    &auth_oidc_incomplete::CHECK,
    &auth_token_file_forbidden::CHECK,
    &auth_client_cert_file_forbidden::CHECK,
    &auth_file_reference::CHECK,
    &server_not_https::CHECK,
    &server_loopback::CHECK,
    &server_private_hint::CHECK,
    &tls_insecure_with_ca::CHECK,
    &tls_insecure::CHECK,
    &tls_ca_missing::CHECK,
    &kubeconfig_proxy_url::CHECK,
    &cert_data_base64::CHECK,
    &cert_data_not_pem::CHECK,
    &cert_parse::CHECK,
    &cert_expired::CHECK,
    &cert_not_yet_valid::CHECK,
    &cert_expires_soon::CHECK,
    &cert_not_ca::CHECK,
    &cert_weak_key::CHECK,
    &cert_weak_signature::CHECK,
    &cert_self_signature_invalid::CHECK,
    &cert_chain_broken::CHECK,
    &mesh_root_mismatch::CHECK,
    &mesh_chain_broken::CHECK,
    &cert_duplicate::CHECK,
    &token_whitespace::CHECK,
    &token_opaque::CHECK,
    &token_malformed::CHECK,
    &token_expired::CHECK,
    &token_not_yet_valid::CHECK,
    &token_expires_soon::CHECK,
    &token_bound_expiring::CHECK,
    &token_audience_istio_ca::CHECK,
    &token_subject_unexpected::CHECK,
    &token_long_lived::CHECK,
    &token_signature_unverified::CHECK,
    &token_signature_invalid::CHECK,
    &token_signature_verified::CHECK,
    &server_cert_expired::CHECK,
    &server_name_mismatch::CHECK,
    &server_cert_untrusted::CHECK,
    &server_cert_verified::CHECK,
    // Last: it needs to know which entries istiod rejects before it compares cluster IDs.
    &cluster_id_duplicate::CHECK,
];

/// The order in which client-go's `Validate` reports its errors: the current context, then each
/// context (`validateContext`), each user (`validateAuthInfo`), each cluster
/// (`validateClusterInfo`), each in the order of its own statements. An entry's verdict joins its
/// `Validate` errors in this order, as istiod's single log line holds them all.
pub const VALIDATE_ORDER: &[&str] = &[
    "kubeconfig-current-context",
    "kubeconfig-context-user",
    "kubeconfig-context-cluster",
    "kubeconfig-context-namespace-invalid",
    "auth-client-cert-key-mismatch",
    "auth-client-cert-file-forbidden",
    "auth-exec-incomplete",
    "auth-exec-invalid",
    "auth-multiple-methods",
    "auth-impersonation-incomplete",
    "kubeconfig-server-missing",
    "kubeconfig-proxy-url-invalid",
    "kubeconfig-ca-file-and-data",
    "auth-file-reference",
];

/// The check with this id.
pub fn find(id: &str) -> Option<&'static Check> {
    ALL.iter().copied().find(|check| check.id == id)
}

/// One check: its metadata and its logic.
#[derive(Serialize)]
pub struct Check {
    /// Stable, public, kebab-case; never renamed or reused.
    pub id: &'static str,
    pub severity: Severity,
    /// What is wrong, in one line.
    pub summary: &'static str,
    /// Why it matters: what istiod or the API server does.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// The Istio, client-go, Kubernetes or Go source the check rests on, pinned to a release.
    pub source: &'static [Citation],
    /// The diagram steps (docs/istio.md, 1-14) it breaks or puts at risk.
    pub steps: &'static [u8],
    /// What a finding does to the verdict, unless the check says otherwise for one finding.
    pub effect: Effect,
    /// Where the problem surfaces; decides whose message the verdict quotes.
    pub stage: Stage,
    /// The log line istiod prints (or, at [`Stage::ApiServer`], what `kubectl apply` answers) as
    /// a template: `{cluster}` stands for the cluster ID and is filled in for every finding; other
    /// `{placeholders}` are filled in by the check itself. Empty when nothing is printed.
    pub istiod_log: &'static str,
    #[serde(skip)]
    pub run: fn(&Context, &mut Sink),
}

/// What a check may read.
pub struct Context<'a> {
    pub model: &'a Model,
    pub settings: &'a Settings,
    /// The findings of the checks that ran before this one (in [`ALL`]'s order).
    pub earlier: &'a [Finding],
    /// What the API server presents, verified for each entry it was given for.
    pub servers: &'a [ServerCheck],
    /// What was given besides the input, and the signature checks it can make.
    pub evidence: &'a Evidence,
    /// Two clusters' trust, when their CA files were given.
    pub mesh: Option<&'a MeshOutcome>,
}

/// What the API server presents, verified for one entry as client-go would.
#[derive(Clone, Debug)]
pub struct ServerCheck {
    pub at: At,
    /// The line of the entry's `server:`.
    pub line: usize,
    pub outcome: ServerOutcome,
}

/// Verifies what the API server presents (the evidence's) for every entry whose current
/// cluster has a server: its CA certificates as roots, `tls-server-name` or the server's host
/// as the name, the settings' "now".
pub fn server_checks(model: &Model, settings: &Settings, evidence: &Evidence) -> Vec<ServerCheck> {
    let mut checks = Vec::new();
    if evidence.server.certificates.is_empty() {
        return checks;
    }
    for (secret_index, secret) in model.secrets.iter().enumerate() {
        for (entry_index, entry) in secret.entries.iter().enumerate() {
            let Some(cluster) = entry.kubeconfig.as_ref().and_then(Kubeconfig::current_cluster) else {
                continue;
            };
            let Some(server) = &cluster.server else { continue };
            let host = cluster
                .tls_server_name
                .as_ref()
                .map_or_else(|| host_of(&server.value), |name| name.value.as_str());
            let roots: Vec<&[u8]> = match cluster.certificate_authority_data.as_ref().map(|data| &data.content) {
                Some(CertificateContent::Blocks { blocks, .. }) => blocks
                    .iter()
                    .filter_map(|block| block.result.as_ref().ok())
                    .map(|certificate| certificate.der.as_slice())
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(outcome) = evidence.server_outcome(&roots, host, settings.now) {
                checks.push(ServerCheck {
                    at: At {
                        secret: secret_index,
                        entry: entry_index,
                    },
                    line: server.line,
                    outcome,
                });
            }
        }
    }
    checks
}

impl<'a> Context<'a> {
    /// The worst effect the earlier checks found for one entry (its own and its Secret's
    /// findings): whether istiod gets as far as building that entry's client.
    pub fn earlier_effect(&self, at: At) -> Effect {
        self.earlier
            .iter()
            .filter(|finding| finding.bears_on(at.secret, at.entry))
            .map(|finding| finding.effect)
            .max()
            .unwrap_or_default()
    }

    /// Every Secret that istiod would read as a remote secret (bare kubeconfigs included).
    pub fn secrets(&self) -> impl Iterator<Item = (usize, &'a Secret)> {
        self.model.secrets.iter().map(|secret| &**secret).enumerate()
    }

    /// Every real Secret document or list item (bare kubeconfigs excluded).
    pub fn real_secrets(&self) -> impl Iterator<Item = (usize, &'a Secret)> {
        self.secrets()
            .filter(|(_, secret)| secret.origin != SecretOrigin::BareKubeconfig)
    }

    /// Every cluster entry: (where, secret, entry).
    pub fn entries(&self) -> impl Iterator<Item = (At, &'a Secret, &'a ClusterEntry)> {
        self.secrets().flat_map(|(secret_index, secret)| {
            secret.entries.iter().enumerate().map(move |(entry_index, entry)| {
                let at = At {
                    secret: secret_index,
                    entry: entry_index,
                };
                (at, secret, entry)
            })
        })
    }

    /// Every decoded kubeconfig: (where, kubeconfig).
    pub fn kubeconfigs(&self) -> impl Iterator<Item = (At, &'a Kubeconfig)> {
        self.entries()
            .filter_map(|(at, _, entry)| entry.kubeconfig.as_ref().map(|config| (at, config)))
    }
}

impl<'a> Context<'a> {
    /// Every certificate field (`certificate-authority-data` of each cluster,
    /// `client-certificate-data` of each user): (where, field).
    pub fn certificate_fields(&self) -> impl Iterator<Item = (At, &'a CertificateData)> {
        self.kubeconfigs().flat_map(|(at, config)| {
            let authorities = config
                .clusters
                .iter()
                .filter_map(|c| c.certificate_authority_data.as_ref());
            let clients = config.users.iter().filter_map(|u| u.client_certificate_data.as_ref());
            authorities.chain(clients).map(move |field| (at, field))
        })
    }

    /// Every certificate that parsed: (where, field, certificate).
    pub fn certificates(&self) -> impl Iterator<Item = (At, &'a CertificateData, &'a Certificate)> {
        self.certificate_fields().flat_map(|(at, field)| {
            let blocks: &'a [CertificateBlock] = match &field.content {
                CertificateContent::Blocks { blocks, .. } => blocks,
                _ => &[],
            };
            blocks
                .iter()
                .filter_map(|block| block.result.as_ref().ok())
                .map(move |certificate| (at, field, certificate))
        })
    }

    /// Whether a certificate field of the entry at `at` is one client-go uses: the CA of the
    /// current context's cluster or the client certificate of its user. The others are loaded
    /// and validated, but never reach a TLS configuration.
    pub fn field_in_use(&self, at: At, field: &CertificateData) -> bool {
        let Some(config) = self
            .model
            .secrets
            .get(at.secret)
            .and_then(|secret| secret.entries.get(at.entry))
            .and_then(|entry| entry.kubeconfig.as_ref())
        else {
            return false;
        };
        let authority = config
            .current_cluster()
            .and_then(|cluster| cluster.certificate_authority_data.as_ref());
        let client = config
            .current_user()
            .and_then(|user| user.client_certificate_data.as_ref());
        [authority, client]
            .into_iter()
            .flatten()
            .any(|used| std::ptr::eq(used, field))
    }

    /// Weighs a validity finding on one certificate of `field`: full weight for a certificate
    /// client-go relies on; a warning that puts the entry at risk when another root of the same
    /// CA bundle is valid at "now" (Go's verifier tries every root of the pool); a warning that
    /// decides nothing for a field the current context does not use.
    pub fn weigh_validity(&self, finding: &mut Finding, at: At, field: &CertificateData) {
        let now = self.settings.now;
        let another_valid_root = field.field == "certificate-authority-data"
            && field
                .certificates()
                .any(|certificate| certificate.not_before <= now && now <= certificate.not_after);
        if !self.field_in_use(at, field) {
            finding.milder(Severity::Warning, Effect::None);
            finding.message.push_str(" (not used by the current context)");
        } else if another_valid_root {
            finding.milder(Severity::Warning, Effect::Risk);
            finding
                .message
                .push_str(" (another certificate of the bundle is valid, so TLS can still verify)");
        }
    }

    /// The token of each entry's current user: (where, token).
    pub fn tokens(&self) -> impl Iterator<Item = (At, &'a Token)> {
        self.kubeconfigs().filter_map(|(at, config)| {
            config
                .current_user()
                .and_then(|user| user.token.as_ref())
                .map(|token| (at, token))
        })
    }

    /// The decoded JWT of each entry's current user.
    pub fn jwts(&self) -> impl Iterator<Item = (At, &'a Token, &'a Jwt)> {
        self.tokens().filter_map(|(at, token)| match &token.form {
            TokenForm::Jwt(jwt) => Some((at, token, jwt.as_ref())),
            _ => None,
        })
    }
}

/// Where a check puts its findings.
pub struct Sink<'a> {
    check: &'static Check,
    model: &'a Model,
    findings: &'a mut Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(check: &'static Check, model: &'a Model, findings: &'a mut Vec<Finding>) -> Sink<'a> {
        Sink { check, model, findings }
    }

    /// A finding about the input as a whole.
    pub fn input(&mut self, line: Option<usize>, message: String) -> &mut Finding {
        self.push(Target::Input, line, message, self.check.effect)
    }

    /// A finding about a whole Secret: it counts against each of its entries.
    pub fn secret(&mut self, secret_index: usize, line: usize, message: String) -> &mut Finding {
        self.push(Target::Secret(secret_index), Some(line), message, self.check.effect)
    }

    /// A finding about the mesh's shared trust: it counts against every entry.
    pub fn mesh(&mut self, message: String) -> &mut Finding {
        self.push(Target::Mesh, None, message, self.check.effect)
    }

    /// A finding about one cluster entry.
    pub fn entry(&mut self, at: At, line: usize, message: String) -> &mut Finding {
        self.entry_with(at, line, message, self.check.effect)
    }

    /// A finding about one cluster entry, with an effect other than the check's own.
    pub fn entry_with(&mut self, at: At, line: usize, message: String, effect: Effect) -> &mut Finding {
        self.push(Target::Entry(at.secret, at.entry), Some(line), message, effect)
    }

    fn push(&mut self, target: Target, line: Option<usize>, message: String, effect: Effect) -> &mut Finding {
        let (secret, cluster) = match target {
            Target::Input | Target::Mesh => (None, None),
            Target::Secret(s) => (self.model.secrets.get(s).map(|secret| secret.display_name()), None),
            Target::Entry(s, e) => {
                let secret = self.model.secrets.get(s).map(|secret| &**secret);
                (
                    secret.map(Secret::display_name),
                    secret
                        .and_then(|secret| secret.entries.get(e))
                        .map(|entry| entry.cluster_id.clone()),
                )
            }
        };
        // The check's template, with the cluster filled in; a check whose template names other
        // placeholders sets the log itself.
        let log = Some(self.check.istiod_log)
            .filter(|template| !template.is_empty())
            .map(|template| template.replace("{cluster}", cluster.as_deref().unwrap_or("")))
            .filter(|line| !line.contains('{'));
        self.findings.push(Finding {
            id: self.check.id,
            severity: self.check.severity,
            message,
            secret,
            cluster,
            line,
            steps: self.check.steps,
            target,
            effect,
            stage: self.check.stage,
            log,
            validation_errors: Vec::new(),
        });
        // Just pushed.
        self.findings.last_mut().expect("a finding was pushed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::BTreeSet::new();
        for check in ALL {
            assert!(seen.insert(check.id), "duplicate id {}", check.id);
            assert!(
                check
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                check.id
            );
            for (field, text) in [("summary", check.summary), ("why", check.why), ("fix", check.fix)] {
                assert!(!text.trim().is_empty(), "{} has no {field}", check.id);
            }
            assert!(!check.source.is_empty(), "{} cites no source", check.id);
            assert!(
                check.steps.iter().all(|step| (1..=14).contains(step)),
                "{} names a step outside 1-14",
                check.id
            );
        }
    }

    #[test]
    fn every_check_id_of_the_catalogue_exists() {
        // The public ids this engine covers; the signature, chain and mesh checks
        // come with the trust work (README, "What is not done yet").
        for id in testing::CATALOGUE_IDS {
            assert!(find(id).is_some(), "{id} is missing");
        }
    }
}
