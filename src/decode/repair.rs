//! Detects a remote secret whose indentation was lost in a copy from a web page, and rebuilds
//! it: the keys of istioctl's layout are known, so each one's depth can be restored, and parent
//! lines that pages drop (`metadata:`, `stringData:`, `clusters:`, `user:`, ...) put back.
//!
//! Deliberately limited to istioctl's layout (docs/istio.md): that is what people copy from blogs.
//! Values that were lost (a dropped `server:` line) cannot be inferred and are not invented; the
//! repaired text then gets its own findings when inspected.

use crate::model::IndentationRepair;

/// Keys that never stand at column 0, neither in a Secret nor in a bare kubeconfig (where
/// `- cluster:` and `current-context:` do); several of them there mean the indentation was lost.
const NESTED_KEYS: [&str; 7] = [
    "certificate-authority-data",
    "server",
    "token",
    "istio/multiCluster",
    "networking.istio.io/cluster",
    "cluster",
    "user",
];

pub fn detect(input: &str) -> Option<IndentationRepair> {
    let flat_nested = input
        .lines()
        .filter(|line| !line.starts_with(' '))
        .filter(|line| starts_nested_key(line))
        .count();
    let looks_like_secret = input.lines().any(|line| {
        let line = line.trim();
        line == "kind: Secret" || line == "kind: Config"
    });
    if flat_nested < 2 || !looks_like_secret {
        return None;
    }
    let line = input.lines().position(starts_nested_key).map_or(1, |index| index + 1);
    let (repaired, missing_parents) = rebuild(input);
    Some(IndentationRepair {
        line,
        missing_parents,
        repaired,
    })
}

/// Whether `line` starts with one of [`NESTED_KEYS`] and its colon.
fn starts_nested_key(line: &str) -> bool {
    NESTED_KEYS
        .iter()
        .any(|key| line.strip_prefix(key).is_some_and(|rest| rest.starts_with(':')))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Top,
    Metadata,
    Annotations,
    Labels,
    Data,
    Kubeconfig,
    ClusterItem,
    ContextItem,
    UserItem,
    UserFields,
}

struct Builder {
    out: Vec<String>,
    emitted: Vec<&'static str>,
    missing: Vec<String>,
    section: Section,
    /// Indentation of the kubeconfig inside the block scalar.
    base: usize,
}

impl Builder {
    fn line(&mut self, indent: usize, text: &str) {
        self.out.push(format!("{}{}", " ".repeat(indent), text));
    }

    /// Emits a parent key line once, noting it as missing when the input did not have it.
    fn ensure(&mut self, key: &'static str, indent: usize) {
        if !self.emitted.contains(&key) {
            self.emitted.push(key);
            self.missing.push(format!("{key}:"));
            self.line(indent, &format!("{key}:"));
        }
    }

    fn explicit(&mut self, key: &'static str) {
        if !self.emitted.contains(&key) {
            self.emitted.push(key);
        }
    }
}

fn rebuild(input: &str) -> (String, Vec<String>) {
    let mut builder = Builder {
        out: Vec::new(),
        emitted: Vec::new(),
        missing: Vec::new(),
        section: Section::Top,
        base: 4,
    };
    for raw in input.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line == "---" {
            builder.line(0, line);
            continue;
        }
        let key = line.split(':').next().unwrap_or("").trim();
        let base = builder.base;
        let in_kubeconfig = matches!(
            builder.section,
            Section::Kubeconfig | Section::ClusterItem | Section::ContextItem | Section::UserItem | Section::UserFields
        );
        match key {
            "metadata" | "stringData" | "data" | "annotations" | "labels" if !in_kubeconfig => {
                // The section a key opens, as the Secret writes it, and the key's indentation.
                let (name, section, indent) = match key {
                    "metadata" => ("metadata", Section::Metadata, 0),
                    "labels" => ("labels", Section::Labels, 2),
                    "annotations" => ("annotations", Section::Annotations, 2),
                    _ => ("stringData", Section::Data, 0),
                };
                builder.explicit(name);
                builder.section = section;
                builder.line(indent, line);
            }
            "apiVersion" | "kind" | "type" if !in_kubeconfig => builder.line(0, line),
            "networking.istio.io/cluster" | "istio.io/clusterContext" => {
                builder.ensure("metadata", 0);
                builder.ensure("annotations", 2);
                builder.section = Section::Annotations;
                builder.line(4, line);
            }
            "istio/multiCluster" => {
                builder.ensure("metadata", 0);
                builder.ensure("labels", 2);
                builder.section = Section::Labels;
                builder.line(4, line);
            }
            "creationTimestamp" | "name" | "namespace" | "uid" | "resourceVersion"
                if !in_kubeconfig && builder.section != Section::Data =>
            {
                builder.ensure("metadata", 0);
                builder.section = Section::Metadata;
                builder.line(2, line);
            }
            _ if !in_kubeconfig && line.ends_with(": |") || line.ends_with(": |-") => {
                builder.ensure("stringData", 0);
                builder.section = Section::Kubeconfig;
                builder.line(2, line);
            }
            "clusters" | "contexts" | "users" => {
                builder.explicit(match key {
                    "clusters" => "clusters",
                    "contexts" => "contexts",
                    _ => "users",
                });
                builder.section = Section::Kubeconfig;
                builder.line(base, line);
            }
            "apiVersion" | "kind" | "current-context" | "preferences" => {
                builder.section = Section::Kubeconfig;
                builder.line(base, line);
            }
            "- cluster" | "- context" | "- name" => {
                // An item of the list the key opens, the list put back when its line was lost.
                let (list, section) = match key {
                    "- cluster" => ("clusters", Section::ClusterItem),
                    "- context" => ("contexts", Section::ContextItem),
                    _ => ("users", Section::UserItem),
                };
                builder.ensure(list, base);
                builder.section = section;
                builder.line(base, line);
            }
            "user" if builder.section == Section::UserItem => {
                builder.explicit("user");
                builder.section = Section::UserFields;
                builder.line(base + 2, line);
            }
            "name" => builder.line(base + 2, line),
            "token"
            | "tokenFile"
            | "client-certificate-data"
            | "client-key-data"
            | "client-certificate"
            | "client-key"
            | "username"
            | "password"
            | "auth-provider"
            | "exec" => {
                if builder.section == Section::UserItem {
                    builder.ensure("user", base + 2);
                    builder.section = Section::UserFields;
                }
                builder.line(base + 4, line);
            }
            _ if matches!(
                builder.section,
                Section::ClusterItem | Section::ContextItem | Section::UserFields
            ) =>
            {
                builder.line(base + 4, line);
            }
            _ if builder.section == Section::Annotations || builder.section == Section::Labels => {
                builder.line(4, line);
            }
            _ if builder.section == Section::Data => builder.line(2, line),
            _ if in_kubeconfig => builder.line(base, line),
            _ => builder.line(0, line),
        }
    }
    let mut text = builder.out.join("\n");
    text.push('\n');
    (text, builder.missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLATTENED: &str = "\
apiVersion: v1
kind: Secret
networking.istio.io/cluster: c2
istio/multiCluster: \"true\"
name: istio-remote-secret-c2
namespace: istio-system
c2: |
apiVersion: v1
- cluster:
certificate-authority-data: AAAA
server: https://10.0.0.1
name: c2
- context:
cluster: c2
user: c2
name: c2
current-context: c2
kind: Config
- name: c2
token: abc
";

    #[test]
    fn restores_indentation_and_dropped_parents() {
        let repair = detect(FLATTENED).expect("detected");
        assert_eq!(
            repair.missing_parents,
            [
                "metadata:",
                "annotations:",
                "labels:",
                "stringData:",
                "clusters:",
                "contexts:",
                "users:",
                "user:"
            ]
        );
        let expected = "\
apiVersion: v1
kind: Secret
metadata:
  annotations:
    networking.istio.io/cluster: c2
  labels:
    istio/multiCluster: \"true\"
  name: istio-remote-secret-c2
  namespace: istio-system
stringData:
  c2: |
    apiVersion: v1
    clusters:
    - cluster:
        certificate-authority-data: AAAA
        server: https://10.0.0.1
      name: c2
    contexts:
    - context:
        cluster: c2
        user: c2
      name: c2
    current-context: c2
    kind: Config
    users:
    - name: c2
      user:
        token: abc
";
        assert_eq!(repair.repaired, expected);
    }

    #[test]
    fn leaves_indented_input_alone() {
        assert!(detect("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n").is_none());
        // A bare kubeconfig has `- cluster:` and `current-context:` at column 0 by design.
        let kubeconfig = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://x\n  name: c\ncontexts:\n- context:\n    cluster: c\n    user: c\n  name: c\ncurrent-context: c\nkind: Config\nusers:\n- name: c\n  user:\n    token: t\n";
        assert!(detect(kubeconfig).is_none());
    }
}
