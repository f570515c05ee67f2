//! `cert-data-not-pem`: decoded bytes without a certificate.

use super::{Check, Context, Effect, Sink, Stage};
use crate::model::CertificateContent;
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "cert-data-not-pem",
    severity: Severity::Error,
    summary: "The decoded `*-data` field holds no certificate (neither PEM nor DER).",
    why: "client-go cannot build the TLS configuration (`unable to load root certificates: unable to parse bytes as PEM block`): istiod rejects the cluster.",
    fix: "The field must be the base64 of a PEM file (`-----BEGIN CERTIFICATE-----`); take it from `kubectl config view --raw --minify`.",
    source: "client-go transport/transport.go (rootCertPool)",
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::ClientBuild,
    istiod_log: "Add cluster: create remote cluster failed: unable to load root certificates: unable to parse bytes as PEM block",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, field) in context.certificate_fields() {
        if let CertificateContent::NoCertificate { bytes } = &field.content {
            sink.entry(
                secret_index,
                entry_index,
                field.line,
                format!("`{}` decodes to {bytes} bytes that hold no certificate", field.field),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::base64;

    #[test]
    fn fires_on_non_certificates() {
        let healthy = healthy();
        let start = healthy.find("certificate-authority-data: ").unwrap() + "certificate-authority-data: ".len();
        let end = start + healthy[start..].find('\n').unwrap();
        let input = format!(
            "{}{}{}",
            &healthy[..start],
            base64("hello, not a certificate"),
            &healthy[end..]
        );
        check_fires("cert-data-not-pem", &input, &[16]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-data-not-pem", &healthy());
    }
}
