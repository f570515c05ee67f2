//! `auth-none`: no credentials at all.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-none",
    severity: Severity::Error,
    summary: "The user has no credentials at all.",
    why: prose!("istiod's requests to the remote API server are anonymous: listing services fails with `Unauthorized` or `forbidden`, and so does every TokenReview for the remote's proxies."),
    fix: prose!("Add the reader token: `istioctl create-remote-secret` finds or creates it (on Kubernetes 1.24+ it creates the token Secret)."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/client_config.go", "DirectClientConfig.getUserIdentificationPartialConfig"),
        Citation::istio("security/pkg/k8s/tokenreview/k8sauthn.go", "ValidateK8sJwt"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        if let Some(user) = config.current_user() {
            if user.methods().is_empty() {
                sink.entry(
                    at,
                    user.line,
                    format!(
                        "user `{}` has no token or other credentials: requests will be anonymous",
                        user.name
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_without_credentials() {
        let input = healthy()
            .lines()
            .filter(|line| !line.contains("token:"))
            .map(|line| format!("{line}\n"))
            .collect::<String>()
            .replace("      user:\n", "      user: {}\n");
        let report = check_fires("auth-none", &input, &["- name: cluster2"]);
        assert_eq!(first_verdict(&report), Verdict::Failing);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-none", &healthy());
    }
}
