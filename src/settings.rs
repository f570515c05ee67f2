//! The settings that checks read: istiod's namespace, the primary's cluster ID, the insecure
//! kubeconfig options istiod re-allows, the expected reader service account, "now" and the expiry
//! warning window.
//!
//! "Now" is always a field here, never read from a clock: the core is pure, and
//! `SystemTime::now()` panics on wasm32 anyway. The shells (CLI, web app) fill it in.

use std::fmt;

/// One value of `PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS`, which re-allows what istiod's
/// `sanitizeKubeConfig` (`pkg/kube/util.go`) otherwise rejects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KubeconfigOption {
    Gcp,
    Azure,
    Exec,
    Openstack,
    ClientKey,
    ClientCertificate,
    TokenFile,
}

impl KubeconfigOption {
    /// Every option, in the spelling istiod's environment variable uses.
    pub const ALL: [KubeconfigOption; 7] = [
        KubeconfigOption::Gcp,
        KubeconfigOption::Azure,
        KubeconfigOption::Exec,
        KubeconfigOption::Openstack,
        KubeconfigOption::ClientKey,
        KubeconfigOption::ClientCertificate,
        KubeconfigOption::TokenFile,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KubeconfigOption::Gcp => "gcp",
            KubeconfigOption::Azure => "azure",
            KubeconfigOption::Exec => "exec",
            KubeconfigOption::Openstack => "openstack",
            KubeconfigOption::ClientKey => "clientKey",
            KubeconfigOption::ClientCertificate => "clientCertificate",
            KubeconfigOption::TokenFile => "tokenFile",
        }
    }

    /// Parses one name. istiod compares names exactly (a Go `sets.String`), so we do too.
    pub fn parse(name: &str) -> Option<KubeconfigOption> {
        KubeconfigOption::ALL.into_iter().find(|option| option.as_str() == name)
    }

    /// Parses the comma list of `PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS`. Empty items are
    /// skipped, as istiod's `strings.Split` plus set insertion would ignore them in effect.
    pub fn parse_list(list: &str) -> Result<Vec<KubeconfigOption>, String> {
        let mut options = Vec::new();
        for name in list.split(',').map(str::trim).filter(|name| !name.is_empty()) {
            match KubeconfigOption::parse(name) {
                Some(option) if !options.contains(&option) => options.push(option),
                Some(_) => {}
                None => {
                    let known: Vec<&str> = KubeconfigOption::ALL.iter().map(|o| o.as_str()).collect();
                    return Err(format!(
                        "unknown kubeconfig option `{name}` (known: {})",
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(options)
    }
}

impl fmt::Display for KubeconfigOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a check may read besides the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The namespace istiod runs in and watches for remote secrets.
    pub istio_namespace: String,
    /// istiod's own `CLUSTER_ID`; a remote secret key equal to it is skipped.
    pub primary_cluster_id: String,
    /// The value of `PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS`.
    pub allowed_kubeconfig_options: Vec<KubeconfigOption>,
    /// The service account whose token the remote secret should carry.
    pub expected_service_account: String,
    /// The instant the checks are evaluated at, in seconds since the Unix epoch.
    pub now: i64,
    /// How long before an expiry a warning is given, in seconds.
    pub warn_within_seconds: i64,
}

impl Settings {
    /// The defaults of docs/checks.md, evaluated at `now` (seconds since the Unix epoch).
    pub fn at(now: i64) -> Settings {
        Settings {
            istio_namespace: "istio-system".to_string(),
            primary_cluster_id: "Kubernetes".to_string(),
            allowed_kubeconfig_options: Vec::new(),
            expected_service_account: "istio-reader-service-account".to_string(),
            now,
            warn_within_seconds: 30 * DAY,
        }
    }

    pub fn allows(&self, option: KubeconfigOption) -> bool {
        self.allowed_kubeconfig_options.contains(&option)
    }

    /// Whether istiod's sanitizer lets an `auth-provider` of this name through: `oidc` always,
    /// any other only when the allow-list names it (`sanitizeKubeConfig`).
    pub fn allows_auth_provider(&self, name: &str) -> bool {
        name == "oidc" || KubeconfigOption::parse(name).is_some_and(|option| self.allows(option))
    }
}

/// Seconds in a day.
pub const DAY: i64 = 24 * 60 * 60;

/// Parses a duration such as `30d`, `12h`, `90m`, `45s` or `2w` into seconds.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: i64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 30d, 12h or 90m"))?;
    let unit_seconds = match unit {
        "w" => 7 * DAY,
        "d" | "" => DAY,
        "h" => 3600,
        "m" => 60,
        "s" => 1,
        _ => return Err(format!("`{text}` has an unknown unit (use w, d, h, m or s)")),
    };
    number
        .checked_mul(unit_seconds)
        .ok_or_else(|| format!("`{text}` is too long"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_istiod_option_list() {
        assert_eq!(
            KubeconfigOption::parse_list("exec, gcp,,exec").unwrap(),
            vec![KubeconfigOption::Exec, KubeconfigOption::Gcp]
        );
        assert!(KubeconfigOption::parse_list("Exec").is_err());
        assert_eq!(KubeconfigOption::parse_list("").unwrap(), vec![]);
    }

    #[test]
    fn parses_durations() {
        assert_eq!(parse_duration("30d"), Ok(30 * DAY));
        assert_eq!(parse_duration("12h"), Ok(12 * 3600));
        assert_eq!(parse_duration("7"), Ok(7 * DAY));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3y").is_err());
    }
}
