//! `server-private-hint`: a server name reachable only from some networks.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::host_of;

pub const CHECK: Check = Check {
    id: "server-private-hint",
    severity: Severity::Info,
    summary: "The server name (`host.docker.internal`, `*.local`, ...) resolves only on some networks.",
    why: prose!("Such names work on a developer's machine but usually not from a pod in another cluster: istiod may never reach the API server."),
    fix: prose!("Use an address that the primary cluster's pods can reach (`istioctl create-remote-secret --server`)."),
    source: sources!(&[
        Citation::doc("The deployment", "the-deployment"),
    ]),
    steps: &[3, 10],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        let Some(server) = config.current_cluster().and_then(|cluster| cluster.server.as_ref()) else {
            continue;
        };
        let host = host_of(&server.value).to_ascii_lowercase();
        let private = host == "host.docker.internal"
            || host == "kubernetes.docker.internal"
            || host == "host.minikube.internal"
            || host.ends_with(".local")
            || host.ends_with(".internal")
            || host.ends_with(".lan")
            || (!host.contains('.') && !host.contains(':') && host != "localhost" && !host.is_empty());
        if private {
            sink.entry(
                at,
                server.line,
                format!("`{host}` may resolve only on your machine or network, not from istiod's pod"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_docker_names() {
        let input = healthy().replace("https://10.0.0.2:6443", "https://host.docker.internal:6443");
        check_fires("server-private-hint", &input, &["server:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("server-private-hint", &healthy());
    }

    #[test]
    fn fires_on_local_suffixes_and_single_labels_only() {
        for host in [
            "api.cluster.local",
            "k8s.home.lan",
            "api.corp.internal",
            "kube-apiserver",
        ] {
            let input = healthy().replace("10.0.0.2", host);
            let report = check_fires("server-private-hint", &input, &["server:"]);
            assert!(message_of(&report, "server-private-hint").starts_with(&format!("`{host}`")));
        }
        // localhost is server-loopback's; addresses and public names are no hint.
        for host in ["localhost", "[fd00::1]", "api.example.com"] {
            check_quiet("server-private-hint", &healthy().replace("10.0.0.2", host));
        }
    }
}
