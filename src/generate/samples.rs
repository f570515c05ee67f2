//! Teaching samples: a complete synthetic remote secret made at "now" (a cluster CA and a
//! service-account token of this tool's own making, never a real credential), written by the
//! istioctl writer, with any faults from a stable, documented list. Each fault names the check it
//! triggers, the verdict it gives and the diagram steps it breaks, and a test proves all three.
//! The built-in examples of the app and the CLI are samples of this builder.
//!
//! Keys (the CA's and the token signer's) are derived from "now" ([`derived_scalar`]): samples
//! made at different instants share no key, and a test at a fixed "now" gets the same sample every
//! time. [`sample_jwks`] gives the signer's JWKS, for checking the token's signature.

use serde::Serialize;

use super::istioctl::{create_remote_secret, Auth, Layout, Parts, SecretType};
use crate::fixtures::{
    base64, bound_token_claims, certificate_pem, derived_scalar, jwks, jwt_signed, legacy_token_claims,
    server_certificate_pem, CertificateSpec, FixtureKey, RemoteSecretSpec, DAY,
};
use crate::report::Verdict;

/// What a sample is made of before it is written, and what faults may change.
#[derive(Clone, Debug)]
pub struct Draft {
    pub now: i64,
    pub parts: Parts,
    /// Text edits applied to the written YAML, in order (faults that istioctl could not write).
    edits: Vec<fn(&Draft, String) -> String>,
}

/// One fault a sample can be given.
#[derive(Serialize)]
pub struct Fault {
    /// Stable, kebab-case: `--fault ID` and the app's list use it.
    pub id: &'static str,
    /// What the fault is, in one line.
    pub summary: &'static str,
    /// The check it triggers.
    pub check: &'static str,
    /// The verdict of the sample's entry with this fault alone, inspected with the sample's JWKS;
    /// `None` when the text no longer holds an entry (indentation lost).
    #[serde(serialize_with = "verdict_words")]
    pub verdict: Option<Verdict>,
}

fn verdict_words<S: serde::Serializer>(verdict: &Option<Verdict>, serializer: S) -> Result<S::Ok, S::Error> {
    match verdict {
        Some(verdict) => serializer.serialize_str(verdict.as_str()),
        None => serializer.serialize_none(),
    }
}

impl Fault {
    /// The diagram steps the fault breaks or puts at risk: its check's.
    pub fn steps(&self) -> &'static [u8] {
        crate::checks::find(self.check).map_or(&[], |check| check.steps)
    }
}

fn edit(draft: &mut Draft, change: fn(&Draft, String) -> String) {
    draft.edits.push(change);
}

/// The sample's CA at `now`, as `spec` describes it, with the sample's own key.
fn ca_pem(now: i64, spec: CertificateSpec) -> String {
    certificate_pem(&CertificateSpec {
        key_scalar: Some(derived_scalar("ca", now)),
        ..spec
    })
}

/// The key that signs the sample's tokens at `now`, and its key ID.
fn token_signer(now: i64) -> (FixtureKey, String) {
    use sha2::{Digest, Sha256};
    let key = FixtureKey::from_scalar(&derived_scalar("token", now)).unwrap_or_else(|| FixtureKey::from_seed(9));
    let digest = Sha256::digest(key.public_point());
    let kid = format!(
        "sample-{:02x}{:02x}{:02x}{:02x}",
        digest[0], digest[1], digest[2], digest[3]
    );
    (key, kid)
}

/// A token of `claims` signed by the sample's key at `now`.
fn token(now: i64, claims: &serde_json::Value) -> String {
    let (key, kid) = token_signer(now);
    jwt_signed(claims, &key, &kid)
}

/// What the API server of samples made at `now` presents: its serving certificate, issued by
/// the sample's CA for the sample's server address and the in-cluster names, as PEM (what
/// `openssl s_client -showcerts` would show of it).
pub fn sample_server_certificate(now: i64) -> String {
    let server = RemoteSecretSpec::healthy(now).server;
    let host = crate::model::host_of(&server).to_string();
    let ca = CertificateSpec {
        key_scalar: Some(derived_scalar("ca", now)),
        ..CertificateSpec::cluster_ca(now)
    };
    let leaf = CertificateSpec {
        common_name: "kube-apiserver".to_string(),
        not_before: now - 30 * DAY,
        not_after: now + 335 * DAY,
        is_ca: false,
        key_seed: 21,
        key_scalar: Some(derived_scalar("apiserver", now)),
    };
    server_certificate_pem(&leaf, &ca, &[&host, "kubernetes", "kubernetes.default.svc"])
}

/// The `cacerts` Secrets of a two-cluster mesh made at `now`, as Istio's "Plug in CA
/// Certificates" makes them: one root, and for each cluster an intermediate CA issued by it,
/// with `ca-cert.pem`, `cert-chain.pem` (the CA, then the root) and `root-cert.pem`. The CA's
/// key (`ca-key.pem`) is left out: it has no place outside its cluster, and would only be
/// reported as a private key.
pub fn sample_mesh(now: i64) -> [String; 2] {
    let root = CertificateSpec {
        common_name: "Istio mesh root".to_string(),
        key_scalar: Some(derived_scalar("mesh-root", now)),
        ..CertificateSpec::cluster_ca(now)
    };
    let root_pem = certificate_pem(&root);
    ["cluster1", "cluster2"].map(|cluster| {
        let ca = CertificateSpec {
            common_name: format!("{cluster} Istio CA"),
            not_after: now + 5 * 365 * DAY,
            key_scalar: Some(derived_scalar(&format!("{cluster}-istio-ca"), now)),
            ..CertificateSpec::cluster_ca(now)
        };
        let ca_pem = crate::fixtures::issued_certificate_pem(&ca, &root, &[]);
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\n  labels:\n    topology.istio.io/cluster: {cluster}\ntype: Opaque\ndata:\n  ca-cert.pem: {}\n  cert-chain.pem: {}\n  root-cert.pem: {}\n",
            base64(&ca_pem),
            base64(&format!("{ca_pem}{root_pem}")),
            base64(&root_pem)
        )
    })
}

/// The JWKS of the key that signs the tokens of samples made at `now`.
pub fn sample_jwks(now: i64) -> serde_json::Value {
    let (key, kid) = token_signer(now);
    jwks(&key, &kid)
}

fn set_ca(draft: &mut Draft, spec: CertificateSpec) {
    draft.parts.certificate_authority = ca_pem(draft.now, spec).into_bytes();
}

/// Makes the CA valid from `from` to `to` days after the draft's "now".
fn set_ca_valid(draft: &mut Draft, from: i64, to: i64) {
    let now = draft.now;
    let spec = CertificateSpec {
        not_before: now + from * DAY,
        not_after: now + to * DAY,
        ..CertificateSpec::cluster_ca(now)
    };
    set_ca(draft, spec);
}

fn set_token(draft: &mut Draft, claims: serde_json::Value) {
    draft.parts.auth = Auth::BearerToken(token(draft.now, &claims));
}

/// A bound token of the reader service account for `audience`, valid from `issued` to `expires`.
fn set_reader_token(draft: &mut Draft, audience: &str, issued: i64, expires: i64) {
    let claims = bound_token_claims(
        "istio-system",
        "istio-reader-service-account",
        &[audience],
        issued,
        expires,
    );
    set_token(draft, claims);
}

/// The token line of the written YAML, whatever the token.
fn token_line(yaml: &str) -> Option<&str> {
    yaml.lines().find(|line| line.trim_start().starts_with("token: "))
}

/// The fault list. Ids are public: never renamed or reused.
pub const FAULTS: &[Fault] = &[
    Fault {
        id: "expired-ca",
        summary: "The API server's CA expired a month ago.",
        check: "cert-expired",
        verdict: Some(Verdict::Failing),
    },
    Fault {
        id: "ca-not-yet-valid",
        summary: "The CA becomes valid only in ten days (a clock out of step).",
        check: "cert-not-yet-valid",
        verdict: Some(Verdict::Failing),
    },
    Fault {
        id: "leaf-instead-of-ca",
        summary: "The API server's own certificate was pasted instead of its CA.",
        check: "cert-not-ca",
        verdict: Some(Verdict::AtRisk),
    },
    Fault {
        id: "der-instead-of-pem",
        summary: "The CA is DER bytes, not PEM.",
        check: "cert-data-not-pem",
        verdict: Some(Verdict::Rejected),
    },
    Fault {
        id: "loopback-server",
        summary: "The server is a kind cluster's 127.0.0.1.",
        check: "server-loopback",
        verdict: Some(Verdict::Failing),
    },
    Fault {
        id: "http-server",
        summary: "The server is `http://`: no token or CA is sent.",
        check: "server-not-https",
        verdict: Some(Verdict::Failing),
    },
    Fault {
        id: "insecure-with-ca",
        summary: "`insecure-skip-tls-verify: true` beside the CA data.",
        check: "tls-insecure-with-ca",
        verdict: Some(Verdict::Rejected),
    },
    Fault {
        id: "missing-label",
        summary: "No `istio/multiCluster` label: istiod never sees the Secret.",
        check: "secret-label-missing",
        verdict: Some(Verdict::Ignored),
    },
    Fault {
        id: "wrong-namespace",
        summary: "The Secret is in `default`, not istiod's namespace.",
        check: "secret-namespace",
        verdict: Some(Verdict::Ignored),
    },
    Fault {
        id: "primary-cluster-id",
        summary: "The key is the primary's own cluster ID (`Kubernetes`).",
        check: "cluster-id-is-primary",
        verdict: Some(Verdict::Rejected),
    },
    Fault {
        id: "duplicate-key",
        summary: "A second Secret holds the same key.",
        check: "cluster-id-duplicate",
        verdict: Some(Verdict::AtRisk),
    },
    Fault {
        id: "annotation-mismatch",
        summary: "The annotation names another cluster than the key.",
        check: "secret-annotation-mismatch",
        verdict: Some(Verdict::Ok),
    },
    Fault {
        id: "exec-plugin",
        summary: "An EKS `exec` plugin instead of a token.",
        check: "auth-exec-forbidden",
        verdict: Some(Verdict::Rejected),
    },
    Fault {
        id: "removed-auth-provider",
        summary: "The `gcp` auth provider, which istiod refuses and client-go removed.",
        check: "auth-provider-forbidden",
        verdict: Some(Verdict::Rejected),
    },
    Fault {
        id: "two-auth-methods",
        summary: "A token and basic auth together.",
        check: "auth-multiple-methods",
        verdict: Some(Verdict::Rejected),
    },
    Fault {
        id: "expired-bound-token",
        summary: "A bound (TokenRequest) token that expired yesterday.",
        check: "token-expired",
        verdict: Some(Verdict::Failing),
    },
    Fault {
        id: "istio-ca-token",
        summary: "A pod's `istio-token` (audience `istio-ca`) instead of the reader's.",
        check: "token-audience-istio-ca",
        verdict: Some(Verdict::Failing),
    },
    Fault {
        id: "wrong-service-account",
        summary: "The token of the `default` service account, not the reader's.",
        check: "token-subject-unexpected",
        verdict: Some(Verdict::AtRisk),
    },
    Fault {
        id: "foreign-token",
        summary: "A token another cluster signed: the remote's keys (the sample's JWKS) do not verify it.",
        check: "token-signature-invalid",
        verdict: Some(Verdict::Failing),
    },
    Fault {
        id: "token-line-break",
        summary: "The token was copied with a line break in it.",
        check: "token-whitespace",
        verdict: Some(Verdict::Failing),
    },
    Fault {
        id: "misspelt-field",
        summary: "`certificate-authority-date`: client-go drops the misspelt field, and the CA with it.",
        check: "kubeconfig-unknown-field",
        verdict: Some(Verdict::AtRisk),
    },
    Fault {
        id: "no-current-context",
        summary: "The kubeconfig has no `current-context`.",
        check: "kubeconfig-current-context",
        verdict: Some(Verdict::Rejected),
    },
    Fault {
        id: "indentation-lost",
        summary: "Copied from a web page that dropped the indentation.",
        check: "yaml-indentation-lost",
        verdict: None,
    },
];

/// What each fault does to a draft, by id. Apart from [`FAULTS`] so that listing the faults (the
/// app's sample builder) does not link the making of samples (certificates, signed tokens), which
/// the app fetches only when asked.
fn apply(id: &str) -> Option<fn(&mut Draft)> {
    let apply: fn(&mut Draft) = match id {
        "expired-ca" => |draft| set_ca_valid(draft, -400, -30),
        "ca-not-yet-valid" => |draft| set_ca_valid(draft, 10, 400),
        "leaf-instead-of-ca" => |draft| {
            let now = draft.now;
            set_ca(
                draft,
                CertificateSpec {
                    is_ca: false,
                    common_name: "kube-apiserver".into(),
                    ..CertificateSpec::cluster_ca(now)
                },
            );
        },
        "der-instead-of-pem" => |draft| {
            edit(draft, |draft, yaml| {
                let pem = String::from_utf8_lossy(&draft.parts.certificate_authority).into_owned();
                let body: String = pem.lines().filter(|line| !line.starts_with("-----")).collect();
                yaml.replace(&base64(&pem), &body)
            })
        },
        "loopback-server" => |draft| draft.parts.server = "https://127.0.0.1:41235".into(),
        "http-server" => |draft| draft.parts.server = draft.parts.server.replacen("https://", "http://", 1),
        "insecure-with-ca" => |draft| {
            edit(draft, |_, yaml| {
                yaml.replacen(
                    "        server: ",
                    "        insecure-skip-tls-verify: true\n        server: ",
                    1,
                )
            })
        },
        "missing-label" => |draft| {
            edit(draft, |_, yaml| {
                yaml.replace("  labels:\n    istio/multiCluster: \"true\"\n", "")
            })
        },
        "wrong-namespace" => |draft| draft.parts.namespace = "default".into(),
        "primary-cluster-id" => |draft| {
            edit(draft, |draft, yaml| {
                yaml.replacen(&format!("\n  {}: |\n", draft.parts.name), "\n  Kubernetes: |\n", 1)
            })
        },
        "duplicate-key" => |draft| {
            edit(draft, |draft, yaml| {
                let name = &draft.parts.name;
                let again = yaml.replacen(
                    &format!("name: istio-remote-secret-{name}\n"),
                    &format!("name: istio-remote-secret-{name}-old\n"),
                    1,
                );
                format!("{yaml}{again}")
            })
        },
        "annotation-mismatch" => |draft| {
            edit(draft, |draft, yaml| {
                yaml.replacen(
                    &format!("networking.istio.io/cluster: {}\n", draft.parts.name),
                    "networking.istio.io/cluster: east\n",
                    1,
                )
            })
        },
        "exec-plugin" => |draft| {
            edit(draft, |draft, yaml| {
                let Some(line) = token_line(&yaml).map(str::to_string) else {
                    return yaml;
                };
                yaml.replacen(
                        &line,
                        &format!(
                            "        exec:\n          apiVersion: client.authentication.k8s.io/v1beta1\n          args:\n          - eks\n          - get-token\n          - --cluster-name\n          - {}\n          command: aws",
                            draft.parts.name
                        ),
                        1,
                    )
            })
        },
        "removed-auth-provider" => |draft| {
            draft.parts.auth = Auth::Plugin {
                name: "gcp".into(),
                config: Default::default(),
            }
        },
        "two-auth-methods" => |draft| {
            edit(draft, |_, yaml| {
                yaml.replacen(
                    "        token: ",
                    "        password: hunter2\n        username: admin\n        token: ",
                    1,
                )
            })
        },
        "expired-bound-token" => |draft| {
            let now = draft.now;
            set_reader_token(
                draft,
                "https://kubernetes.default.svc.cluster.local",
                now - 2 * DAY,
                now - DAY,
            );
        },
        "istio-ca-token" => |draft| {
            let now = draft.now;
            set_reader_token(draft, "istio-ca", now - 60, now + 3600);
        },
        "wrong-service-account" => |draft| set_token(draft, legacy_token_claims("istio-system", "default")),
        "foreign-token" => |draft| {
            let other = FixtureKey::from_scalar(&derived_scalar("another cluster's token", draft.now))
                .unwrap_or_else(|| FixtureKey::from_seed(8));
            let claims = legacy_token_claims("istio-system", "istio-reader-service-account");
            draft.parts.auth = Auth::BearerToken(jwt_signed(&claims, &other, "another-cluster"));
        },
        "token-line-break" => |draft| {
            edit(draft, |_, yaml| {
                let Some(line) = token_line(&yaml).map(str::to_string) else {
                    return yaml;
                };
                let middle = line.len() / 2 + 4;
                let broken = format!("{}\n          {}", &line[..middle], &line[middle..]);
                yaml.replacen(&line, &broken, 1)
            })
        },
        "misspelt-field" => |draft| {
            edit(draft, |_, yaml| {
                yaml.replacen("certificate-authority-data:", "certificate-authority-date:", 1)
            })
        },
        "no-current-context" => |draft| {
            edit(draft, |draft, yaml| {
                yaml.replacen(&format!("    current-context: {}\n", draft.parts.name), "", 1)
            })
        },
        "indentation-lost" => |draft| {
            edit(draft, |_, yaml| {
                yaml.lines().map(|line| format!("{}\n", line.trim_start())).collect()
            })
        },
        _ => return None,
    };
    Some(apply)
}

/// The fault with this id.
pub fn fault(id: &str) -> Option<&'static Fault> {
    FAULTS.iter().find(|fault| fault.id == id)
}

/// A healthy sample's parts at `now`, for the cluster `cluster2`, with keys of its own.
pub fn healthy_parts(now: i64) -> Parts {
    let spec = RemoteSecretSpec::healthy(now);
    Parts {
        name: spec.cluster_id,
        server: spec.server,
        certificate_authority: ca_pem(now, CertificateSpec::cluster_ca(now)).into_bytes(),
        auth: Auth::BearerToken(token(
            now,
            &legacy_token_claims("istio-system", "istio-reader-service-account"),
        )),
        namespace: "istio-system".into(),
        secret_type: SecretType::Remote,
        tls_server_name: None,
        layout: Layout::Current,
    }
}

/// A sample at `now` with `faults` applied in order. A fault that makes istioctl refuse (none of
/// the list does) leaves the healthy text.
pub fn sample(now: i64, faults: &[&Fault]) -> String {
    let mut draft = Draft {
        now,
        parts: healthy_parts(now),
        edits: Vec::new(),
    };
    for fault in faults {
        if let Some(apply) = apply(fault.id) {
            apply(&mut draft);
        }
    }
    let written = create_remote_secret(&draft.parts)
        .map(|generated| generated.yaml)
        .unwrap_or_else(|_| RemoteSecretSpec::healthy(now).istioctl_yaml());
    draft.edits.iter().fold(written, |yaml, change| change(&draft, yaml))
}

/// The built-in examples of the app and the CLI: a healthy sample and classic breakages.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("healthy", "A healthy istioctl remote secret"),
    ("loopback-server", "A kind cluster's 127.0.0.1 server"),
    ("expired-ca", "A CA that expired last month"),
    ("missing-label", "No istio/multiCluster label"),
    ("exec-plugin", "An EKS exec plugin"),
    ("two-auth-methods", "A token and basic auth together"),
];

/// The example `name` at `now`, or `None` for an unknown name: the sample with that one fault
/// (none for `healthy`).
pub fn example(name: &str, now: i64) -> Option<String> {
    if !EXAMPLES.iter().any(|(known, _)| *known == name) {
        return None;
    }
    let faults: Vec<&Fault> = fault(name).into_iter().collect();
    Some(sample(now, &faults))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::NOW;
    use crate::settings::Settings;

    #[test]
    fn a_sample_without_faults_is_healthy() {
        let report = crate::inspect(&sample(NOW, &[]), &Settings::at(NOW));
        assert_eq!(report.verdicts.len(), 1);
        assert_eq!(report.verdicts[0].verdict, Verdict::Ok);
        assert!(report
            .findings
            .iter()
            .all(|f| f.severity == crate::finding::Severity::Info));
    }

    #[test]
    #[cfg(feature = "verify")]
    fn every_fault_triggers_its_check_with_its_verdict() {
        assert!(FAULTS.len() >= 21);
        let keys = crate::trust::Evidence::with_keys(&sample_jwks(NOW).to_string());
        for fault in FAULTS {
            let text = sample(NOW, &[fault]);
            let report = crate::inspect_with(&text, &Settings::at(NOW), &keys);
            assert!(
                report.findings.iter().any(|finding| finding.id == fault.check),
                "{}: {} did not fire; findings {:?}",
                fault.id,
                fault.check,
                report.findings.iter().map(|f| f.id).collect::<Vec<_>>()
            );
            assert_eq!(
                report.verdicts.first().map(|v| v.verdict),
                fault.verdict,
                "{}",
                fault.id
            );
            assert!(crate::checks::find(fault.check).is_some(), "{}", fault.id);
        }
    }

    #[test]
    #[cfg(feature = "verify")]
    fn the_sample_server_certificate_verifies_for_the_sample_and_not_for_a_kind_cluster() {
        let evidence = || {
            crate::trust::Evidence::with_keys(&sample_jwks(NOW).to_string())
                .with_server(&sample_server_certificate(NOW))
        };
        let healthy = crate::inspect_with(&sample(NOW, &[]), &Settings::at(NOW), &evidence());
        let ids: Vec<&str> = healthy.findings.iter().map(|f| f.id).collect();
        assert!(
            ids.contains(&"server-cert-verified") && ids.contains(&"token-signature-verified"),
            "{ids:?}"
        );
        let kind = crate::inspect_with(
            &sample(NOW, &[fault("loopback-server").unwrap()]),
            &Settings::at(NOW),
            &evidence(),
        );
        assert!(kind.findings.iter().any(|f| f.id == "server-name-mismatch"));
    }

    #[test]
    #[cfg(feature = "verify")]
    fn the_sample_mesh_shares_one_root_and_its_steps_pass() {
        use crate::diagram::{Diagram, StepState, MESH_STEPS};
        let [cluster1, cluster2] = sample_mesh(NOW);
        let files = |name: &str, text: &str| vec![(name.to_string(), text.to_string())];
        let evidence = crate::trust::Evidence::with_keys("")
            .with_mesh(&files("cluster 1", &cluster1), &files("cluster 2", &cluster2));
        let report = crate::inspect_with(&sample(NOW, &[]), &Settings::at(NOW), &evidence);
        let mesh = report.mesh.as_ref().expect("the mesh was checked");
        assert_eq!(mesh.shared_root.as_deref(), Some("Istio mesh root"));
        assert!(mesh.chain_errors.is_empty(), "{:?}", mesh.chain_errors);
        assert!(mesh
            .clusters
            .iter()
            .all(|cluster| cluster.problems.is_empty() && cluster.private_keys.is_empty()));
        let diagram = Diagram::for_entry(&report, 0, 0);
        for number in MESH_STEPS {
            assert_eq!(diagram.state(number), StepState::Pass, "step {number}");
        }
        // Cluster 2 with a root of its own: the steps of the mesh break, for every entry.
        let other_root = certificate_pem(&CertificateSpec {
            common_name: "another root".to_string(),
            ..CertificateSpec::cluster_ca(NOW)
        });
        let evidence = crate::trust::Evidence::with_keys("")
            .with_mesh(&files("cluster 1", &cluster1), &files("cluster 2", &other_root));
        let report = crate::inspect_with(&sample(NOW, &[]), &Settings::at(NOW), &evidence);
        assert!(report.findings.iter().any(|f| f.id == "mesh-root-mismatch"));
        assert_eq!(
            report.verdict(0, 0).map(|verdict| verdict.verdict),
            Some(Verdict::Failing)
        );
        let diagram = Diagram::for_entry(&report, 0, 0);
        for number in MESH_STEPS {
            assert_eq!(diagram.state(number), StepState::Broken, "step {number}");
        }
    }

    #[test]
    fn every_fault_has_its_edit() {
        for fault in FAULTS {
            assert!(apply(fault.id).is_some(), "{}", fault.id);
        }
        assert!(apply("no-such-fault").is_none());
    }

    #[test]
    fn two_faults_break_both_steps() {
        let text = sample(NOW, &[fault("expired-ca").unwrap(), fault("missing-label").unwrap()]);
        let report = crate::inspect(&text, &Settings::at(NOW));
        let ids: Vec<&str> = report.findings.iter().map(|f| f.id).collect();
        assert!(ids.contains(&"cert-expired") && ids.contains(&"secret-label-missing"));
        let diagram = crate::diagram::Diagram::for_entry(&report, 0, 0);
        assert_eq!(diagram.state(2), crate::diagram::StepState::Broken);
        assert_eq!(diagram.state(3), crate::diagram::StepState::Broken);
    }

    #[test]
    fn samples_made_at_different_instants_share_no_key_and_come_with_their_jwks() {
        let earlier = sample(NOW, &[]);
        let later = sample(NOW + 60, &[]);
        let ca_of = |text: &str| {
            text.lines()
                .find(|l| l.contains("certificate-authority-data"))
                .unwrap()
                .to_string()
        };
        assert_ne!(ca_of(&earlier), ca_of(&later));
        assert_eq!(earlier, sample(NOW, &[]), "reproducible at a fixed instant");
        let jwks = sample_jwks(NOW);
        let key = &jwks["keys"][0];
        assert_eq!((key["kty"].as_str(), key["crv"].as_str()), (Some("EC"), Some("P-256")));
        // The token names the JWKS's key.
        let report = crate::inspect(&earlier, &Settings::at(NOW));
        let kid = report.model.secrets[0].entries[0].kubeconfig.as_ref().unwrap().users[0]
            .token
            .as_ref()
            .map(|token| match &token.form {
                crate::model::TokenForm::Jwt(jwt) => jwt.key_id.clone(),
                _ => None,
            })
            .unwrap();
        assert_eq!(kid.as_deref(), key["kid"].as_str());
    }

    #[test]
    fn fault_ids_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for fault in FAULTS {
            assert!(seen.insert(fault.id), "{} twice", fault.id);
            assert!(
                fault.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                fault.id
            );
            assert!(
                !fault.steps().is_empty() || fault.check == "secret-annotation-mismatch",
                "{}",
                fault.id
            );
        }
    }

    #[test]
    fn the_examples_are_samples() {
        for (name, _) in EXAMPLES {
            assert!(example(name, NOW).is_some(), "{name}");
        }
        assert_eq!(example("healthy", NOW).unwrap(), sample(NOW, &[]));
        assert_eq!(example("nope", NOW), None);
    }
}
