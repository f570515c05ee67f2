//! Kubernetes' name rules (k8s.io/apimachinery `pkg/util/validation`), shared by the checks that
//! judge names and by the generator that must refuse them as istioctl does. A leaf: plain
//! functions on text.

/// `IsDNS1123Label`: lower-case letters, digits and `-`, starting and ending with a letter or
/// digit, at most 63 characters (namespaces, istioctl's `--name`).
pub fn is_dns1123_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// The most characters a DNS-1123 subdomain may have.
pub const MAX_SUBDOMAIN_LENGTH: usize = 253;

/// `IsDNS1123Subdomain`: dot-separated labels of lower-case letters, digits and `-`, at most 253
/// characters (object names such as a Secret's).
pub fn is_dns1123_subdomain(name: &str) -> bool {
    let label_ok = |label: &str| {
        let bytes = label.as_bytes();
        !bytes.is_empty()
            && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
    };
    name.len() <= MAX_SUBDOMAIN_LENGTH && name.split('.').all(label_ok)
}

/// `IsConfigMapKey`: the keys of a Secret's `data`.
pub fn is_config_map_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_SUBDOMAIN_LENGTH
        && key != "."
        && key != ".."
        && !key.starts_with("..")
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_subdomains_and_keys() {
        assert!(is_dns1123_label("istio-system"));
        assert!(!is_dns1123_label("a.b"));
        assert!(!is_dns1123_label(&"a".repeat(64)));
        assert!(!is_dns1123_label("-a"));
        assert!(is_dns1123_subdomain("istio-remote-secret-cluster2"));
        assert!(is_dns1123_subdomain("a.b-c.d"));
        assert!(!is_dns1123_subdomain("a..b"));
        assert!(!is_dns1123_subdomain("Cluster_2"));
        assert!(is_config_map_key("cluster-2_a.b"));
        assert!(!is_config_map_key("a b"));
        assert!(!is_config_map_key(".."));
    }
}
