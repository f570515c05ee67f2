//! `auth-client-cert-file-forbidden`: client certificate or key as file paths.

use super::istiod::not_allowed;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::settings::KubeconfigOption;

pub const CHECK: Check = Check {
    id: "auth-client-cert-file-forbidden",
    severity: Severity::Error,
    summary: "`client-certificate` or `client-key` is a file path.",
    why: prose!("client-go first tries to read the file inside istiod's pod (`unable to read client-cert ...`), and istiod's sanitizer refuses file paths anyway (`clientCertificate is not allowed`, `clientKey is not allowed`)."),
    fix: prose!("Use the inline `client-certificate-data` and `client-key-data`, or better a token; or set `PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS=clientCertificate,clientKey` and mount the files."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateAuthInfo"),
        Citation::istio("pkg/kube/util.go", "sanitizeKubeConfig"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: unable to read client-cert {path} for {user} due to open {path}: no such file or directory",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            // `Validate` opens the files first, and only when a client certificate is set; a file
            // that is not in istiod's pod fails there, before the sanitizer is reached.
            let has_certificate = user.client_certificate.is_some() || user.client_certificate_data.is_some();
            for (file, option, name, validated_as) in [
                (
                    &user.client_certificate,
                    KubeconfigOption::ClientCertificate,
                    "clientCertificate",
                    "client-cert",
                ),
                (&user.client_key, KubeconfigOption::ClientKey, "clientKey", "client-key"),
            ] {
                if let Some(file) = file.as_ref().filter(|_| !context.settings.allows(option)) {
                    let finding = sink.entry(
                        at,
                        file.line,
                        format!(
                            "user `{}` points at the file `{}`: {name} is not allowed",
                            user.name, file.value
                        ),
                    );
                    let path = &file.value;
                    if has_certificate {
                        finding.validation(vec![format!(
                            "unable to read {validated_as} {path} for {} due to open {path}: no such file or directory",
                            user.name
                        )]);
                    } else {
                        finding.log(not_allowed(&format!("{name} is not allowed")));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::settings::KubeconfigOption;

    #[test]
    fn fires_on_each_file() {
        let input = healthy().replace(
            "        token: ",
            "        client-certificate: /etc/certs/client.crt\n        client-key: /etc/certs/client.key\n        token: ",
        );
        check_fires(
            "auth-client-cert-file-forbidden",
            &input,
            &["client-certificate:", "client-key:"],
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-client-cert-file-forbidden", &healthy());
    }

    #[test]
    fn a_key_file_without_a_certificate_is_refused_by_the_sanitizer() {
        // With no certificate, Validate has nothing to read the key for: the sanitizer speaks.
        let input = healthy().replace(
            "        token: ",
            "        client-key: /etc/certs/client.key\n        token: ",
        );
        let report = check_fires("auth-client-cert-file-forbidden", &input, &["client-key:"]);
        assert_eq!(
            finding_of(&report, "auth-client-cert-file-forbidden").log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not allowed: clientKey is not allowed")
        );
    }

    #[test]
    fn quiet_when_istiod_allows_the_files() {
        let input = healthy().replace(
            "        token: ",
            "        client-key: /etc/certs/client.key\n        token: ",
        );
        let mut settings = settings();
        settings.allowed_kubeconfig_options = vec![KubeconfigOption::ClientKey, KubeconfigOption::ClientCertificate];
        check_quiet_with("auth-client-cert-file-forbidden", &input, &settings);
    }
}
