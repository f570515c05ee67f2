//! `yaml-indentation-lost`: a remote secret flattened by a copy from a web page.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "yaml-indentation-lost",
    severity: Severity::Error,
    summary: "The text looks like a remote secret whose indentation was lost in a copy from a web page.",
    why: prose!("Keys such as `cluster:`, `user:` and `token:` all stand at column 0, so the YAML no longer says what belongs where: kubectl rejects it or stores a different Secret."),
    fix: prose!("Use the repaired text offered here (`remote-secret inspect --repair`), check it, and fill in anything the page dropped entirely (often the `server:` line). Better: generate the Secret again with `istioctl create-remote-secret`."),
    source: sources!(&[
        Citation::istio("istioctl/pkg/multicluster/remote_secret.go", "createRemoteSecret"),
        Citation::doc("The remote secret", "the-remote-secret"),
    ]),
    steps: &[2, 3],
    effect: Effect::Ignore,
    stage: Stage::Input,
    istiod_log: "",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    let Some(repair) = &context.model.indentation_lost else {
        return;
    };
    let missing = if repair.missing_parents.is_empty() {
        String::new()
    } else {
        format!("; lines missing and put back: {}", repair.missing_parents.join(" "))
    };
    sink.input(
        Some(repair.line),
        format!("the indentation was lost (nested keys stand at column 0){missing}; a repaired text is offered"),
    );
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_a_flattened_secret_and_repairs_it() {
        let flattened: String = healthy()
            .lines()
            .map(|line| format!("{}\n", line.trim_start()))
            .collect();
        let report = check_fires("yaml-indentation-lost", &flattened, &["networking.istio.io/cluster:"]);
        let repaired = report.repaired_text().expect("repaired text");
        // The repaired text is the original again.
        assert_eq!(repaired.trim_end(), healthy().trim_end());
    }

    #[test]
    fn quiet_on_healthy() {
        check_quiet("yaml-indentation-lost", &healthy());
    }

    #[test]
    fn names_the_parent_lines_it_puts_back() {
        let flattened: String = healthy()
            .lines()
            .filter(|line| line.trim() != "annotations:")
            .map(|line| format!("{}\n", line.trim_start()))
            .collect();
        let report = check_fires("yaml-indentation-lost", &flattened, &["networking.istio.io/cluster:"]);
        assert!(
            message_of(&report, "yaml-indentation-lost").contains("; lines missing and put back: annotations:"),
            "{}",
            message_of(&report, "yaml-indentation-lost")
        );
    }
}
