//! `server-not-https`: a server URL that is not `https://`.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "server-not-https",
    severity: Severity::Error,
    summary: "The server URL is not `https://` (or has no scheme).",
    why: prose!("client-go applies the token, the client certificate and the CA only when the transport is TLS: `DirectClientConfig.ClientConfig` merges them inside `if restclient.IsConfigTransportTLS(...)`, which is true only for an `https` URL (a server without a scheme defaults to `http`, since the CA is not merged yet when that is decided). Over `http://` istiod sends every request anonymously and in clear text; the API server refuses it or answers on its TLS port with `Client sent an HTTP request to an HTTPS server`, and the cluster never syncs."),
    fix: prose!("Use the API server's `https://` address, as `kubectl config view --minify` shows it."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/client_config.go", "DirectClientConfig.ClientConfig"),
        Citation::client_go("rest/url_utils.go", "DefaultServerURL"),
    ]),
    steps: &[3, 10],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        let Some(server) = config.current_cluster().and_then(|cluster| cluster.server.as_ref()) else {
            continue;
        };
        let url = server.value.trim();
        if url.is_empty() || url.starts_with("https://") {
            continue;
        }
        let message = if url.contains("://") {
            format!(
                "the server `{url}` is not https: client-go sends neither the token nor the CA over it, so istiod's requests are anonymous"
            )
        } else {
            format!(
                "the server `{url}` has no scheme: client-go reads it as `http://{url}` and sends neither the token nor the CA, so istiod's requests are anonymous"
            )
        };
        sink.entry(at, server.line, message);
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_http() {
        let input = healthy().replace("server: https://", "server: http://");
        let report = check_fires("server-not-https", &input, &[line_of(&input, "server: http://")]);
        assert_eq!(first_verdict(&report), Verdict::Failing);
    }

    #[test]
    fn fires_without_a_scheme() {
        let input = healthy().replace("server: https://", "server: ");
        let report = check_fires("server-not-https", &input, &[line_of(&input, "server: 10.")]);
        assert!(report.findings.iter().any(|f| f.message.contains("has no scheme")));
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("server-not-https", &healthy());
    }
}
