//! `cert-not-yet-valid`: a certificate before its `notBefore`.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::time_format::relative;

pub const CHECK: Check = Check {
    id: "cert-not-yet-valid",
    severity: Severity::Error,
    summary: "A certificate's `notBefore` is after now.",
    why: prose!("TLS verification of the remote API server fails (`x509: certificate has expired or is not yet valid`) until `notBefore`; often a clock out of step or a CA minted in another time zone. As for expiry, a bundle that also holds a root valid now still verifies, and certificates the current context does not use are never read."),
    fix: prose!("Check the clocks (NTP) of the nodes and of the CA's host; or wait until the certificate becomes valid."),
    source: sources!(&[
        Citation::go("src/crypto/x509/verify.go", "Certificate.Verify"),
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
        if certificate.not_before > now {
            let finding = sink.entry(
                at,
                field.line,
                format!(
                    "`{}` in `{}` becomes valid only {} ({})",
                    certificate.subject,
                    field.field,
                    relative(certificate.not_before, now),
                    certificate.not_before_text
                ),
            );
            context.weigh_validity(finding, at, field);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{DAY, NOW};

    #[test]
    fn fires_before_not_before() {
        let report = check_fires(
            "cert-not-yet-valid",
            &with_ca(NOW + DAY, NOW + 400 * DAY),
            &["certificate-authority-data:"],
        );
        assert_eq!(first_verdict(&report), Verdict::Failing);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-not-yet-valid", &healthy());
    }
}
