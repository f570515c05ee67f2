//! `cert-expired`: a certificate past its `notAfter`.

use super::{Check, Context, Effect, Sink, Stage};
use crate::report::Severity;
use crate::time_format::relative;

pub const CHECK: Check = Check {
    id: "cert-expired",
    severity: Severity::Error,
    summary: "A certificate's `notAfter` is before now.",
    why: "TLS verification of the remote API server fails (`x509: certificate has expired or is not yet valid`): istiod cannot list or watch the cluster, and TokenReviews fail.",
    fix: "Take the current CA from the remote cluster (`kubectl config view --raw --minify`) and regenerate the Secret.",
    source: "Go crypto/x509 (Certificate.Verify: validity); client-go transport",
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let now = context.settings.now;
    for (secret_index, entry_index, field, certificate) in context.certificates() {
        if certificate.not_after < now {
            sink.entry(
                secret_index,
                entry_index,
                field.line,
                format!(
                    "`{}` in `{}` expired {} ({})",
                    certificate.subject,
                    field.field,
                    relative(certificate.not_after, now),
                    certificate.not_after_text
                ),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{certificate_pem, CertificateSpec, RemoteSecretSpec, DAY, NOW};

    /// The healthy secret with a CA valid between two instants.
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

    #[test]
    fn fires_after_not_after() {
        let report = check_fires("cert-expired", &with_ca(NOW - 400 * DAY, NOW - DAY), &[16]);
        assert_eq!(first_verdict(&report), crate::report::Verdict::Failing);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-expired", &healthy());
    }
}
