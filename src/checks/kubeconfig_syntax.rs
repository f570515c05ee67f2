//! `kubeconfig-syntax`: the value is not a kubeconfig.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-syntax",
    severity: Severity::Error,
    summary: "The value is not a kubeconfig.",
    why: prose!("istiod cannot load it (`kubeconfig cannot be loaded`) and does not add the cluster; it does not retry until the Secret changes."),
    fix: prose!("Put a whole kubeconfig under the key, as `istioctl create-remote-secret` writes it; under `stringData` keep the `|` block and its indentation."),
    source: sources!(&[
        Citation::istio("pkg/kube/util.go", "NewUntrustedRestConfig"),
        Citation::client_go("tools/clientcmd/loader.go", "Load"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Load,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig cannot be loaded",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, _, entry) in context.entries() {
        if let Some(error) = &entry.kubeconfig_error {
            sink.entry(at, error.line, format!("kubeconfig cannot be loaded: {}", error.value));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_broken_kubeconfig_with_the_inner_line() {
        let input = healthy().replace("    current-context: cluster2", "    current-context: [cluster2");
        let report = check_fires("kubeconfig-syntax", &input, &["kind: Config"]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
        check_fires(
            "kubeconfig-syntax",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\nstringData:\n  c2: just words\n",
            &["c2:"],
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-syntax", &healthy());
    }
}
