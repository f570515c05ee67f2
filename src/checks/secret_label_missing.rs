//! `secret-label-missing`: no `istio/multiCluster: "true"` label.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "secret-label-missing",
    severity: Severity::Error,
    summary: "The label `istio/multiCluster` is absent or not exactly `\"true\"`.",
    why: prose!("istiod's informer selects Secrets by the label `istio/multiCluster=true`; any other Secret is silently ignored, with no log line at all."),
    fix: prose!("Add the label: `kubectl label secret <name> -n istio-system istio/multiCluster=true`."),
    source: sources!(&[
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "MultiClusterSecretLabel"),
    ]),
    steps: &[2, 3],
    effect: Effect::Ignore,
    stage: Stage::Informer,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, secret) in context.real_secrets() {
        match &secret.multicluster_label {
            None => {
                sink.secret(
                    secret_index,
                    secret.metadata_line,
                    "no `istio/multiCluster: \"true\"` label: istiod will never see this Secret".to_string(),
                );
            }
            Some(label) if label.value != "true" => {
                sink.secret(
                    secret_index,
                    label.line,
                    format!(
                        "the label `istio/multiCluster` is `{}`, not `\"true\"`: istiod will never see this Secret",
                        label.value
                    ),
                );
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_when_absent_or_not_true() {
        let absent = healthy().replace("  labels:\n    istio/multiCluster: \"true\"\n", "");
        let report = check_fires("secret-label-missing", &absent, &["metadata:"]);
        assert_eq!(first_verdict(&report), Verdict::Ignored);
        let wrong = healthy().replace("istio/multiCluster: \"true\"", "istio/multiCluster: \"yes\"");
        check_fires("secret-label-missing", &wrong, &["istio/multiCluster:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-label-missing", &healthy());
    }
}
