//! `cert-data-not-pem`: decoded bytes without a certificate.

use super::istiod::client_build;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::{CertificateContent, CertificateData};

pub const CHECK: Check = Check {
    id: "cert-data-not-pem",
    severity: Severity::Error,
    summary: "The decoded `*-data` field holds no PEM certificate (DER bytes, or no certificate at all).",
    why: prose!("client-go reads PEM only: the CA pool is filled by `AppendCertsFromPEM` and the client pair by `tls.X509KeyPair`. Bytes without a PEM `CERTIFICATE` block, a bare DER certificate included, fail when istiod builds the client (`unable to load root certificates: unable to parse bytes as PEM block`), and istiod rejects the cluster."),
    fix: prose!("The field must be the base64 of a PEM file (`-----BEGIN CERTIFICATE-----`); take it from `kubectl config view --raw --minify --flatten`. For a DER certificate the message gives the value to put instead (`openssl x509 -inform der -in ca.der | base64 -w0` does the same)."),
    source: sources!(&[
        Citation::client_go("transport/transport.go", "rootCertPool"),
        Citation::go("src/crypto/x509/cert_pool.go", "CertPool.AppendCertsFromPEM"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::ClientBuild,
    istiod_log: "Add cluster: create remote cluster failed: failed to create kube clients: unable to load root certificates: unable to parse bytes as PEM block",
    run,
};

/// What client-go answers for a field without PEM: the CA pool's error, or `tls.X509KeyPair`'s
/// for a client certificate.
fn client_go_error(field: &CertificateData) -> &'static str {
    if field.field == "certificate-authority-data" {
        "unable to load root certificates: unable to parse bytes as PEM block"
    } else {
        "tls: failed to find any PEM data in certificate input"
    }
}

fn run(context: &Context, sink: &mut Sink) {
    for (at, field) in context.certificate_fields() {
        let message = match &field.content {
            CertificateContent::NoCertificate { bytes } => {
                format!("`{}` decodes to {bytes} bytes that hold no certificate", field.field)
            }
            CertificateContent::Blocks { der: true, .. } => match field.certificates().next() {
                Some(certificate) => format!(
                    "`{}` holds a DER certificate (`{}`), not PEM: client-go reads PEM only; its PEM form, base64-encoded for the field: `{}`",
                    field.field,
                    certificate.subject,
                    base64_of_pem(&certificate.der)
                ),
                None => format!(
                    "`{}` holds DER bytes, not PEM: client-go reads PEM only",
                    field.field
                ),
            },
            _ => continue,
        };
        let finding = sink.entry(at, field.line, message);
        if context.field_in_use(at, field) {
            finding.log(client_build(client_go_error(field)));
        } else {
            finding.milder(Severity::Warning, Effect::None);
            finding.log = None;
            finding.message.push_str(" (not used by the current context)");
        }
    }
}

/// The base64 of a certificate's PEM form: what the `*-data` field should hold.
fn base64_of_pem(der: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(crate::decode::certificate::pem("CERTIFICATE", der))
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
        let report = check_fires("cert-data-not-pem", &input, &["certificate-authority-data:"]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: failed to create kube clients: unable to load root certificates: unable to parse bytes as PEM block")
        );
    }

    #[test]
    fn fires_on_der_and_gives_the_pem_form() {
        use base64::Engine;
        let spec = crate::fixtures::RemoteSecretSpec::healthy(crate::fixtures::NOW);
        let pem_body: String = spec.ca_pem.lines().filter(|line| !line.starts_with("-----")).collect();
        let der = base64::engine::general_purpose::STANDARD.decode(pem_body).unwrap();
        let der_field = base64::engine::general_purpose::STANDARD.encode(&der);
        let healthy = healthy();
        let pem_field = base64(&spec.ca_pem);
        let input = healthy.replace(&pem_field, &der_field);
        let report = check_fires("cert-data-not-pem", &input, &["certificate-authority-data:"]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
        let finding = report.findings.iter().find(|f| f.id == "cert-data-not-pem").unwrap();
        assert!(finding.message.contains("DER certificate"), "{}", finding.message);
        // The PEM form it gives is the value istioctl writes.
        assert!(finding.message.contains(&pem_field), "{}", finding.message);
        // The DER certificate is still decoded, so its own findings show too.
        assert!(
            report.model.secrets[0].entries[0].kubeconfig.as_ref().unwrap().clusters[0]
                .certificate_authority_data
                .as_ref()
                .unwrap()
                .certificates()
                .next()
                .is_some()
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-data-not-pem", &healthy());
    }

    #[test]
    fn a_field_the_current_context_does_not_use_is_only_a_warning() {
        let data = base64("hello, not a certificate");
        let input = with_unused_cluster(&data);
        let report = check_fires("cert-data-not-pem", &input, &[data.as_str()]);
        let finding = finding_of(&report, "cert-data-not-pem");
        assert_eq!(finding.severity, crate::finding::Severity::Warning);
        assert_eq!(finding.log, None);
        assert!(
            finding.message.ends_with("(not used by the current context)"),
            "{}",
            finding.message
        );
        assert_eq!(first_verdict(&report), Verdict::Ok);
    }

    #[test]
    fn der_bytes_that_are_no_certificate_are_named_as_der() {
        use base64::Engine;
        let data = base64::engine::general_purpose::STANDARD.encode([0x30, 0x03, 0x02, 0x01, 0x00]);
        let input = with_unused_cluster(&data);
        let report = check_fires("cert-data-not-pem", &input, &[data.as_str()]);
        assert!(message_of(&report, "cert-data-not-pem")
            .starts_with("`certificate-authority-data` holds DER bytes, not PEM"));
    }

    #[test]
    fn a_client_certificate_without_pem_fails_as_tls_says() {
        let data = base64("hello, not a certificate");
        let input = healthy_replacing_line(
            "token:",
            &format!(
                "        client-certificate-data: {data}\n        client-key-data: {}\n",
                base64("key")
            ),
        );
        let report = check_fires("cert-data-not-pem", &input, &["client-certificate-data:"]);
        assert_eq!(
            finding_of(&report, "cert-data-not-pem").log.as_deref(),
            Some("Add cluster: create remote cluster failed: failed to create kube clients: tls: failed to find any PEM data in certificate input")
        );
    }
}
