//! `cert-weak-key`: a key too small to trust.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::KeyAlgorithm;

pub const CHECK: Check = Check {
    id: "cert-weak-key",
    severity: Severity::Warning,
    summary: "RSA under 2048 bits, or an elliptic curve under 256.",
    why: "Such keys can be broken or are refused by current TLS stacks; Go rejects RSA keys under 1024 bits outright.",
    fix: "Rotate the cluster CA to RSA 2048+ or ECDSA P-256+.",
    source: &[
        Citation::spec(
            "NIST SP 800-131A Rev. 2",
            "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final",
        ),
        Citation::go("src/crypto/rsa/rsa.go", "checkKeySize"),
    ],
    steps: &[],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, field, certificate) in context.certificates() {
        let Some(bits) = certificate.key_bits else { continue };
        let weak = match certificate.key_algorithm {
            KeyAlgorithm::Rsa => bits < 2048,
            KeyAlgorithm::Ec(_) => bits < 256,
            _ => false,
        };
        if weak {
            sink.entry(
                at,
                field.line,
                format!(
                    "`{}` has a weak {} key of {bits} bits",
                    certificate.subject, certificate.key_algorithm
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{rsa_certificate_pem, CertificateSpec, RemoteSecretSpec, NOW};

    #[test]
    fn fires_on_rsa_1024() {
        let ca_pem = rsa_certificate_pem(&CertificateSpec::cluster_ca(NOW), 1024);
        let input = RemoteSecretSpec {
            ca_pem,
            ..RemoteSecretSpec::healthy(NOW)
        }
        .istioctl_yaml();
        check_fires("cert-weak-key", &input, &["certificate-authority-data:"]);
        let strong = rsa_certificate_pem(&CertificateSpec::cluster_ca(NOW), 2048);
        check_quiet(
            "cert-weak-key",
            &RemoteSecretSpec {
                ca_pem: strong,
                ..RemoteSecretSpec::healthy(NOW)
            }
            .istioctl_yaml(),
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-weak-key", &healthy());
    }
}
