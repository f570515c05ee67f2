//! The report: findings, the verdict per cluster entry, and `inspect`, the one entry point of the
//! engine.

use serde::Serialize;

use crate::checks;
use crate::finding::{istiod, Effect, Finding, Severity};
use crate::model::Model;
use crate::settings::Settings;
use crate::trust::mesh::MeshOutcome;
use crate::trust::Evidence;

/// What istiod will do with one cluster entry (docs/checks.md), best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ok,
    AtRisk,
    Failing,
    Rejected,
    Ignored,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::AtRisk => "at-risk",
            Verdict::Failing => "failing",
            Verdict::Rejected => "rejected",
            Verdict::Ignored => "ignored",
        }
    }

    fn from_effect(effect: Effect) -> Verdict {
        match effect {
            Effect::None => Verdict::Ok,
            Effect::Risk => Verdict::AtRisk,
            Effect::Fail => Verdict::Failing,
            Effect::Reject => Verdict::Rejected,
            Effect::Ignore => Verdict::Ignored,
        }
    }
}

/// The verdict of one cluster entry and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryVerdict {
    pub secret_index: usize,
    pub entry_index: usize,
    pub verdict: Verdict,
    /// One sentence saying what istiod will do.
    pub summary: String,
    /// The log line istiod would print, where there is one.
    pub istiod_log: Option<String>,
    /// What `kubectl apply` answers when the API server refuses to store the Secret.
    pub api_server_answer: Option<String>,
}

/// Everything the engine has to say about one input.
#[derive(Clone, Debug)]
pub struct Report {
    pub model: Model,
    pub findings: Vec<Finding>,
    pub verdicts: Vec<EntryVerdict>,
    pub settings: Settings,
    /// Two clusters' trust, when their CA files were given (the Mesh pane, `remote-secret mesh`).
    pub mesh: Option<MeshOutcome>,
}

impl Report {
    /// The verdict of entry `entry_index` of Secret `secret_index`.
    pub fn verdict(&self, secret_index: usize, entry_index: usize) -> Option<&EntryVerdict> {
        self.verdicts
            .iter()
            .find(|v| v.secret_index == secret_index && v.entry_index == entry_index)
    }

    /// Whether any finding is at least as severe as `threshold`.
    pub fn has_findings_at_least(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|finding| finding.severity <= threshold)
    }

    /// The repaired text, when the input's indentation was lost.
    pub fn repaired_text(&self) -> Option<&str> {
        self.model
            .indentation_lost
            .as_ref()
            .map(|repair| repair.repaired.as_str())
    }

    /// The findings that bear on one entry: its own and its Secret's.
    pub fn findings_for(&self, secret_index: usize, entry_index: usize) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |finding| finding.bears_on(secret_index, entry_index))
    }
}

/// Inspects pasted text: decodes every layer, runs every check, and gives each cluster entry its
/// verdict. Pure and total: it never panics on any input and never reads a clock.
pub fn inspect(input: &str, settings: &Settings) -> Report {
    inspect_with(input, settings, &Evidence::none())
}

/// [`inspect`], with evidence besides the input: keys that verify the tokens' signatures.
pub fn inspect_with(input: &str, settings: &Settings, evidence: &Evidence) -> Report {
    let model = crate::decode::decode_with(input, evidence);
    let servers = checks::server_checks(&model, settings, evidence);
    let mesh = evidence.mesh_outcome(settings.now);
    let mut findings = Vec::new();
    for check in checks::ALL {
        let mut own = Vec::new();
        let mut sink = checks::Sink::new(check, &model, &mut own);
        (check.run)(
            &checks::Context {
                model: &model,
                settings,
                earlier: &findings,
                servers: &servers,
                evidence,
                mesh: mesh.as_ref(),
            },
            &mut sink,
        );
        findings.append(&mut own);
    }
    findings.sort_by_key(|finding| (finding.severity, finding.line.unwrap_or(0)));
    let verdicts = verdicts(&model, &findings);
    Report {
        model,
        findings,
        verdicts,
        settings: settings.clone(),
        mesh,
    }
}

/// The line istiod logs when `Validate` fails: every `Validate` error of the entry of that effect,
/// in the order client-go reports them ([`checks::VALIDATE_ORDER`], then line), as Go's aggregate
/// prints several.
fn validation_log(findings: &[Finding], secret_index: usize, entry_index: usize, effect: Effect) -> String {
    let mut failing: Vec<&Finding> = findings
        .iter()
        .filter(|finding| finding.bears_on(secret_index, entry_index))
        .filter(|finding| finding.effect == effect && !finding.validation_errors.is_empty())
        .collect();
    let rank = |id: &str| checks::VALIDATE_ORDER.iter().position(|ordered| *ordered == id);
    failing.sort_by_key(|finding| (rank(finding.id), finding.line));
    let errors: Vec<String> = failing
        .iter()
        .flat_map(|finding| finding.validation_errors.iter().cloned())
        .collect();
    istiod::not_valid(&istiod::go_aggregate(&errors))
}

fn verdicts(model: &Model, findings: &[Finding]) -> Vec<EntryVerdict> {
    let mut verdicts = Vec::new();
    for (secret_index, secret) in model.secrets.iter().enumerate() {
        for entry_index in 0..secret.entries.len() {
            // The worst effect decides the verdict; among findings of that effect, the earliest
            // stage is the message istiod stops at, then the earliest line.
            let worst = findings
                .iter()
                .filter(|finding| finding.bears_on(secret_index, entry_index))
                .min_by_key(|finding| {
                    (
                        std::cmp::Reverse(finding.effect),
                        finding.stage,
                        finding.severity,
                        finding.line.unwrap_or(0),
                    )
                });
            let verdict = worst.map_or(Verdict::Ok, |finding| Verdict::from_effect(finding.effect));
            let cluster = &secret.entries[entry_index].cluster_id;
            let refused = worst.is_some_and(|finding| finding.stage.answered_by_api_server());
            let summary = match (verdict, worst) {
                (Verdict::Ok, _) | (_, None) => {
                    format!("istiod will add cluster `{cluster}` and should sync it.")
                }
                (Verdict::AtRisk, Some(finding)) => {
                    format!("istiod will add cluster `{cluster}`, but: {}", finding.message)
                }
                (Verdict::Failing, Some(finding)) => {
                    format!("istiod will add cluster `{cluster}`, then fail: {}", finding.message)
                }
                (Verdict::Rejected, Some(finding)) => {
                    format!("istiod will reject cluster `{cluster}`: {}", finding.message)
                }
                (Verdict::Ignored, Some(finding)) if refused => format!(
                    "The API server refuses to store this Secret, so istiod never sees it: {}",
                    finding.message
                ),
                (Verdict::Ignored, Some(finding)) => {
                    format!("istiod will skip this secret without a word: {}", finding.message)
                }
            };
            let log = match worst {
                Some(_) if verdict == Verdict::Ok => None,
                Some(finding) if !finding.validation_errors.is_empty() => {
                    Some(validation_log(findings, secret_index, entry_index, finding.effect))
                }
                Some(finding) => finding.log.clone(),
                None => None,
            };
            let (istiod_log, api_server_answer) = if refused { (None, log) } else { (log, None) };
            verdicts.push(EntryVerdict {
                secret_index,
                entry_index,
                verdict,
                summary,
                istiod_log,
                api_server_answer,
            });
        }
    }
    verdicts
}
