//! `cert-parse`: a certificate block that is not X.509.

use super::istiod::client_build;
use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::CertificateContent;

pub const CHECK: Check = Check {
    id: "cert-parse",
    severity: Severity::Error,
    summary: "A certificate block does not parse as X.509.",
    why: prose!("Go skips blocks it cannot parse; when none is left, the client cannot be built and istiod rejects the cluster, otherwise the bad block is dead weight that hides a copy error."),
    fix: prose!("Copy the CA again from the remote cluster (`kubectl config view --raw --minify`), without edits to the PEM body."),
    source: sources!(&[
        Citation::go("src/crypto/x509/cert_pool.go", "CertPool.AppendCertsFromPEM"),
        Citation::client_go("transport/transport.go", "rootCertPool"),
    ]),
    steps: &[3, 10],
    effect: Effect::Reject,
    stage: Stage::ClientBuild,
    istiod_log: "Add cluster: create remote cluster failed: failed to create kube clients: unable to load root certificates: unable to parse bytes as PEM block",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, field) in context.certificate_fields() {
        let CertificateContent::Blocks { blocks, .. } = &field.content else {
            continue;
        };
        let any_good = blocks.iter().any(|block| block.result.is_ok());
        for block in blocks {
            if let Err(reason) = &block.result {
                // Go skips blocks that do not parse; the pool is empty, and the client cannot be
                // built, only when none does, and only for a field client-go uses.
                let in_use = context.field_in_use(at, field);
                let effect = match (in_use, any_good) {
                    (false, _) => Effect::None,
                    (true, true) => Effect::Risk,
                    (true, false) => Effect::Reject,
                };
                let finding = sink.entry_with(
                    at,
                    field.line,
                    format!(
                        "block {} of `{}` is not a certificate: {reason}",
                        block.position, field.field
                    ),
                    effect,
                );
                finding.log = (effect == Effect::Reject && field.field == "certificate-authority-data")
                    .then(|| client_build("unable to load root certificates: unable to parse bytes as PEM block"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::base64;

    #[test]
    fn fires_on_a_corrupt_block() {
        let healthy = healthy();
        let start = healthy.find("certificate-authority-data: ").unwrap() + "certificate-authority-data: ".len();
        let end = start + healthy[start..].find('\n').unwrap();
        let corrupt = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
        let input = format!("{}{}{}", &healthy[..start], base64(corrupt), &healthy[end..]);
        let report = check_fires("cert-parse", &input, &["certificate-authority-data:"]);
        assert_eq!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("cert-parse", &healthy());
    }

    const CORRUPT: &str = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";

    #[test]
    fn a_corrupt_block_beside_a_good_one_puts_the_entry_at_risk() {
        let spec = crate::fixtures::RemoteSecretSpec::healthy(crate::fixtures::NOW);
        let input = healthy().replace(&base64(&spec.ca_pem), &base64(&format!("{}{CORRUPT}", spec.ca_pem)));
        let report = check_fires("cert-parse", &input, &["certificate-authority-data:"]);
        assert_eq!(first_verdict(&report), Verdict::AtRisk);
        assert_eq!(finding_of(&report, "cert-parse").log, None);
    }

    #[test]
    fn a_field_the_current_context_does_not_use_decides_nothing() {
        let data = base64(CORRUPT);
        let report = check_fires("cert-parse", &with_unused_cluster(&data), &[data.as_str()]);
        assert_eq!(first_verdict(&report), Verdict::Ok);
    }
}
