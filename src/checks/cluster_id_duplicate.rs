//! `cluster-id-duplicate`: the same cluster ID in two different Secrets that istiod would both
//! build.

use std::collections::BTreeMap;

use super::{At, Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::SecretOrigin;

pub const CHECK: Check = Check {
    id: "cluster-id-duplicate",
    severity: Severity::Error,
    summary: "The same key (cluster ID) appears in two different Secrets that istiod would both build.",
    why: prose!("Cluster IDs must be unique across Secrets. istiod registers the cluster from whichever Secret it builds first and skips the other (`cluster has already been registered`). Which one comes first depends on the order its informer delivers the Secrets (by name at start-up, by creation afterwards), not on the order of this input, so either entry may be the one that is skipped. The same Secret (namespace and name) given twice is an update, not a clash; a Secret istiod never sees or whose client it cannot build takes no ID."),
    fix: prose!("Keep one remote secret per remote cluster: delete the older Secret, or give each cluster its own ID."),
    source: sources!(&[
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "Controller.addSecret"),
    ]),
    steps: &[2, 3, 9],
    effect: Effect::Risk,
    stage: Stage::Controller,
    istiod_log: "cluster has already been registered",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    // Each cluster ID, with the entries that claim it: (namespace and name, secret, entry).
    let mut claims: BTreeMap<&str, Vec<(String, At)>> = BTreeMap::new();
    for (at, secret, entry) in context.entries() {
        if secret.origin == SecretOrigin::BareKubeconfig || context.earlier_effect(at) >= Effect::Reject {
            continue;
        }
        let identity = format!(
            "{}/{}",
            secret
                .namespace
                .as_ref()
                .map_or("", |namespace| namespace.value.as_str()),
            secret.display_name()
        );
        claims.entry(&entry.cluster_id).or_default().push((identity, at));
    }
    for (cluster_id, claimants) in claims {
        for (identity, at) in &claimants {
            let others: Vec<&str> = claimants
                .iter()
                .filter(|(other, _)| other != identity)
                .map(|(other, _)| other.trim_start_matches('/'))
                .collect();
            if others.is_empty() {
                continue;
            }
            let entry = &context.model.secrets[at.secret].entries[at.entry];
            sink.entry(*at, entry.line,
                format!(
                    "cluster `{cluster_id}` is also the key of Secret `{}`: istiod keeps whichever Secret it builds first (its informer's order, not this input's) and skips the other",
                    others.join("`, `")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_both_secrets() {
        let second = healthy().replace("istio-remote-secret-cluster2", "istio-remote-secret-again");
        let input = format!("{}{}", healthy(), second);
        // Each Secret's `cluster2:` key.
        let report = check_fires(
            "cluster-id-duplicate",
            &input,
            lines_of(&input, "cluster2: |").as_slice(),
        );
        assert_eq!(report.verdicts[0].verdict, Verdict::AtRisk);
        assert_eq!(report.verdicts[1].verdict, Verdict::AtRisk);
        assert_eq!(
            report.verdicts[1].istiod_log.as_deref(),
            Some("cluster has already been registered")
        );
    }

    #[test]
    fn quiet_on_the_same_secret_twice() {
        check_quiet("cluster-id-duplicate", &format!("{}{}", healthy(), healthy()));
    }

    #[test]
    fn quiet_when_the_other_secret_is_never_seen_or_rejected() {
        let unlabelled = healthy()
            .replace("istio-remote-secret-cluster2", "istio-remote-secret-again")
            .replace("    istio/multiCluster: \"true\"\n", "    other: label\n");
        check_quiet("cluster-id-duplicate", &format!("{}{}", healthy(), unlabelled));
        let elsewhere = healthy()
            .replace("istio-remote-secret-cluster2", "istio-remote-secret-again")
            .replace("namespace: istio-system", "namespace: default");
        check_quiet("cluster-id-duplicate", &format!("{}{}", healthy(), elsewhere));
        let rejected = healthy()
            .replace("istio-remote-secret-cluster2", "istio-remote-secret-again")
            .replace("current-context: cluster2", "current-context: nowhere");
        check_quiet("cluster-id-duplicate", &format!("{}{}", healthy(), rejected));
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cluster-id-duplicate", &healthy());
    }
}
