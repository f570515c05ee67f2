//! `cluster-id-uppercase`: uppercase letters in the cluster ID.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "cluster-id-uppercase",
    severity: Severity::Info,
    summary: "The cluster ID has uppercase letters.",
    why: prose!("istiod accepts any data key as a cluster ID. Only `istioctl create-remote-secret` refuses such a `--name` (it must be a DNS-1123 label), so this Secret was written or edited by hand; make sure the remote cluster's `values.global.multiCluster.clusterName` is spelt exactly the same, case included."),
    fix: prose!("Nothing is required. For consistency, use a lower-case cluster ID everywhere (`--name` of istioctl and the remote's `values.global.multiCluster.clusterName`)."),
    source: sources!(&[
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "NewCreateRemoteSecretCommand"),
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "Controller.addSecret"),
    ]),
    steps: &[2],
    effect: Effect::None,
    stage: Stage::Controller,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, secret, entry) in context.entries() {
        if secret.origin != crate::model::SecretOrigin::BareKubeconfig
            && entry.cluster_id.chars().any(|c| c.is_ascii_uppercase())
        {
            sink.entry(at, entry.line,
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
        check_fires("cluster-id-uppercase", &input, &["Cluster2:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cluster-id-uppercase", &healthy());
    }
}
