//! The words every layer of the engine shares about a problem: its severity, what it does to a
//! verdict ([`Effect`]), where istiod meets it ([`Stage`]), what it is about ([`Target`]), the
//! [`Finding`] itself, and the lines istiod prints ([`istiod`]).
//!
//! A leaf: it imports nothing of the engine, so that the checks below and the report above can
//! both speak these words without importing each other.

use serde::Serialize;

/// How bad a finding is, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a problem surfaces as a remote secret travels from `kubectl apply` to a synced cluster, in
/// the order istiod meets them. When an entry has several findings of its worst effect, the
/// earliest stage is the one whose message istiod (or the API server) prints: istiod stops at the
/// first failing step of `NewUntrustedRestConfig` (`pkg/kube/util.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The input as text: not YAML, indentation lost, not a Secret.
    Input,
    /// The API server refuses to store the object: `kubectl apply` answers, istiod never sees it.
    ApiServer,
    /// istiod's informer never delivers the Secret (label, namespace): nothing is logged.
    Informer,
    /// The secret controller's own rules about keys (`addSecret`): skipped with a log line.
    Controller,
    /// `clientcmd.Load`: `kubeconfig is empty`, `kubeconfig cannot be loaded: ...`.
    Load,
    /// `clientcmd.Validate`: `kubeconfig is not valid: invalid configuration: ...`.
    Validate,
    /// istiod's `sanitizeKubeConfig`: `kubeconfig is not allowed: ...`.
    Sanitize,
    /// client-go's `DirectClientConfig.ClientConfig` (`ConfirmUsable`): its error unwrapped.
    ClientConfig,
    /// istiod's `kube.NewClient` (TLS setup, auth provider plugins): `failed to create kube
    /// clients: ...`.
    ClientBuild,
    /// The cluster is added; listing, watching or the TokenReview fail later, or nothing fails
    /// and the finding is advice.
    Runtime,
}

impl Stage {
    /// Whether the message of a finding at this stage is the API server's answer to `kubectl
    /// apply` rather than a line of istiod's log.
    pub fn answered_by_api_server(self) -> bool {
        self == Stage::ApiServer
    }
}

/// istiod's log lines, composed as `NewUntrustedRestConfig` and the secret controller compose them
/// (`pkg/kube/util.go`, `pkg/kube/multicluster/secretcontroller.go`, istio 1.28.0).
pub mod istiod {
    /// The prefix of every client-building failure (`addSecret`: `%s cluster: create remote
    /// cluster failed: %v` with the action `Add`).
    pub const CREATE_FAILED: &str = "Add cluster: create remote cluster failed: ";

    /// A `clientcmd.Validate` error: `kubeconfig is not valid: invalid configuration: ...`.
    pub fn not_valid(detail: &str) -> String {
        format!("{CREATE_FAILED}kubeconfig is not valid: invalid configuration: {detail}")
    }

    /// A `sanitizeKubeConfig` refusal: `kubeconfig is not allowed: ...`.
    pub fn not_allowed(detail: &str) -> String {
        format!("{CREATE_FAILED}kubeconfig is not allowed: {detail}")
    }

    /// An error of `DirectClientConfig.ClientConfig`, which istiod returns unwrapped.
    pub fn client_config(detail: &str) -> String {
        format!("{CREATE_FAILED}{detail}")
    }

    /// Go's `%q` of a string, as client-go's messages quote names (Rust's `Debug` escapes the
    /// same characters for the text kubeconfigs hold).
    pub fn quote(text: &str) -> String {
        format!("{text:?}")
    }

    /// Several errors as Go's `utilerrors.NewAggregate` prints them: one alone, or `[a, b]`.
    pub fn go_aggregate(errors: &[String]) -> String {
        match errors {
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        }
    }

    /// An error of `kube.NewClient`: `failed to create kube clients: ...`.
    pub fn client_build(detail: &str) -> String {
        format!("{CREATE_FAILED}failed to create kube clients: {detail}")
    }
}

/// What a finding does to the verdict of the entries it is about, mildest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Worth knowing; the entry stays `ok`.
    #[default]
    None,
    /// Accepted, expected to work, with a risk: `at-risk`.
    Risk,
    /// Accepted, then syncing or authentication fails: `failing`.
    Fail,
    /// istiod logs an error and skips the entry: `rejected`.
    Reject,
    /// istiod never sees the Secret: `ignored`.
    Ignore,
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// The input as a whole (a syntax error, a foreign document).
    Input,
    /// The mesh's shared trust, read from two clusters' CA files: every entry's sequence passes
    /// through it (steps 8, 12 and 14), so it bears on every entry.
    Mesh,
    /// A Secret (index into `Model::secrets`): applies to all its entries.
    Secret(usize),
    /// One cluster entry of a Secret.
    Entry(usize, usize),
}

/// One cluster entry's place: its Secret (index into `Model::secrets`) and its index among that
/// Secret's entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub secret: usize,
    pub entry: usize,
}

/// One problem found, in the words of one check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The Secret's name, when the finding is about one.
    pub secret: Option<String>,
    /// The cluster ID (data key), when the finding is about one entry.
    pub cluster: Option<String>,
    /// 1-based line in the input.
    pub line: Option<usize>,
    /// The diagram steps (docs/istio.md, 1-14) this breaks or puts at risk.
    pub steps: &'static [u8],
    #[serde(skip)]
    pub target: Target,
    #[serde(skip)]
    pub effect: Effect,
    /// Where the problem surfaces (the check's stage).
    #[serde(skip)]
    pub stage: Stage,
    /// The line istiod logs for this finding, or at [`Stage::ApiServer`] what `kubectl apply`
    /// answers; `None` when nothing is printed.
    #[serde(skip)]
    pub log: Option<String>,
    /// The errors client-go's `Validate` returns for this finding. `Validate` reports all of a
    /// kubeconfig's errors at once, so the verdict joins them with the entry's others.
    #[serde(skip)]
    pub validation_errors: Vec<String>,
}

impl Finding {
    /// Whether this finding bears on entry `entry_index` of Secret `secret_index`: its own
    /// findings, its Secret's, and the mesh's (every entry's workloads need the shared root).
    /// Input-wide findings (a syntax error, a foreign document) bear on no entry: they are about
    /// text that is not an entry at all.
    pub fn bears_on(&self, secret_index: usize, entry_index: usize) -> bool {
        match self.target {
            Target::Secret(s) => s == secret_index,
            Target::Entry(s, e) => s == secret_index && e == entry_index,
            Target::Mesh => true,
            Target::Input => false,
        }
    }

    /// Whether this finding is shown with entry `entry_index` of Secret `secret_index`: the
    /// findings that bear on it, and those about the input as a whole, which the reader should see
    /// whatever entry they chose. Only [`Finding::bears_on`] decides a verdict or colours a step.
    pub fn shown_with(&self, secret_index: usize, entry_index: usize) -> bool {
        self.target == Target::Input || self.bears_on(secret_index, entry_index)
    }

    /// Sets the exact line istiod (or the API server) prints for this finding.
    pub fn log(&mut self, text: String) -> &mut Finding {
        self.log = Some(text);
        self
    }

    /// Sets the errors client-go's `Validate` returns for this finding, and the line istiod logs
    /// when they are the only ones.
    pub fn validation(&mut self, errors: Vec<String>) -> &mut Finding {
        self.log = Some(istiod::not_valid(&istiod::go_aggregate(&errors)));
        self.validation_errors = errors;
        self
    }

    /// Makes this finding milder than its check's usual severity and effect: the check's
    /// severity is the most it ever says, and some situations call for less.
    pub fn milder(&mut self, severity: Severity, effect: Effect) -> &mut Finding {
        self.severity = self.severity.max(severity);
        self.effect = self.effect.min(effect);
        self
    }
}
