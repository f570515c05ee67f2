//! `auth-provider-removed`: an allowed auth provider whose client-go plugin no longer works.

use super::istiod::{client_build, quote};
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-provider-removed",
    severity: Severity::Error,
    summary: "The `auth-provider` is allowed by istiod, but client-go no longer has it.",
    why: prose!("`PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS` lets the kubeconfig past istiod's sanitizer, but the client is built with client-go's auth provider plugins: `gcp` and `azure` are stubs that only return `The gcp auth plugin has been removed.` (Kubernetes 1.26 removed them), and a name no plugin registers fails with `no Auth Provider found for name`. istiod cannot build the client and rejects the cluster. (istiod links client-go's plugin package, as the comment of its `sanitizeKubeConfig` says; `oidc` is the one provider that still works.)"),
    fix: prose!("Use the reader service account's token (`istioctl create-remote-secret` on GKE and AKS creates one) instead of a cloud provider's login."),
    source: sources!(&[
        Citation::client_go("plugin/pkg/client/auth/gcp/gcp_stub.go", "newGCPAuthProvider"),
        Citation::client_go("plugin/pkg/client/auth/azure/azure_stub.go", "newAzureAuthProvider"),
        Citation::client_go("rest/plugin.go", "GetAuthProvider"),
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "DefaultBuildClientsFromConfig"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::ClientBuild,
    istiod_log: "Add cluster: create remote cluster failed: failed to create kube clients: The gcp auth plugin has been removed.",
    run,
};

/// What client-go's plugin registry answers for a provider name, or `None` when it works.
pub fn plugin_error(name: &str) -> Option<String> {
    match name {
        "oidc" => None,
        "gcp" => Some(
            "The gcp auth plugin has been removed.\nPlease use the \"gke-gcloud-auth-plugin\" kubectl/client-go credential plugin instead.\nSee https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details"
                .to_string(),
        ),
        "azure" => Some(
            "The azure auth plugin has been removed.\nPlease use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead.\nSee https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins for further details"
                .to_string(),
        ),
        other => Some(format!("no Auth Provider found for name {}", quote(other))),
    }
}

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        // Only the current user's provider is looked up, and only over TLS (client-go's
        // `ClientConfig` reads the user's credentials for https servers alone).
        let over_tls = config.current_transport_is_tls();
        let Some(provider) = config.current_user().and_then(|user| user.auth_provider.as_ref()) else {
            continue;
        };
        if !over_tls || !context.settings.allows_auth_provider(&provider.value) {
            continue;
        }
        if let Some(error) = plugin_error(&provider.value) {
            let first_line = error.lines().next().unwrap_or_default().to_string();
            sink.entry(
                at,
                provider.line,
                format!(
                    "istiod allows the `{}` auth provider, but client-go answers: {first_line}",
                    provider.value
                ),
            )
            .log(client_build(&error));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::settings::KubeconfigOption;

    fn with_provider(name: &str) -> String {
        healthy_replacing_line("token:", &format!("        auth-provider:\n          name: {name}\n"))
    }

    fn allowing(options: &[KubeconfigOption]) -> crate::settings::Settings {
        let mut settings = settings();
        settings.allowed_kubeconfig_options = options.to_vec();
        settings
    }

    #[test]
    fn fires_on_an_allowed_gcp_provider() {
        let input = with_provider("gcp");
        let report = check_fires_with(
            "auth-provider-removed",
            &input,
            &[line_of(&input, "auth-provider:")],
            &allowing(&[KubeconfigOption::Gcp]),
        );
        assert_eq!(first_verdict(&report), Verdict::Rejected);
        assert!(report.verdicts[0]
            .istiod_log
            .as_deref()
            .unwrap()
            .starts_with("Add cluster: create remote cluster failed: failed to create kube clients: The gcp auth plugin has been removed."));
    }

    #[test]
    fn fires_on_an_allowed_azure_or_unregistered_provider() {
        let azure = with_provider("azure");
        check_fires_with(
            "auth-provider-removed",
            &azure,
            &[line_of(&azure, "auth-provider:")],
            &allowing(&[KubeconfigOption::Azure]),
        );
        let openstack = with_provider("openstack");
        let report = check_fires_with(
            "auth-provider-removed",
            &openstack,
            &[line_of(&openstack, "auth-provider:")],
            &allowing(&[KubeconfigOption::Openstack]),
        );
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: failed to create kube clients: no Auth Provider found for name \"openstack\"")
        );
    }

    #[test]
    fn quiet_when_forbidden_oidc_or_over_http() {
        // Forbidden: the sanitizer speaks first (auth-provider-forbidden).
        check_quiet("auth-provider-removed", &with_provider("gcp"));
        check_quiet_with("auth-provider-removed", &with_provider("oidc"), &settings());
        let over_http = with_provider("gcp").replace("server: https://", "server: http://");
        check_quiet_with("auth-provider-removed", &over_http, &allowing(&[KubeconfigOption::Gcp]));
        check_quiet("auth-provider-removed", &healthy());
    }
}
