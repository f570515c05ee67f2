//! `kubeconfig-server-missing`: a cluster without a server.

use super::istiod::quote;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-server-missing",
    severity: Severity::Error,
    summary: "A cluster has no `server`.",
    why: prose!("client-go's validation fails (`no server found for cluster`): istiod has no address for the remote API server and rejects the kubeconfig."),
    fix: prose!("Set `server: https://<remote API server>:<port>`, reachable from istiod's pod (`istioctl create-remote-secret --server`)."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateClusterInfo"),
    ]),
    steps: &[3, 10],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: no server found for cluster \"{name}\"",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for cluster in &config.clusters {
            if cluster
                .server
                .as_ref()
                .is_none_or(|server| server.value.trim().is_empty())
            {
                sink.entry(
                    at,
                    cluster.server.as_ref().map_or(cluster.line, |server| server.line),
                    format!("no server found for cluster `{}`", cluster.name),
                )
                .validation(vec![if cluster.name.is_empty() {
                    "default cluster has no server defined".to_string()
                } else {
                    format!("no server found for cluster {}", quote(&cluster.name))
                }]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_without_server() {
        let input = healthy().replace("        server: https://10.0.0.2:6443\n", "");
        check_fires("kubeconfig-server-missing", &input, &["- cluster:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-server-missing", &healthy());
    }

    #[test]
    fn a_cluster_without_a_name_is_the_default_cluster() {
        let input = healthy()
            .replace("        server: https://10.0.0.2:6443\n", "")
            .replace("      name: cluster2\n    contexts:", "      name: \"\"\n    contexts:");
        let report = check_fires("kubeconfig-server-missing", &input, &["- cluster:"]);
        assert_eq!(
            finding_of(&report, "kubeconfig-server-missing").validation_errors,
            ["default cluster has no server defined"]
        );
    }
}
