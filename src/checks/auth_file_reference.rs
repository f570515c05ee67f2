//! `auth-file-reference`: other file paths (the CA file) in the kubeconfig.

use super::{Check, Context, Effect, Sink};
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "auth-file-reference",
    severity: Severity::Error,
    summary: "The kubeconfig names a file (`certificate-authority:`).",
    why: "client-go reads the file inside istiod's pod while validating (`unable to read certificate-authority ...`); a path from your laptop does not exist there, and istiod rejects the kubeconfig.",
    fix: "Inline the file: `certificate-authority-data: $(base64 -w0 ca.crt)` (istioctl does this).",
    source: "client-go tools/clientcmd/validation.go (validateClusterInfo)",
    steps: &[3],
    effect: Effect::Reject,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: unable to read certificate-authority",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, config) in context.kubeconfigs() {
        for cluster in &config.clusters {
            if let Some(file) = &cluster.certificate_authority {
                sink.entry(
                    secret_index,
                    entry_index,
                    file.line,
                    format!(
                        "cluster `{}` reads its CA from `{}`, which must exist inside the istiod pod",
                        cluster.name, file.value
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
    fn fires_on_a_ca_file() {
        let input = healthy().replace(
            "        server:",
            "        certificate-authority: /home/me/.minikube/ca.crt\n        server:",
        );
        check_fires("auth-file-reference", &input, &[17]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-file-reference", &healthy());
    }
}
