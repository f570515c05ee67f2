//! `auth-file-reference`: other file paths (the CA file) in the kubeconfig.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-file-reference",
    severity: Severity::Warning,
    summary: "A cluster reads its CA from a file path (`certificate-authority:`).",
    why: prose!("istiod's sanitizer allows a CA file (it is read locally and never sent), so istiod accepts the entry, but client-go opens the file inside the istiod pod while validating. The entry works only if that path exists there (a mounted Secret, say); a path from your laptop does not, and then `Validate` fails (`unable to read certificate-authority ...`) and istiod rejects the cluster."),
    fix: prose!("Inline the CA: `certificate-authority-data: <base64 of the PEM file>` (`kubectl config view --raw --minify --flatten`), or mount the file into istiod at that path."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateClusterInfo"),
        Citation::istio("pkg/kube/util.go", "sanitizeKubeConfig"),
    ]),
    steps: &[3],
    effect: Effect::Risk,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: unable to read certificate-authority {path} for {cluster} due to open {path}: no such file or directory",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for cluster in &config.clusters {
            if let Some(file) = &cluster.certificate_authority {
                let path = &file.value;
                sink.entry(
                    at,
                    file.line,
                    format!(
                        "cluster `{}` reads its CA from `{path}`, which must exist inside the istiod pod",
                        cluster.name
                    ),
                )
                .validation(vec![format!(
                    "unable to read certificate-authority {path} for {} due to open {path}: no such file or directory",
                    cluster.name
                )]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_ca_file() {
        let input = healthy().replace(
            "        server:",
            "        certificate-authority: /home/me/.minikube/ca.crt\n        server:",
        );
        check_fires("auth-file-reference", &input, &["certificate-authority:"]);
    }

    #[test]
    fn a_ca_file_alone_puts_the_entry_at_risk() {
        let healthy = healthy();
        let data_line = healthy
            .lines()
            .find(|line| line.contains("certificate-authority-data:"))
            .unwrap();
        let input = healthy.replace(data_line, "        certificate-authority: /etc/remote/ca.crt");
        let report = check_fires(
            "auth-file-reference",
            &input,
            &[line_of(&input, "certificate-authority:")],
        );
        assert_eq!(first_verdict(&report), Verdict::AtRisk);
        assert_eq!(
            report.verdicts[0].istiod_log.as_deref(),
            Some("Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: unable to read certificate-authority /etc/remote/ca.crt for cluster2 due to open /etc/remote/ca.crt: no such file or directory")
        );
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("auth-file-reference", &healthy());
    }
}
