//! `mesh-chain-broken`: a cluster's CA certificate does not chain to its own root.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "mesh-chain-broken",
    severity: Severity::Error,
    summary: "A cluster's `ca-cert.pem` does not chain through `cert-chain.pem` to its `root-cert.pem`.",
    why: prose!("istiod signs workload certificates with `ca-cert.pem` and sends `cert-chain.pem` with them; peers verify that chain against `root-cert.pem`. A chain that does not reach the root (a missing intermediate, a chain from another CA, an expired link) makes every workload certificate of that cluster untrusted."),
    fix: prose!("Rebuild the `cacerts` Secret from one set of files: `cert-chain.pem` is `ca-cert.pem`, then each intermediate, then `root-cert.pem` (Istio's `tools/certs` Makefile writes them so)."),
    source: sources!(&[
        Citation::istio("security/pkg/pki/util/keycertbundle.go", "KeyCertBundle.VerifyAndSetAll"),
        Citation::go("src/crypto/x509/verify.go", "Certificate.Verify"),
    ]),
    steps: &[8, 12, 14],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let Some(mesh) = context.mesh else { return };
    for (index, place, go_error) in &mesh.chain_errors {
        sink.mesh(format!(
            "cluster {}: the CA certificate ({place}) does not chain to the cluster's root: `{go_error}`",
            index + 1
        ));
    }
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{certificate_pem, issued_certificate_pem, CertificateSpec, NOW};
    use crate::trust::Evidence;

    fn spec(name: &str, seed: u8) -> CertificateSpec {
        CertificateSpec::named_ca(name, seed, NOW)
    }

    fn files(ca_issuer: &CertificateSpec, root: &CertificateSpec) -> Vec<(String, String)> {
        let ca = issued_certificate_pem(&spec("cluster CA", 42), ca_issuer, &[]);
        vec![
            ("ca-cert.pem".to_string(), ca.clone()),
            ("cert-chain.pem".to_string(), format!("{ca}{}", certificate_pem(root))),
            ("root-cert.pem".to_string(), certificate_pem(root)),
        ]
    }

    #[test]
    fn fires_when_the_ca_was_issued_by_another_root() {
        let root = spec("mesh root", 40);
        let evidence = Evidence::with_keys("").with_mesh(&files(&root, &root), &files(&spec("other root", 41), &root));
        let report = check_fires_with_evidence("mesh-chain-broken", "", &evidence, &[0]);
        let message = message_of(&report, "mesh-chain-broken");
        assert!(
            message.starts_with("cluster 2: the CA certificate (ca-cert.pem:1)"),
            "{message}"
        );
        assert!(
            message.contains("x509: certificate signed by unknown authority"),
            "{message}"
        );
        check_quiet_with_evidence("mesh-root-mismatch", "", &evidence);
    }

    #[test]
    fn quiet_when_both_chain_to_the_shared_root() {
        let root = spec("mesh root", 40);
        let evidence = Evidence::with_keys("").with_mesh(&files(&root, &root), &files(&root, &root));
        check_quiet_with_evidence("mesh-chain-broken", "", &evidence);
    }
}
