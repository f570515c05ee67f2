//! `server-loopback`: a server address that only means "this machine".

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::host_of;

pub const CHECK: Check = Check {
    id: "server-loopback",
    severity: Severity::Error,
    summary: "The server is a loopback address (127.0.0.0/8, `localhost`, `::1`, `0.0.0.0`).",
    why: prose!("Inside istiod's pod that address is istiod itself: the remote API server is never reached, and the cluster stays in `timeout` (`remote cluster X failed to sync after 30s`). Typical with kind and minikube kubeconfigs."),
    fix: prose!("Regenerate with `istioctl create-remote-secret --server=https://<address reachable from the primary>:6443`; with kind, the control-plane container's IP (`docker inspect <cluster>-control-plane`)."),
    source: sources!(&[
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "createRemoteSecret"),
        Citation::istio_issue(58047),
        Citation::istio("pkg/kube/multicluster/cluster.go", "Cluster.Run"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "remote cluster {cluster} failed to sync after 30s",
    run,
};

pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let address_is_loopback = |address: std::net::IpAddr| match address {
        std::net::IpAddr::V4(v4) => v4.is_loopback() || v4.is_unspecified(),
        std::net::IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_loopback() || v4.is_unspecified())
        }
    };
    host == "localhost" || host.ends_with(".localhost") || host.parse().is_ok_and(address_is_loopback)
}

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        let Some(server) = config.current_cluster().and_then(|cluster| cluster.server.as_ref()) else {
            continue;
        };
        if is_loopback(host_of(&server.value)) {
            sink.entry(
                at,
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

    #[test]
    fn fires_on_loopback_servers() {
        for server in [
            "https://127.0.0.1:60535",
            "https://localhost:6443",
            "https://[::1]:6443",
            "https://0.0.0.0",
            "https://[0::1]:6443",
        ] {
            let input = healthy().replace("https://10.0.0.2:6443", server);
            let report = check_fires("server-loopback", &input, &["server:"]);
            assert_eq!(first_verdict(&report), Verdict::Failing);
        }
    }

    #[test]
    fn finds_hosts() {
        assert_eq!(host_of("https://[::1]:6443/x"), "::1");
        assert_eq!(host_of("https://api.example.com:443"), "api.example.com");
        assert_eq!(host_of("10.0.0.1"), "10.0.0.1");
        assert!(!is_loopback("128.0.0.1"));
        assert!(is_loopback("0::1"), "any spelling of ::1");
        assert!(is_loopback("::ffff:127.0.0.1"), "IPv4-mapped loopback");
        assert!(is_loopback("::ffff:0.0.0.0"), "IPv4-mapped unspecified");
        assert!(!is_loopback("::ffff:10.0.0.1"));
        assert!(is_loopback("127.1.2.3"));
        assert!(!is_loopback("::2"));
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("server-loopback", &healthy());
    }
}
