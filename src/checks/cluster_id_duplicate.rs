//! `cluster-id-duplicate`: the same cluster ID in two Secrets.

use std::collections::BTreeMap;

use super::{Check, Context, Effect, Sink};
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "cluster-id-duplicate",
    severity: Severity::Error,
    summary: "The same key (cluster ID) appears in two Secrets of the input.",
    why: "istiod registers the first and skips the second (`cluster has already been registered`): which one wins depends on the order istiod sees them.",
    fix: "Keep one remote secret per remote cluster: delete the older Secret, or give each cluster its own ID.",
    source: "pkg/kube/multicluster/secretcontroller.go (addSecret: cs.Contains(cluster.ID))",
    steps: &[2, 3, 9],
    effect: Effect::Reject,
    istiod_log: "cluster has already been registered",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let mut first_seen: BTreeMap<&str, String> = BTreeMap::new();
    for (secret_index, entry_index, secret, entry) in context.entries() {
        if secret.origin == crate::model::SecretOrigin::BareKubeconfig {
            continue;
        }
        match first_seen.get(entry.cluster_id.as_str()) {
            Some(first) => sink.entry(
                secret_index,
                entry_index,
                entry.line,
                format!(
                    "cluster `{}` is already registered by Secret `{first}`: istiod skips this one",
                    entry.cluster_id
                ),
            ),
            None => {
                first_seen.insert(&entry.cluster_id, secret.display_name());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::report::Verdict;

    #[test]
    fn fires_on_the_second_secret() {
        let second = healthy().replace("istio-remote-secret-cluster2", "istio-remote-secret-again");
        let input = format!("{}{}", healthy(), second);
        let report = check_fires("cluster-id-duplicate", &input, &[42]);
        assert_eq!(report.verdicts[0].verdict, Verdict::Ok);
        assert_eq!(report.verdicts[1].verdict, Verdict::Rejected);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cluster-id-duplicate", &healthy());
    }
}
