//! `cert-expired`: a certificate past its `notAfter`.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::time_format::relative;

pub const CHECK: Check = Check {
    id: "cert-expired",
    severity: Severity::Error,
    summary: "A certificate's `notAfter` is before now.",
    why: prose!("TLS verification of the remote API server fails (`x509: certificate has expired or is not yet valid`): istiod cannot list or watch the cluster, and TokenReviews fail. Go's verifier tries every root of the CA pool, so an expired certificate beside a valid root of the same bundle is only a warning; certificates of clusters and users the current context does not use are never read."),
    fix: prose!("Take the current CA from the remote cluster (`kubectl config view --raw --minify`) and regenerate the Secret."),
    source: sources!(&[
        Citation::go("src/crypto/x509/verify.go", "Certificate.Verify"),
        Citation::client_go("transport/transport.go", "rootCertPool"),
        Citation::client_go("tools/clientcmd/client_config.go", "DirectClientConfig.ClientConfig"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let now = context.settings.now;
    for (at, field, certificate) in context.certificates() {
        if certificate.not_after < now {
            let finding = sink.entry(
                at,
                field.line,
                format!(
                    "`{}` in `{}` expired {} ({})",
                    certificate.subject,
                    field.field,
                    relative(certificate.not_after, now),
                    certificate.not_after_text
                ),
            );
            context.weigh_validity(finding, at, field);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{certificate_pem, CertificateSpec, RemoteSecretSpec, DAY, NOW};

    #[test]
    fn fires_after_not_after() {
        let report = check_fires(
            "cert-expired",
            &with_ca(NOW - 400 * DAY, NOW - DAY),
            &["certificate-authority-data:"],
        );
        assert_eq!(first_verdict(&report), Verdict::Failing);
    }

    /// The healthy secret with a bundle of two CAs: an expired one and one valid at "now".
    fn with_bundle_of_expired_and_valid() -> String {
        let expired = certificate_pem(&CertificateSpec {
            not_before: NOW - 400 * DAY,
            not_after: NOW - DAY,
            ..CertificateSpec::cluster_ca(NOW)
        });
        let valid = certificate_pem(&CertificateSpec::cluster_ca(NOW));
        RemoteSecretSpec {
            ca_pem: format!("{expired}{valid}"),
            ..RemoteSecretSpec::healthy(NOW)
        }
        .istioctl_yaml()
    }

    #[test]
    fn an_expired_root_beside_a_valid_one_is_a_warning() {
        let input = with_bundle_of_expired_and_valid();
        let report = check_fires("cert-expired", &input, &["certificate-authority-data:"]);
        let finding = report.findings.iter().find(|f| f.id == "cert-expired").unwrap();
        assert_eq!(finding.severity, crate::finding::Severity::Warning);
        assert_eq!(first_verdict(&report), Verdict::AtRisk);
    }

    #[test]
    fn a_cluster_the_context_does_not_use_decides_nothing() {
        // A second cluster entry with an expired CA, not named by the current context.
        let expired = certificate_pem(&CertificateSpec {
            not_before: NOW - 400 * DAY,
            not_after: NOW - DAY,
            ..CertificateSpec::cluster_ca(NOW)
        });
        let input = healthy().replace(
            "    contexts:\n",
            &format!(
                "    - cluster:\n        certificate-authority-data: {}\n        server: https://10.0.0.9:6443\n      name: old\n    contexts:\n",
                crate::fixtures::base64(&expired)
            ),
        );
        let report = check_fires(
            "cert-expired",
            &input,
            &[line_of(&input, "server: https://10.0.0.9") - 1],
        );
        assert_eq!(first_verdict(&report), Verdict::Ok);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-expired", &healthy());
    }
}
