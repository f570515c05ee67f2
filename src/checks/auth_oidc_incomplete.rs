//! `auth-oidc-incomplete`: an `oidc` auth provider without the settings client-go requires.

use super::istiod::client_build;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-oidc-incomplete",
    severity: Severity::Error,
    summary: "The `oidc` auth provider lacks `idp-issuer-url` or `client-id`.",
    why: prose!("istiod's sanitizer allows `oidc`, but client-go's oidc plugin refuses to start without an issuer URL and a client ID (`Must provide idp-issuer-url`, `Must provide client-id`). istiod cannot build the client and rejects the cluster."),
    fix: prose!("Give the provider's `config` both `idp-issuer-url` and `client-id` (and a current `id-token`), or use the reader service account's token instead."),
    source: sources!(&[
        Citation::client_go("plugin/pkg/client/auth/oidc/oidc.go", "newOIDCAuthProvider"),
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "DefaultBuildClientsFromConfig"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::ClientBuild,
    istiod_log: "Add cluster: create remote cluster failed: failed to create kube clients: Must provide {key}",
    run,
};

/// The settings the plugin checks, in its order.
const REQUIRED: [&str; 2] = ["idp-issuer-url", "client-id"];

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        let over_tls = config.current_transport_is_tls();
        let Some(user) = config.current_user() else { continue };
        let Some(provider) = user.auth_provider.as_ref().filter(|provider| provider.value == "oidc") else {
            continue;
        };
        if !over_tls {
            continue;
        }
        let missing: Vec<&str> = REQUIRED
            .into_iter()
            .filter(|key| !user.auth_provider_config_keys.iter().any(|present| present == key))
            .collect();
        if let Some(first) = missing.first() {
            sink.entry(
                at,
                provider.line,
                format!(
                    "the `oidc` provider of `{}` has no `{}`: client-go's oidc plugin refuses to start",
                    user.name,
                    missing.join("` and no `")
                ),
            )
            .log(client_build(&format!("Must provide {first}")));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    fn with_oidc(config: &str) -> String {
        healthy_replacing_line(
            "token:",
            &format!("        auth-provider:\n          name: oidc\n          config:\n{config}"),
        )
    }

    #[test]
    fn fires_without_an_issuer() {
        let input = with_oidc("            client-id: kubernetes\n");
        let report = check_fires("auth-oidc-incomplete", &input, &[line_of(&input, "auth-provider:")]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some(
                "Add cluster: create remote cluster failed: failed to create kube clients: Must provide idp-issuer-url"
            )
        );
    }

    #[test]
    fn fires_without_a_client_id() {
        let input = with_oidc("            idp-issuer-url: https://dex.example.com\n");
        let report = check_fires("auth-oidc-incomplete", &input, &[line_of(&input, "auth-provider:")]);
        assert!(report.verdicts[0]
            .istiod_log
            .as_deref()
            .unwrap()
            .ends_with("Must provide client-id"));
    }

    #[test]
    fn quiet_when_complete() {
        let input =
            with_oidc("            client-id: kubernetes\n            idp-issuer-url: https://dex.example.com\n");
        check_quiet("auth-oidc-incomplete", &input);
        check_quiet("auth-oidc-incomplete", &healthy());
    }

    #[test]
    fn quiet_over_plain_http() {
        // Without TLS, client-go never starts the oidc plugin.
        let input = with_oidc("            client-id: kubernetes\n").replace("server: https://", "server: http://");
        check_quiet("auth-oidc-incomplete", &input);
    }
}
