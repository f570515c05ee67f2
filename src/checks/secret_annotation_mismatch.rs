//! `secret-annotation-mismatch`: the cluster annotation disagrees with the key.

use super::{At, Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "secret-annotation-mismatch",
    severity: Severity::Info,
    summary: "The annotation `networking.istio.io/cluster` is missing or differs from the key.",
    why: prose!("istiod ignores the annotation and registers the cluster under the data key; people read the annotation, and proxies that send the annotation's name fail with `client claims to be in cluster ...`."),
    fix: prose!("Make the annotation equal to the key, and check that the remote's proxies use that cluster ID."),
    source: sources!(&[
        Citation::istio("pkg/kube/multicluster/secretcontroller.go", "Controller.addSecret"),
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "createRemoteServiceAccountSecret"),
    ]),
    steps: &[9],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, secret) in context.real_secrets() {
        if secret.entries.len() != 1 {
            continue;
        }
        let entry = &secret.entries[0];
        match &secret.cluster_annotation {
            None => {
                sink.entry(
                    At {
                        secret: secret_index,
                        entry: 0,
                    },
                    secret.metadata_line,
                    format!(
                        "no `networking.istio.io/cluster` annotation; istiod uses the key `{}`",
                        entry.cluster_id
                    ),
                );
            }
            Some(annotation) if annotation.value != entry.cluster_id => {
                sink.entry(
                    At {
                        secret: secret_index,
                        entry: 0,
                    },
                    annotation.line,
                    format!(
                    "the annotation says `{}` but istiod registers the key `{}`: proxies claiming `{}` will be refused",
                    annotation.value, entry.cluster_id, annotation.value
                ),
                );
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_mismatch() {
        let input = healthy().replace(
            "networking.istio.io/cluster: cluster2",
            "networking.istio.io/cluster: east",
        );
        check_fires("secret-annotation-mismatch", &input, &["networking.istio.io/cluster:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-annotation-mismatch", &healthy());
    }
}
