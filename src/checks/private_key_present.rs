//! `private-key-present`: a private key in the input.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "private-key-present",
    severity: Severity::Warning,
    summary: "The input holds a private key.",
    why: prose!("A remote secret needs no private key: istiod authenticates with the reader token. A key in it is one more secret that leaks with every copy of the Secret."),
    fix: prose!("Remove the `client-key-data` (and `client-certificate-data`) fields or the PEM `PRIVATE KEY` block, and use the reader token (`istioctl create-remote-secret` does)."),
    source: sources!(&[
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "createRemoteSecretFromTokenAndServer"),
    ]),
    steps: &[],
    effect: Effect::Risk,
    stage: Stage::Input,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let mut reported = Vec::new();
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            if let Some(line) = user.client_key_data_line {
                reported.push(line);
                sink.entry(
                    at,
                    line,
                    format!("user `{}` holds a private key in `client-key-data`", user.name),
                );
            }
        }
    }
    for line in &context.model.private_key_lines {
        if !reported.contains(line) {
            sink.input(Some(*line), "a PEM private key block is in the input".to_string());
        }
    }
    // A cluster's `ca-key.pem`, given with its CA files: noted, never read.
    for cluster in context.mesh.iter().flat_map(|mesh| &mesh.clusters) {
        for place in &cluster.private_keys {
            sink.input(
                None,
                format!("{place} holds a private key (the CA's `ca-key.pem`): it was not read; give only certificates"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_client_key_data_and_pem_keys() {
        let input = healthy().replace("        token: ", "        client-key-data: QUJD\n        token: ");
        check_fires("private-key-present", &input, &[line_of(&input, "client-key-data")]);
        check_fires(
            "private-key-present",
            "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
            &["-----BEGIN EC PRIVATE KEY-----"],
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("private-key-present", &healthy());
    }

    #[test]
    fn a_key_in_client_key_data_as_pem_is_reported_once() {
        let input = healthy().replace(
            "        token: ",
            "        client-key-data: -----BEGIN EC PRIVATE KEY----- AAAA -----END EC PRIVATE KEY-----\n        token: ",
        );
        check_fires("private-key-present", &input, &["client-key-data:"]);
    }

    #[cfg(feature = "verify")]
    #[test]
    fn a_ca_key_given_with_the_mesh_files_is_noted_unread() {
        use crate::fixtures::{certificate_pem, pem, CertificateSpec, NOW};
        let root = (
            "root-cert.pem".to_string(),
            certificate_pem(&CertificateSpec::named_ca("root", 40, NOW)),
        );
        let key = ("ca-key.pem".to_string(), pem("EC PRIVATE KEY", b"\x30\x00"));
        let evidence = crate::trust::Evidence::with_keys("").with_mesh(&[root.clone(), key], &[root]);
        let report = check_fires_with_evidence("private-key-present", "", &evidence, &[0]);
        let message = message_of(&report, "private-key-present");
        assert!(message.starts_with("ca-key.pem"), "{message}");
        assert!(
            message.ends_with("it was not read; give only certificates"),
            "{message}"
        );
    }
}
