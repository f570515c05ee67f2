//! What was decoded for the selected cluster entry, as cards: the Secret's metadata, the
//! kubeconfig, each certificate and the token's header and claims. Everything shown comes from
//! the core's model; nothing here parses. Tokens are shown only in their masked form.

use leptos::prelude::*;

use super::browser;
use super::prose::prose;
use super::state::{claim_meaning, claim_value};
use crate::model::{Certificate, CertificateContent, CertificateData, ClusterEntry, Secret, Token, TokenForm};
use crate::report::Report;
use crate::time_format::relative;

/// A row of a definition list; `None` values are left out.
fn row(term: &'static str, value: Option<String>) -> Option<impl IntoView> {
    value.map(|value| {
        view! {
            <dt>{term}</dt>
            <dd>{value}</dd>
        }
    })
}

/// `key=value, ...`, or `None` for an empty map.
fn joined(map: &std::collections::BTreeMap<String, String>) -> Option<String> {
    let pairs: Vec<String> = map.iter().map(|(key, value)| format!("{key}={value}")).collect();
    (!pairs.is_empty()).then(|| pairs.join(", "))
}

fn line_note(line: usize) -> String {
    format!("line {line}")
}

/// The cards for one entry.
#[component]
pub fn Decoded(
    /// The report of the current input.
    report: Memo<Report>,
    /// The (secret, entry) whose cards are shown.
    selected: Memo<Option<(usize, usize)>>,
) -> impl IntoView {
    move || {
        let (secret_index, entry_index) = selected.get()?;
        report.with(|report| {
            let secret = report.model.secrets.get(secret_index)?;
            let entry = secret.entries.get(entry_index)?;
            let now = report.settings.now;
            Some(view! {
                <section class="rsi-decoded" aria-labelledby="rsi-decoded-heading" data-testid="decoded">
                    <h2 id="rsi-decoded-heading" class="rsi-section-title">
                        {format!("Decoded: {}", entry.cluster_id)}
                    </h2>
                    <div class="rsi-cards">
                        {secret_card(secret)}
                        {kubeconfig_card(entry)}
                        {certificate_cards(entry, now)}
                        {token_card(entry, now)}
                    </div>
                </section>
            })
        })
    }
}

fn secret_card(secret: &Secret) -> impl IntoView {
    let labels = joined(&secret.labels);
    let annotations = joined(&secret.annotations);
    let origin = match secret.origin {
        crate::model::SecretOrigin::Document => "a Secret document",
        crate::model::SecretOrigin::ListItem => "an item of a List",
        crate::model::SecretOrigin::BareKubeconfig => "a bare kubeconfig (no Secret around it)",
    };
    view! {
        <article class="rsi-card" data-testid="card-secret">
            <h3 class="rsi-card__title">"Secret"</h3>
            <dl class="rsi-card__fields">
                {row("Name", Some(secret.display_name()))}
                {row("Namespace", secret.namespace.as_ref().map(|n| n.value.clone()).or(Some("(not set: kubectl's current namespace)".to_string())))}
                {row("Labels", labels.or(Some("(none)".to_string())))}
                {row("Annotations", annotations)}
                {row("Type", secret.secret_type.clone())}
                {row("Read as", Some(format!("{origin}, from {}", line_note(secret.line))))}
                {row("Entries", Some(secret.entries.len().to_string()))}
            </dl>
        </article>
    }
}

fn kubeconfig_card(entry: &ClusterEntry) -> impl IntoView {
    let encoding = match entry.encoding {
        crate::model::Encoding::StringData => "stringData (plain text)",
        crate::model::Encoding::Data => "data (base64)",
        crate::model::Encoding::Bare => "pasted on its own",
    };
    let Some(kubeconfig) = &entry.kubeconfig else {
        let why = entry
            .kubeconfig_error
            .as_ref()
            .map(|error| format!("{} ({})", error.value, line_note(error.line)))
            .unwrap_or_else(|| "The value is not a kubeconfig.".to_string());
        return view! {
            <article class="rsi-card" data-testid="card-kubeconfig">
                <h3 class="rsi-card__title">"Kubeconfig"</h3>
                <p class="rsi-card__problem">{why}</p>
            </article>
        }
        .into_any();
    };
    let context = kubeconfig.current();
    let cluster = kubeconfig.current_cluster();
    let user = kubeconfig.current_user();
    let tls = cluster.map(|cluster| {
        let mut parts = Vec::new();
        if cluster.certificate_authority_data.is_some() {
            parts.push("CA data".to_string());
        }
        if let Some(file) = &cluster.certificate_authority {
            parts.push(format!("CA file {}", file.value));
        }
        if cluster.insecure_skip_tls_verify.as_ref().is_some_and(|flag| flag.value) {
            parts.push("insecure-skip-tls-verify".to_string());
        }
        if let Some(name) = &cluster.tls_server_name {
            parts.push(format!("server name {}", name.value));
        }
        match parts.is_empty() {
            true => "system roots only (no CA given)".to_string(),
            false => parts.join(", "),
        }
    });
    let methods = user.map(|user| match user.methods().as_slice() {
        [] => "none (anonymous)".to_string(),
        methods => methods.join(", "),
    });
    view! {
        <article class="rsi-card" data-testid="card-kubeconfig">
            <h3 class="rsi-card__title">"Kubeconfig"</h3>
            <dl class="rsi-card__fields">
                {row("Stored as", Some(encoding.to_string()))}
                {row("Current context", kubeconfig.current_context.as_ref().map(|c| c.value.clone()).or(Some("(none)".to_string())))}
                {row("Cluster", cluster.map(|c| c.name.clone()))}
                {row("Server", cluster.and_then(|c| c.server.as_ref()).map(|s| format!("{} ({})", s.value, line_note(s.line))))}
                {row("TLS", tls)}
                {row("Proxy", cluster.and_then(|c| c.proxy_url.as_ref()).map(|p| p.value.clone()))}
                {row("User", context.and_then(|c| c.user.as_ref()).map(|u| u.value.clone()))}
                {row("Namespace", context.and_then(|c| c.namespace.as_ref().map(|namespace| namespace.value.clone())))}
                {row("Auth method", methods)}
                {row("Exec command", user.and_then(|u| u.exec.as_ref()).and_then(|e| e.command.clone()))}
                {row("Auth provider", user.and_then(|u| u.auth_provider.as_ref()).map(|p| p.value.clone()))}
                {row("Impersonates", user.and_then(|u| u.impersonate.as_ref()).map(|i| i.value.clone()))}
            </dl>
        </article>
    }
    .into_any()
}

fn certificate_fields(entry: &ClusterEntry) -> Vec<&CertificateData> {
    let Some(kubeconfig) = &entry.kubeconfig else {
        return Vec::new();
    };
    let cluster = kubeconfig
        .current_cluster()
        .and_then(|cluster| cluster.certificate_authority_data.as_ref());
    let user = kubeconfig
        .current_user()
        .and_then(|user| user.client_certificate_data.as_ref());
    cluster.into_iter().chain(user).collect()
}

fn certificate_cards(entry: &ClusterEntry, now: i64) -> impl IntoView {
    certificate_fields(entry)
        .into_iter()
        .flat_map(|field| match &field.content {
            CertificateContent::Blocks { blocks, .. } => blocks
                .iter()
                .map(|block| match &block.result {
                    Ok(certificate) => certificate_card(field, block.position, certificate, now).into_any(),
                    Err(error) => problem_card(
                        field,
                        &format!("certificate {} does not parse: {error}", block.position),
                    ),
                })
                .collect::<Vec<_>>(),
            CertificateContent::InvalidBase64 { problem } => vec![problem_card(field, &problem.to_string())],
            CertificateContent::NoCertificate { bytes } => {
                vec![problem_card(
                    field,
                    &format!("{bytes} bytes, but no PEM or DER certificate"),
                )]
            }
        })
        .collect_view()
}

fn problem_card(field: &CertificateData, problem: &str) -> AnyView {
    view! {
        <article class="rsi-card rsi-card--problem" data-testid="card-certificate">
            <h3 class="rsi-card__title">{field.field}</h3>
            <p class="rsi-card__problem">{format!("{problem} ({})", line_note(field.line))}</p>
        </article>
    }
    .into_any()
}

fn certificate_card(field: &CertificateData, position: usize, certificate: &Certificate, now: i64) -> impl IntoView {
    let validity_class = if certificate.not_after < now || certificate.not_before > now {
        "rsi-validity rsi-validity--bad"
    } else if certificate.not_after - now < 30 * crate::settings::DAY {
        "rsi-validity rsi-validity--soon"
    } else {
        "rsi-validity"
    };
    let expiry_words = if certificate.not_after < now {
        format!("expired {}", relative(certificate.not_after, now))
    } else {
        format!("expires {}", relative(certificate.not_after, now))
    };
    let key = match certificate.key_bits {
        Some(bits) => format!("{} {bits} bits", certificate.key_algorithm),
        None => certificate.key_algorithm.to_string(),
    };
    let ca = match (certificate.is_ca, certificate.path_length) {
        (Some(true), Some(length)) => format!("yes (path length {length})"),
        (Some(true), None) => "yes".to_string(),
        (Some(false), _) => "no".to_string(),
        (None, _) => "no basic constraints".to_string(),
    };
    let join = |items: &[String]| (!items.is_empty()).then(|| items.join(", "));
    let fingerprint = certificate.sha256_fingerprint.clone();
    let (copied, set_copied) = signal(false);
    let copy = move |_| {
        let fingerprint = fingerprint.clone();
        leptos::task::spawn_local(async move {
            set_copied.set(browser::copy_text(&fingerprint).await.is_ok());
        });
    };
    view! {
        <article class="rsi-card" data-testid="card-certificate">
            <h3 class="rsi-card__title">{format!("{} #{position}", field.field)}</h3>
            <dl class="rsi-card__fields">
                {row("Subject", Some(certificate.subject.clone()))}
                {row("Issuer", Some(match certificate.self_issued { true => format!("{} (self-issued)", certificate.issuer), false => certificate.issuer.clone() }))}
                <dt>"Valid"</dt>
                <dd>
                    {format!("{} to {} ", certificate.not_before_text, certificate.not_after_text)}
                    <strong class=validity_class>{format!("({expiry_words})")}</strong>
                </dd>
                {row("SANs", join(&certificate.subject_alternative_names))}
                {row("Key", Some(key))}
                {row("Signature", Some(certificate.signature_algorithm.clone()))}
                {row("CA", Some(ca))}
                {row("Key usage", join(&certificate.key_usage))}
                {row("Extended key usage", join(&certificate.extended_key_usage))}
                {row("Serial", Some(certificate.serial.clone()))}
                <dt>"SHA-256"</dt>
                <dd class="rsi-card__fingerprint">
                    <code>{certificate.sha256_fingerprint.clone()}</code>
                    <button class="rsi-button rsi-button--small" on:click=copy aria-label="Copy the SHA-256 fingerprint">
                        {move || if copied.get() { "Copied" } else { "Copy" }}
                    </button>
                </dd>
            </dl>
        </article>
    }
}

fn token_card(entry: &ClusterEntry, now: i64) -> Option<impl IntoView> {
    let user = entry.kubeconfig.as_ref()?.current_user()?;
    let token: &Token = user.token.as_ref()?;
    let (kind, header, claims) = match &token.form {
        TokenForm::Opaque => (
            "opaque (not a JWT: a static or bootstrap token)".to_string(),
            None,
            None,
        ),
        TokenForm::Malformed { problem } => (format!("malformed: {problem}"), None, None),
        TokenForm::Jwt(jwt) => {
            let kind = match jwt.kind {
                crate::model::TokenKind::SecretBased => "service-account token Secret (no expiry)",
                crate::model::TokenKind::Bound => "bound (TokenRequest): it expires",
                crate::model::TokenKind::Other => "a JWT from another issuer",
            };
            (kind.to_string(), Some(jwt.header.clone()), Some(jwt.claims.clone()))
        }
    };
    let header_text = header.map(|header| serde_json::Value::Object(header).to_string());
    let claim_rows = claims.map(|claims| {
        claims
            .iter()
            .map(|(name, value)| {
                view! {
                    <tr>
                        <th scope="row"><code>{name.clone()}</code></th>
                        <td>{claim_value(name, value, now)}</td>
                        <td class="rsi-claims__meaning">{prose(claim_meaning(name))}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    Some(view! {
        <article class="rsi-card rsi-card--wide" data-testid="card-token">
            <h3 class="rsi-card__title">"Token"</h3>
            <dl class="rsi-card__fields">
                {row("Kind", Some(kind))}
                <dt>"Value"</dt>
                <dd><code data-testid="token-masked">{token.masked.clone()}</code>{format!(" ({} characters, masked)", token.length)}</dd>
                {row("Header", header_text)}
            </dl>
            {claim_rows.map(|rows| view! {
                <table class="rsi-claims">
                    <caption>"Claims"</caption>
                    <thead><tr><th scope="col">"Claim"</th><th scope="col">"Value"</th><th scope="col">"What it means here"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })}
        </article>
    })
}
