//! `mesh-root-mismatch`: two clusters' Istio CAs trust no root in common.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;
use crate::trust::mesh::subject_of;

pub const CHECK: Check = Check {
    id: "mesh-root-mismatch",
    severity: Severity::Error,
    summary: "The two clusters' Istio CAs trust no root in common.",
    why: prose!("A remote workload's proxy verifies istiod's serving certificate and the other cluster's workload certificates against the root its own cluster gives it (`istio-ca-root-cert`). Without a shared root, each cluster's istiod runs a self-signed CA of its own and cross-cluster mTLS fails with `x509: certificate signed by unknown authority`."),
    fix: prose!("Plug the same root into both clusters: create the `cacerts` Secret in `istio-system` of each from one root (Istio's \"Plug in CA Certificates\"), then restart istiod and the workloads."),
    source: sources!(&[
        Citation::istio("security/pkg/pki/ca/ca.go", "NewPluggedCertIstioCAOptions"),
        Citation::doc(
            "How a remote workload first authenticates",
            "how-a-remote-workload-first-authenticates-the-diagram",
        ),
    ]),
    steps: &[8, 12, 14],
    effect: Effect::Fail,
    stage: Stage::Runtime,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let Some(mesh) = context.mesh else { return };
    if !mesh.both_have_roots || mesh.shared_root.is_some() {
        return;
    }
    let names = |index: usize| {
        let roots: Vec<String> = mesh.clusters[index]
            .roots()
            .iter()
            .map(|root| format!("`{}` ({})", subject_of(&root.der), root.file))
            .collect();
        roots.join(", ")
    };
    sink.mesh(
        format!(
            "cluster 1 trusts {}, cluster 2 trusts {}: no root in common, so workloads of one reject the other's certificates (`x509: certificate signed by unknown authority`)",
            names(0),
            names(1)
        ),
    );
}

#[cfg(all(test, feature = "verify"))]
mod tests {
    use crate::checks::testing::*;
    use crate::fixtures::{certificate_pem, CertificateSpec, NOW};
    use crate::trust::Evidence;

    fn root(name: &str, seed: u8) -> (String, String) {
        let spec = CertificateSpec::named_ca(name, seed, NOW);
        ("root-cert.pem".to_string(), certificate_pem(&spec))
    }

    #[test]
    fn fires_when_the_roots_differ() {
        let evidence = Evidence::with_keys("").with_mesh(&[root("root A", 40)], &[root("root B", 41)]);
        let report = check_fires_with_evidence("mesh-root-mismatch", "", &evidence, &[0]);
        assert!(message_of(&report, "mesh-root-mismatch").contains("cluster 1 trusts `root A` (root-cert.pem)"));
    }

    #[test]
    fn quiet_when_one_root_is_shared() {
        let evidence =
            Evidence::with_keys("").with_mesh(&[root("root A", 40)], &[root("root B", 41), root("root A", 40)]);
        check_quiet_with_evidence("mesh-root-mismatch", "", &evidence);
    }
}
