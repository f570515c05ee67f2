//! `cert-self-signature-invalid`: a self-signed certificate whose signature does not verify with
//! its own key.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::trust::chain::self_signature;

pub const CHECK: Check = Check {
    id: "cert-self-signature-invalid",
    severity: Severity::Warning,
    summary: "A self-signed certificate's signature does not verify with its own key.",
    why: prose!("Go never checks a root's own signature (a root is trusted because it is in the pool), so this decides nothing for istiod. But a self-signature that does not verify means the bytes were changed after signing: a certificate edited by hand, truncated and padded, or spliced from two files. What else in it is wrong is anyone's guess."),
    fix: prose!("Take the CA again from the source: `kubectl --context=REMOTE config view --raw --minify` (its `certificate-authority-data`), or the cluster's `kube-root-ca.crt` ConfigMap."),
    source: sources!(&[
        Citation::go("src/crypto/x509/verify.go", "Certificate.isValid"),
        Citation::spec("RFC 5280 §6.1 (roots are trust anchors)", "https://www.rfc-editor.org/rfc/rfc5280#section-6.1"),
    ]),
    steps: &[],
    effect: Effect::None,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    // Signatures are checked only where there is a verifier (the app's, once its extras are in).
    if !context.evidence.can_verify() {
        return;
    }
    for (at, field, certificate) in context.certificates() {
        if !certificate.self_issued {
            continue;
        }
        if let Some(Err(error)) = self_signature(&certificate.der, context.evidence) {
            sink.entry(
                at,
                field.line,
                format!(
                    "the self-signature of `{}` in `{}` does not verify with its own key (`{error}`)",
                    certificate.subject, field.field
                ),
            );
        }
    }
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{base64, certificate_pem, CertificateSpec, NOW};
    use crate::trust::Evidence;

    /// The healthy fixture whose CA has one bit of its signature flipped.
    fn tampered() -> String {
        let pem = certificate_pem(&CertificateSpec::cluster_ca(NOW));
        let lines: Vec<&str> = pem.lines().collect();
        // The signature is at the end of the DER: change a character of the last base64 line.
        let last = lines.len() - 2;
        let mut changed: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
        let mut characters: Vec<char> = changed[last].chars().collect();
        characters[4] = if characters[4] == 'A' { 'B' } else { 'A' };
        changed[last] = characters.into_iter().collect();
        let tampered = changed.join("\n") + "\n";
        healthy().replace(&base64(&pem), &base64(&tampered))
    }

    #[test]
    fn fires_on_a_tampered_ca_and_decides_nothing() {
        let input = tampered();
        assert_ne!(input, healthy(), "the fixture's CA was found and changed");
        let report = check_fires_with_evidence(
            "cert-self-signature-invalid",
            &input,
            &Evidence::with_keys(""),
            &["certificate-authority-data:"],
        );
        assert!(message_of(&report, "cert-self-signature-invalid").contains("x509: ECDSA verification failure"));
        assert_eq!(first_verdict(&report), Verdict::Ok);
    }

    #[test]
    fn quiet_on_a_sound_ca_and_without_a_verifier() {
        check_quiet_with_evidence("cert-self-signature-invalid", &healthy(), &Evidence::with_keys(""));
        check_quiet("cert-self-signature-invalid", &tampered());
    }
}
