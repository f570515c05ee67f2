//! What `istioctl create-remote-secret` prints, from its parts: the same header, field order,
//! quoting, literal block and trailing `---`, byte for byte, in the layout of istioctl 1.28 and
//! later or of 1.7 to 1.27 (`creationTimestamp: null`, `preferences: {}`). istioctl's own
//! refusals and warnings are worded as istioctl words them; the checks on the parts themselves
//! (a CA that is not a PEM certificate, a token with whitespace, ...) are this tool's, per field.
//!
//! Deliberately absent: reading a cluster (the parts are given), and the 1.6 layout, which named
//! everything after the kube context rather than the cluster.

use base64::Engine;

use super::go_yaml::scalar;
use crate::k8s_names::is_dns1123_label;

/// Which Secret istioctl writes (`--type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SecretType {
    /// `istio-remote-secret-<name>`, keyed by the cluster name: for a primary's istiod.
    #[default]
    Remote,
    /// `istio-kubeconfig`, keyed `config`: for an external control plane.
    Config,
}

/// How the kubeconfig authenticates (`--auth-type`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `bearer-token`: the service account's token.
    BearerToken(String),
    /// `plugin`: an `auth-provider` with its name and `k=v` configuration (sorted, as Go's map).
    Plugin {
        name: String,
        config: std::collections::BTreeMap<String, String>,
    },
}

/// The output layout, by istioctl release.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// istioctl 1.28 and later.
    #[default]
    Current,
    /// istioctl 1.7 to 1.27: also `creationTimestamp: null` and `preferences: {}`.
    Istioctl1_27,
}

/// The parts of a remote secret, named as istioctl names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts {
    /// `--name`: the cluster ID.
    pub name: String,
    /// `--server`, or the API server of the kubeconfig.
    pub server: String,
    /// The API server's CA, as the bytes istioctl reads from the token Secret's `ca.crt`.
    pub certificate_authority: Vec<u8>,
    pub auth: Auth,
    /// `-n`: where the Secret goes (istiod's namespace).
    pub namespace: String,
    pub secret_type: SecretType,
    /// `--tls-server-name`.
    pub tls_server_name: Option<String>,
    pub layout: Layout,
}

/// What istioctl prints, and what it warns about on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    pub yaml: String,
    pub warnings: Vec<String>,
}

/// What istioctl refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `--name` is not a DNS-1123 label.
    NameNotDnsLabel(String),
    /// `--auth-type plugin` without `--auth-plugin-name`.
    PluginWithoutName,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NameNotDnsLabel(name) => write!(f, "{name} is not a valid DNS 1123 label"),
            Refusal::PluginWithoutName => f.write_str("--auth-plugin-name must be set with --auth-type=plugin"),
        }
    }
}

/// The kubeconfig istioctl writes into the Secret (`clientcmd.Write` of its `api.Config`).
pub fn kubeconfig(parts: &Parts) -> String {
    let name = scalar(&parts.name);
    let mut out = String::from("apiVersion: v1\nclusters:\n- cluster:\n");
    if !parts.certificate_authority.is_empty() {
        let data = base64::engine::general_purpose::STANDARD.encode(&parts.certificate_authority);
        out.push_str(&format!("    certificate-authority-data: {data}\n"));
    }
    out.push_str(&format!("    server: {}\n", scalar(&parts.server)));
    if let Some(tls_server_name) = parts.tls_server_name.as_deref().filter(|name| !name.is_empty()) {
        out.push_str(&format!("    tls-server-name: {}\n", scalar(tls_server_name)));
    }
    out.push_str(&format!(
        "  name: {name}\ncontexts:\n- context:\n    cluster: {name}\n    user: {name}\n  name: {name}\ncurrent-context: {name}\nkind: Config\n"
    ));
    if parts.layout == Layout::Istioctl1_27 {
        out.push_str("preferences: {}\n");
    }
    out.push_str(&format!("users:\n- name: {name}\n  user:\n"));
    match &parts.auth {
        Auth::BearerToken(token) => out.push_str(&format!("    token: {}\n", scalar(token))),
        Auth::Plugin { name, config } => {
            out.push_str("    auth-provider:\n");
            if !config.is_empty() {
                out.push_str("      config:\n");
                for (key, value) in config {
                    out.push_str(&format!("        {}: {}\n", scalar(key), scalar(value)));
                }
            }
            out.push_str(&format!("      name: {}\n", scalar(name)));
        }
    }
    out
}

/// The Secret istioctl prints for `parts`, or istioctl's refusal.
pub fn create_remote_secret(parts: &Parts) -> Result<Generated, Refusal> {
    if !is_dns1123_label(&parts.name) {
        return Err(Refusal::NameNotDnsLabel(parts.name.clone()));
    }
    if matches!(&parts.auth, Auth::Plugin { name, .. } if name.is_empty()) {
        return Err(Refusal::PluginWithoutName);
    }
    let mut warnings = Vec::new();
    let host = crate::model::host_of(&parts.server);
    if host == "127.0.0.1" || host == "localhost" {
        warnings.push(format!(
            "server in Kubeconfig is {}. This is likely not reachable from inside the cluster, if you're using Kubernetes in Docker, pass --server with the container IP for the API Server",
            parts.server
        ));
    }
    let (secret_name, key) = match parts.secret_type {
        SecretType::Remote => (format!("istio-remote-secret-{}", parts.name), parts.name.as_str()),
        SecretType::Config => ("istio-kubeconfig".to_string(), "config"),
    };
    let creation = match parts.layout {
        Layout::Current => "",
        Layout::Istioctl1_27 => "  creationTimestamp: null\n",
    };
    let body: String = kubeconfig(parts).lines().map(|line| format!("    {line}\n")).collect();
    let yaml = format!(
        "# This file is autogenerated, do not edit.\napiVersion: v1\nkind: Secret\nmetadata:\n  annotations:\n    networking.istio.io/cluster: {name}\n{creation}  labels:\n    istio/multiCluster: \"true\"\n  name: {secret_name}\n  namespace: {namespace}\nstringData:\n  {key}: |\n{body}---\n",
        name = scalar(&parts.name),
        secret_name = scalar(&secret_name),
        namespace = scalar(&parts.namespace),
        key = scalar(key),
    );
    Ok(Generated { yaml, warnings })
}

/// A problem with one input field, for the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The flag or form field: `ca`, `token`, `auth-plugin-config`, ...
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Checks the CA as given (PEM text): at least one `CERTIFICATE` block that parses, and no
/// private key. Returns the bytes istioctl would embed.
pub fn certificate_authority(text: &str) -> Result<Vec<u8>, FieldProblem> {
    let problem = |message: &str| FieldProblem {
        field: "ca",
        message: message.to_string(),
    };
    if text.contains("PRIVATE KEY-----") {
        return Err(problem(
            "this is a private key, not a CA certificate: paste the API server's CA (`-----BEGIN CERTIFICATE-----`), and never a key",
        ));
    }
    match crate::decode::certificate::decode_bytes(text.as_bytes()) {
        crate::model::CertificateContent::Blocks { der: false, blocks } if blocks.iter().any(|b| b.result.is_ok()) => {
            Ok(text.as_bytes().to_vec())
        }
        crate::model::CertificateContent::Blocks { der: false, .. } => {
            Err(problem("the PEM block does not hold a certificate that parses"))
        }
        _ => Err(problem(
            "not a PEM certificate: paste the text that starts with `-----BEGIN CERTIFICATE-----`",
        )),
    }
}

/// Checks the token as given: one line, no spaces.
pub fn token(text: &str) -> Result<String, FieldProblem> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(FieldProblem {
            field: "token",
            message: "no token".to_string(),
        });
    }
    if trimmed.chars().any(char::is_whitespace) {
        return Err(FieldProblem {
            field: "token",
            message: "the token holds spaces or line breaks: copy it again as one line".to_string(),
        });
    }
    Ok(trimmed.to_string())
}

/// Parses `--auth-plugin-config k=v` items (each `k=v`, or several comma-separated, as pflag's
/// string-to-string flag reads them).
pub fn plugin_config(items: &[String]) -> Result<std::collections::BTreeMap<String, String>, FieldProblem> {
    let mut config = std::collections::BTreeMap::new();
    for item in items.iter().flat_map(|item| item.split(',')) {
        match item.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                config.insert(key.trim().to_string(), value.to_string());
            }
            _ => {
                return Err(FieldProblem {
                    field: "auth-plugin-config",
                    message: format!("`{item}` is not `key=value`"),
                })
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{RemoteSecretSpec, NOW};

    fn parts() -> Parts {
        let spec = RemoteSecretSpec::healthy(NOW);
        Parts {
            name: spec.cluster_id.clone(),
            server: spec.server.clone(),
            certificate_authority: spec.ca_pem.clone().into_bytes(),
            auth: Auth::BearerToken(spec.token.clone()),
            namespace: "istio-system".to_string(),
            secret_type: SecretType::Remote,
            tls_server_name: None,
            layout: Layout::Current,
        }
    }

    #[test]
    fn the_current_layout_is_the_fixtures_istioctl_layout_byte_for_byte() {
        let generated = create_remote_secret(&parts()).unwrap();
        assert_eq!(generated.yaml, RemoteSecretSpec::healthy(NOW).istioctl_yaml());
        assert!(generated.warnings.is_empty());
        let report = crate::inspect(&generated.yaml, &crate::Settings::at(NOW));
        assert_eq!(report.verdicts[0].verdict, crate::report::Verdict::Ok);
    }

    #[test]
    fn the_1_27_layout_adds_its_two_marks() {
        let generated = create_remote_secret(&Parts {
            layout: Layout::Istioctl1_27,
            ..parts()
        })
        .unwrap();
        assert!(generated.yaml.contains("\n  creationTimestamp: null\n  labels:\n"));
        assert!(generated
            .yaml
            .contains("\n    kind: Config\n    preferences: {}\n    users:\n"));
    }

    #[test]
    fn config_type_plugin_auth_and_tls_server_name() {
        let mut config = std::collections::BTreeMap::new();
        config.insert("k1".to_string(), "v1".to_string());
        let generated = create_remote_secret(&Parts {
            secret_type: SecretType::Config,
            auth: Auth::Plugin {
                name: "foobar".to_string(),
                config,
            },
            tls_server_name: Some("api.internal".to_string()),
            ..parts()
        })
        .unwrap();
        assert!(generated.yaml.contains("  name: istio-kubeconfig\n"));
        assert!(generated.yaml.contains("\nstringData:\n  config: |\n"));
        assert!(generated
            .yaml
            .contains("        tls-server-name: api.internal\n      name: cluster2\n"));
        assert!(generated
            .yaml
            .contains("        auth-provider:\n          config:\n            k1: v1\n          name: foobar\n"));
    }

    #[test]
    fn istioctls_refusals_and_warning() {
        let refused = create_remote_secret(&Parts {
            name: "Cluster_2".to_string(),
            ..parts()
        });
        assert_eq!(
            refused.unwrap_err().to_string(),
            "Cluster_2 is not a valid DNS 1123 label"
        );
        let kind = create_remote_secret(&Parts {
            server: "https://127.0.0.1:60535".to_string(),
            ..parts()
        })
        .unwrap();
        assert_eq!(
            kind.warnings,
            vec!["server in Kubeconfig is https://127.0.0.1:60535. This is likely not reachable from inside the cluster, if you're using Kubernetes in Docker, pass --server with the container IP for the API Server".to_string()]
        );
    }

    #[test]
    fn fields_are_checked_one_by_one() {
        let spec = RemoteSecretSpec::healthy(NOW);
        assert!(certificate_authority(&spec.ca_pem).is_ok());
        assert_eq!(certificate_authority("hello").unwrap_err().field, "ca");
        let key = crate::fixtures::pem("PRIVATE KEY", b"not really a key");
        assert!(certificate_authority(&key).unwrap_err().message.contains("private key"));
        assert!(token("abc def").is_err());
        assert_eq!(token("  abc.def.ghi\n").unwrap(), "abc.def.ghi");
        assert_eq!(plugin_config(&["a=1,b=2".to_string()]).unwrap().len(), 2);
        assert_eq!(
            plugin_config(&["oops".to_string()]).unwrap_err().field,
            "auth-plugin-config"
        );
    }
}
