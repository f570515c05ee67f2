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

/// The fields of a kubeconfig this engine reads, as client-go's decoder fills its Go types
/// (`clientcmd/api/v1`), read from the parsed value by [`read_config`].
#[derive(Default)]
struct RawConfig<'v> {
    kind: Option<String>,
    current_context: Option<String>,
    clusters: Option<Vec<Named<RawCluster>>>,
    contexts: Option<Vec<Named<RawContext>>>,
    users: Option<Vec<Named<RawUser<'v>>>>,
    preferences: Option<&'v Value>,
}

struct Named<T> {
    name: String,
    item: Option<T>,
}

#[derive(Default)]
struct RawCluster {
    server: Option<String>,
    certificate_authority: Option<String>,
    certificate_authority_data: Option<String>,
    insecure_skip_tls_verify: Option<bool>,
    tls_server_name: Option<String>,
    proxy_url: Option<String>,
}

#[derive(Default)]
struct RawContext {
    cluster: Option<String>,
    user: Option<String>,
    namespace: Option<String>,
}

#[derive(Default)]
struct RawUser<'v> {
    token: Option<String>,
    token_file: Option<String>,
    username: Option<String>,
    password: Option<String>,
    client_certificate: Option<String>,
    client_certificate_data: Option<String>,
    client_key: Option<String>,
    client_key_data: Option<String>,
    auth_provider: Option<RawAuthProvider>,
    exec: Option<RawExec>,
    impersonate: Option<String>,
    impersonate_uid: Option<String>,
    impersonate_groups: Option<Vec<String>>,
    impersonate_user_extra: Option<&'v Value>,
}

#[derive(Default)]
struct RawAuthProvider {
    name: String,
    /// Only the keys are kept (checks ask whether one is there): the values hold tokens and
    /// secrets.
    config_keys: Vec<String>,
}

#[derive(Default)]
struct RawExec {
    command: Option<String>,
    api_version: Option<String>,
    interactive_mode: Option<String>,
    /// How many `env` entries have no name.
    env_without_name: usize,
}

/// A field whose value has a type client-go's decoder refuses; it fails the whole kubeconfig.
struct Mismatch {
    path: Vec<PathStep>,
    found: String,
    expected: &'static str,
}

/// One mapping of the parsed value, read field by field the way client-go's decoder
/// (sigs.k8s.io/yaml, then encoding/json) fills a Go struct: unknown keys are ignored, `null` is
/// the same as absent, a number or a boolean where a string is wanted is read as its text
/// (sigs.k8s.io/yaml converts it), and any other type fails the whole kubeconfig.
///
/// Written out rather than derived: serde's derived deserializers, instantiated for serde_yaml's
/// two deserializers, cost the web app's first load 24 KB gzip.
struct Fields<'v> {
    /// The mapping, `None` for `null`.
    value: Option<&'v Value>,
    path: Vec<PathStep>,
}

impl<'v> Fields<'v> {
    /// `value` as a mapping to read; `null` reads as an empty one.
    fn of(value: &'v Value, path: Vec<PathStep>) -> Result<Fields<'v>, Mismatch> {
        match untagged(value) {
            Value::Null => Ok(Fields { value: None, path }),
            mapping @ Value::Mapping(_) => Ok(Fields {
                value: Some(mapping),
                path,
            }),
            other => Err(mismatch(other, path, "a mapping")),
        }
    }

    /// The value under `key`, `None` when absent or `null`.
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.value
            .and_then(|mapping| mapping.get(key))
            .map(untagged)
            .filter(|value| !value.is_null())
    }

    fn path_to(&self, key: &str) -> Vec<PathStep> {
        let mut path = self.path.clone();
        path.push(PathStep::Key(key.to_string()));
        path
    }

    fn string(&self, key: &str) -> Result<Option<String>, Mismatch> {
        self.get(key).map(|value| text(value, self.path_to(key))).transpose()
    }

    fn flag(&self, key: &str) -> Result<Option<bool>, Mismatch> {
        self.get(key)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| mismatch(value, self.path_to(key), "a boolean"))
            })
            .transpose()
    }

    fn mapping(&self, key: &str) -> Result<Option<Fields<'v>>, Mismatch> {
        self.get(key)
            .map(|value| Fields::of(value, self.path_to(key)))
            .transpose()
    }

    /// The items of the list under `key`, each with its path.
    fn list(&self, key: &str) -> Result<Option<Vec<Item<'v>>>, Mismatch> {
        let Some(value) = self.get(key) else { return Ok(None) };
        let items = value
            .as_sequence()
            .ok_or_else(|| mismatch(value, self.path_to(key), "a list"))?;
        Ok(Some(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    let mut path = self.path_to(key);
                    path.push(PathStep::Item(index));
                    (untagged(item), path)
                })
                .collect(),
        ))
    }

    // Loops rather than `collect::<Result<..>>()`: each such collect is an iterator adaptor of
    // its own in the wasm.
    fn strings(&self, key: &str) -> Result<Option<Vec<String>>, Mismatch> {
        let Some(items) = self.list(key)? else { return Ok(None) };
        let mut strings = Vec::with_capacity(items.len());
        for (item, path) in items {
            strings.push(text(item, path)?);
        }
        Ok(Some(strings))
    }

    /// The named entries of the list under `key` (`clusters`), each entry's item under `inner`
    /// (`cluster`) read by `read`.
    fn named<T>(
        &self,
        key: &str,
        inner: &str,
        read: impl Fn(Fields<'v>) -> Result<T, Mismatch>,
    ) -> Result<Option<Vec<Named<T>>>, Mismatch> {
        let Some(items) = self.list(key)? else { return Ok(None) };
        let mut entries = Vec::with_capacity(items.len());
        for (item, path) in items {
            let entry = Fields::of(item, path)?;
            entries.push(Named {
                name: entry.string("name")?.unwrap_or_default(),
                item: match entry.mapping(inner)? {
                    Some(fields) => Some(read(fields)?),
                    None => None,
                },
            });
        }
        Ok(Some(entries))
    }
}

/// An item of a list, with its path.
type Item<'v> = (&'v Value, Vec<PathStep>);

fn untagged(value: &Value) -> &Value {
    match value {
        Value::Tagged(tagged) => untagged(&tagged.value),
        value => value,
    }
}

/// A scalar where a string is wanted, as its text; a list or a mapping is a mismatch.
fn text(value: &Value, path: Vec<PathStep>) -> Result<String, Mismatch> {
    yaml::scalar_text(value).ok_or_else(|| mismatch(value, path, "a string"))
}

fn mismatch(value: &Value, path: Vec<PathStep>, expected: &'static str) -> Mismatch {
    let found = match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => format!("the boolean `{flag}`"),
        Value::Number(number) => format!("the number `{number}`"),
        Value::String(text) => format!("the string {text:?}"),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a mapping".to_string(),
        Value::Tagged(tagged) => return mismatch(&tagged.value, path, expected),
    };
    Mismatch { path, found, expected }
}

/// The kubeconfig's fields, or the first field of a type client-go refuses.
fn read_config(value: &Value) -> Result<RawConfig<'_>, Mismatch> {
    let config = Fields::of(value, Vec::new())?;
    Ok(RawConfig {
        kind: config.string("kind")?,
        current_context: config.string("current-context")?,
        clusters: config.named("clusters", "cluster", |cluster| {
            Ok(RawCluster {
                server: cluster.string("server")?,
                certificate_authority: cluster.string("certificate-authority")?,
                certificate_authority_data: cluster.string("certificate-authority-data")?,
                insecure_skip_tls_verify: cluster.flag("insecure-skip-tls-verify")?,
                tls_server_name: cluster.string("tls-server-name")?,
                proxy_url: cluster.string("proxy-url")?,
            })
        })?,
        contexts: config.named("contexts", "context", |context| {
            Ok(RawContext {
                cluster: context.string("cluster")?,
                user: context.string("user")?,
                namespace: context.string("namespace")?,
            })
        })?,
        users: config.named("users", "user", |user| {
            Ok(RawUser {
                token: user.string("token")?,
                token_file: user.string("tokenFile")?,
                username: user.string("username")?,
                password: user.string("password")?,
                client_certificate: user.string("client-certificate")?,
                client_certificate_data: user.string("client-certificate-data")?,
                client_key: user.string("client-key")?,
                client_key_data: user.string("client-key-data")?,
                auth_provider: user
                    .mapping("auth-provider")?
                    .map(|provider| {
                        Ok(RawAuthProvider {
                            name: provider.string("name")?.unwrap_or_default(),
                            config_keys: provider
                                .mapping("config")?
                                .and_then(|config| config.value)
                                .and_then(Value::as_mapping)
                                .map(|config| config.keys().filter_map(yaml::scalar_text).collect())
                                .unwrap_or_default(),
                        })
                    })
                    .transpose()?,
                exec: user
                    .mapping("exec")?
                    .map(|exec| {
                        let mut env_without_name = 0;
                        for (variable, path) in exec.list("env")?.unwrap_or_default() {
                            let name = Fields::of(variable, path)?.string("name")?;
                            env_without_name += usize::from(name.is_none_or(|name| name.is_empty()));
                        }
                        Ok(RawExec {
                            command: exec.string("command")?,
                            api_version: exec.string("apiVersion")?,
                            interactive_mode: exec.string("interactiveMode")?,
                            env_without_name,
                        })
                    })
                    .transpose()?,
                impersonate: user.string("as")?,
                impersonate_uid: user.string("as-uid")?,
                impersonate_groups: user.strings("as-groups")?,
                impersonate_user_extra: user.get("as-user-extra"),
            })
        })?,
        preferences: config.get("preferences"),
    })
}

/// Whether a parsed value looks like a kubeconfig at all (used to tell remote secrets from other
/// Secrets in a list).
pub fn looks_like_kubeconfig(value: &Value) -> bool {
    value.get("clusters").is_some()
        || value.get("current-context").is_some()
        || yaml::get_str(value, "kind") == Some("Config")
}

/// Whether `text` can hold a value [`looks_like_kubeconfig`] accepts: a key or a value can be
/// `clusters`, `current-context` or `Config` only with those letters in the text (but for YAML
/// escapes in quoted keys, which no kubeconfig writer uses). Lets a caller skip parsing what
/// cannot be one, such as a TLS Secret's PEM chain.
pub fn may_look_like_kubeconfig(text: &str) -> bool {
    ["clusters", "current-context", "Config"]
        .iter()
        .any(|word| text.contains(word))
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
    let locator = Locator::new(text, 1);
    let at = |path: &[Step]| to_outer(locator.find(path).unwrap_or(1));
    let raw = read_config(&value).map_err(|mismatch| {
        let line = locator.find(&steps(&mismatch.path)).unwrap_or(1);
        Located {
            value: format!(
                "{}: {} where {} is wanted (line {line} of the kubeconfig)",
                path_text(&mismatch.path),
                mismatch.found,
                mismatch.expected,
            ),
            line: to_outer(line),
        }
    })?;
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
                    .map(|provider| provider.config_keys.clone())
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
                    env_without_name: exec.env_without_name,
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
                line: at(&steps(&found.path)),
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

/// A path as the message names it: `clusters[0].cluster.server`.
fn path_text(path: &[PathStep]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            PathStep::Key(key) if text.is_empty() => text.push_str(key),
            PathStep::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            PathStep::Named(name) => text.push_str(&format!("[{name}]")),
            PathStep::Item(index) => text.push_str(&format!("[{index}]")),
        }
    }
    if text.is_empty() {
        text.push_str("the kubeconfig");
    }
    text
}

fn steps(path: &[PathStep]) -> Vec<Step<'_>> {
    path.iter().map(PathStep::step).collect()
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
    use crate::checks::testing::{healthy, healthy_replacing_line, line_of};
    use crate::model::Kubeconfig;

    /// The first entry's kubeconfig, or its error's text and line.
    fn decoded(input: &str) -> Result<Kubeconfig, (String, usize)> {
        let model = crate::decode::decode(input);
        let entry = &model.secrets[0].entries[0];
        match (&entry.kubeconfig, &entry.kubeconfig_error) {
            (Some(kubeconfig), None) => Ok(kubeconfig.clone()),
            (_, Some(error)) => Err((error.value.clone(), error.line)),
            (None, None) => panic!("neither a kubeconfig nor an error"),
        }
    }

    #[test]
    fn scalars_read_as_strings_where_strings_are_wanted() {
        // sigs.k8s.io/yaml turns a number or a boolean into its text when the Go field is a
        // string; `null` is the same as no field at all.
        let input = healthy_replacing_line(
            "        user: cluster2",
            "        user: cluster2\n        namespace: 7\n",
        )
        .replace("    current-context: cluster2", "    current-context: ~")
        .replace("      name: cluster2\n    contexts:", "      name: true\n    contexts:");
        let kubeconfig = decoded(&input).unwrap_or_else(|error| panic!("{error:?}"));
        assert_eq!(
            kubeconfig.contexts[0].namespace.as_ref().map(|n| n.value.as_str()),
            Some("7")
        );
        assert_eq!(kubeconfig.clusters[0].name, "true");
        assert!(kubeconfig.current_context.is_none());
    }

    #[test]
    fn a_field_of_another_type_fails_the_kubeconfig_at_its_line() {
        let cases = [
            (
                healthy_replacing_line("server: https://", "        server: {host: 10.0.0.2}\n"),
                "server: {host",
                "clusters[0].cluster.server: a mapping where a string is wanted",
            ),
            (
                healthy_replacing_line(
                    "server: https://",
                    "        server: https://10.0.0.2:6443\n        insecure-skip-tls-verify: \"true\"\n",
                ),
                "insecure-skip-tls-verify",
                "clusters[0].cluster.insecure-skip-tls-verify: the string \"true\" where a boolean is wanted",
            ),
            (
                healthy().replace("    current-context: cluster2", "    current-context: [cluster2]"),
                "current-context:",
                "current-context: a list where a string is wanted",
            ),
            (
                healthy().replace(
                    "    - context:\n        cluster: cluster2\n        user: cluster2\n",
                    "    - context: 5\n",
                ),
                "- context: 5",
                "contexts[0].context: the number `5` where a mapping is wanted",
            ),
            (
                healthy().replace(
                    "      user:\n        token:",
                    "      user:\n        as-groups: [[a]]\n        token:",
                ),
                "as-groups",
                "users[0].user.as-groups[0]: a list where a string is wanted",
            ),
            (
                healthy().replace(
                    "    users:\n    - name: cluster2",
                    "    users:\n    - 3\n    - name: cluster2",
                ),
                "- 3",
                "users[0]: the number `3` where a mapping is wanted",
            ),
        ];
        for (input, line_text, message) in cases {
            let (error, line) = decoded(&input).map(|_| ()).expect_err(message);
            assert!(error.starts_with(message), "{error}");
            assert_eq!(line, line_of(&input, line_text), "{error}");
        }
    }

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
