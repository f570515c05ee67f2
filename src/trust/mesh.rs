//! The mesh's shared root: what each cluster's Istio CA trusts and uses, read from its `cacerts`
//! Secret (`root-cert.pem`, `cert-chain.pem`, `ca-cert.pem`; a `ca-key.pem` is noted and never
//! read), its `istio-ca-root-cert` ConfigMap, or plain PEM files named as istioctl's tools name
//! them. Two clusters' workloads authenticate each other only if both trust one root, and each
//! CA's certificate must chain to it (Istio's plug-in CA: "Plug in CA Certificates").

use base64::Engine;

use super::chain::{self, Presented};
use super::Verify;
use crate::pem;
use crate::yaml;

/// What a certificate is to its cluster's CA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `root-cert.pem`: what the cluster's workloads trust.
    Root,
    /// `cert-chain.pem`: the CA's certificate, its intermediates, the root.
    Chain,
    /// `ca-cert.pem`: the certificate istiod signs workload certificates with.
    Ca,
}

/// One certificate of a cluster, with where it was read.
#[derive(Clone, Debug)]
pub struct MeshCertificate {
    pub file: String,
    pub line: usize,
    pub role: Role,
    pub der: Vec<u8>,
}

/// What one cluster's files hold.
#[derive(Clone, Debug, Default)]
pub struct Cluster {
    pub certificates: Vec<MeshCertificate>,
    /// `file:line` of each private key seen (never read).
    pub private_keys: Vec<String>,
    /// `file:line: what` for what could not be read.
    pub problems: Vec<String>,
}

impl Cluster {
    /// Reads one cluster's files: (name, text) each.
    pub fn read(files: &[(String, String)]) -> Cluster {
        let mut cluster = Cluster::default();
        for (name, text) in files {
            cluster.read_file(name, text);
        }
        cluster
    }

    fn certificates_of(&self, role: Role) -> impl Iterator<Item = &MeshCertificate> {
        self.certificates
            .iter()
            .filter(move |certificate| certificate.role == role)
    }

    /// The roots: `root-cert.pem`, else the last certificate of `cert-chain.pem`.
    pub fn roots(&self) -> Vec<&MeshCertificate> {
        let roots: Vec<&MeshCertificate> = self.certificates_of(Role::Root).collect();
        if roots.is_empty() {
            return self.certificates_of(Role::Chain).last().into_iter().collect();
        }
        roots
    }

    fn read_file(&mut self, name: &str, text: &str) {
        let parsed = yaml::parse(text, 1).ok();
        let kind = parsed.as_ref().and_then(|value| yaml::get_str(value, "kind"));
        match (kind, &parsed) {
            (Some("Secret"), Some(value)) => {
                for (field, encoded) in [("data", true), ("stringData", false)] {
                    let Some(map) = value.get(field).and_then(yaml::Value::as_mapping) else {
                        continue;
                    };
                    for (key, item) in map {
                        let (Some(key), Some(item)) = (yaml::scalar_text(key), yaml::scalar_text(item)) else {
                            continue;
                        };
                        let line = line_of(text, &format!("{key}:"));
                        let content = if encoded {
                            match base64::engine::general_purpose::STANDARD.decode(item.trim()) {
                                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                                Err(_) => {
                                    self.problems.push(format!("{name}:{line}: `{key}` is not base64"));
                                    continue;
                                }
                            }
                        } else {
                            item
                        };
                        self.read_pem(&format!("{name} ({key})"), &key, &content, line);
                    }
                }
            }
            (Some("ConfigMap"), Some(value)) => {
                let root = value
                    .get("data")
                    .and_then(|data| data.get("root-cert.pem"))
                    .and_then(yaml::scalar_text);
                match root {
                    Some(root) => {
                        let line = line_of(text, "root-cert.pem:");
                        self.read_pem(&format!("{name} (root-cert.pem)"), "root-cert.pem", &root, line);
                    }
                    None => self.problems.push(format!(
                        "{name}:1: a ConfigMap without `root-cert.pem` (istio-ca-root-cert has it)"
                    )),
                }
            }
            _ => self.read_pem(name, name, text, 1),
        }
    }

    /// Reads the PEM `text` of `key` (a file or data key name, which gives the role).
    fn read_pem(&mut self, file: &str, key: &str, text: &str, first_line: usize) {
        let role = if key.contains("cert-chain") {
            Role::Chain
        } else if key.contains("ca-cert") {
            Role::Ca
        } else {
            Role::Root
        };
        let mut found = false;
        for (line, label, _, _) in pem::blocks(text) {
            if pem::is_private_key(&label) {
                self.private_keys.push(format!("{file}:{}", first_line + line - 1));
                found = true;
            }
        }
        let presented = Presented::parse(text);
        for (line, der) in presented.certificates {
            found = true;
            self.certificates.push(MeshCertificate {
                file: file.to_string(),
                line: first_line + line - 1,
                role,
                der,
            });
        }
        for problem in presented.problems {
            found = true;
            self.problems
                .push(format!("{file}:{}: {}", first_line + problem.line - 1, problem.message));
        }
        if !found && !key.contains("ca-key") {
            self.problems.push(format!("{file}:{first_line}: no certificate in it"));
        }
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .map_or(1, |index| index + 1)
}

/// The outcome for two clusters.
#[derive(Clone, Debug)]
pub struct MeshOutcome {
    pub clusters: [Cluster; 2],
    /// A root both trust (its subject), if any; `None` also when a side has none.
    pub shared_root: Option<String>,
    /// Whether both sides have roots, so that a mismatch can be told.
    pub both_have_roots: bool,
    /// For each cluster with a CA certificate (or a chain): Go's error when it does not chain to
    /// the cluster's own roots.
    pub chain_errors: Vec<(usize, String, String)>,
}

/// Checks two clusters' trust at `now`.
pub fn check(cluster1: Cluster, cluster2: Cluster, now: i64, signatures: &dyn Verify) -> MeshOutcome {
    let clusters = [cluster1, cluster2];
    let roots: Vec<Vec<&MeshCertificate>> = clusters.iter().map(Cluster::roots).collect();
    let both_have_roots = roots.iter().all(|side| !side.is_empty());
    let shared_root = roots[0]
        .iter()
        .find(|root| roots[1].iter().any(|other| other.der == root.der))
        .map(|root| subject_of(&root.der));
    let mut chain_errors = Vec::new();
    for (index, cluster) in clusters.iter().enumerate() {
        let leaf = cluster
            .certificates_of(Role::Ca)
            .next()
            .or_else(|| cluster.certificates_of(Role::Chain).next());
        let Some(leaf) = leaf else { continue };
        let mut certificates = vec![(leaf.line, leaf.der.clone())];
        certificates.extend(
            cluster
                .certificates_of(Role::Chain)
                .filter(|certificate| certificate.der != leaf.der)
                .map(|certificate| (certificate.line, certificate.der.clone())),
        );
        let presented = Presented {
            certificates,
            problems: Vec::new(),
        };
        let side_roots: Vec<&[u8]> = roots[index].iter().map(|root| root.der.as_slice()).collect();
        if side_roots.is_empty() {
            continue;
        }
        if let Some(outcome) = chain::verify(&presented, &side_roots, "", now, signatures) {
            if let Err(problem) = outcome.result {
                chain_errors.push((index, format!("{}:{}", leaf.file, leaf.line), problem.go_error()));
            }
        }
    }
    MeshOutcome {
        clusters,
        shared_root,
        both_have_roots,
        chain_errors,
    }
}

/// A certificate's name, as [`chain::name_of`] gives it.
pub fn subject_of(der: &[u8]) -> String {
    crate::x509::parse(der)
        .map(|(_, certificate)| chain::name_of(&certificate))
        .unwrap_or_default()
}
