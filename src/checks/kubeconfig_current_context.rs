//! `kubeconfig-current-context`: no usable current context.

use super::istiod::client_config;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-current-context",
    severity: Severity::Error,
    summary: "`current-context` is missing or names no context.",
    why: prose!("client-go cannot tell which cluster and user to use. A `current-context` that names no context fails `Validate` (`context was not found for specified context`); a missing one passes `Validate` and fails when the client is configured (`ConfirmUsable`: `invalid configuration: no configuration has been provided`). Either way istiod rejects the cluster."),
    fix: prose!("Set `current-context` to the name of one of the `contexts`."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "Validate"),
        Citation::client_go("tools/clientcmd/client_config.go", "DirectClientConfig.ConfirmUsable"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: context was not found for specified context: {context}",
    run,
};

/// What `ConfirmUsable` answers when no context is chosen: the empty cluster it then validates is
/// reported as an empty configuration.
const NO_CONFIGURATION: &str =
    "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable";

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        match &config.current_context {
            None => {
                let finding = sink.entry(at, config.line,
                    "no `current-context`: client-go does not know which cluster to use (`no configuration has been provided`)"
                        .to_string(),
                );
                finding.stage = Stage::ClientConfig;
                finding.log(client_config(NO_CONFIGURATION));
            }
            Some(name) if config.current().is_none() => {
                sink.entry(
                    at,
                    name.line,
                    format!("context was not found for specified context: `{}`", name.value),
                )
                .validation(vec![format!(
                    "context was not found for specified context: {}",
                    name.value
                )]);
            }
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
        let report = check_fires(
            "kubeconfig-current-context",
            &dangling,
            &[line_of(&dangling, "current-context:")],
        );
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: context was not found for specified context: other")
        );
        let missing = healthy().replace("    current-context: cluster2\n", "");
        let report = check_fires(
            "kubeconfig-current-context",
            &missing,
            &[line_of(&missing, "kind: Config")],
        );
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable")
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-current-context", &healthy());
    }
}
