//! `cert-expires-soon`: a certificate expiring within the warning window.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::time_format::relative;

pub const CHECK: Check = Check {
    id: "cert-expires-soon",
    severity: Severity::Warning,
    summary: "A certificate expires within the warning window.",
    why: prose!("When it expires, istiod loses the remote cluster (`x509: certificate has expired`) and its proxies can no longer be authenticated."),
    fix: prose!("Plan the CA rotation now and regenerate the Secret with the new CA."),
    source: sources!(&[
        Citation::go("src/crypto/x509/verify.go", "Certificate.Verify"),
    ]),
    steps: &[3, 10],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let now = context.settings.now;
    let window = context.settings.warn_within_seconds;
    for (at, field, certificate) in context.certificates() {
        if certificate.not_after >= now && certificate.not_after - now <= window {
            let finding = sink.entry(
                at,
                field.line,
                format!(
                    "`{}` in `{}` expires {} ({})",
                    certificate.subject,
                    field.field,
                    relative(certificate.not_after, now),
                    certificate.not_after_text
                ),
            );
            if !context.field_in_use(at, field) {
                finding.milder(Severity::Info, Effect::None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{DAY, NOW};

    #[test]
    fn fires_within_the_window() {
        let input = with_ca(NOW - 300 * DAY, NOW + 10 * DAY);
        let report = check_fires("cert-expires-soon", &input, &["certificate-authority-data:"]);
        assert_eq!(first_verdict(&report), Verdict::AtRisk);
        let mut settings = settings();
        settings.warn_within_seconds = 5 * DAY;
        check_quiet_with("cert-expires-soon", &input, &settings);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-expires-soon", &healthy());
    }

    #[test]
    fn a_field_the_current_context_does_not_use_is_only_information() {
        let soon = crate::fixtures::certificate_pem(&crate::fixtures::CertificateSpec {
            not_before: NOW - 300 * DAY,
            not_after: NOW + 10 * DAY,
            ..crate::fixtures::CertificateSpec::cluster_ca(NOW)
        });
        let data = crate::fixtures::base64(&soon);
        let input = with_unused_cluster(&data);
        let report = check_fires("cert-expires-soon", &input, &[data.as_str()]);
        assert_eq!(
            finding_of(&report, "cert-expires-soon").severity,
            crate::finding::Severity::Info
        );
        assert_eq!(first_verdict(&report), Verdict::Ok);
    }
}
