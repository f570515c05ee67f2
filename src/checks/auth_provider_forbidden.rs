//! `auth-provider-forbidden`: an auth provider other than `oidc`.

use super::istiod::not_allowed;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-provider-forbidden",
    severity: Severity::Error,
    summary: "The user has an `auth-provider` other than `oidc`.",
    why: prose!("istiod's sanitizer allows only the `oidc` provider unless `PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS` names the provider (`kubeconfig is not allowed: auth provider gcp is not allowed`). Even when allowed, `gcp` and `azure` no longer work: client-go keeps only stubs that say they have been removed (see `auth-provider-removed`)."),
    fix: prose!("Use a service-account token; on GKE and AKS `istioctl create-remote-secret` creates one."),
    source: sources!(&[
        Citation::istio("pkg/kube/util.go", "sanitizeKubeConfig"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Sanitize,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not allowed: auth provider {provider} is not allowed",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            let Some(provider) = &user.auth_provider else { continue };
            if !context.settings.allows_auth_provider(&provider.value) {
                sink.entry(
                    at,
                    provider.line,
                    format!("auth provider `{}` is not allowed", provider.value),
                )
                .log(not_allowed(&format!("auth provider {} is not allowed", provider.value)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    fn with_provider(name: &str) -> String {
        healthy_replacing_line(
            "token:",
            &format!(
                "        auth-provider:
          name: {name}
"
            ),
        )
    }

    #[test]
    fn fires_on_gcp_not_on_oidc() {
        let report = check_fires("auth-provider-forbidden", &with_provider("gcp"), &["auth-provider:"]);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not allowed: auth provider gcp is not allowed")
        );
        check_quiet("auth-provider-forbidden", &with_provider("oidc"));
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-provider-forbidden", &healthy());
    }
}
