//! `server-not-https`: a server URL that is not `https://`.

use super::{Check, Context, Effect, Sink};
use crate::report::Severity;

pub const CHECK: Check = Check {
    id: "server-not-https",
    severity: Severity::Warning,
    summary: "The server URL is not `https://`.",
    why: "Over plain HTTP the reader token travels in clear text, and most API servers do not listen for it at all.",
    fix: "Use the API server's `https://` address, as `kubectl config view --minify` shows it.",
    source: "client-go rest.Config (Host); Kubernetes API servers serve TLS",
    steps: &[3, 10],
    effect: Effect::Risk,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (secret_index, entry_index, config) in context.kubeconfigs() {
        let Some(server) = config.current_cluster().and_then(|cluster| cluster.server.as_ref()) else {
            continue;
        };
        if !server.value.trim().is_empty() && !server.value.starts_with("https://") {
            sink.entry(
                secret_index,
                entry_index,
                server.line,
                format!("the server `{}` is not an https:// URL", server.value),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_http() {
        let input = healthy().replace("server: https://", "server: http://");
        check_fires("server-not-https", &input, &[17]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("server-not-https", &healthy());
    }
}
