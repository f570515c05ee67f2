//! `auth-provider-forbidden`: an auth provider other than `oidc`.

use super::{Check, Context, Effect, Sink};
use crate::report::Severity;
use crate::settings::KubeconfigOption;

pub const CHECK: Check = Check {
    id: "auth-provider-forbidden",
    severity: Severity::Error,
    summary: "The user has an `auth-provider` other than `oidc`.",
    why: "istiod allows only `oidc` (`kubeconfig is not allowed: auth provider gcp is not allowed`); the `gcp` and `azure` providers have been removed from client-go anyway (`The gcp auth plugin has been removed.`).",
    fix: "Use a service-account token; on GKE and AKS `istioctl create-remote-secret` creates one.",
    source: "pkg/kube/util.go (sanitizeKubeConfig)",
    steps: &[3],
    effect: Effect::Reject,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not allowed: auth provider is not allowed",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, config) in context.kubeconfigs() {
        for user in &config.users {
            let Some(provider) = &user.auth_provider else { continue };
            let allowed = provider.value == "oidc"
                || KubeconfigOption::parse(&provider.value).is_some_and(|option| context.settings.allows(option));
            if !allowed {
                sink.entry(
                    secret_index,
                    entry_index,
                    provider.line,
                    format!("auth provider `{}` is not allowed", provider.value),
                );
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
        check_fires("auth-provider-forbidden", &with_provider("gcp"), &[29]);
        check_quiet("auth-provider-forbidden", &with_provider("oidc"));
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-provider-forbidden", &healthy());
    }
}
