//! `auth-exec-invalid`: an `exec` block that client-go's `Validate` refuses.

use super::istiod::quote;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-exec-invalid",
    severity: Severity::Error,
    summary: "The `exec` block has no valid `interactiveMode`, or an `env` entry without a name.",
    why: prose!("client-go's `Validate` requires `interactiveMode` (`Never`, `IfAvailable` or `Always`) on every exec plugin. Loading defaults it to `IfAvailable` only for `client.authentication.k8s.io/v1alpha1` and `v1beta1`, so a `v1` plugin without it, an unknown mode, or an `env` entry without `name` fails validation (`interactiveMode must be specified for X to use exec authentication plugin`), and istiod rejects the kubeconfig before its sanitizer even looks at `exec`."),
    fix: prose!("Add `interactiveMode: Never` to the `exec` block and a `name` to every `env` entry. In a remote secret, prefer the reader service account's token: istiod refuses `exec` unless `PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS` allows it."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateAuthInfo"),
        Citation::client_go("tools/clientcmd/api/v1/defaults.go", "SetDefaults_ExecConfig"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: interactiveMode must be specified for {user} to use exec authentication plugin",
    run,
};

/// The API versions whose exec plugins client-go gives `interactiveMode: IfAvailable` on load.
const DEFAULTED: [&str; 2] = [
    "client.authentication.k8s.io/v1alpha1",
    "client.authentication.k8s.io/v1beta1",
];

const MODES: [&str; 3] = ["Never", "IfAvailable", "Always"];

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            let Some(exec) = &user.exec else { continue };
            let name = &user.name;
            let mut errors = Vec::new();
            let mut line = exec.line;
            for _ in 0..exec.env_without_name {
                errors.push(format!(
                    "env variable name must be specified for {name} to use exec authentication plugin"
                ));
            }
            match &exec.interactive_mode {
                None if !exec
                    .api_version
                    .as_deref()
                    .is_some_and(|version| DEFAULTED.contains(&version)) =>
                {
                    errors.push(format!(
                        "interactiveMode must be specified for {name} to use exec authentication plugin"
                    ));
                }
                Some(mode) if !MODES.contains(&mode.value.as_str()) => {
                    line = mode.line;
                    errors.push(format!("invalid interactiveMode for {name}: {}", quote(&mode.value)));
                }
                _ => {}
            }
            if errors.is_empty() {
                continue;
            }
            sink.entry(
                at,
                line,
                format!("the exec plugin of `{name}` is not valid: {}", errors.join("; ")),
            )
            .validation(errors);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    fn with_exec(body: &str) -> String {
        healthy_replacing_line("token:", &format!("        exec:\n          command: aws\n{body}"))
    }

    #[test]
    fn fires_on_v1_without_interactive_mode() {
        let input = with_exec("          apiVersion: client.authentication.k8s.io/v1\n");
        let report = check_fires("auth-exec-invalid", &input, &[line_of(&input, "exec:")]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
        // Validate runs before the sanitizer, so this is the line istiod logs.
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: interactiveMode must be specified for cluster2 to use exec authentication plugin")
        );
    }

    #[test]
    fn fires_on_an_unknown_mode_and_a_nameless_variable() {
        let input = with_exec(
            "          apiVersion: client.authentication.k8s.io/v1beta1\n          interactiveMode: Sometimes\n          env:\n          - value: x\n",
        );
        let report = check_fires("auth-exec-invalid", &input, &[line_of(&input, "interactiveMode:")]);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: [env variable name must be specified for cluster2 to use exec authentication plugin, invalid interactiveMode for cluster2: \"Sometimes\"]")
        );
    }

    #[test]
    fn joins_the_other_validate_errors_as_istiod_logs_them() {
        // Istio's own integration test of exec auth: no apiVersion, so no default mode either.
        let input = healthy_replacing_line("token:", "        exec:\n          command: /bin/sh\n");
        let report = check_fires("auth-exec-invalid", &input, &[line_of(&input, "exec:")]);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: [apiVersion must be specified for cluster2 to use exec authentication plugin, interactiveMode must be specified for cluster2 to use exec authentication plugin]")
        );
    }

    #[test]
    fn quiet_when_defaulted_or_set() {
        check_quiet(
            "auth-exec-invalid",
            &with_exec("          apiVersion: client.authentication.k8s.io/v1beta1\n"),
        );
        check_quiet(
            "auth-exec-invalid",
            &with_exec("          apiVersion: client.authentication.k8s.io/v1\n          interactiveMode: Never\n"),
        );
        check_quiet("auth-exec-invalid", &healthy());
    }
}
