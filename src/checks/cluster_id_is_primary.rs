//! `cluster-id-is-primary`: a key equal to istiod's own cluster ID.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "cluster-id-is-primary",
    severity: Severity::Error,
    summary: "A key equals the primary's cluster ID.",
    why: prose!("istiod skips it (`ignoring cluster as it would overwrite the config cluster`): the primary's own registry is never replaced by a remote one."),
    fix: prose!("Name the remote cluster with its own ID (`istioctl create-remote-secret --name=<remote cluster ID>`), the one its proxies send as `ISTIO_META_CLUSTER_ID`."),
    source: sources!(&[
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "Controller.addSecret"),
    ]),
    steps: &[2, 3, 9],
    effect: Effect::Reject,
    stage: Stage::Controller,
    istiod_log: "ignoring cluster as it would overwrite the config cluster",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let primary = &context.settings.primary_cluster_id;
    for (at, secret, entry) in context.entries() {
        if secret.origin != crate::model::SecretOrigin::BareKubeconfig && &entry.cluster_id == primary {
            sink.entry(
                at,
                entry.line,
                format!("`{primary}` is the primary's own cluster ID: istiod ignores this entry"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_when_the_key_is_the_primary() {
        let mut settings = settings();
        settings.primary_cluster_id = "cluster2".into();
        let report = check_fires_with("cluster-id-is-primary", &healthy(), &["cluster2:"], &settings);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cluster-id-is-primary", &healthy());
    }
}
