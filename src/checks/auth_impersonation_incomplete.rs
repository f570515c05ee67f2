//! `auth-impersonation-incomplete`: impersonation details without a user to impersonate.

use super::{Check, Context, Effect, Sink, Stage};
use crate::citation::Citation;
use crate::finding::Severity;

pub const CHECK: Check = Check {
    id: "auth-impersonation-incomplete",
    severity: Severity::Error,
    summary: "`as-uid`, `as-groups` or `as-user-extra` without `as`.",
    why: prose!("client-go's `Validate` refuses impersonation details that name no user to impersonate (`requesting uid, groups or user-extra for X without impersonating a user`), and istiod rejects the kubeconfig."),
    fix: prose!("Remove the impersonation fields (the reader token needs none), or add `as:` with the user to impersonate."),
    source: sources!(&[
        Citation::client_go("tools/clientcmd/validation.go", "validateAuthInfo"),
    ]),
    steps: &[3],
    effect: Effect::Reject,
    stage: Stage::Validate,
    istiod_log: "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: requesting uid, groups or user-extra for {user} without impersonating a user",
    run,
};

fn run(context: &Context, sink: &mut Sink) {
    for (at, config) in context.kubeconfigs() {
        for user in &config.users {
            let Some(first) = user.impersonation_details.first() else {
                continue;
            };
            if user.impersonate.is_some() {
                continue;
            }
            let fields: Vec<&str> = user.impersonation_details.iter().map(|detail| detail.value).collect();
            sink.entry(
                at,
                first.line,
                format!(
                    "user `{}` sets `{}` without `as`: there is no user to impersonate",
                    user.name,
                    fields.join("`, `")
                ),
            )
            .validation(vec![format!(
                "requesting uid, groups or user-extra for {} without impersonating a user",
                user.name
            )]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::*;

    #[test]
    fn fires_on_groups_without_as() {
        let input = healthy().replace(
            "        token:",
            "        as-groups:\n        - system:masters\n        token:",
        );
        let report = check_fires(
            "auth-impersonation-incomplete",
            &input,
            &[line_of(&input, "as-groups:")],
        );
        assert_eq!(first_verdict(&report), Verdict::Rejected);
    }

    #[test]
    fn fires_on_uid_and_extra_without_as() {
        let input = healthy().replace(
            "        token:",
            "        as-uid: \"1234\"\n        as-user-extra:\n          team: [mesh]\n        token:",
        );
        check_fires("auth-impersonation-incomplete", &input, &[line_of(&input, "as-uid:")]);
    }

    #[test]
    fn quiet_with_as_or_without_details() {
        let input = healthy().replace(
            "        token:",
            "        as: admin\n        as-groups:\n        - system:masters\n        token:",
        );
        check_quiet("auth-impersonation-incomplete", &input);
        check_quiet("auth-impersonation-incomplete", &healthy());
    }
}
