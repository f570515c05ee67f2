//! The Generate panel's form as plain data: istioctl's inputs as typed, turned into a generated
//! Secret or into the problems that prevent one (per field, or istioctl's own refusal). Nothing
//! here reaches the address bar or storage: the form holds a token.
//!
//! The generating itself runs in the extras module, which the first load leaves out: the form
//! goes there and the outcome comes back as text ([`GenerateForm::to_text`],
//! [`outcome_text`]), inside the page.

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
    /// The extras module, which generates, is on its way (or could not be had: the page says so).
    Waiting,
    /// Problems with fields: (field, message).
    Problems(Vec<(String, String)>),
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

    /// Whether nothing that makes a Secret has been typed yet.
    pub fn is_incomplete(&self) -> bool {
        [&self.name, &self.server, &self.certificate_authority, &self.token]
            .iter()
            .all(|field| field.trim().is_empty())
    }

    /// The fields as the extras module receives them: in order, joined by NULs (a NUL typed in a
    /// field, which no field can use, becomes U+FFFD).
    pub fn to_text(&self) -> String {
        self.fields()
            .map(|field| field.replace('\0', "\u{FFFD}"))
            .collect::<Vec<_>>()
            .join("\0")
    }

    /// A form read back from [`GenerateForm::to_text`].
    pub fn from_text(text: &str) -> Option<GenerateForm> {
        let mut form = GenerateForm::default();
        let mut values = text.split('\0').map(str::to_string);
        for field in form.fields_mut() {
            *field = values.next()?;
        }
        values.next().is_none().then_some(form)
    }

    fn fields(&self) -> impl Iterator<Item = &String> {
        [
            &self.name,
            &self.server,
            &self.certificate_authority,
            &self.token,
            &self.namespace,
            &self.secret_type,
            &self.tls_server_name,
            &self.auth_type,
            &self.auth_plugin_name,
            &self.auth_plugin_config,
            &self.layout,
            &self.service_account,
        ]
        .into_iter()
    }

    fn fields_mut(&mut self) -> impl Iterator<Item = &mut String> {
        [
            &mut self.name,
            &mut self.server,
            &mut self.certificate_authority,
            &mut self.token,
            &mut self.namespace,
            &mut self.secret_type,
            &mut self.tls_server_name,
            &mut self.auth_type,
            &mut self.auth_plugin_name,
            &mut self.auth_plugin_config,
            &mut self.layout,
            &mut self.service_account,
        ]
        .into_iter()
    }

    /// Generates the Secret the form describes (in the extras module, in the app).
    pub fn outcome(&self) -> GenerateOutcome {
        if self.is_incomplete() {
            return GenerateOutcome::Incomplete;
        }
        let mut problems = Vec::new();
        let mut required = |field: &str, value: &str| {
            if value.trim().is_empty() {
                problems.push((field.to_string(), "required".to_string()));
            }
        };
        required("name", &self.name);
        required("server", &self.server);
        required("namespace", &self.namespace);
        let certificate_authority = match istioctl::certificate_authority(&self.certificate_authority) {
            Ok(bytes) => bytes,
            Err(problem) => {
                problems.push((problem.field.to_string(), problem.message));
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
                    problems.push((problem.field.to_string(), problem.message));
                    None
                }
            }
        } else {
            match istioctl::token(&self.token) {
                Ok(token) => Some(Auth::BearerToken(token)),
                Err(problem) => {
                    problems.push((problem.field.to_string(), problem.message));
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

/// An outcome as the extras module sends it: a tag (`I`, `W`, `P`, `R`, `G`), then its texts, all
/// joined by NULs (problems as field and message in turn; a Secret as its YAML, then its warnings).
pub fn outcome_text(outcome: &GenerateOutcome) -> String {
    let (tag, texts): (&str, Vec<&str>) = match outcome {
        GenerateOutcome::Incomplete => ("I", vec![]),
        GenerateOutcome::Waiting => ("W", vec![]),
        GenerateOutcome::Problems(problems) => (
            "P",
            problems
                .iter()
                .flat_map(|(field, message)| [field.as_str(), message.as_str()])
                .collect(),
        ),
        GenerateOutcome::Refused(reason) => ("R", vec![reason.as_str()]),
        GenerateOutcome::Generated(generated) => (
            "G",
            std::iter::once(generated.yaml.as_str())
                .chain(generated.warnings.iter().map(String::as_str))
                .collect(),
        ),
    };
    std::iter::once(tag).chain(texts).collect::<Vec<_>>().join("\0")
}

/// An outcome read back from [`outcome_text`].
pub fn outcome_from_text(text: &str) -> Option<GenerateOutcome> {
    let mut parts = text.split('\0');
    let tag = parts.next()?;
    let texts: Vec<String> = parts.map(str::to_string).collect();
    Some(match (tag, texts.as_slice()) {
        ("I", []) => GenerateOutcome::Incomplete,
        ("W", []) => GenerateOutcome::Waiting,
        ("P", _) if texts.len().is_multiple_of(2) => {
            GenerateOutcome::Problems(texts.chunks(2).map(|pair| (pair[0].clone(), pair[1].clone())).collect())
        }
        ("R", [reason]) => GenerateOutcome::Refused(reason.clone()),
        ("G", [yaml, warnings @ ..]) => GenerateOutcome::Generated(Generated {
            yaml: yaml.clone(),
            warnings: warnings.to_vec(),
        }),
        _ => return None,
    })
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
        let fields: Vec<&str> = problems.iter().map(|(field, _)| field.as_str()).collect();
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

    #[test]
    fn the_form_and_its_outcome_cross_to_the_extras_module_and_back_unchanged() {
        let forms = [
            filled(),
            GenerateForm::default(),
            GenerateForm {
                auth_type: "plugin".into(),
                auth_plugin_config: "a=b\nc=d".into(),
                layout: "1.27".into(),
                ..filled()
            },
        ];
        for form in forms {
            assert_eq!(GenerateForm::from_text(&form.to_text()), Some(form.clone()));
            let outcome = form.outcome();
            assert_eq!(outcome_from_text(&outcome_text(&outcome)), Some(outcome));
        }
        let with_nul = GenerateForm {
            name: "a\0b".into(),
            ..filled()
        };
        let read = GenerateForm::from_text(&with_nul.to_text()).expect("a form");
        assert_eq!(read.name, "a\u{FFFD}b");
        assert_eq!(read.server, with_nul.server);
        let outcomes = [
            GenerateOutcome::Waiting,
            GenerateOutcome::Problems(vec![("ca".into(), "not PEM".into()), ("token".into(), String::new())]),
            GenerateOutcome::Refused("no".into()),
            GenerateOutcome::Generated(Generated {
                yaml: "a: b\n".into(),
                warnings: vec!["one".into(), "two".into()],
            }),
        ];
        for outcome in outcomes {
            assert_eq!(outcome_from_text(&outcome_text(&outcome)), Some(outcome));
        }
        assert_eq!(outcome_from_text(""), None, "an empty answer: the module failed");
        assert_eq!(GenerateForm::from_text("too\0few"), None);
    }
}
