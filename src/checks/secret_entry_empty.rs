//! `secret-entry-empty`: a data key with an empty value.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::EntryValue;

pub const CHECK: Check = Check {
    id: "secret-entry-empty",
    severity: Severity::Error,
    summary: "A data key has an empty value.",
    why: prose!("istiod refuses the cluster: `kubeconfig is empty`."),
    fix: prose!("Put the cluster's kubeconfig under the key, or remove the key."),
    source: sources!(&[Citation::istio("pkg/kube/util.go", "NewUntrustedRestConfig")]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Load,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is empty",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, _, entry) in context.entries() {
        if entry.value == EntryValue::Empty {
            sink.entry(
                at,
                entry.line,
                format!(
                    "the value of `{}` is empty: istiod logs `kubeconfig is empty`",
                    entry.cluster_id
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_an_empty_value() {
        let input = "apiVersion: v1\nkind: Secret\nmetadata:\n  labels:\n    istio/multiCluster: \"true\"\n  name: istio-remote-secret-c2\n  namespace: istio-system\nstringData:\n  c2: \"\"\n";
        let report = check_fires("secret-entry-empty", input, &["c2:"]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-entry-empty", &healthy());
    }
}
