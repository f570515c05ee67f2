//! SARIF 2.1.0 for code scanning (GitHub and others): one run, the check catalogue as the
//! tool's rules, one result per finding.

use serde_json::{json, Value};

use crate::checks::ALL;
use crate::citation::text_of;
use crate::finding::Severity;
use crate::report::Report;

/// Renders reports of several files as one SARIF log.
pub fn log(reports: &[(&str, &Report)]) -> Value {
    let rules: Vec<Value> = ALL
        .iter()
        .map(|check| {
            json!({
                "id": check.id,
                "shortDescription": {"text": check.summary},
                "fullDescription": {"text": check.why},
                "help": {"text": format!("{}\nSource: {}", check.fix, text_of(check.source))},
                "helpUri": check
                    .source
                    .iter()
                    .find(|citation| citation.is_external())
                    .map(|citation| citation.url()),
                "defaultConfiguration": {"level": level(check.severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for (uri, report) in reports {
        for finding in &report.findings {
            let rule_index = ALL.iter().position(|check| check.id == finding.id).unwrap_or(0);
            let mut location = json!({"physicalLocation": {"artifactLocation": {"uri": uri}}});
            if let Some(line) = finding.line {
                location["physicalLocation"]["region"] = json!({"startLine": line});
            }
            results.push(json!({
                "ruleId": finding.id,
                "ruleIndex": rule_index,
                "level": level(finding.severity),
                "message": {"text": finding.message},
                "locations": [location],
                "properties": {"secret": finding.secret, "cluster": finding.cluster, "steps": finding.steps},
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "remote-secret",
                "informationUri": "https://github.com/remote-secret-inspector",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
