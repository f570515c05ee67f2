//! `server-cert-untrusted`: the certificate the API server presents does not chain to the
//! entry's CA.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::trust::chain::ServerProblem;

pub const CHECK: Check = Check {
    id: "server-cert-untrusted",
    severity: Severity::Error,
    summary: "The API server's certificate does not chain to the entry's `certificate-authority-data`, or its chain is not for a TLS server.",
    why: prose!("client-go verifies the server's certificate against the kubeconfig's CA alone. A proxy in front of the API server (Rancher's, a load balancer that terminates TLS), a rotated control plane or a bundle from another cluster gives `x509: certificate signed by unknown authority`: istiod cannot watch the remote cluster, and every TokenReview for its proxies fails."),
    fix: prose!("Put the CA that signed what the server presents in `certificate-authority-data` (`kubectl --context=REMOTE config view --raw --minify`), or point `server` past the proxy; then rerun `istioctl create-remote-secret`."),
    source: sources!(&[
        Citation::go("src/crypto/x509/verify.go", "Certificate.Verify"),
        Citation::go("src/crypto/x509/verify.go", "UnknownAuthorityError.Error"),
        Citation::client_go("transport/transport.go", "TLSConfigFor"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for server in context.servers {
        if let Err(problem @ (ServerProblem::UnknownAuthority { why, .. } | ServerProblem::Usage { why, .. })) =
            &server.outcome.result
        {
            sink.entry(
                server.at,
                server.line,
                format!(
                    "what the server presents does not verify: {why}; client-go answers `{}`",
                    problem.go_error()
                ),
            );
        }
    }
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{server_certificate_pem, CertificateSpec, NOW};

    fn leaf_signed_by(seed: u8) -> String {
        let issuer = CertificateSpec {
            key_seed: seed,
            ..CertificateSpec::cluster_ca(NOW)
        };
        let leaf = CertificateSpec {
            common_name: "kube-apiserver".to_string(),
            key_seed: 21,
            ..CertificateSpec::cluster_ca(NOW)
        };
        server_certificate_pem(&leaf, &issuer, &["10.0.0.2"])
    }

    #[test]
    fn fires_when_another_ca_signed_what_the_server_presents() {
        let report = check_fires_with_server("server-cert-untrusted", &healthy(), &leaf_signed_by(8), &["server:"]);
        assert_eq!(first_verdict(&report), Verdict::Failing);
        let message = message_of(&report, "server-cert-untrusted");
        assert!(
            message.contains("tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of \"x509: ECDSA verification failure\" while trying to verify candidate authority certificate \"kubernetes\")"),
            "{message}"
        );
    }

    #[test]
    fn quiet_when_the_entry_s_ca_signed_it() {
        check_quiet_with_server("server-cert-untrusted", &healthy(), &leaf_signed_by(7));
    }

    #[test]
    fn fires_when_the_chain_is_not_for_a_tls_server() {
        let leaf = CertificateSpec {
            common_name: "kube-apiserver".to_string(),
            key_seed: 21,
            is_ca: false,
            ..CertificateSpec::cluster_ca(NOW)
        };
        let client_only = crate::fixtures::issued_certificate_pem_for(
            &leaf,
            &CertificateSpec::cluster_ca(NOW),
            &["10.0.0.2"],
            &[rcgen::ExtendedKeyUsagePurpose::ClientAuth],
        );
        let report = check_fires_with_server("server-cert-untrusted", &healthy(), &client_only, &["server:"]);
        let message = message_of(&report, "server-cert-untrusted");
        assert!(message.ends_with("client-go answers `tls: failed to verify certificate: x509: certificate specifies an incompatible key usage`"), "{message}");
    }
}
