//! `server-loopback`: a server address that only means "this machine".

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "server-loopback",
    severity: Severity::Error,
    summary: "The server is a loopback address (127.0.0.0/8, `localhost`, `::1`, `0.0.0.0`).",
    why: "Inside istiod's pod that address is istiod itself: the remote API server is never reached, and the cluster stays in `timeout` (`remote cluster X failed to sync after 30s`). Typical with kind and minikube kubeconfigs.",
    fix: "Regenerate with `istioctl create-remote-secret --server=https://<address reachable from the primary>:6443`; with kind, the control-plane container's IP (`docker inspect <cluster>-control-plane`).",
    source: &[
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "createRemoteSecret"),
        Citation::istio_issue(58047),
        Citation::istio("pkg/kube/multicluster/cluster.go", "Cluster.Run"),
    ],
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "remote cluster {cluster} failed to sync after 30s",
    run,
};

/// The host part of a server URL (`https://[::1]:6443/path` gives `::1`).
pub fn host_of(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if let Some(bracketed) = authority.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or(bracketed);
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) && !host.contains(':') => host,
        _ => authority,
    }
}

pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host == "0:0:0:0:0:0:0:1"
        || host == "0.0.0.0"
        || host == "::"
        || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, config) in context.kubeconfigs() {
        let Some(server) = config.current_cluster().and_then(|cluster| cluster.server.as_ref()) else {
            continue;
        };
        if is_loopback(host_of(&server.value)) {
            sink.entry(
                secret_index,
                entry_index,
                server.line,
                format!(
                    "the server `{}` is a loopback address, never reachable from istiod's pod",
                    server.value
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::*;
    use crate::report::Verdict;

    #[test]
    fn fires_on_loopback_servers() {
        for server in [
            "https://127.0.0.1:60535",
            "https://localhost:6443",
            "https://[::1]:6443",
            "https://0.0.0.0",
        ] {
            let input = healthy().replace("https://10.0.0.2:6443", server);
            let report = check_fires("server-loopback", &input, &[17]);
            assert_eq!(first_verdict(&report), Verdict::Failing);
        }
    }

    #[test]
    fn finds_hosts() {
        assert_eq!(host_of("https://[::1]:6443/x"), "::1");
        assert_eq!(host_of("https://api.example.com:443"), "api.example.com");
        assert_eq!(host_of("10.0.0.1"), "10.0.0.1");
        assert!(!is_loopback("128.0.0.1"));
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("server-loopback", &healthy());
    }
}
