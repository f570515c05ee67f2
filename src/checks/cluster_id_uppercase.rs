//! `cluster-id-uppercase`: uppercase letters in the cluster ID.

use super::{Check, Context, Effect, Sink};
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "cluster-id-uppercase",
    severity: Severity::Warning,
    summary: "The cluster ID has uppercase letters.",
    why: "istioctl names the Secret `istio-remote-secret-<cluster ID>`, and Kubernetes names must be lower case (DNS-1123): applying it fails, and hand-renamed Secrets drift from the ID.",
    fix: "Use a lower-case cluster ID everywhere (`--name` of istioctl and the remote's `values.global.multiCluster.clusterName`).",
    source: "istioctl/pkg/multicluster/remote_secret.go (remoteSecretNameFromClusterName); DNS-1123 subdomain names",
    steps: &[2],
    effect: Effect::Risk,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, secret, entry) in context.entries() {
        if secret.origin != crate::model::SecretOrigin::BareKubeconfig
            && entry.cluster_id.chars().any(|c| c.is_ascii_uppercase())
        {
            sink.entry(
                secret_index,
                entry_index,
                entry.line,
                format!(
                    "cluster ID `{}` has uppercase letters: the Secret name derived from it is not a valid Kubernetes name",
                    entry.cluster_id
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_uppercase() {
        let input = healthy().replace("  cluster2: |", "  Cluster2: |");
        check_fires("cluster-id-uppercase", &input, &[12]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cluster-id-uppercase", &healthy());
    }
}
