//! `kubeconfig-ca-file-and-data`: both a CA file and CA data.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-ca-file-and-data",
    severity: Severity::Error,
    summary: "Both `certificate-authority` and `certificate-authority-data` are set.",
    why: prose!("client-go's validation refuses the pair (`certificate-authority-data and certificate-authority are both specified`), so istiod rejects the kubeconfig."),
    fix: prose!("Keep `certificate-authority-data` (inline, what istioctl writes) and remove `certificate-authority`."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateClusterInfo"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: certificate-authority-data and certificate-authority are both specified for {name}. certificate-authority-data will override.",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for cluster in &config.clusters {
            if let (Some(file), Some(_)) = (&cluster.certificate_authority, &cluster.certificate_authority_data) {
                sink.entry(at, file.line,
                    format!(
                        "certificate-authority-data and certificate-authority are both specified for `{}`",
                        cluster.name
                    ),
                )
                .validation(vec![format!(
                    "certificate-authority-data and certificate-authority are both specified for {}. certificate-authority-data will override.",
                    cluster.name
                )]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_both() {
        let input = healthy().replace(
            "        server:",
            "        certificate-authority: /etc/ca.crt\n        server:",
        );
        check_fires("kubeconfig-ca-file-and-data", &input, &["certificate-authority:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-ca-file-and-data", &healthy());
    }
}
