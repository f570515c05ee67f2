//! `kubeconfig-current-context`: no usable current context.

use super::{Check, Context, Effect, Sink};
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-current-context",
    severity: Severity::Error,
    summary: "`current-context` is missing or names no context.",
    why: "client-go cannot tell which cluster and user to use: `invalid configuration: context was not found for specified context`, and istiod rejects the cluster.",
    fix: "Set `current-context` to the name of one of the `contexts`.",
    source: "client-go tools/clientcmd/validation.go (Validate, ErrNoContext)",
    steps: &[3],
    effect: Effect::Reject,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: context was not found for specified context",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, config) in context.kubeconfigs() {
        match &config.current_context {
            None => sink.entry(
                secret_index,
                entry_index,
                config.line,
                "no `current-context`: client-go does not know which cluster to use".to_string(),
            ),
            Some(name) if config.current().is_none() => sink.entry(
                secret_index,
                entry_index,
                name.line,
                format!("context was not found for specified context: `{}`", name.value),
            ),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_when_missing_or_dangling() {
        let dangling = healthy().replace("current-context: cluster2", "current-context: other");
        check_fires("kubeconfig-current-context", &dangling, &[24]);
        let missing = healthy().replace("    current-context: cluster2\n", "");
        check_fires("kubeconfig-current-context", &missing, &[24]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-current-context", &healthy());
    }
}
