//! `secret-namespace-unset`: no namespace in the Secret.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "secret-namespace-unset",
    severity: Severity::Warning,
    summary: "The Secret has no namespace.",
    why: prose!("`kubectl apply` puts it in the current context's namespace, often `default`, where istiod never looks (istio/istio#49780)."),
    fix: prose!("Set `metadata.namespace: istio-system` (istiod's namespace), or apply with `-n istio-system`."),
    source: sources!(&[
        Citation::istio_issue(49780),
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "NewController"),
    ]),
    steps: &[2],
    effect: Effect::Risk,
    stage: Stage::Informer,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, secret) in context.real_secrets() {
        if secret.namespace.is_none() {
            sink.secret(
                secret_index,
                secret.metadata_line,
                format!(
                    "no namespace: `kubectl apply` will use the current context's, and istiod watches only `{}`",
                    context.settings.istio_namespace
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_without_namespace() {
        let input = healthy().replace("  namespace: istio-system\n", "");
        let report = check_fires("secret-namespace-unset", &input, &["metadata:"]);
        assert_eq!(first_verdict(&report), Verdict::AtRisk);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-namespace-unset", &healthy());
    }
}
