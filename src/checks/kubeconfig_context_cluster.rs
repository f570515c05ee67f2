//! `kubeconfig-context-cluster`: a context naming a cluster that does not exist.

use super::{Check, Context, Effect, Sink};
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-context-cluster",
    severity: Severity::Error,
    summary: "A context names a cluster that does not exist.",
    why: "client-go's validation fails (`cluster \"X\" was not found for context \"Y\"`) and istiod rejects the kubeconfig.",
    fix: "Make the context's `cluster` equal to the `name` of an entry of `clusters`.",
    source: "client-go tools/clientcmd/validation.go (validateContext)",
    steps: &[3],
    effect: Effect::Reject,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, config) in context.kubeconfigs() {
        for kube_context in &config.contexts {
            match &kube_context.cluster {
                None => sink.entry(
                    secret_index,
                    entry_index,
                    kube_context.line,
                    format!("cluster was not specified for context `{}`", kube_context.name),
                ),
                Some(cluster) if !config.clusters.iter().any(|c| c.name == cluster.value) => sink.entry(
                    secret_index,
                    entry_index,
                    cluster.line,
                    format!(
                        "cluster `{}` was not found for context `{}`",
                        cluster.value, kube_context.name
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_dangling_cluster() {
        let input = healthy().replace("        cluster: cluster2", "        cluster: nowhere");
        check_fires("kubeconfig-context-cluster", &input, &[21]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-context-cluster", &healthy());
    }
}
