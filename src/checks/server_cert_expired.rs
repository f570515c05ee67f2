//! `server-cert-expired`: the certificate the API server presents is outside its validity.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::trust::chain::ServerProblem;

pub const CHECK: Check = Check {
    id: "server-cert-expired",
    severity: Severity::Error,
    summary: "The API server's own certificate has expired (or is not valid yet).",
    why: prose!("client-go refuses a server certificate outside its validity before it looks at names or the chain: `x509: certificate has expired or is not yet valid`. The remote API server's serving certificate was not renewed (kubeadm renews it at upgrades), or a clock is wrong."),
    fix: prose!("Renew the remote API server's serving certificate (`kubeadm certs renew apiserver`), or fix the clock of the machine that is wrong."),
    source: sources!(&[
        Citation::go("src/crypto/x509/verify.go", "Certificate.isValid"),
        Citation::go("src/crypto/x509/verify.go", "CertificateInvalidError.Error"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for server in context.servers {
        if let Err(problem @ ServerProblem::Validity { .. }) = &server.outcome.result {
            sink.entry(
                server.at,
                server.line,
                format!(
                    "the certificate the server presents is outside its validity: client-go answers `{}`",
                    problem.go_error()
                ),
            );
        }
    }
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{server_certificate_pem, CertificateSpec, DAY, NOW};

    #[test]
    fn fires_on_an_expired_serving_certificate() {
        let leaf = CertificateSpec {
            common_name: "kube-apiserver".to_string(),
            key_seed: 21,
            not_before: NOW - 400 * DAY,
            not_after: NOW - DAY,
            ..CertificateSpec::cluster_ca(NOW)
        };
        let presented = server_certificate_pem(&leaf, &CertificateSpec::cluster_ca(NOW), &["10.0.0.2"]);
        let report = check_fires_with_server("server-cert-expired", &healthy(), &presented, &["server:"]);
        assert!(message_of(&report, "server-cert-expired")
            .contains("x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after 2025-12-31T00:00:00Z"));
        assert_eq!(first_verdict(&report), Verdict::Failing);
    }
}
