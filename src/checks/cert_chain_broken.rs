//! `cert-chain-broken`: a certificate of a bundle whose issuer the bundle does not hold, or whose
//! signature no holder of its issuer's name verifies.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::model::CertificateContent;
use crate::trust::chain::{broken_links, LinkProblem};
use crate::trust::Verify;

pub const CHECK: Check = Check {
    id: "cert-chain-broken",
    severity: Severity::Warning,
    summary: "A certificate of a bundle does not link to the bundle: its issuer is absent, its signature does not verify, or its issuer may not sign it (not a CA, key usage, path length).",
    why: prose!("client-go puts every certificate of `certificate-authority-data` into the pool of roots, each trusted on its own, so a broken link decides nothing for istiod: what the API server presents only has to chain to one of them. But a bundle that reads as a chain and is not one was put together from the wrong files: an intermediate without the root it was issued by, or certificates of two generations of a CA. When the certificate that does sign the server's is the one missing, `x509: certificate signed by unknown authority` follows."),
    fix: prose!("Take the bundle again from the source (`kubectl --context=REMOTE config view --raw --minify`, or the cluster's `kube-root-ca.crt` ConfigMap) rather than joining files by hand; keep each intermediate with the root that issued it."),
    source: sources!(&[
        Citation::go("src/crypto/x509/cert_pool.go", "CertPool.AppendCertsFromPEM"),
        Citation::client_go("transport/transport.go", "rootCertPool"),
        Citation::go("src/crypto/x509/x509.go", "Certificate.CheckSignatureFrom"),
    ]),
    steps: &[],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    // Signatures only where there is a verifier (the app's, once its extras are in); absent
    // issuers always.
    let signatures = context.evidence.can_verify().then_some(context.evidence as &dyn Verify);
    for (at, field) in context.certificate_fields() {
        let CertificateContent::Blocks { blocks, .. } = &field.content else {
            continue;
        };
        let certificates: Vec<&[u8]> = blocks
            .iter()
            .filter_map(|block| block.result.as_ref().ok())
            .map(|certificate| certificate.der.as_slice())
            .collect();
        // One certificate is a trust anchor, not a chain.
        if certificates.len() < 2 {
            continue;
        }
        for link in broken_links(&certificates, signatures) {
            let which = format!("certificate {} of `{}` (`{}`)", link.index + 1, field.field, link.name);
            let holder = |place: &usize| format!("certificate {} (`{}`)", place + 1, link.issuer);
            let message = match &link.problem {
                LinkProblem::IssuerAbsent => format!(
                    "{which} names the issuer `{}`, which the bundle does not hold; client-go trusts it on its own",
                    link.issuer
                ),
                LinkProblem::Signature {
                    holder: place,
                    go_error,
                } => format!(
                    "{which} is not signed by {}, whose name it gives as its issuer: `{go_error}`",
                    holder(place)
                ),
                LinkProblem::NotCa { holder: place } => {
                    format!("{which} is signed by {}, which is not a CA", holder(place))
                }
                LinkProblem::KeyUsage { holder: place } => format!(
                    "{which} is signed by {}, whose key usage does not allow signing certificates (`keyCertSign`)",
                    holder(place)
                ),
                LinkProblem::PathLength { holder: place } => format!(
                    "{which} is a CA signed by {}, whose path length of 0 allows no CA below it",
                    holder(place)
                ),
            };
            sink.entry(at, field.line, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{base64, certificate_pem, issued_certificate_pem, CertificateSpec, NOW};

    fn spec(name: &str, seed: u8) -> CertificateSpec {
        CertificateSpec::named_ca(name, seed, NOW)
    }

    /// The healthy fixture with `bundle` as its CA.
    fn with_bundle(bundle: &str) -> String {
        healthy().replace(
            &base64(&certificate_pem(&CertificateSpec::cluster_ca(NOW))),
            &base64(bundle),
        )
    }

    #[test]
    fn fires_on_an_intermediate_without_its_root_and_decides_nothing() {
        let intermediate = issued_certificate_pem(&spec("intermediate", 31), &spec("root", 30), &[]);
        let input = with_bundle(&format!(
            "{intermediate}{}",
            certificate_pem(&CertificateSpec::cluster_ca(NOW))
        ));
        assert_ne!(input, healthy());
        let line = line_of(&input, "certificate-authority-data:");
        let report = check_fires("cert-chain-broken", &input, &[line]);
        assert_eq!(
            message_of(&report, "cert-chain-broken"),
            "certificate 1 of `certificate-authority-data` (`intermediate`) names the issuer `root`, which the bundle does not hold; client-go trusts it on its own"
        );
        assert_eq!(first_verdict(&report), Verdict::Ok);
    }

    #[test]
    fn quiet_on_a_chain_that_links_and_on_one_certificate() {
        let root = spec("root", 30);
        let chain = format!(
            "{}{}",
            issued_certificate_pem(&spec("intermediate", 31), &root, &[]),
            certificate_pem(&root)
        );
        check_quiet("cert-chain-broken", &with_bundle(&chain));
        check_quiet("cert-chain-broken", &healthy());
    }

    #[cfg(feature = "verify")]
    #[test]
    fn fires_on_a_signature_that_does_not_verify_with_a_verifier_only() {
        let forged = issued_certificate_pem(&spec("intermediate", 31), &spec("root", 33), &[]);
        let input = with_bundle(&format!("{forged}{}", certificate_pem(&spec("root", 30))));
        let evidence = crate::trust::Evidence::with_keys("");
        let line = line_of(&input, "certificate-authority-data:");
        let report = check_fires_with_evidence("cert-chain-broken", &input, &evidence, &[line]);
        assert!(
            message_of(&report, "cert-chain-broken").ends_with(
                "is not signed by certificate 2 (`root`), whose name it gives as its issuer: `x509: ECDSA verification failure`"
            ),
            "{}",
            message_of(&report, "cert-chain-broken")
        );
        check_quiet("cert-chain-broken", &input);
    }

    #[cfg(feature = "verify")]
    #[test]
    fn fires_on_an_issuer_that_may_not_sign_what_it_signed() {
        use crate::fixtures::constrained_chain_pem;
        use rcgen::KeyUsagePurpose::{DigitalSignature, KeyCertSign};
        let evidence = crate::trust::Evidence::with_keys("");
        let message = |(below, root): (String, String)| {
            let input = with_bundle(&format!("{below}{root}"));
            let report =
                check_fires_with_evidence("cert-chain-broken", &input, &evidence, &["certificate-authority-data:"]);
            message_of(&report, "cert-chain-broken").to_string()
        };
        let not_a_ca = spec("root", 30);
        let not_a_ca = CertificateSpec {
            is_ca: false,
            ..not_a_ca
        };
        let issued = issued_certificate_pem(&spec("leaf", 35), &not_a_ca, &[]);
        assert_eq!(
            message((issued, certificate_pem(&not_a_ca))),
            "certificate 1 of `certificate-authority-data` (`leaf`) is signed by certificate 2 (`root`), which is not a CA"
        );
        assert_eq!(
            message(constrained_chain_pem(1, vec![DigitalSignature])),
            "certificate 1 of `certificate-authority-data` (`ca below`) is signed by certificate 2 (`constrained root`), whose key usage does not allow signing certificates (`keyCertSign`)"
        );
        assert_eq!(
            message(constrained_chain_pem(0, vec![KeyCertSign])),
            "certificate 1 of `certificate-authority-data` (`ca below`) is a CA signed by certificate 2 (`constrained root`), whose path length of 0 allows no CA below it"
        );
    }
}
