//! `cert-weak-key`: a key too small to trust.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::KeyAlgorithm;

pub const CHECK: Check = Check {
    id: "cert-weak-key",
    severity: Severity::Warning,
    summary: "RSA under 2048 bits, or an elliptic curve under 256.",
    why: prose!(
        "Such keys can be broken or are refused by current TLS stacks; Go rejects RSA keys under 1024 bits outright."
    ),
    fix: prose!("Rotate the cluster CA to RSA 2048+ or ECDSA P-256+."),
    source: sources!(&[
        Citation::spec(
            "NIST SP 800-131A Rev. 2",
            "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final",
        ),
        Citation::go("src/crypto/rsa/rsa.go", "checkKeySize"),
    ]),
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
    use crate::report::inspect;

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

    /// An Ed25519 public key that signs nothing (zeros): only the certificate's encoding matters.
    struct UnsigningEd25519;

    impl rcgen::PublicKeyData for UnsigningEd25519 {
        fn der_bytes(&self) -> &[u8] {
            &[9; 32]
        }

        fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
            &rcgen::PKCS_ED25519
        }
    }

    impl rcgen::SigningKey for UnsigningEd25519 {
        fn sign(&self, _: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
            Ok(vec![0; 64])
        }
    }

    #[test]
    fn quiet_on_an_ed25519_key() {
        let mut params = rcgen::CertificateParams::default();
        params.distinguished_name.push(rcgen::DnType::CommonName, "ed25519 ca");
        params.serial_number = Some(rcgen::SerialNumber::from_slice(&[0x31, 1]));
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca_pem = params.self_signed(&UnsigningEd25519).unwrap().pem();
        let input = RemoteSecretSpec {
            ca_pem,
            ..RemoteSecretSpec::healthy(NOW)
        }
        .istioctl_yaml();
        let report = inspect(&input, &settings());
        let certificate = report.model.secrets[0].entries[0].kubeconfig.as_ref().unwrap().clusters[0]
            .certificate_authority_data
            .as_ref()
            .unwrap()
            .certificates()
            .next()
            .map(|certificate| certificate.key_algorithm.to_string());
        assert_eq!(certificate.as_deref(), Some("Ed25519"));
        check_quiet("cert-weak-key", &input);
    }
}
