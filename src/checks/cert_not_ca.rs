//! `cert-not-ca`: a certificate in a CA bundle that is not a CA.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "cert-not-ca",
    severity: Severity::Warning,
    summary: "A certificate in `certificate-authority-data` is not a CA.",
    why: prose!("Often the API server's own (leaf) certificate was pasted instead of its CA: it verifies only until the server's certificate is renewed, then fails with `unknown authority`."),
    fix: prose!("Use the CA that signed the API server's certificate (the cluster CA, `CN=kubernetes` on most distributions)."),
    source: sources!(&[
        Citation::spec("RFC 5280, 4.2.1.9 Basic Constraints", "https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9"),
        Citation::go("src/crypto/x509/verify.go", "Certificate.Verify"),
    ]),
    steps: &[3, 10],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, field, certificate) in context.certificates() {
        if field.field == "certificate-authority-data" && certificate.is_ca != Some(true) {
            let why = match certificate.is_ca {
                Some(false) => "its basic constraints say CA:FALSE",
                _ => "it has no basic constraints",
            };
            sink.entry(
                at,
                field.line,
                format!(
                    "`{}` is not a CA ({why}): is it the server's own certificate?",
                    certificate.subject
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{certificate_pem, CertificateSpec, RemoteSecretSpec, NOW};

    #[test]
    fn fires_on_a_leaf() {
        let ca_pem = certificate_pem(&CertificateSpec {
            is_ca: false,
            ..CertificateSpec::cluster_ca(NOW)
        });
        let input = RemoteSecretSpec {
            ca_pem,
            ..RemoteSecretSpec::healthy(NOW)
        }
        .istioctl_yaml();
        check_fires("cert-not-ca", &input, &["certificate-authority-data:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-not-ca", &healthy());
    }

    #[test]
    fn fires_on_a_certificate_without_basic_constraints() {
        use crate::fixtures::FixtureKey;
        let mut params = rcgen::CertificateParams::default();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "no constraints");
        params.serial_number = Some(rcgen::SerialNumber::from_slice(&[0x30, 1]));
        let ca_pem = params.self_signed(&FixtureKey::from_seed(40)).unwrap().pem();
        let input = RemoteSecretSpec {
            ca_pem,
            ..RemoteSecretSpec::healthy(NOW)
        }
        .istioctl_yaml();
        let report = check_fires("cert-not-ca", &input, &["certificate-authority-data:"]);
        assert!(message_of(&report, "cert-not-ca").contains("(it has no basic constraints)"));
    }
}
