//! `auth-client-cert-key-mismatch`: a client certificate without its key, a key without its
//! certificate, or a certificate and key that are not a pair.

use super::istiod::client_build;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::KeyPair;

pub const CHECK: Check = Check {
    id: "auth-client-cert-key-mismatch",
    severity: Severity::Error,
    summary: "A client certificate without its key, or a certificate and key that are not a pair.",
    why: prose!("client-go's `Validate` refuses a client certificate without a key (`client-key-data or client-key must be specified for X to use the clientCert authentication method.`). With both, building the TLS configuration calls Go's `tls.X509KeyPair`, which fails when the key's public half is not the certificate's (`tls: private key does not match public key`) or when the key cannot be read; istiod rejects the cluster either way. A key without a certificate is ignored by client-go: nothing breaks, but the key is a secret that should not be there."),
    fix: prose!("Take `client-certificate-data` and `client-key-data` from the same kubeconfig user (`kubectl config view --raw --minify --flatten`), or better, use the reader service account's token and drop both."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateAuthInfo"),
        Citation::client_go("transport/transport.go", "TLSConfigFor"),
        Citation::go("src/crypto/tls/tls.go", "X509KeyPair"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: failed to create kube clients: tls: private key does not match public key",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        let current = config.current_user().map(|user| user.name.as_str());
        let over_tls = config.current_transport_is_tls();
        for user in &config.users {
            let name = &user.name;
            let has_certificate = user.client_certificate.is_some() || user.client_certificate_data.is_some();
            let has_key = user.client_key.is_some() || user.client_key_data_line.is_some();
            let certificate_line = user
                .client_certificate_data
                .as_ref()
                .map(|data| data.line)
                .or(user.client_certificate.as_ref().map(|file| file.line))
                .unwrap_or(user.line);
            if has_certificate && !has_key {
                sink.entry(at, certificate_line,
                    format!("user `{name}` has a client certificate but no `client-key-data`"),
                )
                .validation(vec![format!(
                    "client-key-data or client-key must be specified for {name} to use the clientCert authentication method."
                )]);
                continue;
            }
            if let (false, Some(key_line)) = (has_certificate, user.client_key_data_line) {
                sink.entry(
                    at,
                    key_line,
                    format!("user `{name}` has `client-key-data` but no client certificate: client-go ignores the key"),
                )
                .milder(Severity::Warning, Effect::None)
                .log = None;
                continue;
            }
            let problem = match &user.client_key_pair {
                Some(KeyPair::Mismatch) => "tls: private key does not match public key".to_string(),
                Some(KeyPair::Unreadable { reason }) => reason.clone(),
                _ => continue,
            };
            let finding = sink.entry(
                at,
                user.client_key_data_line.unwrap_or(certificate_line),
                format!("the client certificate and key of `{name}` are not a pair: {problem}"),
            );
            finding.stage = Stage::ClientBuild;
            // Only the current user's pair is loaded, and only over TLS.
            if current == Some(name.as_str()) && over_tls {
                finding.log(client_build(&problem));
            } else {
                finding.milder(Severity::Warning, Effect::None).log = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{base64, certificate_pem, fixture_secret_key, pem, CertificateSpec, NOW};
    use p256::pkcs8::EncodePrivateKey;

    /// The healthy secret whose user authenticates with a client certificate of key `cert_seed`
    /// and the key of `key_seed` (`None`: no key).
    fn with_client_pair(cert_seed: u8, key_seed: Option<u8>) -> String {
        let certificate = certificate_pem(&CertificateSpec {
            key_seed: cert_seed,
            is_ca: false,
            common_name: "istio-reader".to_string(),
            ..CertificateSpec::cluster_ca(NOW)
        });
        let mut lines = format!("        client-certificate-data: {}\n", base64(&certificate));
        if let Some(seed) = key_seed {
            let key = pem(
                "PRIVATE KEY",
                fixture_secret_key(seed).to_pkcs8_der().unwrap().as_bytes(),
            );
            lines.push_str(&format!("        client-key-data: {}\n", base64(&key)));
        }
        healthy_replacing_line("token:", &lines)
    }

    #[test]
    fn fires_on_a_pair_that_does_not_match() {
        let input = with_client_pair(7, Some(9));
        let report = check_fires(
            "auth-client-cert-key-mismatch",
            &input,
            &[line_of(&input, "client-key-data:")],
        );
        assert_eq!(first_verdict(&report), Verdict::Rejected);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: failed to create kube clients: tls: private key does not match public key")
        );
    }

    #[test]
    fn fires_on_a_certificate_without_key() {
        let input = with_client_pair(7, None);
        let report = check_fires(
            "auth-client-cert-key-mismatch",
            &input,
            &[line_of(&input, "client-certificate-data:")],
        );
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: client-key-data or client-key must be specified for cluster2 to use the clientCert authentication method.")
        );
    }

    #[test]
    fn a_key_without_certificate_is_only_a_warning() {
        let key = pem("PRIVATE KEY", fixture_secret_key(9).to_pkcs8_der().unwrap().as_bytes());
        let input = healthy().replace(
            "        token:",
            &format!("        client-key-data: {}\n        token:", base64(&key)),
        );
        let report = check_fires(
            "auth-client-cert-key-mismatch",
            &input,
            &[line_of(&input, "client-key-data:")],
        );
        let finding = report
            .findings
            .iter()
            .find(|f| f.id == "auth-client-cert-key-mismatch")
            .unwrap();
        assert_eq!(finding.severity, crate::finding::Severity::Warning);
        // private-key-present still says the key should go; the verdict is not this check's.
        assert_ne!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn quiet_on_a_matching_pair() {
        check_quiet("auth-client-cert-key-mismatch", &with_client_pair(7, Some(7)));
        check_quiet("auth-client-cert-key-mismatch", &healthy());
    }

    #[test]
    fn fires_on_a_key_that_does_not_read() {
        let certificate = certificate_pem(&CertificateSpec {
            key_seed: 7,
            is_ca: false,
            ..CertificateSpec::cluster_ca(NOW)
        });
        let garbage = pem("PRIVATE KEY", b"\x30\x03\x02\x01\x00");
        let lines = format!(
            "        client-certificate-data: {}\n        client-key-data: {}\n",
            base64(&certificate),
            base64(&garbage)
        );
        let input = healthy_replacing_line("token:", &lines);
        let report = check_fires("auth-client-cert-key-mismatch", &input, &["client-key-data:"]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
        assert!(message_of(&report, "auth-client-cert-key-mismatch").contains("are not a pair: "));
    }

    #[test]
    fn a_pair_that_is_never_loaded_is_only_a_warning() {
        // Over plain HTTP, client-go loads no client certificate at all.
        let input = with_client_pair(7, Some(9)).replace("server: https://", "server: http://");
        let report = check_fires("auth-client-cert-key-mismatch", &input, &["client-key-data:"]);
        let finding = finding_of(&report, "auth-client-cert-key-mismatch");
        assert_eq!(finding.severity, crate::finding::Severity::Warning);
        assert_eq!(finding.log, None);
    }
}
