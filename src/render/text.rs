//! The text report: the verdict per cluster, then findings by severity with line numbers.

use std::fmt::Write;

use crate::checks::Check;
use crate::finding::Severity;
use crate::report::Report;

/// Renders a report for a terminal. `source` names the input (a file name or `stdin`).
pub fn report(report: &Report, source: &str) -> String {
    let mut out = String::new();
    let model = &report.model;
    if model.secrets.is_empty() {
        let _ = writeln!(out, "{source}: no remote secret found");
    }
    for (secret_index, secret) in model.secrets.iter().enumerate() {
        let namespace = secret
            .namespace
            .as_ref()
            .map(|n| format!(" in {}", n.value))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{source}:{}: Secret {}{namespace}",
            secret.line,
            secret.display_name()
        );
        if secret.entries.is_empty() {
            let _ = writeln!(out, "  (no cluster entries)");
        }
        for (entry_index, entry) in secret.entries.iter().enumerate() {
            if let Some(verdict) = report.verdict(secret_index, entry_index) {
                let _ = writeln!(
                    out,
                    "  {:<9} {}  {}",
                    verdict.verdict.as_str(),
                    entry.cluster_id,
                    verdict.summary
                );
                if let Some(log) = &verdict.istiod_log {
                    let _ = writeln!(out, "            istiod logs: {log}");
                }
                if let Some(answer) = &verdict.api_server_answer {
                    let _ = writeln!(out, "            kubectl apply answers: {answer}");
                }
            }
        }
    }
    if !model.unrelated_secrets.is_empty() {
        let _ = writeln!(
            out,
            "{} other Secret(s) are not remote secrets and were not checked.",
            model.unrelated_secrets.len()
        );
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let findings: Vec<_> = report.findings.iter().filter(|f| f.severity == severity).collect();
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} {}:", findings.len(), plural(severity));
        for finding in findings {
            let line = finding
                .line
                .map(|line| format!("{source}:{line}"))
                .unwrap_or_else(|| source.to_string());
            let cluster = finding.cluster.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default();
            let _ = writeln!(out, "  {line}: {}{cluster}: {}", finding.id, finding.message);
        }
    }
    if report.repaired_text().is_some() {
        let _ = writeln!(out, "\nA repaired text is available: run again with --repair.");
    }
    out
}

fn plural(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "errors",
        Severity::Warning => "warnings",
        Severity::Info => "notes",
    }
}

/// `remote-secret explain ID`.
pub fn explain(check: &Check) -> String {
    let steps = if check.steps.is_empty() {
        "none".to_string()
    } else {
        check.steps.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")
    };
    let mut out = format!(
        "{} ({})\n\n{}\n\nWhy it matters:\n  {}\n\nFix:\n  {}\n\nSource:\n{}\nDiagram steps: {steps}\n",
        check.id,
        check.severity.as_str(),
        check.summary,
        check.why,
        check.fix,
        check
            .source
            .iter()
            .map(|citation| format!("  {}\n    {}\n", citation.text(), citation.url()))
            .collect::<String>()
    );
    if !check.istiod_log.is_empty() {
        let speaker = if check.stage.answered_by_api_server() {
            "kubectl apply answers"
        } else {
            "istiod logs"
        };
        out.push_str(&format!("{speaker}: {}\n", check.istiod_log));
    }
    out
}

/// `remote-secret checks`: one line per check.
pub fn catalogue(checks: &[&Check]) -> String {
    checks
        .iter()
        .map(|check| format!("{:<32} {:<8} {}\n", check.id, check.severity.as_str(), check.summary))
        .collect()
}
