//! The decoded model: what the engine understood of the input, layer by layer (documents,
//! Secrets, cluster entries, kubeconfigs, certificates, tokens), with the 1-based line of every
//! piece. Plain data: the decoders in `decode/` fill it in, the checks in `checks/` read it.
//!
//! Problems found while decoding are data here too (`InvalidBase64`, `ParseFailure`, ...): the
//! decoders never stop at the first one, and the checks turn them into findings.
//!
//! Nothing here holds a full token or a private key: tokens are kept masked, and private keys only
//! as the line where one was seen.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::yaml::SyntaxError;

/// Everything understood of one input.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Model {
    /// Every YAML document of the input, in order.
    pub documents: Vec<DocumentInfo>,
    /// Documents that are not YAML or JSON.
    pub syntax_errors: Vec<SyntaxError>,
    /// Set when the input looks like a remote secret whose indentation was lost.
    pub indentation_lost: Option<IndentationRepair>,
    /// Documents (or list items) that are neither a Secret nor a kubeconfig.
    pub foreign_objects: Vec<ForeignObject>,
    /// The Secrets (and bare kubeconfigs) inspected as remote secrets.
    pub secrets: Vec<std::sync::Arc<Secret>>,
    /// Other Secrets in a list (TLS, service-account tokens, ...): counted, never flagged.
    pub unrelated_secrets: Vec<UnrelatedSecret>,
    /// Lines holding a private key: a PEM `PRIVATE KEY` block or a `client-key-data` field.
    pub private_key_lines: Vec<usize>,
    /// The limits the input passed, and where: what was left uninspected.
    pub limits: Vec<Located<Limit>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentInfo {
    pub first_line: usize,
    /// `Secret`, `Config`, `List`, another kind, or `unknown`.
    pub kind: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct IndentationRepair {
    /// The line where the flattened text starts.
    pub line: usize,
    /// Parent keys (`metadata:`, `stringData:`, ...) whose lines were dropped and are put back.
    pub missing_parents: Vec<String>,
    /// The text with indentation (and the inferable parent lines) restored.
    pub repaired: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ForeignObject {
    pub line: usize,
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct UnrelatedSecret {
    pub line: usize,
    pub name: Option<String>,
    pub namespace: Option<String>,
    #[serde(rename = "type")]
    pub secret_type: Option<String>,
}

/// Implements `Display` for a problem enum and serializes it as that text, so that reports and
/// messages read the same whatever the enum's shape.
macro_rules! problem_text {
    ($name:ident, |$this:ident, $f:ident| $body:expr) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, $f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let $this = self;
                $body
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

/// Why base64 text does not decode: Go's `encoding/base64`, which client-go and the API server
/// use, refuses it too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base64Problem {
    /// A character outside the alphabet.
    InvalidCharacter {
        character: char,
        offset: usize,
    },
    /// A length that is not a multiple of four once padded.
    InvalidLength {
        length: usize,
    },
    /// A last character whose unused bits are not zero.
    InvalidLastCharacter {
        character: char,
        offset: usize,
    },
    InvalidPadding,
}

problem_text!(Base64Problem, |problem, f| match problem {
    Base64Problem::InvalidCharacter { character, offset } => {
        write!(f, "invalid character {character:?} at offset {offset}")
    }
    Base64Problem::InvalidLength { length } => {
        write!(f, "invalid length {length}: base64 comes in groups of four characters")
    }
    Base64Problem::InvalidLastCharacter { character, offset } => {
        write!(f, "invalid last character {character:?} at offset {offset}")
    }
    Base64Problem::InvalidPadding => f.write_str("invalid padding"),
});

/// Why a block of a certificate field is not a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateProblem {
    /// A PEM block that begins but does not decode.
    PemDoesNotDecode { reason: String },
    /// DER that is not an X.509 certificate (x509-parser's reason).
    NotX509 { reason: String },
    /// Bytes after the certificate's DER.
    TrailingBytes { count: usize },
    /// Past the number of certificates one field is read for; this block and the rest were not.
    TooMany { max: usize },
}

problem_text!(CertificateProblem, |problem, f| {
    match problem {
    CertificateProblem::PemDoesNotDecode { reason } => write!(f, "the PEM block does not decode: {reason}"),
    CertificateProblem::NotX509 { reason } => write!(f, "not an X.509 certificate: {reason}"),
    CertificateProblem::TrailingBytes { count } => write!(f, "{count} bytes of garbage follow the certificate"),
    CertificateProblem::TooMany { max } => write!(
        f,
        "more than {max} certificates in one field: the inspector reads the first {max}, this one and the rest were not read"
    ),
}
});

/// Which part of a JWT a [`TokenProblem`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JwtPart {
    Header,
    Claims,
}

/// Why a part of a JWT does not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartProblem {
    NotBase64Url,
    NotAnObject,
    NotJson { reason: String },
}

/// Why a token shaped like a JWT is not one the API server could read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// Five parts: an encrypted JWE.
    EncryptedJwe,
    /// The header or the claims do not decode.
    Part {
        part: JwtPart,
        problem: PartProblem,
    },
    /// No signature: an unsigned `alg: none` token.
    UnsignedNone,
    SignatureNotBase64Url,
    /// Longer than the API server reads in a request's headers (Go's `DefaultMaxHeaderBytes`);
    /// not decoded.
    TooLong {
        bytes: usize,
    },
}

problem_text!(TokenProblem, |problem, f| {
    match problem {
    TokenProblem::EncryptedJwe => f.write_str("five parts: an encrypted JWE, which the API server does not accept"),
    TokenProblem::Part { part, problem } => {
        let part = match part {
            JwtPart::Header => "header",
            JwtPart::Claims => "claims",
        };
        match problem {
            PartProblem::NotBase64Url => write!(f, "the {part} is not base64url"),
            PartProblem::NotAnObject => write!(f, "the {part} is JSON but not an object"),
            PartProblem::NotJson { reason } => write!(f, "the {part} is not JSON ({reason})"),
        }
    }
    TokenProblem::UnsignedNone => f.write_str("the signature part is empty (an unsigned `alg: none` token)"),
    TokenProblem::SignatureNotBase64Url => f.write_str("the signature is not base64url"),
    TokenProblem::TooLong { bytes } => write!(
        f,
        "the token is {:.1} MB, more than the 1 MB of headers the API server reads (`431 Request Header Fields Too Large`); it was not decoded",
        *bytes as f64 / 1e6
    ),
}
});

/// A limit that keeps the page responsive, passed by the input: what was left uninspected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The whole input is larger than the inspector reads; nothing was inspected.
    InputBytes { bytes: usize, max: usize },
    /// More YAML documents than the inspector reads; the rest were not.
    Documents { count: usize, max: usize },
    /// A `kind: List` with more items than the inspector reads; the rest were not.
    ListItems { count: usize, max: usize },
}

problem_text!(Limit, |limit, f| {
    match limit {
        Limit::InputBytes { bytes, max } => write!(
            f,
            "the input is {:.1} MB; the inspector reads up to {} MB, so nothing was inspected",
            *bytes as f64 / 1e6,
            *max as f64 / 1e6
        ),
        Limit::Documents { count, max } => {
            write!(
                f,
                "{count} YAML documents; the first {max} were inspected, the rest were not"
            )
        }
        Limit::ListItems { count, max } => {
            write!(
                f,
                "a list of {count} items; the first {max} were inspected, the rest were not"
            )
        }
    }
});

/// A value and the 1-based line it stands on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretOrigin {
    /// A Secret document of its own.
    Document,
    /// An item of a `kind: List`.
    ListItem,
    /// A bare kubeconfig (`kind: Config`), inspected as the value of a remote secret would be.
    BareKubeconfig,
}

/// One Secret inspected as a remote secret.
#[derive(Clone, Debug, Serialize)]
pub struct Secret {
    pub origin: SecretOrigin,
    /// The Secret's first line.
    pub line: usize,
    pub api_version: Option<String>,
    pub name: Option<Located<String>>,
    pub namespace: Option<Located<String>>,
    pub labels: BTreeMap<String, String>,
    /// The `istio/multiCluster` label's value and line, when present.
    pub multicluster_label: Option<Located<String>>,
    /// The line of `metadata:` (or of the Secret) for findings about absent metadata.
    pub metadata_line: usize,
    pub annotations: BTreeMap<String, String>,
    /// The `networking.istio.io/cluster` annotation's value and line.
    pub cluster_annotation: Option<Located<String>>,
    #[serde(rename = "type")]
    pub secret_type: Option<String>,
    /// Marks of an older istioctl: `creationTimestamp: null`, `istio.io/clusterContext`, ...
    pub legacy_markers: Vec<Located<String>>,
    /// The line of `data:` or `stringData:`, or of the Secret when neither is there.
    pub data_line: usize,
    pub entries: Vec<ClusterEntry>,
    /// Keys beyond the most the inspector reads in one Secret ([`crate::decode::MAX_ENTRIES`]),
    /// not inspected.
    pub skipped_entries: usize,
}

impl Secret {
    pub fn display_name(&self) -> String {
        match (&self.name, self.origin) {
            (Some(name), _) => name.value.clone(),
            (None, SecretOrigin::BareKubeconfig) => "(kubeconfig)".to_string(),
            (None, _) => "(unnamed)".to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Encoding {
    /// `stringData`: the kubeconfig as text.
    StringData,
    /// `data`: the kubeconfig base64-encoded.
    Data,
    /// A bare kubeconfig pasted on its own.
    Bare,
}

/// One data key of a Secret: a cluster ID and its kubeconfig.
#[derive(Clone, Debug, Serialize)]
pub struct ClusterEntry {
    pub cluster_id: String,
    /// The line of the data key.
    pub line: usize,
    pub encoding: Encoding,
    pub value: EntryValue,
    pub kubeconfig: Option<Kubeconfig>,
    /// Why the value is not a kubeconfig (`kubeconfig cannot be loaded`).
    pub kubeconfig_error: Option<Located<String>>,
    /// The value is a mapping with `clusters`, `current-context` or `kind: Config`, even if it
    /// does not load: what tells a remote secret from other Secrets in a list.
    #[serde(skip)]
    pub looks_like_kubeconfig: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum EntryValue {
    Empty,
    InvalidBase64 {
        problem: Base64Problem,
        /// The input byte Go's decoder stops at (`illegal base64 data at input byte N`).
        offset: usize,
    },
    /// The value as text; its length only, never the text (it holds a token).
    Text {
        bytes: usize,
    },
}

/// The host part of a server URL (`https://[::1]:6443/path` gives `::1`).
pub fn host_of(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if let Some(bracketed) = authority.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or(bracketed);
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) && !host.contains(':') => host,
        _ => authority,
    }
}

/// A kubeconfig, with every line made absolute in the whole input.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Kubeconfig {
    pub kind: Option<String>,
    pub current_context: Option<Located<String>>,
    pub clusters: Vec<KubeCluster>,
    pub contexts: Vec<KubeContext>,
    pub users: Vec<KubeUser>,
    /// The line of `preferences: {}`, which istioctl 1.7 to 1.27 wrote.
    pub empty_preferences: Option<usize>,
    /// Fields client-go's loader does not know and drops without a word.
    pub unknown_fields: Vec<UnknownField>,
    /// The line of `kind:` or of the kubeconfig's start.
    pub line: usize,
}

impl Kubeconfig {
    /// The context named by `current-context`.
    pub fn current(&self) -> Option<&KubeContext> {
        let name = &self.current_context.as_ref()?.value;
        self.contexts.iter().find(|context| &context.name == name)
    }

    /// The cluster of the current context.
    pub fn current_cluster(&self) -> Option<&KubeCluster> {
        let wanted = &self.current()?.cluster.as_ref()?.value;
        self.clusters.iter().find(|cluster| &cluster.name == wanted)
    }

    /// Whether the current cluster's server is an `https://` URL: client-go's `ClientConfig`
    /// applies the user's credentials and the cluster's TLS settings only then
    /// (`IsConfigTransportTLS`).
    pub fn current_transport_is_tls(&self) -> bool {
        self.current_cluster()
            .and_then(|cluster| cluster.server.as_ref())
            .is_some_and(|server| server.value.trim().starts_with("https://"))
    }

    /// The user of the current context.
    pub fn current_user(&self) -> Option<&KubeUser> {
        let wanted = &self.current()?.user.as_ref()?.value;
        self.users.iter().find(|user| &user.name == wanted)
    }
}

/// A field of a kubeconfig that client-go does not know: its loader drops it silently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnknownField {
    /// Where it stands: `clusters[cluster2].cluster`, `users[admin].user.exec`, or empty at the top.
    pub parent: String,
    pub field: String,
    /// The known field of that place it most resembles, when one is close.
    pub suggestion: Option<&'static str>,
    pub line: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct KubeCluster {
    pub name: String,
    pub line: usize,
    pub server: Option<Located<String>>,
    pub certificate_authority: Option<Located<String>>,
    pub certificate_authority_data: Option<CertificateData>,
    pub insecure_skip_tls_verify: Option<Located<bool>>,
    pub tls_server_name: Option<Located<String>>,
    pub proxy_url: Option<Located<String>>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct KubeContext {
    pub name: String,
    pub line: usize,
    pub cluster: Option<Located<String>>,
    pub user: Option<Located<String>>,
    pub namespace: Option<Located<String>>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct KubeUser {
    pub name: String,
    pub line: usize,
    pub token: Option<Token>,
    pub token_file: Option<Located<String>>,
    pub username: Option<Located<String>>,
    /// Only whether a password is there and where, never the password.
    pub password_line: Option<usize>,
    pub client_certificate: Option<Located<String>>,
    pub client_certificate_data: Option<CertificateData>,
    pub client_key: Option<Located<String>>,
    /// Only where `client-key-data` is, never the key.
    pub client_key_data_line: Option<usize>,
    pub auth_provider: Option<Located<String>>,
    /// The keys of the auth provider's `config`, never its values (they hold tokens).
    pub auth_provider_config_keys: Vec<String>,
    pub exec: Option<ExecPlugin>,
    pub impersonate: Option<Located<String>>,
    /// The impersonation fields that need `as`: `as-uid`, `as-groups`, `as-user-extra`.
    pub impersonation_details: Vec<Located<&'static str>>,
    /// Whether `client-certificate-data` and `client-key-data` form a pair; `None` unless both
    /// are there. Worked out while decoding, so the key itself is never kept.
    pub client_key_pair: Option<KeyPair>,
}

/// What a client certificate and its key were found to be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum KeyPair {
    /// The key's public half is the certificate's.
    Matches,
    /// They are two different keys: `tls: private key does not match public key`.
    Mismatch,
    /// The key could not be read (not PEM, an unknown format); the reason, without the key.
    Unreadable { reason: String },
    /// A key type this tool cannot derive a public key from (the pair is not judged).
    NotCompared { key_type: String },
}

impl KubeUser {
    /// The authentication methods as client-go's `validateAuthInfo` counts them (`token`,
    /// `basicAuth`), plus the ones it judges apart (client certificate, exec, auth provider).
    pub fn methods(&self) -> Vec<&'static str> {
        let mut methods = Vec::new();
        if self.token.is_some() {
            methods.push("token");
        }
        if self.username.is_some() || self.password_line.is_some() {
            methods.push("basicAuth");
        }
        if self.token_file.is_some() {
            methods.push("tokenFile");
        }
        if self.client_certificate.is_some() || self.client_certificate_data.is_some() {
            methods.push("clientCertificate");
        }
        if self.exec.is_some() {
            methods.push("exec");
        }
        if self.auth_provider.is_some() {
            methods.push("authProvider");
        }
        methods
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ExecPlugin {
    pub line: usize,
    pub command: Option<String>,
    pub api_version: Option<String>,
    /// `interactiveMode` as written (client-go defaults it only for v1alpha1 and v1beta1).
    pub interactive_mode: Option<Located<String>>,
    /// How many `env` entries have no `name`.
    pub env_without_name: usize,
}

/// A `*-data` field that should hold PEM certificates, and what it held.
#[derive(Clone, Debug, Serialize)]
pub struct CertificateData {
    /// `certificate-authority-data` or `client-certificate-data`.
    pub field: &'static str,
    pub line: usize,
    pub content: CertificateContent,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum CertificateContent {
    InvalidBase64 {
        problem: Base64Problem,
    },
    /// Decoded, but neither PEM nor DER certificates.
    NoCertificate {
        bytes: usize,
    },
    Blocks {
        blocks: Vec<CertificateBlock>,
        /// The bytes were one bare DER certificate, not PEM: client-go reads PEM only.
        der: bool,
    },
}

impl CertificateData {
    /// The certificates of the field that parsed.
    pub fn certificates(&self) -> impl Iterator<Item = &Certificate> {
        let blocks: &[CertificateBlock] = match &self.content {
            CertificateContent::Blocks { blocks, .. } => blocks,
            _ => &[],
        };
        blocks.iter().filter_map(|block| block.result.as_ref().ok())
    }
}

/// One PEM block (or one DER blob) of a certificate field.
#[derive(Clone, Debug, Serialize)]
pub struct CertificateBlock {
    /// 1-based position in the field.
    pub position: usize,
    pub result: Result<Certificate, CertificateProblem>,
}

/// The fields of an X.509 certificate that matter here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Certificate {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: i64,
    pub not_after: i64,
    pub not_before_text: String,
    pub not_after_text: String,
    pub subject_alternative_names: Vec<String>,
    pub key_algorithm: KeyAlgorithm,
    /// Bits of an RSA modulus or of an elliptic curve's order; `None` when unknown.
    pub key_bits: Option<u32>,
    pub signature_algorithm: String,
    /// The hash of the signature algorithm, lower case (`sha256`, `sha1`, `md5`, ...).
    pub signature_hash: Option<String>,
    /// Basic constraints' CA flag; `None` when the extension is absent.
    pub is_ca: Option<bool>,
    pub path_length: Option<u32>,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
    pub sha256_fingerprint: String,
    /// Subject equals issuer.
    pub self_issued: bool,
    /// The whole certificate, for signature checks. Public data.
    #[serde(skip)]
    pub der: Vec<u8>,
}

/// The algorithm of a certificate's public key. Serialized (and displayed) as the words the JSON
/// report has always used: `RSA`, `EC P-256`, `Ed25519`, ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyAlgorithm {
    Rsa,
    /// An elliptic curve; `None` when the certificate does not name it.
    Ec(Option<Curve>),
    Ed25519,
    Ed448,
    Dsa,
    /// Another algorithm, by name or OID.
    Other(String),
}

/// A named elliptic curve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
    /// Another curve, by OID.
    Other(String),
}

impl Curve {
    /// The size of the curve's order, in bits, for the curves this tool knows.
    pub fn bits(&self) -> Option<u32> {
        match self {
            Curve::P256 => Some(256),
            Curve::P384 => Some(384),
            Curve::P521 => Some(521),
            Curve::Other(_) => None,
        }
    }
}

impl std::fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyAlgorithm::Rsa => f.write_str("RSA"),
            KeyAlgorithm::Ec(None) => f.write_str("EC"),
            KeyAlgorithm::Ec(Some(Curve::P256)) => f.write_str("EC P-256"),
            KeyAlgorithm::Ec(Some(Curve::P384)) => f.write_str("EC P-384"),
            KeyAlgorithm::Ec(Some(Curve::P521)) => f.write_str("EC P-521"),
            KeyAlgorithm::Ec(Some(Curve::Other(oid))) => write!(f, "EC {oid}"),
            KeyAlgorithm::Ed25519 => f.write_str("Ed25519"),
            KeyAlgorithm::Ed448 => f.write_str("Ed448"),
            KeyAlgorithm::Dsa => f.write_str("DSA"),
            KeyAlgorithm::Other(name) => f.write_str(name),
        }
    }
}

impl Serialize for KeyAlgorithm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What became of a JWT's signature. Only the outcome is kept, never the signature. The app's
/// verifier module sends it as this JSON (`trust::from_json` reads it back).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum Signature {
    /// No keys were given.
    #[default]
    Unchecked,
    /// A given key verified it.
    Verified {
        key: String,
        algorithm: String,
    },
    Invalid {
        problem: SignatureProblem,
    },
}

/// Why a JWT's signature does not verify against the given keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum SignatureProblem {
    /// An `alg` the API server cannot verify with a public key (`HS256`, `none`, a misspelling).
    UnsupportedAlgorithm { algorithm: String },
    /// Keys were given, but none is usable (each has a problem of its own).
    NoUsableKeys,
    /// The token names a `kid` no given key has: the API server answers `invalid signature, no
    /// keys found`.
    NoKeyWithKid { kid: String, keys: usize },
    /// Every candidate key was tried and none verified.
    Tried { tried: Vec<TriedKey> },
}

/// One key tried on a signature, and why it did not verify.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TriedKey {
    pub key: String,
    pub reason: String,
    /// The error go-jose returns for it.
    pub go_error: String,
}

impl SignatureProblem {
    /// The errors the API server's authenticator (`AuthenticateToken`) collects, one per key
    /// tried; Go prints several as an aggregate.
    pub fn api_server_errors(&self) -> Vec<String> {
        match self {
            SignatureProblem::UnsupportedAlgorithm { .. } => {
                vec!["go-jose/go-jose: unknown/unsupported algorithm".to_string()]
            }
            SignatureProblem::NoUsableKeys | SignatureProblem::NoKeyWithKid { .. } => {
                vec!["invalid signature, no keys found".to_string()]
            }
            SignatureProblem::Tried { tried } => tried.iter().map(|tried| tried.go_error.clone()).collect(),
        }
    }
}

impl std::fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
    SignatureProblem::UnsupportedAlgorithm { algorithm } if algorithm.is_empty() => {
        f.write_str("the header names no algorithm (`alg`)")
    }
    SignatureProblem::UnsupportedAlgorithm { algorithm } if algorithm.starts_with("HS") => write!(
        f,
        "`{algorithm}` is an HMAC with a shared secret: the API server verifies only with public keys"
    ),
    SignatureProblem::UnsupportedAlgorithm { algorithm } => write!(
        f,
        "`{algorithm}` is not an algorithm the API server verifies (RS256/384/512, PS256/384/512, ES256/384/512, EdDSA)"
    ),
    SignatureProblem::NoUsableKeys => f.write_str("none of the given keys is usable"),
    SignatureProblem::NoKeyWithKid { kid, keys } => write!(
        f,
        "no given key has the token's kid `{kid}` ({keys} key{} given): the token was signed by another key, most likely another cluster's or a rotated one",
        if *keys == 1 { "" } else { "s" }
    ),
    SignatureProblem::Tried { tried } if tried.is_empty() => f.write_str("the token has no signature part"),
    SignatureProblem::Tried { tried } => {
        let each: Vec<String> = tried.iter().map(|tried| format!("{}: {}", tried.key, tried.reason)).collect();
        write!(f, "no given key verifies it ({})", each.join("; "))
    }
}
    }
}

/// A bearer token, kept masked.
#[derive(Clone, Debug, Serialize)]
pub struct Token {
    pub line: usize,
    /// `eyJhbGciOi…x7Q`: enough to recognise, never enough to use.
    pub masked: String,
    pub length: usize,
    /// The token held spaces or line breaks.
    pub has_whitespace: bool,
    pub form: TokenForm,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case", tag = "form")]
pub enum TokenForm {
    /// Not a JWT: a static or bootstrap token.
    Opaque,
    Malformed {
        problem: TokenProblem,
    },
    Jwt(Box<Jwt>),
}

#[derive(Clone, Debug, Serialize)]
pub struct Jwt {
    pub header: serde_json::Map<String, serde_json::Value>,
    pub claims: serde_json::Map<String, serde_json::Value>,
    pub algorithm: Option<String>,
    pub key_id: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub audiences: Vec<String>,
    pub expires_at: Option<i64>,
    pub not_before: Option<i64>,
    pub issued_at: Option<i64>,
    pub expires_at_text: Option<String>,
    pub not_before_text: Option<String>,
    pub issued_at_text: Option<String>,
    pub kind: TokenKind,
    pub namespace: Option<String>,
    pub service_account: Option<String>,
    /// Whether the given keys verify its signature.
    pub signature: Signature,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    /// A legacy token from a `kubernetes.io/service-account-token` Secret: no `exp`.
    SecretBased,
    /// A TokenRequest (projected) token: `aud`, `exp`, a `kubernetes.io` claim.
    Bound,
    /// A JWT of some other issuer.
    Other,
}

/// Moving what was decoded to other lines, by `by`: a `kind: List` item whose text did not change
/// but whose place did (a line typed above it) keeps its model, its lines moved
/// (`decode::decode_block_list`). Every line the model holds is moved, and nothing else.
pub(crate) trait MoveLines {
    fn move_lines(&mut self, by: isize);
}

fn moved(line: &mut usize, by: isize) {
    *line = line.saturating_add_signed(by);
}

impl MoveLines for usize {
    fn move_lines(&mut self, by: isize) {
        moved(self, by);
    }
}

impl<T> MoveLines for Located<T> {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
    }
}

impl<T: MoveLines> MoveLines for Option<T> {
    fn move_lines(&mut self, by: isize) {
        if let Some(value) = self {
            value.move_lines(by);
        }
    }
}

impl<T: MoveLines> MoveLines for Vec<T> {
    fn move_lines(&mut self, by: isize) {
        for value in self {
            value.move_lines(by);
        }
    }
}

impl MoveLines for ForeignObject {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
    }
}

impl MoveLines for UnrelatedSecret {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
    }
}

impl MoveLines for Secret {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
        self.name.move_lines(by);
        self.namespace.move_lines(by);
        self.multicluster_label.move_lines(by);
        moved(&mut self.metadata_line, by);
        self.cluster_annotation.move_lines(by);
        self.legacy_markers.move_lines(by);
        moved(&mut self.data_line, by);
        self.entries.move_lines(by);
    }
}

impl MoveLines for ClusterEntry {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
        self.kubeconfig.move_lines(by);
        self.kubeconfig_error.move_lines(by);
    }
}

impl MoveLines for Kubeconfig {
    fn move_lines(&mut self, by: isize) {
        self.current_context.move_lines(by);
        self.clusters.move_lines(by);
        self.contexts.move_lines(by);
        self.users.move_lines(by);
        self.empty_preferences.move_lines(by);
        self.unknown_fields.move_lines(by);
        moved(&mut self.line, by);
    }
}

impl MoveLines for UnknownField {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
    }
}

impl MoveLines for KubeCluster {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
        self.server.move_lines(by);
        self.certificate_authority.move_lines(by);
        self.certificate_authority_data.move_lines(by);
        self.insecure_skip_tls_verify.move_lines(by);
        self.tls_server_name.move_lines(by);
        self.proxy_url.move_lines(by);
    }
}

impl MoveLines for KubeContext {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
        self.cluster.move_lines(by);
        self.user.move_lines(by);
        self.namespace.move_lines(by);
    }
}

impl MoveLines for KubeUser {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
        self.token.move_lines(by);
        self.token_file.move_lines(by);
        self.username.move_lines(by);
        self.password_line.move_lines(by);
        self.client_certificate.move_lines(by);
        self.client_certificate_data.move_lines(by);
        self.client_key.move_lines(by);
        self.client_key_data_line.move_lines(by);
        self.auth_provider.move_lines(by);
        self.exec.move_lines(by);
        self.impersonate.move_lines(by);
        self.impersonation_details.move_lines(by);
    }
}

impl MoveLines for ExecPlugin {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
        self.interactive_mode.move_lines(by);
    }
}

impl MoveLines for CertificateData {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
    }
}

impl MoveLines for Token {
    fn move_lines(&mut self, by: isize) {
        moved(&mut self.line, by);
    }
}
