//! `kubeconfig-context-namespace-invalid`: a context `namespace` that is not a DNS-1123 label.

use super::istiod::quote;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::k8s_names::is_dns1123_label;

pub const CHECK: Check = Check {
    id: "kubeconfig-context-namespace-invalid",
    severity: Severity::Error,
    summary: "A context's `namespace` is not a DNS-1123 label.",
    why: prose!("client-go's `Validate` checks every context's namespace (`namespace \"X\" for context \"Y\" does not conform to the kubernetes DNS_LABEL rules`), and istiod rejects the kubeconfig, although it never uses that namespace."),
    fix: prose!("Remove `namespace` from the context (istiod does not read it), or make it lower case: letters, digits and `-`, at most 63 characters."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateContext"),
        Citation::apimachinery("pkg/util/validation/validation.go", "IsDNS1123Label"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: namespace \"{namespace}\" for context \"{context}\" does not conform to the kubernetes DNS_LABEL rules",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for kube_context in &config.contexts {
            let Some(namespace) = &kube_context.namespace else {
                continue;
            };
            if is_dns1123_label(&namespace.value) {
                continue;
            }
            sink.entry(
                at,
                namespace.line,
                format!(
                    "the namespace `{}` of context `{}` is not a DNS-1123 label",
                    namespace.value, kube_context.name
                ),
            )
            .validation(vec![format!(
                "namespace {} for context {} does not conform to the kubernetes DNS_LABEL rules",
                quote(&namespace.value),
                quote(&kube_context.name)
            )]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_uppercase() {
        let input = healthy().replace(
            "        user: cluster2\n",
            "        user: cluster2\n        namespace: Istio_System\n",
        );
        let report = check_fires(
            "kubeconfig-context-namespace-invalid",
            &input,
            &[line_of(&input, "namespace: Istio_System")],
        );
        assert_eq!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn quiet_on_a_valid_namespace() {
        let input = healthy().replace(
            "        user: cluster2\n",
            "        user: cluster2\n        namespace: istio-system\n",
        );
        check_quiet("kubeconfig-context-namespace-invalid", &input);
        check_quiet("kubeconfig-context-namespace-invalid", &healthy());
    }
}
