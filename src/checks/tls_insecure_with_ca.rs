//! `tls-insecure-with-ca`: the insecure flag together with a CA.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "tls-insecure-with-ca",
    severity: Severity::Error,
    summary: "`insecure-skip-tls-verify` is set together with CA data or a CA file.",
    why: prose!("client-go cannot build the client (`specifying a root certificates file with the insecure flag is not allowed`): istiod rejects the cluster."),
    fix: prose!("Remove `insecure-skip-tls-verify` and keep the CA (recommended), or remove the CA."),
    source: sources!(&[
        Citation::client_go("transport/transport.go", "TLSConfigFor"),
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "DefaultBuildClientsFromConfig"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::ClientBuild,
    istiod_log: "Add cluster: create remote cluster failed: failed to create kube clients: specifying a root certificates file with the insecure flag is not allowed",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        let Some(cluster) = config.current_cluster() else {
            continue;
        };
        let Some(insecure) = cluster.insecure_skip_tls_verify.as_ref().filter(|flag| flag.value) else {
            continue;
        };
        // The TLS settings reach the transport only over https (client-go's `ClientConfig`); over
        // http `server-not-https` says what goes wrong instead.
        let over_tls = config.current_transport_is_tls();
        if over_tls && (cluster.certificate_authority_data.is_some() || cluster.certificate_authority.is_some()) {
            sink.entry(
                at,
                insecure.line,
                "specifying a root certificates file with the insecure flag is not allowed".to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_with_ca_data() {
        let input = healthy().replace(
            "        server:",
            "        insecure-skip-tls-verify: true\n        server:",
        );
        let report = check_fires("tls-insecure-with-ca", &input, &["insecure-skip-tls-verify:"]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("tls-insecure-with-ca", &healthy());
    }
}
