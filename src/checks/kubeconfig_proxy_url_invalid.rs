//! `kubeconfig-proxy-url-invalid`: a `proxy-url` client-go's `Validate` refuses.

use super::istiod::quote;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "kubeconfig-proxy-url-invalid",
    severity: Severity::Error,
    summary: "`proxy-url` is not a URL with the scheme `http`, `https` or `socks5`.",
    why: prose!("client-go's `Validate` parses every cluster's `proxy-url` and accepts only `http`, `https` and `socks5` (`invalid 'proxy-url' ... unsupported scheme`); a value Go's URL parser refuses fails too (`could not parse`). istiod rejects the kubeconfig."),
    fix: prose!("Write the proxy as `http://host:port` (or `https://`, `socks5://`), or remove `proxy-url` if istiod reaches the API server directly."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateClusterInfo"),
        Citation::client_go("tools/clientcmd/client_config.go", "parseProxyURL"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: invalid 'proxy-url' \"{url}\" for cluster \"{cluster}\": unsupported scheme \"{scheme}\", must be http, https, or socks5",
    run,
};

/// What `parseProxyURL` answers, or `None` when it accepts the URL. Follows Go's `url.Parse`
/// where it matters here: a scheme is letters first, then letters, digits, `+`, `-` or `.`,
/// before a colon; without one, a colon in the first path segment is a parse error.
pub fn proxy_url_error(url: &str) -> Option<String> {
    let scheme_end = url.find(':');
    let scheme = scheme_end.map(|end| &url[..end]).filter(|candidate| {
        candidate.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && candidate
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if url.starts_with(':') {
        return Some(format!("could not parse: {url}"));
    }
    let scheme = match scheme {
        Some(scheme) => scheme.to_ascii_lowercase(),
        None => {
            let first_segment = url.split('/').next().unwrap_or_default();
            if first_segment.contains(':') {
                return Some(format!("could not parse: {url}"));
            }
            String::new()
        }
    };
    match scheme.as_str() {
        "http" | "https" | "socks5" => None,
        other => Some(format!(
            "unsupported scheme {}, must be http, https, or socks5",
            quote(other)
        )),
    }
}

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for cluster in &config.clusters {
            let Some(proxy) = cluster.proxy_url.as_ref().filter(|proxy| !proxy.value.is_empty()) else {
                continue;
            };
            let Some(error) = proxy_url_error(&proxy.value) else {
                continue;
            };
            sink.entry(
                at,
                proxy.line,
                format!(
                    "the `proxy-url` `{}` of cluster `{}` is refused: {error}",
                    proxy.value, cluster.name
                ),
            )
            .validation(vec![format!(
                "invalid 'proxy-url' {} for cluster {}: {error}",
                quote(&proxy.value),
                quote(&cluster.name)
            )]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::proxy_url_error;
    use crate::checks::testing::*;

    fn with_proxy(url: &str) -> String {
        healthy().replace("        server:", &format!("        proxy-url: {url}\n        server:"))
    }

    #[test]
    fn fires_on_an_unsupported_scheme() {
        let input = with_proxy("socks5h://proxy.corp:1080");
        let report = check_fires("kubeconfig-proxy-url-invalid", &input, &[line_of(&input, "proxy-url:")]);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: invalid 'proxy-url' \"socks5h://proxy.corp:1080\" for cluster \"cluster2\": unsupported scheme \"socks5h\", must be http, https, or socks5")
        );
    }

    #[test]
    fn fires_on_a_bare_host_and_port() {
        let input = with_proxy("10.0.0.1:3128");
        check_fires("kubeconfig-proxy-url-invalid", &input, &[line_of(&input, "proxy-url:")]);
        assert_eq!(
            proxy_url_error("10.0.0.1:3128").as_deref(),
            Some("could not parse: 10.0.0.1:3128")
        );
        assert_eq!(
            proxy_url_error("proxy.corp").as_deref(),
            Some("unsupported scheme \"\", must be http, https, or socks5")
        );
    }

    #[test]
    fn quiet_on_http_https_and_socks5() {
        for url in [
            "http://proxy:3128",
            "https://proxy",
            "socks5://proxy:1080",
            "HTTP://proxy",
        ] {
            assert_eq!(proxy_url_error(url), None, "{url}");
        }
        check_quiet("kubeconfig-proxy-url-invalid", &with_proxy("http://proxy.corp:3128"));
        check_quiet("kubeconfig-proxy-url-invalid", &healthy());
    }

    #[test]
    fn a_scheme_go_cannot_read_is_a_parse_error() {
        for url in [":3128", "1http://proxy:3128", "ht_tp://proxy:3128"] {
            assert_eq!(proxy_url_error(url), Some(format!("could not parse: {url}")), "{url}");
        }
    }
}
