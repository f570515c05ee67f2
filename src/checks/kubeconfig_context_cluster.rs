//! `kubeconfig-context-cluster`: a context naming a cluster that does not exist.

use super::istiod::quote;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-context-cluster",
    severity: Severity::Error,
    summary: "A context names a cluster that does not exist.",
    why: prose!("client-go's validation fails (`cluster \"X\" was not found for context \"Y\"`) and istiod rejects the kubeconfig."),
    fix: prose!("Make the context's `cluster` equal to the `name` of an entry of `clusters`."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateContext"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: cluster \"{name}\" was not found for context \"{context}\"",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for kube_context in &config.contexts {
            let context_name = quote(&kube_context.name);
            match &kube_context.cluster {
                None => {
                    sink.entry(
                        at,
                        kube_context.line,
                        format!("cluster was not specified for context `{}`", kube_context.name),
                    )
                    .validation(vec![format!("cluster was not specified for context {context_name}")]);
                }
                Some(cluster) if !config.clusters.iter().any(|c| c.name == cluster.value) => {
                    sink.entry(
                        at,
                        cluster.line,
                        format!(
                            "cluster `{}` was not found for context `{}`",
                            cluster.value, kube_context.name
                        ),
                    )
                    .validation(vec![format!(
                        "cluster {} was not found for context {context_name}",
                        quote(&cluster.value)
                    )]);
                }
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
        let report = check_fires(
            "kubeconfig-context-cluster",
            &input,
            &[line_of(&input, "cluster: nowhere")],
        );
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: cluster \"nowhere\" was not found for context \"cluster2\"")
        );
    }

    #[test]
    fn fires_on_a_context_without_cluster() {
        let input = healthy_replacing_line("        cluster: cluster2", "");
        let report = check_fires("kubeconfig-context-cluster", &input, &[line_of(&input, "- context:")]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-context-cluster", &healthy());
    }
}
