//! Decodes a kubeconfig the way client-go's `clientcmd.Load` reads it (unknown fields ignored,
//! wrong types an error), into the model with absolute line numbers.
//!
//! `to_outer` maps a line of the kubeconfig text to a line of the whole input: for a `stringData`
//! block scalar the lines correspond one to one; for base64 `data` they all map to the data key.

use crate::decode::{certificate, key_pair, token};
use crate::model::{
    CertificateData, ExecPlugin, KeyPair, KubeCluster, KubeContext, KubeUser, Kubeconfig, Located, UnknownField,
};
use crate::trust::Evidence;
use crate::yaml::{self, Locator, Step, SyntaxError, Value};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawConfig {
    kind: Option<String>,
    #[serde(rename = "current-context")]
    current_context: Option<String>,
    clusters: Option<Vec<Named<RawCluster>>>,
    contexts: Option<Vec<Named<RawContext>>>,
    users: Option<Vec<Named<RawUser>>>,
    preferences: Option<yaml::Value>,
}

#[derive(Deserialize)]
struct Named<T> {
    #[serde(default)]
    name: String,
    #[serde(alias = "cluster", alias = "context", alias = "user")]
    #[serde(default)]
    item: Option<T>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawCluster {
    server: Option<String>,
    #[serde(rename = "certificate-authority")]
    certificate_authority: Option<String>,
    #[serde(rename = "certificate-authority-data")]
    certificate_authority_data: Option<String>,
    #[serde(rename = "insecure-skip-tls-verify")]
    insecure_skip_tls_verify: Option<bool>,
    #[serde(rename = "tls-server-name")]
    tls_server_name: Option<String>,
    #[serde(rename = "proxy-url")]
    proxy_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawContext {
    cluster: Option<String>,
    user: Option<String>,
    namespace: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawUser {
    token: Option<String>,
    #[serde(rename = "tokenFile")]
    token_file: Option<String>,
    username: Option<String>,
    password: Option<String>,
    #[serde(rename = "client-certificate")]
    client_certificate: Option<String>,
    #[serde(rename = "client-certificate-data")]
    client_certificate_data: Option<String>,
    #[serde(rename = "client-key")]
    client_key: Option<String>,
    #[serde(rename = "client-key-data")]
    client_key_data: Option<String>,
    #[serde(rename = "auth-provider")]
    auth_provider: Option<RawAuthProvider>,
    exec: Option<RawExec>,
    #[serde(rename = "as")]
    impersonate: Option<String>,
    #[serde(rename = "as-uid")]
    impersonate_uid: Option<String>,
    #[serde(rename = "as-groups")]
    impersonate_groups: Option<Vec<String>>,
    #[serde(rename = "as-user-extra")]
    impersonate_user_extra: Option<yaml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawAuthProvider {
    name: String,
    /// Only the keys are kept: the values hold tokens and secrets.
    config: Option<std::collections::BTreeMap<String, yaml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawExec {
    command: Option<String>,
    #[serde(rename = "apiVersion")]
    api_version: Option<String>,
    #[serde(rename = "interactiveMode")]
    interactive_mode: Option<String>,
    env: Option<Vec<RawEnv>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEnv {
    name: Option<String>,
}

/// Whether a parsed value looks like a kubeconfig at all (used to tell remote secrets from other
/// Secrets in a list).
pub fn looks_like_kubeconfig(value: &Value) -> bool {
    value.get("clusters").is_some()
        || value.get("current-context").is_some()
        || yaml::get_str(value, "kind") == Some("Config")
}

/// Parses `text` once: the value (or the syntax error, its line mapped by `to_outer`) for
/// [`decode_parsed`] and [`looks_like_kubeconfig`].
pub fn parse(text: &str, to_outer: &dyn Fn(usize) -> usize) -> Result<Value, Located<String>> {
    yaml::parse(text, 1).map_err(|error| located_error(&error, to_outer))
}

/// Decodes a kubeconfig already parsed from `text`; on failure, the error with its line already
/// mapped by `to_outer`.
pub fn decode_parsed(
    text: &str,
    value: Value,
    to_outer: &dyn Fn(usize) -> usize,
    evidence: &Evidence,
) -> Result<Kubeconfig, Located<String>> {
    // client-go rejects a value that is not a mapping before looking at any field.
    if !value.is_mapping() {
        return Err(Located {
            value: "the value is not a YAML mapping: couldn't get version/kind".to_string(),
            line: to_outer(1),
        });
    }
    // From the parsed value first; from the text only when that fails, which also reads plain
    // scalars such as `name: 0` as strings (as client-go does) and gives errors their position.
    let unknown = unknown_fields(&value);
    let raw: RawConfig = match yaml::from_value(value) {
        Some(raw) => raw,
        None => yaml::from_str(text).map_err(|error| located_error(&error, to_outer))?,
    };
    let locator = Locator::new(text, 1);
    let at = |path: &[Step]| to_outer(locator.find(path).unwrap_or(1));
    let located = |value: Option<String>, path: &[Step]| value.map(|value| Located { value, line: at(path) });

    let clusters = raw
        .clusters
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, named)| {
            let item = item_step(&named.name, index);
            let field = |key: &'static str| [Step::Key("clusters"), item, Step::Key("cluster"), Step::Key(key)];
            let cluster = named.item.unwrap_or_default();
            KubeCluster {
                line: at(&[Step::Key("clusters"), item]),
                server: located(cluster.server, &field("server")),
                certificate_authority: located(cluster.certificate_authority, &field("certificate-authority")),
                certificate_authority_data: cluster.certificate_authority_data.map(|data| {
                    certificate::decode_field(
                        "certificate-authority-data",
                        &data,
                        at(&field("certificate-authority-data")),
                    )
                }),
                insecure_skip_tls_verify: cluster.insecure_skip_tls_verify.map(|value| Located {
                    value,
                    line: at(&field("insecure-skip-tls-verify")),
                }),
                tls_server_name: located(cluster.tls_server_name, &field("tls-server-name")),
                proxy_url: located(cluster.proxy_url, &field("proxy-url")),
                name: named.name,
            }
        })
        .collect();

    let contexts = raw
        .contexts
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, named)| {
            let item = item_step(&named.name, index);
            let field = |key: &'static str| [Step::Key("contexts"), item, Step::Key("context"), Step::Key(key)];
            let context = named.item.unwrap_or_default();
            KubeContext {
                line: at(&[Step::Key("contexts"), item]),
                cluster: located(context.cluster.filter(|c| !c.is_empty()), &field("cluster")),
                user: located(context.user.filter(|u| !u.is_empty()), &field("user")),
                namespace: located(context.namespace.filter(|n| !n.is_empty()), &field("namespace")),
                name: named.name,
            }
        })
        .collect();

    let users = raw
        .users
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, named)| {
            let item = item_step(&named.name, index);
            let field = |key: &'static str| [Step::Key("users"), item, Step::Key("user"), Step::Key(key)];
            let user = named.item.unwrap_or_default();
            let non_empty = |value: Option<String>| value.filter(|text| !text.is_empty());
            let client_certificate_data = non_empty(user.client_certificate_data).map(|data| {
                certificate::decode_field("client-certificate-data", &data, at(&field("client-certificate-data")))
            });
            let client_key_pair = key_pair_of(client_certificate_data.as_ref(), user.client_key_data.as_deref());
            KubeUser {
                line: at(&[Step::Key("users"), item]),
                token: non_empty(user.token).map(|value| token::decode(&value, at(&field("token")), evidence)),
                token_file: located(non_empty(user.token_file), &field("tokenFile")),
                username: located(non_empty(user.username), &field("username")),
                password_line: non_empty(user.password).map(|_| at(&field("password"))),
                client_certificate: located(non_empty(user.client_certificate), &field("client-certificate")),
                client_certificate_data,
                client_key: located(non_empty(user.client_key), &field("client-key")),
                client_key_pair,
                client_key_data_line: non_empty(user.client_key_data).map(|_| at(&field("client-key-data"))),
                auth_provider_config_keys: user
                    .auth_provider
                    .as_ref()
                    .and_then(|provider| provider.config.as_ref())
                    .map(|config| config.keys().cloned().collect())
                    .unwrap_or_default(),
                auth_provider: located(
                    user.auth_provider.map(|provider| provider.name),
                    &field("auth-provider"),
                ),
                exec: user.exec.map(|exec| ExecPlugin {
                    line: at(&field("exec")),
                    command: non_empty(exec.command),
                    api_version: non_empty(exec.api_version),
                    interactive_mode: located(
                        non_empty(exec.interactive_mode),
                        &[
                            Step::Key("users"),
                            item,
                            Step::Key("user"),
                            Step::Key("exec"),
                            Step::Key("interactiveMode"),
                        ],
                    ),
                    env_without_name: exec
                        .env
                        .unwrap_or_default()
                        .iter()
                        .filter(|variable| variable.name.as_deref().is_none_or(str::is_empty))
                        .count(),
                }),
                impersonation_details: [
                    (
                        "as-uid",
                        user.impersonate_uid.as_deref().is_some_and(|uid| !uid.is_empty()),
                    ),
                    (
                        "as-groups",
                        user.impersonate_groups
                            .as_ref()
                            .is_some_and(|groups| !groups.is_empty()),
                    ),
                    (
                        "as-user-extra",
                        user.impersonate_user_extra
                            .as_ref()
                            .and_then(yaml::Value::as_mapping)
                            .is_some_and(|extra| !extra.is_empty()),
                    ),
                ]
                .into_iter()
                .filter(|(_, set)| *set)
                .map(|(key, _)| Located {
                    value: key,
                    line: at(&field(key)),
                })
                .collect(),
                impersonate: located(non_empty(user.impersonate), &field("as")),
                name: named.name,
            }
        })
        .collect();

    Ok(Kubeconfig {
        line: at(&[Step::Key("kind")]),
        kind: raw.kind,
        current_context: located(
            raw.current_context.filter(|name| !name.is_empty()),
            &[Step::Key("current-context")],
        ),
        clusters,
        contexts,
        users,
        empty_preferences: raw
            .preferences
            .is_some_and(|preferences| preferences.as_mapping().is_some_and(|map| map.is_empty()))
            .then(|| at(&[Step::Key("preferences")])),
        unknown_fields: unknown
            .into_iter()
            .map(|found| UnknownField {
                line: at(&found.path.iter().map(PathStep::step).collect::<Vec<_>>()),
                parent: found.parent,
                field: found.field,
                suggestion: found.suggestion,
            })
            .collect(),
    })
}

fn item_step(name: &str, index: usize) -> Step<'_> {
    if name.is_empty() {
        Step::Item(index)
    } else {
        Step::ItemWith("name", name)
    }
}

fn located_error(error: &SyntaxError, to_outer: &dyn Fn(usize) -> usize) -> Located<String> {
    Located {
        value: format!(
            "{} (line {}, column {} of the kubeconfig)",
            error.message, error.line, error.column
        ),
        line: to_outer(error.line),
    }
}

/// Whether the user's client certificate and key are a pair; `None` unless both are there and
/// the certificate decodes (`cert-data-*` speak about a certificate that does not).
fn key_pair_of(certificate: Option<&CertificateData>, key_base64: Option<&str>) -> Option<KeyPair> {
    let key_base64 = key_base64.filter(|key| !key.is_empty())?;
    let der = &certificate?.certificates().next()?.der;
    Some(match certificate::decode_base64(key_base64) {
        Ok(key) => key_pair::compare(der, &key),
        Err(_) => KeyPair::Unreadable {
            reason: "`client-key-data` is not base64".to_string(),
        },
    })
}

/// The fields client-go's `api/v1` types know, per place in a kubeconfig (their JSON tags).
/// client-go's decoder is case-sensitive and drops anything else without a word.
mod known {
    pub const CONFIG: &[&str] = &[
        "kind",
        "apiVersion",
        "preferences",
        "clusters",
        "users",
        "contexts",
        "current-context",
        "extensions",
    ];
    pub const PREFERENCES: &[&str] = &["colors", "extensions"];
    pub const NAMED_CLUSTER: &[&str] = &["name", "cluster"];
    pub const CLUSTER: &[&str] = &[
        "server",
        "tls-server-name",
        "insecure-skip-tls-verify",
        "certificate-authority",
        "certificate-authority-data",
        "proxy-url",
        "disable-compression",
        "extensions",
    ];
    pub const NAMED_CONTEXT: &[&str] = &["name", "context"];
    pub const CONTEXT: &[&str] = &["cluster", "user", "namespace", "extensions"];
    pub const NAMED_USER: &[&str] = &["name", "user"];
    pub const USER: &[&str] = &[
        "client-certificate",
        "client-certificate-data",
        "client-key",
        "client-key-data",
        "token",
        "tokenFile",
        "as",
        "as-uid",
        "as-groups",
        "as-user-extra",
        "username",
        "password",
        "auth-provider",
        "exec",
        "extensions",
    ];
    pub const AUTH_PROVIDER: &[&str] = &["name", "config"];
    pub const EXEC: &[&str] = &[
        "command",
        "args",
        "env",
        "apiVersion",
        "installHint",
        "provideClusterInfo",
        "interactiveMode",
    ];
}

/// A step of the path to an unknown field, owned so that it outlives the parsed value.
#[derive(Clone)]
enum PathStep {
    Key(String),
    Named(String),
    Item(usize),
}

impl PathStep {
    fn step(&self) -> Step<'_> {
        match self {
            PathStep::Key(key) => Step::Key(key),
            PathStep::Named(name) => Step::ItemWith("name", name),
            PathStep::Item(index) => Step::Item(*index),
        }
    }
}

struct FoundField {
    path: Vec<PathStep>,
    parent: String,
    field: String,
    suggestion: Option<&'static str>,
}

/// Every key of `value` that client-go does not know, with the known key it most resembles.
fn unknown_fields(value: &yaml::Value) -> Vec<FoundField> {
    let mut found = Vec::new();
    check_keys(value, known::CONFIG, &[], "", &mut found);
    if let Some(preferences) = value.get("preferences") {
        check_keys(
            preferences,
            known::PREFERENCES,
            &[PathStep::Key("preferences".into())],
            "preferences",
            &mut found,
        );
    }
    for (list, named_known, inner_key, inner_known) in [
        ("clusters", known::NAMED_CLUSTER, "cluster", known::CLUSTER),
        ("contexts", known::NAMED_CONTEXT, "context", known::CONTEXT),
        ("users", known::NAMED_USER, "user", known::USER),
    ] {
        let Some(items) = value.get(list).and_then(yaml::Value::as_sequence) else {
            continue;
        };
        for (index, item) in items.iter().enumerate() {
            let name = yaml::get_str(item, "name").unwrap_or_default().to_string();
            let item_step = || {
                if name.is_empty() {
                    PathStep::Item(index)
                } else {
                    PathStep::Named(name.clone())
                }
            };
            let label = if name.is_empty() {
                format!("{list}[{index}]")
            } else {
                format!("{list}[{name}]")
            };
            check_keys(
                item,
                named_known,
                &[PathStep::Key(list.into()), item_step()],
                &label,
                &mut found,
            );
            let Some(inner) = item.get(inner_key) else { continue };
            let inner_path = || vec![PathStep::Key(list.into()), item_step(), PathStep::Key(inner_key.into())];
            check_keys(
                inner,
                inner_known,
                &inner_path(),
                &format!("{label}.{inner_key}"),
                &mut found,
            );
            for (nested, nested_known) in [("auth-provider", known::AUTH_PROVIDER), ("exec", known::EXEC)] {
                if let Some(nested_value) = inner.get(nested).filter(|_| list == "users") {
                    let mut path = inner_path();
                    path.push(PathStep::Key(nested.into()));
                    check_keys(
                        nested_value,
                        nested_known,
                        &path,
                        &format!("{label}.{inner_key}.{nested}"),
                        &mut found,
                    );
                }
            }
        }
    }
    found
}

fn check_keys(
    value: &yaml::Value,
    known: &'static [&'static str],
    path: &[PathStep],
    parent: &str,
    found: &mut Vec<FoundField>,
) {
    let Some(mapping) = value.as_mapping() else { return };
    for key in mapping.keys() {
        let Some(key) = yaml::scalar_text(key) else { continue };
        if known.contains(&key.as_str()) {
            continue;
        }
        let mut field_path: Vec<PathStep> = path.to_vec();
        field_path.push(PathStep::Key(key.clone()));
        found.push(FoundField {
            path: field_path,
            parent: parent.to_string(),
            suggestion: closest(&key, known),
            field: key,
        });
    }
}

/// The known field closest to `field`: the same but for case, or within a few edits.
fn closest(field: &str, known: &'static [&'static str]) -> Option<&'static str> {
    if let Some(same) = known.iter().find(|candidate| candidate.eq_ignore_ascii_case(field)) {
        return Some(same);
    }
    let budget = (field.chars().count() / 3).clamp(1, 3);
    known
        .iter()
        .map(|candidate| (edit_distance(field, candidate), *candidate))
        .filter(|(distance, _)| *distance <= budget)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, edit_distance, known};

    #[test]
    fn misspellings_find_their_field() {
        assert_eq!(
            closest("certificate-authority-date", known::CLUSTER),
            Some("certificate-authority-data")
        );
        assert_eq!(
            closest("insecure-skip-tls-verfy", known::CLUSTER),
            Some("insecure-skip-tls-verify")
        );
        assert_eq!(closest("Server", known::CLUSTER), Some("server"));
        assert_eq!(closest("token-file", known::USER), Some("tokenFile"));
        assert_eq!(closest("colour-scheme-of-my-terminal", known::CLUSTER), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
