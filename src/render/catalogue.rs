//! The check catalogue as Markdown (`docs/checks.md`), written from [`checks::ALL`] so that the
//! documented ids, verdicts, log lines and sources are the engine's own. A test fails when the
//! committed file is stale; `UPDATE_DOCS=1 cargo test --lib catalogue` rewrites it.

use std::fmt::Write;

use crate::checks::{Check, Effect, Stage, ALL};
use crate::citation::Citation;

/// Ids promised by the catalogue and kept for the trust work; no check has them yet.
pub const RESERVED_IDS: &[(&str, &str)] = &[];

/// The verdict a finding of this effect gives its entry, at most.
pub fn effect_words(effect: Effect) -> &'static str {
    match effect {
        Effect::None => "none (`ok`)",
        Effect::Risk => "`at-risk`",
        Effect::Fail => "`failing`",
        Effect::Reject => "`rejected`",
        Effect::Ignore => "`ignored`",
    }
}

/// Where a check's problem surfaces, for a heading and a table cell.
pub fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::Input => "The input itself",
        Stage::ApiServer => "The API server (`kubectl apply`)",
        Stage::Informer => "istiod's informer",
        Stage::Controller => "istiod's secret controller",
        Stage::Load => "Loading the kubeconfig (`clientcmd.Load`)",
        Stage::Validate => "Validating the kubeconfig (`clientcmd.Validate`)",
        Stage::Sanitize => "istiod's sanitizer (`sanitizeKubeConfig`)",
        Stage::ClientConfig => "Configuring the client (`ClientConfig`)",
        Stage::ClientBuild => "Building the client (`kube.NewClient`)",
        Stage::Runtime => "Syncing and authenticating",
    }
}

const STAGES: [Stage; 10] = [
    Stage::Input,
    Stage::ApiServer,
    Stage::Informer,
    Stage::Controller,
    Stage::Load,
    Stage::Validate,
    Stage::Sanitize,
    Stage::ClientConfig,
    Stage::ClientBuild,
    Stage::Runtime,
];

/// Inline code that survives backticks in its text.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn link(citation: &Citation) -> String {
    match citation {
        Citation::Doc { section, anchor } => format!("[docs/istio.md: {section}](istio.md#{anchor})"),
        Citation::Code { repo, .. } => format!(
            "[{}]({}) ({} {})",
            citation.label(),
            citation.url(),
            repo.name(),
            repo.tag()
        ),
        _ => format!("[{}]({})", citation.label(), citation.url()),
    }
}

/// `docs/checks.md`.
pub fn markdown(checks: &[&Check]) -> String {
    let mut out = String::new();
    out.push_str(
        "# The check catalogue

<!-- Written by src/render/catalogue.rs from checks::ALL. Do not edit: run
     `UPDATE_DOCS=1 cargo test --lib catalogue` after changing a check. -->

Every check has a stable, kebab-case id (never renamed, never reused: the JSON and SARIF reports,
the app and these docs all use it), a severity, the verdict its findings give a cluster entry, the
step where istiod (or the API server) meets the problem, the line it prints there, and the
sources it rests on, pinned to the release they were read at. [istio.md](istio.md) tells the
whole story the checks are taken from.

## Verdicts

Each cluster entry (one data key of one Secret) gets the worst verdict of its own and its Secret's
findings: the answer to \"what will istiod do with this?\"

| verdict | meaning |
|---|---|
| `ignored` | istiod never sees the Secret: wrong label or namespace, or the API server refuses to store it (the report gives what `kubectl apply` answers) |
| `rejected` | istiod logs an error and skips the entry: it cannot load, validate, sanitize or build a client from the kubeconfig, or the cluster ID clashes |
| `failing` | istiod adds the cluster, then syncing or authentication fails |
| `at-risk` | added and expected to work, with a risk (expiry soon, TLS verification off, ...) |
| `ok` | added; nothing above a note |

When several findings reject an entry, the report quotes the message of the earliest step istiod
stops at; `clientcmd.Validate` reports all its errors at once, and the report joins them as Go
does. A check's verdict is the most it gives: some findings are milder (an expired certificate of
a cluster the current context does not use decides nothing, for example).

## Settings the checks read

istiod's namespace (`istio-system`), the primary's cluster ID (`Kubernetes`), the value of istiod's
`PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS` (empty), the expected reader service account
(`istio-reader-service-account`), the instant \"now\" (the clock, or a chosen one), and the expiry
warning window (30 days). The CLI's flags and the app's settings panel set them.

## All checks

| id | severity | verdict | where it surfaces | what istiod logs (or `kubectl apply` answers) |
|---|---|---|---|---|
",
    );
    for check in checks {
        let log = if check.istiod_log.is_empty() {
            "nothing".to_string()
        } else {
            code(check.istiod_log).replace('|', "\\|")
        };
        let _ = writeln!(
            out,
            "| [`{id}`](#{id}) | {} | {} | {} | {log} |",
            check.severity.as_str(),
            effect_words(check.effect),
            stage_words(check.stage),
            id = check.id,
        );
    }
    for stage in STAGES {
        let in_stage: Vec<&&Check> = checks.iter().filter(|check| check.stage == stage).collect();
        if in_stage.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {}", stage_words(stage));
        for check in in_stage {
            let _ = writeln!(out, "\n### `{}`\n", check.id);
            let _ = writeln!(out, "{}\n", check.summary);
            let _ = writeln!(
                out,
                "Severity: {}. Verdict: {}.\n",
                check.severity.as_str(),
                effect_words(check.effect)
            );
            let _ = writeln!(out, "{}\n", check.why);
            let _ = writeln!(out, "**Fix.** {}\n", check.fix);
            if !check.istiod_log.is_empty() {
                let speaker = if check.stage.answered_by_api_server() {
                    "`kubectl apply` answers"
                } else {
                    "istiod logs"
                };
                let _ = writeln!(out, "**{speaker}:** {}\n", code(check.istiod_log));
            }
            if !check.steps.is_empty() {
                let steps: Vec<String> = check.steps.iter().map(u8::to_string).collect();
                let _ = writeln!(
                    out,
                    "**Diagram steps:** {} ([the sequence](istio.md#how-a-remote-workload-first-authenticates-the-diagram))\n",
                    steps.join(", ")
                );
            }
            let sources: Vec<String> = check.source.iter().map(link).collect();
            let _ = writeln!(out, "**Sources:** {}", sources.join("; "));
        }
    }
    if !RESERVED_IDS.is_empty() {
        out.push_str("\n## Reserved ids\n\nKept for work to come; no check uses them yet.\n\n");
        for (id, meaning) in RESERVED_IDS {
            let _ = writeln!(out, "- `{id}`: {meaning}");
        }
    }
    out
}

/// The catalogue of this build.
pub fn current() -> String {
    markdown(ALL)
}

/// `docs/samples.md`: the teaching samples' faults, from `generate::samples::FAULTS`.
pub fn samples_markdown() -> String {
    use crate::generate::samples::FAULTS;
    let mut out = String::from(
        "# Teaching samples and their faults

<!-- Written by src/render/catalogue.rs from generate::samples::FAULTS. Do not edit: run
     `UPDATE_DOCS=1 cargo test --lib catalogue` after changing a fault. -->

A sample is a complete synthetic remote secret, written as `istioctl create-remote-secret`
writes it, with a cluster CA and a service-account token made at \"now\" by this tool (never a
real credential). Give it one or more faults to see what breaks where:
`remote-secret generate --sample --fault expired-ca --fault loopback-server`, or the app's
sample builder. Fault ids are stable.

| fault | what it is | check it triggers | verdict alone | diagram steps |
|---|---|---|---|---|
",
    );
    for fault in FAULTS {
        let steps: Vec<String> = fault.steps().iter().map(u8::to_string).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | [`{check}`](checks.md#{check}) | {} | {} |",
            fault.id,
            fault.summary.replace('|', "\\|"),
            fault
                .verdict
                .map_or("no entry left".to_string(), |verdict| format!("`{}`", verdict.as_str())),
            if steps.is_empty() {
                "none".to_string()
            } else {
                steps.join(", ")
            },
            check = fault.check,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/checks.md");

    #[test]
    fn catalogue_in_docs_is_current() {
        let expected = current();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(PATH, &expected).expect("docs/checks.md is writable");
            return;
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            committed == expected,
            "docs/checks.md is stale: run `UPDATE_DOCS=1 cargo test --lib catalogue` and commit it"
        );
    }

    #[test]
    fn samples_in_docs_are_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/samples.md");
        let expected = samples_markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &expected).expect("docs/samples.md is writable");
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == expected,
            "docs/samples.md is stale: run `UPDATE_DOCS=1 cargo test --lib catalogue` and commit it"
        );
    }

    #[test]
    fn every_check_is_listed_with_its_log_and_sources() {
        let text = current();
        for check in ALL {
            assert!(text.contains(&format!("### `{}`", check.id)), "{}", check.id);
            for citation in check.source {
                assert!(
                    text.contains(&citation.url().replace("docs/istio.md", "istio.md")),
                    "{}",
                    check.id
                );
            }
        }
        assert!(
            text.contains("Add cluster: create remote cluster failed: kubeconfig is not allowed: exec is not allowed")
        );
    }

    #[test]
    fn reserved_ids_are_not_taken() {
        for (id, _) in RESERVED_IDS {
            assert!(
                crate::checks::find(id).is_none(),
                "{id} is implemented: take it off the reserved list"
            );
        }
    }
}
