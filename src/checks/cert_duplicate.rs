//! `cert-duplicate`: the same certificate twice in one field.

use std::collections::BTreeSet;

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::CertificateContent;

pub const CHECK: Check = Check {
    id: "cert-duplicate",
    severity: Severity::Info,
    summary: "The same certificate appears twice in a bundle.",
    why: prose!("Harmless to TLS, but a sign that bundles were concatenated by hand, where a needed CA may have been dropped instead."),
    fix: prose!("Keep one copy of each CA."),
    source: sources!(&[
        Citation::go("src/crypto/x509/cert_pool.go", "CertPool.AppendCertsFromPEM"),
    ]),
    steps: &[],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, field) in context.certificate_fields() {
        let CertificateContent::Blocks { blocks, .. } = &field.content else {
            continue;
        };
        let mut seen = BTreeSet::new();
        for block in blocks {
            if let Ok(certificate) = &block.result {
                if !seen.insert(&certificate.sha256_fingerprint) {
                    sink.entry(
                        at,
                        field.line,
                        format!(
                            "block {} of `{}` repeats `{}`",
                            block.position, field.field, certificate.subject
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{certificate_pem, CertificateSpec, RemoteSecretSpec, NOW};

    #[test]
    fn fires_on_a_repeated_ca() {
        let ca = certificate_pem(&CertificateSpec::cluster_ca(NOW));
        let input = RemoteSecretSpec {
            ca_pem: format!("{ca}{ca}"),
            ..RemoteSecretSpec::healthy(NOW)
        }
        .istioctl_yaml();
        check_fires("cert-duplicate", &input, &["certificate-authority-data:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-duplicate", &healthy());
    }
}
