//! `secret-name-invalid`: a Secret whose `metadata.name` the API server refuses.

use super::istiod::quote;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::k8s_names::{is_dns1123_subdomain, MAX_SUBDOMAIN_LENGTH as MAX_LENGTH};

pub const CHECK: Check = Check {
    id: "secret-name-invalid",
    severity: Severity::Error,
    summary: "The Secret's `metadata.name` is not a DNS-1123 subdomain.",
    why: prose!("Object names must be lower-case DNS-1123 subdomains (letters, digits, `-` and `.`, starting and ending with a letter or digit, at most 253 characters). The API server refuses to store the Secret, so istiod never sees it: `kubectl apply` answers `The Secret \"...\" is invalid: metadata.name: Invalid value: ...`."),
    fix: prose!("Name the Secret `istio-remote-secret-<cluster ID in lower case>`, as istioctl does; the cluster ID itself is the data key and may keep its case."),
    source: sources!(&[
        Citation::apimachinery("pkg/util/validation/validation.go", "IsDNS1123Subdomain"),
        Citation::apimachinery("pkg/api/validation/objectmeta.go", "ValidateObjectMeta"),
    ]),
    steps: &[2],
    effect: Effect::Ignore,
    stage: Stage::ApiServer,
    istiod_log: "The Secret \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    run,
};

/// What the API server answers for the name, in apimachinery's words.
fn answer(name: &str) -> String {
    let quoted = quote(name);
    let rule = if name.len() > MAX_LENGTH {
        format!("must be no more than {MAX_LENGTH} characters")
    } else {
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string()
    };
    format!("The Secret {quoted} is invalid: metadata.name: Invalid value: {quoted}: {rule}")
}

fn run(context: &Context, sink: &mut Sink) {
    // Bare kubeconfigs are no Secrets: `real_secrets` leaves them out.
    for (secret_index, secret) in context.real_secrets() {
        let Some(name) = &secret.name else { continue };
        if is_dns1123_subdomain(&name.value) {
            continue;
        }
        sink.secret(
            secret_index,
            name.line,
            format!(
                "the name `{}` is not a DNS-1123 subdomain (lower-case letters, digits, `-` and `.`)",
                name.value
            ),
        )
        .log(answer(&name.value));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_uppercase_and_underscores() {
        let input = healthy().replace(
            "name: istio-remote-secret-cluster2",
            "name: istio-remote-secret-Cluster_2",
        );
        let report = check_fires("secret-name-invalid", &input, &[line_of(&input, "name: istio-remote")]);
        assert_eq!(first_verdict(&report), Verdict::Ignored);
        assert_eq!(
            report.verdicts[0].api_server_answer.as_deref(),
            Some("The Secret \"istio-remote-secret-Cluster_2\" is invalid: metadata.name: Invalid value: \"istio-remote-secret-Cluster_2\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
        );
    }

    #[test]
    fn fires_on_a_name_too_long() {
        let long = "a".repeat(254);
        let input = healthy().replace("name: istio-remote-secret-cluster2", &format!("name: {long}"));
        let report = check_fires("secret-name-invalid", &input, &[line_of(&input, "name: aaa")]);
        assert!(report.verdicts[0]
            .api_server_answer
            .as_deref()
            .unwrap()
            .ends_with("must be no more than 253 characters"));
    }

    #[test]
    fn quiet_on_healthy_and_on_bare_kubeconfigs() {
        check_quiet("secret-name-invalid", &healthy());
        let bare = crate::fixtures::RemoteSecretSpec::healthy(crate::fixtures::NOW).kubeconfig();
        check_quiet("secret-name-invalid", &bare);
    }

    #[test]
    fn quiet_on_a_secret_without_a_name() {
        // `generateName` or none at all: the API server names it, or says so on its own.
        let input = healthy().replace("  name: istio-remote-secret-cluster2\n", "");
        assert_ne!(input, healthy());
        check_quiet("secret-name-invalid", &input);
    }
}
