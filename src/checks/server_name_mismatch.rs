//! `server-name-mismatch`: the API server's certificate is not valid for the name client-go
//! asks for.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::trust::chain::ServerProblem;

pub const CHECK: Check = Check {
    id: "server-name-mismatch",
    severity: Severity::Error,
    summary: "The API server's certificate is not valid for the server's host or `tls-server-name`.",
    why: prose!("client-go checks the certificate's SANs against the host of `server` (or `tls-server-name`); Go ignores the Common Name. An address the certificate does not list (a load balancer's, a node's public IP) gives `x509: certificate is valid for ..., not ...`."),
    fix: prose!("Use an address the certificate lists in `server`, or set `tls-server-name` to one of its names (istioctl's `--tls-server-name`), or add the address to the API server's certificate SANs."),
    source: sources!(&[
        Citation::go("src/crypto/x509/verify.go", "Certificate.VerifyHostname"),
        Citation::go("src/crypto/x509/verify.go", "HostnameError.Error"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for server in context.servers {
        if let Err(problem @ ServerProblem::Name { .. }) = &server.outcome.result {
            sink.entry(
                server.at,
                server.line,
                format!(
                    "the certificate the server presents is not valid for `{}`: client-go answers `{}`",
                    server.outcome.host,
                    problem.go_error()
                ),
            );
        }
    }
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{server_certificate_pem, CertificateSpec, NOW};

    fn leaf_for(names: &[&str]) -> String {
        let leaf = CertificateSpec {
            common_name: "kube-apiserver".to_string(),
            key_seed: 21,
            ..CertificateSpec::cluster_ca(NOW)
        };
        server_certificate_pem(&leaf, &CertificateSpec::cluster_ca(NOW), names)
    }

    #[test]
    fn fires_on_an_address_the_certificate_does_not_list() {
        let report = check_fires_with_server(
            "server-name-mismatch",
            &healthy(),
            &leaf_for(&["10.96.0.1", "kubernetes.default.svc"]),
            &["server:"],
        );
        let message = message_of(&report, "server-name-mismatch");
        assert!(
            message.ends_with(
                "`tls: failed to verify certificate: x509: certificate is valid for 10.96.0.1, not 10.0.0.2`"
            ),
            "{message}"
        );
        let only_names = check_fires_with_server(
            "server-name-mismatch",
            &healthy(),
            &leaf_for(&["kubernetes"]),
            &["server:"],
        );
        assert!(message_of(&only_names, "server-name-mismatch")
            .contains("x509: cannot validate certificate for 10.0.0.2 because it doesn't contain any IP SANs"));
    }

    #[test]
    fn tls_server_name_is_the_name_checked() {
        let input = healthy_replacing_line(
            "server:",
            "        server: https://10.0.0.2:6443\n        tls-server-name: kubernetes.default.svc\n",
        );
        check_quiet_with_server(
            "server-name-mismatch",
            &input,
            &leaf_for(&["*.default.svc", "kubernetes.default.svc"]),
        );
        check_quiet_with_server("server-name-mismatch", &healthy(), &leaf_for(&["10.0.0.2"]));
    }
}
