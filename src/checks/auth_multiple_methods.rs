//! `auth-multiple-methods`: more than one authentication method on a user.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-multiple-methods",
    severity: Severity::Error,
    summary: "A user has more than one authentication method.",
    why: prose!("client-go allows one of token and basic auth (`more than one authentication method found for X; found [token basicAuth], only one is allowed`), and never an exec plugin together with an auth provider: istiod rejects the kubeconfig."),
    fix: prose!("Keep only `token` (the reader service account's), as istioctl writes it."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateAuthInfo"),
    ]),
    steps: &[3, 10],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: more than one authentication method found for {user}; found [token basicAuth], only one is allowed",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            let counted: Vec<&str> = user
                .methods()
                .into_iter()
                .filter(|method| matches!(*method, "token" | "basicAuth"))
                .collect();
            if counted.len() > 1 {
                sink.entry(
                    at,
                    user.line,
                    format!(
                        "more than one authentication method found for `{}`; found [{}], only one is allowed",
                        user.name,
                        counted.join(" ")
                    ),
                )
                .validation(vec![format!(
                    "more than one authentication method found for {}; found [{}], only one is allowed",
                    user.name,
                    counted.join(" ")
                )]);
            }
            if let (Some(exec), Some(_)) = (&user.exec, &user.auth_provider) {
                sink.entry(
                    at,
                    exec.line,
                    format!(
                        "authProvider cannot be provided in combination with an exec plugin for `{}`",
                        user.name
                    ),
                )
                .validation(vec![format!(
                    "authProvider cannot be provided in combination with an exec plugin for {}",
                    user.name
                )]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_token_and_basic_auth() {
        let input = healthy().replace(
            "        token: ",
            "        username: admin\n        password: secret\n        token: ",
        );
        let report = check_fires("auth-multiple-methods", &input, &["- name: cluster2"]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-multiple-methods", &healthy());
    }

    #[test]
    fn fires_on_exec_with_an_auth_provider() {
        let input = healthy().replace(
            "        token: ",
            "        exec:\n          command: aws\n          apiVersion: client.authentication.k8s.io/v1\n        auth-provider:\n          name: oidc\n        token: ",
        );
        let report = check_fires("auth-multiple-methods", &input, &["exec:"]);
        assert_eq!(
            finding_of(&report, "auth-multiple-methods").validation_errors,
            ["authProvider cannot be provided in combination with an exec plugin for cluster2"]
        );
    }
}
