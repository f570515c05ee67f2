//! `cert-data-base64`: a `*-data` certificate field that is not base64.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::CertificateContent;

pub const CHECK: Check = Check {
    id: "cert-data-base64",
    severity: Severity::Error,
    summary: "A `*-data` certificate field is not valid base64.",
    why: prose!(
        "client-go cannot load the kubeconfig (`illegal base64 data at input byte N`): istiod rejects the cluster."
    ),
    fix: prose!("Encode the PEM file with `base64 -w0`; do not paste the PEM itself into a `*-data` field."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/api/v1/types.go", "Cluster.CertificateAuthorityData"),
        Citation::client_go("tools/clientcmd/loader.go", "Load"),
    ]),
    steps: &[3, 10],
    effect: Effect::Reject,
    stage: Stage::Load,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig cannot be loaded: illegal base64 data",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, field) in context.certificate_fields() {
        if let CertificateContent::InvalidBase64 { problem } = &field.content {
            sink.entry(at, field.line, format!("`{}` is not base64: {problem}", field.field));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_pem_pasted_raw() {
        let input = healthy().replace("certificate-authority-data: ", "certificate-authority-data: -----BEGIN");
        check_fires("cert-data-base64", &input, &["certificate-authority-data:"]);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-data-base64", &healthy());
    }
}
