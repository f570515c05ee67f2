//! The Generate panel's form as plain data: istioctl's inputs as typed, turned into a generated
//! Secret or into the problems that prevent one (per field, or istioctl's own refusal). Nothing
//! here reaches the address bar or storage: the form holds a token.

use crate::generate::istioctl::{self, Auth, Generated, Layout, Parts, SecretType};

/// The inputs as the user typed them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateForm {
    pub name: String,
    pub server: String,
    /// The API server's CA, PEM text.
    pub certificate_authority: String,
    pub token: String,
    pub namespace: String,
    /// `remote` or `config`.
    pub secret_type: String,
    pub tls_server_name: String,
    /// `bearer-token` or `plugin`.
    pub auth_type: String,
    pub auth_plugin_name: String,
    /// `key=value`, one per line.
    pub auth_plugin_config: String,
    /// `current` or `1.27`.
    pub layout: String,
    /// `--service-account`: whose token it should be (checked against the token's subject).
    pub service_account: String,
}

impl Default for GenerateForm {
    fn default() -> GenerateForm {
        GenerateForm {
            name: String::new(),
            server: String::new(),
            certificate_authority: String::new(),
            token: String::new(),
            namespace: "istio-system".to_string(),
            secret_type: "remote".to_string(),
            tls_server_name: String::new(),
            auth_type: "bearer-token".to_string(),
            auth_plugin_name: String::new(),
            auth_plugin_config: String::new(),
            layout: "current".to_string(),
            service_account: "istio-reader-service-account".to_string(),
        }
    }
}

/// What the form gives: the Secret, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenerateOutcome {
    /// Fields still empty; nothing to say yet.
    Incomplete,
    /// Problems with fields: (field, message).
    Problems(Vec<(&'static str, String)>),
    /// istioctl's own refusal, in its words.
    Refused(String),
    Generated(Generated),
}

impl GenerateForm {
    /// The settings the generated Secret is inspected with: the page's, with istiod's namespace
    /// and the expected service account taken from the form.
    pub fn inspection_settings(&self, page: &crate::settings::Settings) -> crate::settings::Settings {
        let mut settings = page.clone();
        if !self.namespace.trim().is_empty() {
            settings.istio_namespace = self.namespace.trim().to_string();
        }
        if !self.service_account.trim().is_empty() {
            settings.expected_service_account = self.service_account.trim().to_string();
        }
        settings
    }

    /// Generates the Secret the form describes.
    pub fn outcome(&self) -> GenerateOutcome {
        if [&self.name, &self.server, &self.certificate_authority]
            .iter()
            .all(|field| field.trim().is_empty())
            && self.token.trim().is_empty()
        {
            return GenerateOutcome::Incomplete;
        }
        let mut problems = Vec::new();
        let mut required = |field: &'static str, value: &str| {
            if value.trim().is_empty() {
                problems.push((field, "required".to_string()));
            }
        };
        required("name", &self.name);
        required("server", &self.server);
        required("namespace", &self.namespace);
        let certificate_authority = match istioctl::certificate_authority(&self.certificate_authority) {
            Ok(bytes) => bytes,
            Err(problem) => {
                problems.push((problem.field, problem.message));
                Vec::new()
            }
        };
        let auth = if self.auth_type == "plugin" {
            let lines: Vec<String> = self
                .auth_plugin_config
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_string)
                .collect();
            match istioctl::plugin_config(&lines) {
                Ok(config) => Some(Auth::Plugin {
                    name: self.auth_plugin_name.trim().to_string(),
                    config,
                }),
                Err(problem) => {
                    problems.push((problem.field, problem.message));
                    None
                }
            }
        } else {
            match istioctl::token(&self.token) {
                Ok(token) => Some(Auth::BearerToken(token)),
                Err(problem) => {
                    problems.push((problem.field, problem.message));
                    None
                }
            }
        };
        let (false, Some(auth)) = (!problems.is_empty(), auth) else {
            return GenerateOutcome::Problems(problems);
        };
        let parts = Parts {
            name: self.name.trim().to_string(),
            server: self.server.trim().to_string(),
            certificate_authority,
            auth,
            namespace: self.namespace.trim().to_string(),
            secret_type: if self.secret_type == "config" {
                SecretType::Config
            } else {
                SecretType::Remote
            },
            tls_server_name: Some(self.tls_server_name.trim().to_string()).filter(|name| !name.is_empty()),
            layout: if self.layout == "1.27" {
                Layout::Istioctl1_27
            } else {
                Layout::Current
            },
        };
        match istioctl::create_remote_secret(&parts) {
            Ok(generated) => GenerateOutcome::Generated(generated),
            Err(refusal) => GenerateOutcome::Refused(refusal.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{RemoteSecretSpec, NOW};

    fn filled() -> GenerateForm {
        let spec = RemoteSecretSpec::healthy(NOW);
        GenerateForm {
            name: spec.cluster_id,
            server: spec.server,
            certificate_authority: spec.ca_pem,
            token: spec.token,
            ..GenerateForm::default()
        }
    }

    #[test]
    fn a_filled_form_generates_istioctls_bytes() {
        match filled().outcome() {
            GenerateOutcome::Generated(generated) => {
                assert_eq!(generated.yaml, RemoteSecretSpec::healthy(NOW).istioctl_yaml())
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(GenerateForm::default().outcome(), GenerateOutcome::Incomplete);
    }

    #[test]
    fn the_service_account_is_checked_against_the_tokens_subject() {
        let form = GenerateForm {
            service_account: "istiod".into(),
            ..filled()
        };
        let GenerateOutcome::Generated(generated) = form.outcome() else {
            panic!("generated expected")
        };
        let report = crate::inspect(&generated.yaml, &form.inspection_settings(&crate::Settings::at(NOW)));
        assert!(report.findings.iter().any(|f| f.id == "token-subject-unexpected"));
    }

    #[test]
    fn problems_are_given_per_field_and_refusals_in_istioctls_words() {
        let form = GenerateForm {
            certificate_authority: "not a certificate".into(),
            token: "two words".into(),
            server: String::new(),
            ..filled()
        };
        let GenerateOutcome::Problems(problems) = form.outcome() else {
            panic!("problems expected")
        };
        let fields: Vec<&str> = problems.iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, vec!["server", "ca", "token"]);
        let refused = GenerateForm {
            name: "Cluster_2".into(),
            ..filled()
        };
        assert_eq!(
            refused.outcome(),
            GenerateOutcome::Refused("Cluster_2 is not a valid DNS 1123 label".into())
        );
        let plugin = GenerateForm {
            auth_type: "plugin".into(),
            auth_plugin_name: "oidc".into(),
            auth_plugin_config: "oops".into(),
            ..filled()
        };
        assert!(
            matches!(plugin.outcome(), GenerateOutcome::Problems(problems) if problems[0].0 == "auth-plugin-config")
        );
    }
}
