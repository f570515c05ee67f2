//! Decodes a kubeconfig the way client-go's `clientcmd.Load` reads it (unknown fields ignored,
//! wrong types an error), into the model with absolute line numbers.
//!
//! `to_outer` maps a line of the kubeconfig text to a line of the whole input: for a `stringData`
//! block scalar the lines correspond one to one; for base64 `data` they all map to the data key.

use crate::decode::{certificate, token};
use crate::model::{ExecPlugin, KubeCluster, KubeContext, KubeUser, Kubeconfig, Located};
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
    preferences: Option<serde_yaml::Value>,
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
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawAuthProvider {
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawExec {
    command: Option<String>,
    #[serde(rename = "apiVersion")]
    api_version: Option<String>,
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
                namespace: context.namespace,
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
            KubeUser {
                line: at(&[Step::Key("users"), item]),
                token: non_empty(user.token).map(|value| token::decode(&value, at(&field("token")))),
                token_file: located(non_empty(user.token_file), &field("tokenFile")),
                username: located(non_empty(user.username), &field("username")),
                password_line: non_empty(user.password).map(|_| at(&field("password"))),
                client_certificate: located(non_empty(user.client_certificate), &field("client-certificate")),
                client_certificate_data: non_empty(user.client_certificate_data).map(|data| {
                    certificate::decode_field("client-certificate-data", &data, at(&field("client-certificate-data")))
                }),
                client_key: located(non_empty(user.client_key), &field("client-key")),
                client_key_data_line: non_empty(user.client_key_data).map(|_| at(&field("client-key-data"))),
                auth_provider: located(
                    user.auth_provider.map(|provider| provider.name),
                    &field("auth-provider"),
                ),
                exec: user.exec.map(|exec| ExecPlugin {
                    line: at(&field("exec")),
                    command: non_empty(exec.command),
                    api_version: non_empty(exec.api_version),
                }),
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
        has_preferences: raw
            .preferences
            .is_some_and(|preferences| preferences.as_mapping().is_some_and(|map| map.is_empty())),
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
