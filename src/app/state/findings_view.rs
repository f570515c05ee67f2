//! The findings as the results panel groups them, and the headline over the whole input.

use crate::finding::{Finding, Severity};
use crate::report::{Report, Verdict};

/// The findings that bear on one entry (its own, its Secret's, the input's), by severity.
pub fn findings_by_severity(report: &Report, selected: Option<(usize, usize)>) -> Vec<(Severity, Vec<usize>)> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|severity| {
            let indexes = report
                .findings
                .iter()
                .enumerate()
                .filter(|(_, finding)| finding.severity == severity && listed(finding, selected))
                .map(|(index, _)| index)
                .collect();
            (severity, indexes)
        })
        .collect()
}

/// Whether a finding is listed: every finding with no entry chosen, else those shown with it.
fn listed(finding: &Finding, selected: Option<(usize, usize)>) -> bool {
    selected.is_none_or(|(secret, entry)| finding.shown_with(secret, entry))
}

/// A short headline for the whole input: how many clusters and how they fare.
pub fn headline(report: &Report) -> String {
    let count = |wanted: Verdict| report.verdicts.iter().filter(|v| v.verdict == wanted).count();
    let clusters = report.verdicts.len();
    let unrelated = report.model.unrelated_secrets.len();
    let mut words = match clusters {
        0 if report.model.documents.is_empty() && report.model.syntax_errors.is_empty() => {
            return "Paste a remote secret, drop a file, or load an example.".to_string()
        }
        0 => "No cluster entry found.".to_string(),
        1 => "1 cluster".to_string(),
        n => format!("{n} clusters"),
    };
    if clusters > 0 {
        let parts: Vec<String> = [
            Verdict::Ok,
            Verdict::AtRisk,
            Verdict::Failing,
            Verdict::Rejected,
            Verdict::Ignored,
        ]
        .into_iter()
        .filter(|verdict| count(*verdict) > 0)
        .map(|verdict| format!("{} {}", count(verdict), verdict.as_str()))
        .collect();
        words = format!("{words}: {}.", parts.join(", "));
    }
    if unrelated > 0 {
        words.push_str(&format!(
            " {unrelated} other Secret{} in the list {} not remote secrets and {} not inspected.",
            if unrelated == 1 { "" } else { "s" },
            if unrelated == 1 { "is" } else { "are" },
            if unrelated == 1 { "was" } else { "were" },
        ));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{example, NOW};
    use crate::settings::Settings;

    #[test]
    fn findings_group_by_severity_for_the_selected_entry() {
        let text = example("loopback-server", NOW).expect("a known example");
        let report = crate::inspect(&text, &Settings::at(NOW));
        let groups = findings_by_severity(&report, Some((0, 0)));
        assert_eq!(groups.len(), 3);
        let errors: Vec<&str> = groups[0].1.iter().map(|&i| report.findings[i].id).collect();
        assert!(errors.contains(&"server-loopback"), "{errors:?}");
        assert!(groups
            .iter()
            .all(|(severity, indexes)| indexes.iter().all(|&i| report.findings[i].severity == *severity)));
        assert!(findings_by_severity(&report, Some((5, 0)))[0].1.is_empty());
    }

    #[test]
    fn the_headline_counts_clusters_and_unrelated_secrets() {
        let empty = crate::inspect("", &Settings::at(NOW));
        assert_eq!(
            headline(&empty),
            "Paste a remote secret, drop a file, or load an example."
        );
        let report = crate::inspect(&example("loopback-server", NOW).expect("example"), &Settings::at(NOW));
        assert_eq!(headline(&report), "1 cluster: 1 failing.");
    }
}
