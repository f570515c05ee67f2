//! `tls-ca-missing`: no CA and not insecure.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "tls-ca-missing",
    severity: Severity::Warning,
    summary: "No CA is given and TLS verification is on.",
    why: prose!("client-go falls back to the system roots of istiod's image: a private API server (almost all of them) fails with `x509: certificate signed by unknown authority`."),
    fix: prose!("Add the remote API server's CA as `certificate-authority-data` (`kubectl config view --raw --minify` shows it)."),
    source: sources!(&[
        Citation::client_go("transport/transport.go", "TLSConfigFor"),
    ]),
    steps: &[3, 10],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        let Some(cluster) = config.current_cluster() else {
            continue;
        };
        let insecure = cluster.insecure_skip_tls_verify.as_ref().is_some_and(|flag| flag.value);
        if !insecure && cluster.certificate_authority_data.is_none() && cluster.certificate_authority.is_none() {
            sink.entry(
                at,
                cluster.server.as_ref().map_or(cluster.line, |server| server.line),
                format!(
                    "no CA for `{}`: only publicly trusted API servers will verify",
                    cluster.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_without_ca() {
        let input = healthy_replacing_line("certificate-authority-data", "");
        check_fires("tls-ca-missing", &input, &["server:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("tls-ca-missing", &healthy());
    }
}
