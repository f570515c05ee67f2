//! `kubeconfig-proxy-url`: a proxy between istiod and the API server.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-proxy-url",
    severity: Severity::Info,
    summary: "The cluster has a `proxy-url`.",
    why: prose!("istiod will connect through that proxy, which must be reachable from its pod; istioctl before the fix of istio/istio#51934 dropped the field when generating the Secret."),
    fix: prose!("Check that the proxy is reachable from the primary cluster; with an older istioctl, add the field back by hand."),
    source: sources!(&[
        Citation::istio_issue(51934),
        Citation::client_go("rest/config.go", "Config.Proxy"),
    ]),
    steps: &[3, 10],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for cluster in &config.clusters {
            if let Some(proxy) = &cluster.proxy_url {
                sink.entry(
                    at,
                    proxy.line,
                    format!(
                        "istiod will reach `{}` through the proxy `{}`",
                        cluster.name, proxy.value
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_proxy_url() {
        let input = healthy().replace(
            "        server:",
            "        proxy-url: http://proxy:3128\n        server:",
        );
        check_fires("kubeconfig-proxy-url", &input, &["proxy-url:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("kubeconfig-proxy-url", &healthy());
    }
}
