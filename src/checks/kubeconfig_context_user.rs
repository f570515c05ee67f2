//! `kubeconfig-context-user`: a context naming a user that does not exist.

use super::istiod::quote;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-context-user",
    severity: Severity::Error,
    summary: "A context names a user that does not exist.",
    why:
        prose!("client-go's validation fails (`user \"X\" was not found for context \"Y\"`) and istiod rejects the kubeconfig."),
    fix: prose!("Make the context's `user` equal to the `name` of an entry of `users`."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateContext"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: user \"{name}\" was not found for context \"{context}\"",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for kube_context in &config.contexts {
            let context_name = quote(&kube_context.name);
            match &kube_context.user {
                None => {
                    sink.entry(
                        at,
                        kube_context.line,
                        format!("user was not specified for context `{}`", kube_context.name),
                    )
                    .validation(vec![format!("user was not specified for context {context_name}")]);
                }
                Some(user) if !config.users.iter().any(|u| u.name == user.value) => {
                    sink.entry(
                        at,
                        user.line,
                        format!(
                            "user `{}` was not found for context `{}`",
                            user.value, kube_context.name
                        ),
                    )
                    .validation(vec![format!(
                        "user {} was not found for context {context_name}",
                        quote(&user.value)
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
    fn fires_on_a_dangling_user() {
        let input = healthy().replace("        user: cluster2", "        user: nobody");
        let report = check_fires("kubeconfig-context-user", &input, &[line_of(&input, "user: nobody")]);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: user \"nobody\" was not found for context \"cluster2\"")
        );
    }

    #[test]
    fn fires_on_a_context_without_user() {
        let input = healthy_replacing_line("        user: cluster2", "");
        check_fires("kubeconfig-context-user", &input, &[line_of(&input, "- context:")]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-context-user", &healthy());
    }
}
