//! `secret-name-convention`: a Secret name istioctl would not have written.

use super::{At, Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "secret-name-convention",
    severity: Severity::Info,
    summary: "The name is not `istio-remote-secret-<key>` (or `istio-kubeconfig` for `--type config`).",
    why: prose!("istiod does not read the name, but a second, differently named Secret for the same cluster is easy to miss and then clashes (`cluster-id-duplicate`)."),
    fix: prose!("Name it `istio-remote-secret-<cluster ID>`, as istioctl does."),
    source: sources!(&[
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "remoteSecretNameFromClusterName"),
    ]),
    steps: &[],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, secret) in context.real_secrets() {
        let (Some(name), [entry]) = (&secret.name, secret.entries.as_slice()) else {
            continue;
        };
        let expected = format!("istio-remote-secret-{}", entry.cluster_id);
        if name.value != expected && name.value != "istio-kubeconfig" {
            sink.entry(
                At {
                    secret: secret_index,
                    entry: 0,
                },
                name.line,
                format!("the name `{}` is not the conventional `{expected}`", name.value),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_another_name() {
        let input = healthy().replace("name: istio-remote-secret-cluster2", "name: my-secret");
        check_fires("secret-name-convention", &input, &["name:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("secret-name-convention", &healthy());
    }
}
