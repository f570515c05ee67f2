//! `auth-exec-forbidden`: an exec plugin istiod will not run.

use super::istiod::not_allowed;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::settings::KubeconfigOption;

pub const CHECK: Check = Check {
    id: "auth-exec-forbidden",
    severity: Severity::Error,
    summary: "The user runs an `exec` plugin (EKS `aws`, `gke-gcloud-auth-plugin`, ...).",
    why: prose!("istiod refuses to run programs named by a Secret (`kubeconfig is not allowed: exec is not allowed`); besides, its image has no such binary."),
    fix: prose!("Use a service-account token (`istioctl create-remote-secret` without `--auth-type plugin`), or, if you must, set `PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS=exec` on istiod and ship the binary."),
    source: sources!(&[
        Citation::istio("pkg/kube/util.go", "sanitizeKubeConfig"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Sanitize,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not allowed: exec is not allowed",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    if context.settings.allows(KubeconfigOption::Exec) {
        return;
    }
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            if let Some(exec) = &user.exec {
                let command = exec.command.as_deref().unwrap_or("(no command)");
                sink.entry(
                    at,
                    exec.line,
                    format!("user `{}` runs `{command}`: exec is not allowed", user.name),
                )
                .log(not_allowed("exec is not allowed"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::settings::KubeconfigOption;

    fn with_exec() -> String {
        healthy_replacing_line(
            "token:",
            "        exec:
          apiVersion: client.authentication.k8s.io/v1beta1
          command: aws
",
        )
    }

    #[test]
    fn fires_unless_allowed() {
        check_fires("auth-exec-forbidden", &with_exec(), &["exec:"]);
        let mut settings = settings();
        settings.allowed_kubeconfig_options = vec![KubeconfigOption::Exec];
        check_quiet_with("auth-exec-forbidden", &with_exec(), &settings);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-exec-forbidden", &healthy());
    }
}
