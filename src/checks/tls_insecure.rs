//! `tls-insecure`: TLS verification switched off.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "tls-insecure",
    severity: Severity::Warning,
    summary: "`insecure-skip-tls-verify: true`: the API server is not authenticated.",
    why: prose!("Anyone on the path can pose as the remote API server, receive the reader token, and feed istiod false endpoints."),
    fix: prose!("Remove the flag and add the API server's CA as `certificate-authority-data` (istioctl does)."),
    source: sources!(&[
        Citation::client_go("rest/config.go", "TLSClientConfig.Insecure"),
    ]),
    steps: &[3, 10],
    effect: Effect::Risk,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        let Some(cluster) = config.current_cluster() else {
            continue;
        };
        let Some(insecure) = cluster.insecure_skip_tls_verify.as_ref().filter(|flag| flag.value) else {
            continue;
        };
        // With a CA as well, `tls-insecure-with-ca` says the worse thing.
        if cluster.certificate_authority_data.is_none() && cluster.certificate_authority.is_none() {
            sink.entry(
                at,
                insecure.line,
                format!(
                    "TLS verification is off for `{}`: the API server is not authenticated",
                    cluster.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_without_ca() {
        let input = healthy_replacing_line(
            "certificate-authority-data",
            "        insecure-skip-tls-verify: true
",
        );
        let report = check_fires("tls-insecure", &input, &["insecure-skip-tls-verify:"]);
        assert_eq!(first_verdict(&report), Verdict::AtRisk);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("tls-insecure", &healthy());
    }
}
