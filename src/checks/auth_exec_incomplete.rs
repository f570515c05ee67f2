//! `auth-exec-incomplete`: an exec plugin without `command` or `apiVersion`.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-exec-incomplete",
    severity: Severity::Error,
    summary: "`exec` lacks `command` or `apiVersion`.",
    why: prose!("client-go's validation fails (`command must be specified`, `apiVersion must be specified`) before istiod even considers allowing exec."),
    fix: prose!("Give the plugin both `command` and `apiVersion` (for example `client.authentication.k8s.io/v1beta1`), or better, use a token."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateAuthInfo"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: command must be specified for {user} to use exec authentication plugin",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            let Some(exec) = &user.exec else { continue };
            let mut missing = Vec::new();
            if exec.command.is_none() {
                missing.push("command");
            }
            if exec.api_version.is_none() {
                missing.push("apiVersion");
            }
            if !missing.is_empty() {
                let errors: Vec<String> = missing
                    .iter()
                    .map(|field| {
                        format!(
                            "{field} must be specified for {} to use exec authentication plugin",
                            user.name
                        )
                    })
                    .collect();
                sink.entry(
                    at,
                    exec.line,
                    format!(
                        "{} must be specified for `{}` to use exec authentication",
                        missing.join(" and "),
                        user.name
                    ),
                )
                .validation(errors);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_without_api_version() {
        let input = healthy().replace(
            "        token: ",
            "        exec:\n          command: aws\n        token: ",
        );
        check_fires("auth-exec-incomplete", &input, &["exec:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-exec-incomplete", &healthy());
    }

    #[test]
    fn fires_without_a_command_and_names_both_fields() {
        let input = healthy().replace(
            "        token: ",
            "        exec:\n          args: [token]\n        token: ",
        );
        let report = check_fires("auth-exec-incomplete", &input, &["exec:"]);
        assert!(message_of(&report, "auth-exec-incomplete").starts_with("command and apiVersion must be specified"));
        assert_eq!(finding_of(&report, "auth-exec-incomplete").validation_errors.len(), 2);
    }

    #[test]
    fn quiet_on_a_complete_exec() {
        let input = healthy().replace(
            "        token: ",
            "        exec:\n          command: aws\n          apiVersion: client.authentication.k8s.io/v1\n        token: ",
        );
        check_quiet("auth-exec-incomplete", &input);
    }
}
