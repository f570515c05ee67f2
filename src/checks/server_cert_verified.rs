//! `server-cert-verified`: what the API server presents verifies, as client-go will verify it.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "server-cert-verified",
    severity: Severity::Info,
    summary: "The API server's certificate verifies against the entry's CA, for the right name.",
    why: prose!("client-go will accept this server: the leaf is valid now, lists the name client-go asks for, and chains to the entry's `certificate-authority-data`."),
    fix: prose!("Nothing to do."),
    source: sources!(&[Citation::go("src/crypto/x509/verify.go", "Certificate.Verify")]),
    steps: &[3],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for server in context.servers {
        if let Ok(chain) = &server.outcome.result {
            sink.entry(
                server.at,
                server.line,
                format!(
                    "the certificate the server presents verifies for `{}`: {}",
                    server.outcome.host,
                    chain
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(" ← ")
                ),
            );
        }
    }
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{server_certificate_pem, CertificateSpec, NOW};

    #[test]
    fn fires_on_a_chain_that_verifies() {
        let leaf = CertificateSpec {
            common_name: "kube-apiserver".to_string(),
            key_seed: 21,
            ..CertificateSpec::cluster_ca(NOW)
        };
        let presented = server_certificate_pem(&leaf, &CertificateSpec::cluster_ca(NOW), &["10.0.0.2"]);
        // As `openssl s_client -showcerts` prints it: chatter around the PEM.
        let output = format!("CONNECTED(00000003)\n---\nCertificate chain\n 0 s:CN = kube-apiserver\n{presented}---\n");
        let report = check_fires_with_server("server-cert-verified", &healthy(), &output, &["server:"]);
        assert_eq!(
            message_of(&report, "server-cert-verified"),
            "the certificate the server presents verifies for `10.0.0.2`: `kube-apiserver` ← `kubernetes`"
        );
        assert_eq!(first_verdict(&report), Verdict::Ok);
    }

    #[test]
    fn quiet_without_what_the_server_presents() {
        check_quiet("server-cert-verified", &healthy());
    }
}
