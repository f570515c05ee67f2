//! `cert-weak-signature`: MD5 or SHA-1 signatures.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "cert-weak-signature",
    severity: Severity::Warning,
    summary: "The certificate is signed with MD5 or SHA-1.",
    why: prose!("Go refuses SHA-1 signatures in chains since 1.18 (`x509: certificate signed by unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm SHA1-RSA\")`), so such a chain fails in istiod."),
    fix: prose!("Reissue the certificate with SHA-256 or better."),
    source: sources!(&[
        Citation::go("src/crypto/x509/x509.go", "insecureAlgorithmError"),
    ]),
    steps: &[],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, field, certificate) in context.certificates() {
        if let Some(hash) = certificate
            .signature_hash
            .as_deref()
            .filter(|hash| matches!(*hash, "md2" | "md5" | "sha1"))
        {
            sink.entry(
                at,
                field.line,
                format!(
                    "`{}` is signed with {} ({hash})",
                    certificate.subject, certificate.signature_algorithm
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{sha1_certificate_pem, CertificateSpec, RemoteSecretSpec, NOW};

    #[test]
    fn fires_on_sha1() {
        let ca_pem = sha1_certificate_pem(&CertificateSpec::cluster_ca(NOW));
        let input = RemoteSecretSpec {
            ca_pem,
            ..RemoteSecretSpec::healthy(NOW)
        }
        .istioctl_yaml();
        check_fires("cert-weak-signature", &input, &["certificate-authority-data:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-weak-signature", &healthy());
    }
}
