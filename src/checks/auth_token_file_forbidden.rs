//! `auth-token-file-forbidden`: a token read from a file.

use super::istiod::not_allowed;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::settings::KubeconfigOption;

pub const CHECK: Check = Check {
    id: "auth-token-file-forbidden",
    severity: Severity::Error,
    summary: "The user reads its token from a file (`tokenFile`).",
    why: prose!("istiod refuses kubeconfigs that read files of its own pod (`kubeconfig is not allowed: tokenFile is not allowed`)."),
    fix: prose!("Put the token inline under `token:`, or set `PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS=tokenFile` on istiod."),
    source: sources!(&[
        Citation::istio("pkg/kube/util.go", "sanitizeKubeConfig"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Sanitize,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not allowed: tokenFile is not allowed",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    if context.settings.allows(KubeconfigOption::TokenFile) {
        return;
    }
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            if let Some(file) = &user.token_file {
                sink.entry(
                    at,
                    file.line,
                    format!(
                        "user `{}` reads its token from `{}`: tokenFile is not allowed",
                        user.name, file.value
                    ),
                )
                .log(not_allowed("tokenFile is not allowed"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::settings::KubeconfigOption;

    #[test]
    fn fires_on_token_file() {
        let input = healthy().replace("        token: ", "        tokenFile: /var/run/token\n        token: ");
        check_fires("auth-token-file-forbidden", &input, &["tokenFile:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-token-file-forbidden", &healthy());
    }

    #[test]
    fn quiet_when_istiod_allows_token_files() {
        let input = healthy().replace("        token: ", "        tokenFile: /var/run/token\n        token: ");
        let mut settings = settings();
        settings.allowed_kubeconfig_options = vec![KubeconfigOption::TokenFile];
        check_quiet_with("auth-token-file-forbidden", &input, &settings);
    }
}
