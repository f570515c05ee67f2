//! `cert-not-yet-valid`: a certificate before its `notBefore`.

use super::{Check, Context, Effect, Sink, Stage};
use crate::report::Severity;
use crate::time_format::relative;

pub const CHECK: Check = Check {
    id: "cert-not-yet-valid",
    severity: Severity::Error,
    summary: "A certificate's `notBefore` is after now.",
    why: "TLS verification fails until then (`x509: certificate has expired or is not yet valid`); often a clock skew between the machine that made the CA and the clusters.",
    fix: "Check the clocks (NTP) of the nodes and of the CA's host; or wait until the certificate becomes valid.",
    source: "Go crypto/x509 (Certificate.Verify: validity)",
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let now = context.settings.now;
    for (secret_index, entry_index, field, certificate) in context.certificates() {
        if certificate.not_before > now {
            sink.entry(
                secret_index,
                entry_index,
                field.line,
                format!(
                    "`{}` in `{}` becomes valid only {} ({})",
                    certificate.subject,
                    field.field,
                    relative(certificate.not_before, now),
                    certificate.not_before_text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::cert_expired::tests::with_ca;
    use crate::checks::testing::*;
    use crate::fixtures::{DAY, NOW};

    #[test]
    fn fires_before_not_before() {
        check_fires("cert-not-yet-valid", &with_ca(NOW + DAY, NOW + 400 * DAY), &[16]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-not-yet-valid", &healthy());
    }
}
