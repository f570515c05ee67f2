//! `cargo xtask conformance`: runs the engine over the third-party corpus (`../shared/corpus`)
//! and prints one line per suite, `N passed, M failed`. Every file must parse or yield a clear
//! finding without a panic; suites with known answers are scored against them.
//!
//! The corpus is read in place and never copied into the project. "Now" is pinned to
//! 2026-01-01T00:00:00Z, as the corpus README advises.

use std::path::{Path, PathBuf};
use std::time::Instant;

use remote_secret::decode::{certificate, token};
use remote_secret::diagram::svg::{render, SvgOptions};
use remote_secret::diagram::Diagram;
use remote_secret::model::{Certificate, CertificateContent, Signature, SignatureProblem, TokenForm};
use remote_secret::redact::{mask, redact, sensitive_spans};
use remote_secret::trust::Evidence;
use remote_secret::{inspect, Report, Settings, Verdict};

const NOW: i64 = 1_767_225_600;

#[derive(Default)]
struct Suite {
    name: &'static str,
    passed: usize,
    failed: usize,
    failures: Vec<String>,
    /// A line to print under the suite's result (the slowest file, for instance).
    note: Option<String>,
}

impl Suite {
    fn new(name: &'static str) -> Suite {
        Suite {
            name,
            ..Suite::default()
        }
    }

    fn record(&mut self, ok: bool, case: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            // Five by default; `CONFORMANCE_FAILURES=N` lists more.
            let shown = std::env::var("CONFORMANCE_FAILURES")
                .ok()
                .and_then(|count| count.parse().ok())
                .unwrap_or(5);
            if self.failures.len() < shown {
                self.failures.push(case());
            }
        }
    }
}

/// Runs every suite. Without the corpus it says so and succeeds, unless the corpus was asked for.
pub fn run(root: &Path, corpus: Option<PathBuf>) -> Result<(), String> {
    let explicit = corpus.is_some();
    let corpus = corpus.unwrap_or_else(|| root.join("../shared/corpus"));
    if !corpus.is_dir() {
        let message = format!("no corpus at {}: conformance skipped", corpus.display());
        return if explicit {
            Err(message)
        } else {
            eprintln!("{message}");
            Ok(())
        };
    }
    let started = Instant::now();
    let suites = vec![
        istio_synthesized(&corpus),
        istio_logs(&corpus),
        report_schema(root, &corpus),
        istioctl_outputs(&corpus),
        istioctl_generate(&corpus),
        blog_paste(&corpus),
        every_file_is_data(&corpus),
        pyca_parsing(&corpus),
        expiry_at_pinned_now(&corpus),
        pkits_validity(&corpus),
        tokens(&corpus),
        jose_signatures(&corpus),
        k8s_token_signatures(&corpus),
        istio_jwt_signatures(&corpus),
        limbo_chains(&corpus),
        pkits_chains(&corpus),
        pss_signatures(&corpus),
        yaml_test_suite(&corpus),
    ];
    let mut total_passed = 0;
    let mut total_failed = 0;
    println!("{:<28} result", "suite");
    for suite in &suites {
        println!("{:<28} {} passed, {} failed", suite.name, suite.passed, suite.failed);
        if let Some(note) = &suite.note {
            println!("    {note}");
        }
        for failure in &suite.failures {
            println!("    failed: {failure}");
        }
        total_passed += suite.passed;
        total_failed += suite.failed;
    }
    println!("({:.1} s)", started.elapsed().as_secs_f64());
    println!("conformance: {total_passed} passed, {total_failed} failed");
    Ok(())
}

fn settings() -> Settings {
    Settings::at(NOW)
}

fn read(path: &Path) -> String {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if extensions.is_empty()
                || path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The first certificate of a PEM or DER file, when it parses.
fn first_certificate(path: &Path) -> Option<Certificate> {
    let bytes = std::fs::read(path).ok()?;
    match certificate::decode_bytes(&bytes) {
        CertificateContent::Blocks { blocks, .. } => blocks.into_iter().next()?.result.ok(),
        _ => None,
    }
}

fn ids(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|finding| finding.id).collect()
}

/// The hand-made secrets of `istio-research/synthesized` with istiod's behaviour (EXPECTED.md):
/// the verdict must say what istiod does, and the named check must fire.
fn istio_synthesized(corpus: &Path) -> Suite {
    let mut suite = Suite::new("istio-synthesized");
    let added = [Verdict::Ok, Verdict::AtRisk];
    #[rustfmt::skip]
    let cases: &[(&str, &[Verdict], Option<&str>)] = &[
        ("ok_cluster2.yaml", &added, None),
        ("ok_cluster2_legacy_format_pre1.28.yaml", &added, Some("secret-legacy-format")),
        ("warn_server_localhost_kind.yaml", &[Verdict::Failing], Some("server-loopback")),
        ("err_exec_auth_eks.yaml", &[Verdict::Rejected], Some("auth-exec-forbidden")),
        ("err_auth_provider_gcp.yaml", &[Verdict::Rejected], Some("auth-provider-forbidden")),
        ("ok_auth_provider_oidc.yaml", &added, None),
        ("err_token_file.yaml", &[Verdict::Rejected], Some("auth-token-file-forbidden")),
        ("err_client_cert_files.yaml", &[Verdict::Rejected], Some("auth-client-cert-file-forbidden")),
        ("err_two_auth_methods_token_and_basic.yaml", &[Verdict::Rejected], Some("auth-multiple-methods")),
        ("warn_insecure_skip_tls_verify.yaml", &[Verdict::Rejected], Some("tls-insecure-with-ca")),
        ("ignored_missing_label.yaml", &[Verdict::Ignored], Some("secret-label-missing")),
        ("ignored_wrong_namespace_default.yaml", &[Verdict::Ignored], Some("secret-namespace")),
        ("warn_key_annotation_mismatch.yaml", &added, Some("secret-annotation-mismatch")),
        ("ignored_key_equals_primary_cluster1.yaml", &[Verdict::Rejected], Some("cluster-id-is-primary")),
    ];
    let mut settings = settings();
    settings.primary_cluster_id = "cluster1".into();
    for (file, verdicts, check) in cases {
        let report = inspect(&read(&corpus.join("istio-research/synthesized").join(file)), &settings);
        let verdict = report.verdicts.first().map(|v| v.verdict);
        let fired = check.is_none_or(|id| ids(&report).contains(&id));
        suite.record(verdict.is_some_and(|v| verdicts.contains(&v)) && fired, || {
            format!("{file}: verdict {verdict:?}, findings {:?}", ids(&report))
        });
    }
    suite
}

/// The log lines istiod prints, where the corpus writes them down: the message column of
/// `istio-research/synthesized/EXPECTED.md` (transcribed here, with its `...` filled in with the
/// prefix the table states), and the exec-auth secret of Istio's own integration test, which
/// `Validate` refuses twice over. Each case: the first entry's verdict and its exact line.
fn istio_logs(corpus: &Path) -> Suite {
    let mut suite = Suite::new("istio-logs");
    const FAILED: &str = "Add cluster: create remote cluster failed: ";
    let cases: &[(&str, Verdict, Option<String>)] = &[
        (
            "synthesized/err_exec_auth_eks.yaml",
            Verdict::Rejected,
            Some(format!("{FAILED}kubeconfig is not allowed: exec is not allowed")),
        ),
        (
            "synthesized/err_auth_provider_gcp.yaml",
            Verdict::Rejected,
            Some(format!("{FAILED}kubeconfig is not allowed: auth provider gcp is not allowed")),
        ),
        (
            "synthesized/err_token_file.yaml",
            Verdict::Rejected,
            Some(format!("{FAILED}kubeconfig is not allowed: tokenFile is not allowed")),
        ),
        (
            "synthesized/err_client_cert_files.yaml",
            Verdict::Rejected,
            Some(format!(
                "{FAILED}kubeconfig is not valid: invalid configuration: [unable to read client-cert /etc/certs/client.crt for cluster2 due to open /etc/certs/client.crt: no such file or directory, unable to read client-key /etc/certs/client.key for cluster2 due to open /etc/certs/client.key: no such file or directory]"
            )),
        ),
        (
            "synthesized/err_two_auth_methods_token_and_basic.yaml",
            Verdict::Rejected,
            Some(format!(
                "{FAILED}kubeconfig is not valid: invalid configuration: more than one authentication method found for cluster2; found [token basicAuth], only one is allowed"
            )),
        ),
        (
            "synthesized/warn_insecure_skip_tls_verify.yaml",
            Verdict::Rejected,
            Some(format!(
                "{FAILED}failed to create kube clients: specifying a root certificates file with the insecure flag is not allowed"
            )),
        ),
        (
            "synthesized/ignored_key_equals_primary_cluster1.yaml",
            Verdict::Rejected,
            Some("ignoring cluster as it would overwrite the config cluster".to_string()),
        ),
        (
            "synthesized/warn_server_localhost_kind.yaml",
            Verdict::Failing,
            Some("remote cluster cluster2 failed to sync after 30s".to_string()),
        ),
        ("synthesized/ignored_missing_label.yaml", Verdict::Ignored, None),
        ("synthesized/ignored_wrong_namespace_default.yaml", Verdict::Ignored, None),
        (
            "istio-remote-secrets/integration_bad_exec_auth_secret.yaml",
            Verdict::Rejected,
            Some(format!(
                "{FAILED}kubeconfig is not valid: invalid configuration: [apiVersion must be specified for bad to use exec authentication plugin, interactiveMode must be specified for bad to use exec authentication plugin]"
            )),
        ),
    ];
    let mut settings = settings();
    settings.primary_cluster_id = "cluster1".into();
    for (file, expected_verdict, expected_log) in cases {
        let report = inspect(&read(&corpus.join("istio-research").join(file)), &settings);
        let first = report.verdicts.first();
        let verdict = first.map(|v| v.verdict);
        let log = first.and_then(|v| v.istiod_log.clone());
        suite.record(verdict == Some(*expected_verdict) && &log == expected_log, || {
            format!("{file}: verdict {verdict:?}, log {log:?}")
        });
    }
    suite
}

/// Every corpus file's JSON report matches the published schema (`docs/report-v1.schema.json`).
fn report_schema(root: &Path, corpus: &Path) -> Suite {
    let mut suite = Suite::new("report-schema");
    let schema: serde_json::Value =
        serde_json::from_str(&read(&root.join("docs/report-v1.schema.json"))).unwrap_or_default();
    let validator = match jsonschema::validator_for(&schema) {
        Ok(validator) => validator,
        Err(error) => {
            suite.record(false, || format!("docs/report-v1.schema.json: {error}"));
            return suite;
        }
    };
    for path in files(corpus, &[]) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.len() > 2_000_000 {
            continue;
        }
        let report = inspect(&String::from_utf8_lossy(&bytes), &settings());
        let value = serde_json::to_value(remote_secret::json::json_report(&report)).unwrap_or_default();
        let first_error = validator
            .iter_errors(&value)
            .next()
            .map(|error| format!("{error} at {}", error.instance_path()));
        suite.record(first_error.is_none(), || {
            format!("{}: {}", path.display(), first_error.unwrap_or_default())
        });
    }
    suite
}

/// istioctl's own expected outputs: each decodes to a Secret or kubeconfig with its entries,
/// without syntax errors.
fn istioctl_outputs(corpus: &Path) -> Suite {
    let mut suite = Suite::new("istioctl-outputs");
    let mut paths = files(&corpus.join("istio-research/istioctl-create-remote-secret"), &["yaml"]);
    paths.extend(files(&corpus.join("istio/remote-secret-fixtures"), &["yaml"]));
    for path in paths {
        let report = inspect(&read(&path), &settings());
        let findings = ids(&report);
        let decoded = !report.model.secrets.is_empty()
            && !findings
                .iter()
                .any(|id| matches!(*id, "yaml-syntax" | "not-a-secret" | "yaml-indentation-lost"));
        // `write_encoded_minimal` is an empty Secret by design: it must say so.
        let empty_by_design =
            path.ends_with("current_write_encoded_minimal.yaml") && findings.contains(&"secret-no-entries");
        suite.record(decoded || empty_by_design, || {
            format!("{}: {findings:?}", path.display())
        });
    }
    suite
}

/// The generator against istioctl's own expected outputs: given the inputs of each istioctl
/// test, it writes the same bytes. Where the tests use the placeholders `caData` and `token`, a
/// real PEM and JWT are put in their place on both sides. Out of scope: the 1.6 layout (named
/// after the kube context) and `write_encoded_minimal` (not a remote secret).
fn istioctl_generate(corpus: &Path) -> Suite {
    use base64::Engine;
    use remote_secret::generate::istioctl::{create_remote_secret, kubeconfig, Auth, Layout, Parts, SecretType};
    let mut suite = Suite::new("istioctl-generate");
    let spec = remote_secret::fixtures::RemoteSecretSpec::healthy(NOW);
    let placeholder_ca = base64::engine::general_purpose::STANDARD.encode("caData");
    let real_ca = base64::engine::general_purpose::STANDARD.encode(&spec.ca_pem);
    let parts = |name: &str, server: &str| Parts {
        name: name.to_string(),
        server: server.to_string(),
        certificate_authority: spec.ca_pem.clone().into_bytes(),
        auth: Auth::BearerToken(spec.token.clone()),
        namespace: "istio-system-test".to_string(),
        secret_type: SecretType::Remote,
        tls_server_name: None,
        layout: Layout::Current,
    };
    let uid = "54643f96-eca0-11e9-bb97-42010a80000a";
    let mut plugin_config = std::collections::BTreeMap::new();
    plugin_config.insert("k1".to_string(), "v1".to_string());
    // (file, parts, whole Secret or the kubeconfig alone)
    let cases: Vec<(&str, Parts, bool)> = vec![
        ("current_default_cluster_name.yaml", parts(uid, "server"), true),
        (
            "current_name_primary_secret_name.yaml",
            parts("primary", "server"),
            true,
        ),
        (
            "current_type_config_name_primary.yaml",
            Parts {
                secret_type: SecretType::Config,
                ..parts("primary", "server")
            },
            true,
        ),
        (
            "current_server_override_tls_server_name.yaml",
            Parts {
                tls_server_name: Some("server".into()),
                ..parts("primary", "gateway")
            },
            true,
        ),
        (
            "legacy_1.24_default.yaml",
            Parts {
                layout: Layout::Istioctl1_27,
                ..parts(uid, "server")
            },
            true,
        ),
        (
            "current_kubeconfig_bearer_token.yaml",
            parts("fake-clusterName-0", "https://1.2.3.4"),
            false,
        ),
        (
            "current_kubeconfig_auth_plugin.yaml",
            Parts {
                auth: Auth::Plugin {
                    name: "foobar".into(),
                    config: plugin_config.clone(),
                },
                ..parts("fake-clusterName-0", "https://1.2.3.4")
            },
            false,
        ),
    ];
    let base = corpus.join("istio-research/istioctl-create-remote-secret");
    for (file, parts, whole) in cases {
        let expected = read(&base.join(file))
            .replace(&placeholder_ca, &real_ca)
            .replace("token: token\n", &format!("token: {}\n", spec.token));
        let written = if whole {
            create_remote_secret(&parts)
                .map(|generated| generated.yaml)
                .unwrap_or_default()
        } else {
            kubeconfig(&parts)
        };
        suite.record(!expected.is_empty() && written == expected, || {
            let first = written.lines().zip(expected.lines()).position(|(a, b)| a != b);
            format!("{file}: first differing line {first:?}")
        });
    }
    suite
}

/// The blog's flattened secret: detected, and repaired into a Secret with its entry.
fn blog_paste(corpus: &Path) -> Suite {
    let mut suite = Suite::new("blog-paste-repair");
    for path in files(&corpus.join("blog-paste"), &["yaml"]) {
        let report = inspect(&read(&path), &settings());
        let repaired = report.repaired_text().map(|text| inspect(text, &settings()));
        let ok = ids(&report).contains(&"yaml-indentation-lost")
            && repaired.as_ref().is_some_and(|r| {
                r.model.secrets.len() == 1
                    && r.model.secrets[0]
                        .entries
                        .first()
                        .is_some_and(|e| e.cluster_id == "cluster2")
                    && r.model.secrets[0].multicluster_label.is_some()
            });
        suite.record(ok, || format!("{}: {:?}", path.display(), ids(&report)));
    }
    suite
}

/// Every file of the corpus (certificates, keys, tokens, YAML, JSON) fed to `inspect` as a
/// paste: it must return (no panic) within a second, and anything that is not a remote secret
/// must say why in a finding.
fn every_file_is_data(corpus: &Path) -> Suite {
    let mut suite = Suite::new("every-file-no-panic");
    let mut slowest: Option<(f64, PathBuf)> = None;
    for path in files(corpus, &[]) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.len() > 2_000_000 {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let started = Instant::now();
        // Everything the app runs on a keystroke: inspect, find and mask the secrets, redact,
        // and draw the diagram of every entry.
        let result = std::panic::catch_unwind(|| {
            let report = inspect(&text, &settings());
            let spans = sensitive_spans(&text, &report.model);
            let masked = mask(&text, &spans);
            let redacted = redact(&text, &report.model);
            for verdict in &report.verdicts {
                let diagram = Diagram::for_entry(&report, verdict.secret_index, verdict.entry_index);
                render(&diagram, &SvgOptions::default());
            }
            let columns_kept = masked.lines().count() == text.lines().count();
            // Redacting twice changes nothing: every secret is a placeholder after the first.
            let settled = redact(&redacted, &remote_secret::decode::decode(&redacted)) == redacted;
            (report, columns_kept, settled && redacted.is_empty() == text.is_empty())
        });
        let elapsed = started.elapsed().as_secs_f64();
        if slowest.as_ref().is_none_or(|(time, _)| elapsed > *time) {
            slowest = Some((elapsed, path.clone()));
        }
        let ok = match &result {
            Ok((report, columns_kept, redacted)) => {
                elapsed < 1.0
                    && *columns_kept
                    && *redacted
                    && (!report.model.secrets.is_empty()
                        || !report.findings.is_empty()
                        || report.model.documents.is_empty())
            }
            Err(_) => false,
        };
        suite.record(ok, || {
            format!(
                "{}: {}",
                path.display(),
                match &result {
                    Err(_) => "panicked".to_string(),
                    Ok((_, false, _)) => "masking changed the lines".to_string(),
                    Ok((_, _, false)) => "a second redaction still changed the text".to_string(),
                    Ok(_) => format!("{elapsed:.2} s, nothing said"),
                }
            )
        });
    }
    suite.note = slowest.map(|(time, path)| {
        let shown = path.strip_prefix(corpus).unwrap_or(&path).display().to_string();
        format!(
            "slowest: {shown} in {:.1} ms (everything the app runs per keystroke)",
            time * 1000.0
        )
    });
    suite
}

/// pyca/cryptography as the oracle: the same files parse (or fail) in both, with the same
/// `notAfter` when they parse.
fn pyca_parsing(corpus: &Path) -> Suite {
    let mut suite = Suite::new("pyca-x509-agreement");
    let dir = corpus.join("pyca-x509-vectors");
    let index = read(&dir.join("INDEX.tsv"));
    for row in index.lines().skip(1) {
        let columns: Vec<&str> = row.split('\t').collect();
        let (Some(file), Some(position), Some(pyca)) = (columns.first(), columns.get(1), columns.get(2)) else {
            continue;
        };
        let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
        let blocks = match certificate::decode_bytes(&bytes) {
            CertificateContent::Blocks { blocks, .. } => blocks,
            _ => Vec::new(),
        };
        let ours = position
            .parse::<usize>()
            .ok()
            .and_then(|index| blocks.get(index))
            .or(blocks.first());
        let pyca_ok = pyca.starts_with("ok");
        let ours_ok = ours.is_some_and(|block| block.result.is_ok());
        let same_not_after = match (ours.and_then(|b| b.result.as_ref().ok()), columns.get(5)) {
            (Some(certificate), Some(expected)) if pyca_ok => certificate.not_after_text == *expected,
            _ => true,
        };
        suite.record(pyca_ok == ours_ok && same_not_after, || {
            format!(
                "{file}#{position}: pyca {pyca}, ours {:?}",
                ours.map(|b| b.result.as_ref().map(|c| c.not_after_text.clone()))
            )
        });
    }
    suite
}

/// Istio's expired and not-expired test certificates at the pinned now.
fn expiry_at_pinned_now(corpus: &Path) -> Suite {
    let mut suite = Suite::new("istio-cert-expiry");
    for (file, expired) in [
        ("expired-cert.pem", true),
        ("notexpired-cert.pem", false),
        ("cert.pem", false),
    ] {
        let verdict = first_certificate(&corpus.join("istio/pki-testdata").join(file)).map(|c| c.not_after < NOW);
        suite.record(verdict == Some(expired), || {
            format!("{file}: expired? ours {verdict:?}, expected {expired}")
        });
    }
    suite
}

/// NIST PKITS 4.2 (validity periods): a path should validate exactly when every certificate in
/// it is within its validity at the pinned now (PKITS's valid certificates last until 2030).
fn pkits_validity(corpus: &Path) -> Suite {
    let mut suite = Suite::new("pkits-validity-4.2");
    let dir = corpus.join("nist-pkits");
    for row in read(&dir.join("INDEX.tsv"))
        .lines()
        .filter(|row| row.starts_with("4.2."))
    {
        let columns: Vec<&str> = row.split('\t').collect();
        let should_validate = columns.get(3) == Some(&"true");
        let chain = columns.get(6).copied().unwrap_or("");
        let mut all_valid = true;
        let mut parsed_all = true;
        for name in chain.split(" > ") {
            match first_certificate(&dir.join("certs").join(name.trim())) {
                Some(c) => all_valid &= c.not_before <= NOW && NOW <= c.not_after,
                None => parsed_all = false,
            }
        }
        suite.record(parsed_all && all_valid == should_validate, || {
            format!("{}: expected {should_validate}, ours {all_valid}", columns[0])
        });
    }
    suite
}

/// Real service-account tokens: each decodes as a JWT with the header and claims that the
/// corpus's decoded copy shows.
fn tokens(corpus: &Path) -> Suite {
    let mut suite = Suite::new("k8s-tokens");
    for path in files(&corpus.join("istio-research/jwt"), &["jwt"]) {
        let text = read(&path);
        let decoded_path = path.with_extension("decoded.json");
        let expected: serde_json::Value = serde_json::from_str(&read(&decoded_path)).unwrap_or_default();
        let decoded = token::decode(text.trim(), 1, &Evidence::none());
        let ok = match &decoded.form {
            TokenForm::Jwt(jwt) => {
                serde_json::Value::Object(jwt.claims.clone()) == expected["payload"]
                    && serde_json::Value::Object(jwt.header.clone()) == expected["header"]
            }
            _ => false,
        };
        suite.record(ok, || format!("{}: {:?}", path.display(), decoded.form));
    }
    suite
}

/// What verifying the JWS `token` with `keys` (a JWKS, a JWK or PEM) comes to, at the JWS layer
/// (the payload need not be JSON): `verified`, `refused` (an algorithm the API server does not
/// verify with a public key, or no signature), `no-key` (no key of its `kid`) or `invalid`.
/// Without `honour_kid`, every key is tried whatever the header's `kid`.
fn signature_outcome_with(token: &str, keys: &str, honour_kid: bool) -> &'static str {
    use base64::Engine;
    let token = token.trim();
    let header: serde_json::Value = token
        .split('.')
        .next()
        .and_then(|part| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    if token.split('.').count() != 3 || token.ends_with('.') {
        return "refused";
    }
    let kid = header["kid"].as_str().filter(|_| honour_kid);
    let keys = remote_secret::trust::Keys::parse(keys);
    match remote_secret::trust::jws::verify(token, header["alg"].as_str(), kid, &keys) {
        Signature::Verified { .. } => "verified",
        Signature::Invalid {
            problem: SignatureProblem::UnsupportedAlgorithm { .. },
        } => "refused",
        Signature::Invalid {
            problem: SignatureProblem::NoKeyWithKid { .. },
        } => "no-key",
        Signature::Invalid { .. } => "invalid",
        Signature::Unchecked => "unchecked",
    }
}

/// [`signature_outcome_with`], choosing keys by `kid` as the API server does.
fn signature_outcome(token: &str, keys: &str) -> &'static str {
    signature_outcome_with(token, keys, true)
}

/// A JWK without its private members, as a user would give it.
fn public_jwk(jwk: &serde_json::Value) -> String {
    let mut jwk = jwk.clone();
    if let Some(object) = jwk.as_object_mut() {
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            object.remove(private);
        }
    }
    jwk.to_string()
}

/// JOSE vectors, scored as the API server's go-jose verifies: RFC 7515 appendix A, the RFC 7520
/// cookbook's compact signatures, and golang-jwt's signing-method vectors. HMAC, `none` and the
/// non-standard `ED25519` name are refused (the API server verifies only with public keys, and
/// go-jose knows `EdDSA`); PSS salts of any length verify (Go's `PSSSaltLengthAuto`). Out of
/// scope: detached payloads, unprotected headers and several signatures (JSON serializations,
/// which are never bearer tokens).
fn jose_signatures(corpus: &Path) -> Suite {
    let mut suite = Suite::new("jose-signatures");
    let jose = corpus.join("jose");
    let appendix: serde_json::Value =
        serde_json::from_str(&read(&jose.join("rfc7515-appendix-a.json"))).unwrap_or_default();
    for case in appendix.as_array().into_iter().flatten() {
        let (Some(compact), Some(alg)) = (case["compact"].as_str(), case["alg"].as_str()) else {
            continue;
        };
        if compact.is_empty() {
            continue;
        }
        let expected = match alg {
            "RS256" | "ES256" | "ES512" => "verified",
            _ => "refused",
        };
        let outcome = signature_outcome(compact, &public_jwk(&case["jwk_public"]));
        suite.record(outcome == expected, || {
            format!(
                "RFC 7515 {}: {alg}: expected {expected}, ours {outcome}",
                case["rfc7515_section"]
            )
        });
    }
    for path in files(&jose.join("rfc7520-cookbook/jws"), &["json"]) {
        let case: serde_json::Value = serde_json::from_str(&read(&path)).unwrap_or_default();
        let Some(compact) = case["output"]["compact"].as_str() else {
            continue;
        };
        // 4.5 has a detached payload: the compact form's middle part is empty.
        if compact.split('.').nth(1) == Some("") {
            continue;
        }
        let alg = case["input"]["alg"].as_str().unwrap_or("");
        let expected = if alg.starts_with("HS") { "refused" } else { "verified" };
        let outcome = signature_outcome(compact, &public_jwk(&case["input"]["key"]));
        suite.record(outcome == expected, || {
            format!("{}: {alg}: expected {expected}, ours {outcome}", path.display())
        });
    }
    let golang = jose.join("golang-jwt");
    let vectors: serde_json::Value =
        serde_json::from_str(&read(&golang.join("signing-method-vectors.json"))).unwrap_or_default();
    for case in vectors.as_array().into_iter().flatten() {
        let token = case["token"].as_str().unwrap_or("");
        let alg = case["header"]["alg"].as_str().unwrap_or("");
        let key = case["verify_key_file"]
            .as_str()
            .map(|file| read(&golang.join(file)))
            .unwrap_or_else(|| read(&golang.join("sample_key.pub")));
        let valid = case["upstream_valid"].as_bool().unwrap_or(false);
        let expected = match alg {
            "HS256" | "HS384" | "HS512" | "ED25519" => "refused",
            // golang-jwt's `none` tests: an empty signature is refused; "Signed" is the RS384
            // vector again, which golang-jwt rejects only because the test forces `none`, and
            // which the API server would verify with the RSA key.
            _ if case["alg_expected"] == "none" && token.ends_with('.') => "refused",
            _ if case["alg_expected"] == "none" => "verified",
            _ if valid => "verified",
            _ => "invalid",
        };
        let outcome = signature_outcome(token, &key);
        suite.record(outcome == expected, || {
            format!(
                "golang-jwt {}: {alg}: expected {expected}, ours {outcome}",
                case["name"]
            )
        });
    }
    suite
}

/// Real service-account tokens of a minikube API server (vault-plugin-auth-kubernetes) against
/// each of the corpus's keys, one at a time: the outcome pyca found for each pair, where a key of
/// the wrong type never verifies, and a `kid` that is not the key's Kubernetes id is refused as
/// the API server refuses it (`jwtECDSASigned`), the signature verifying once the `kid` is set
/// aside. Also Kubernetes' key ids
/// (`keyIDFromPublicKey`) recomputed for the keys of its own tests.
fn k8s_token_signatures(corpus: &Path) -> Suite {
    let mut suite = Suite::new("k8s-token-signatures");
    let folder = corpus.join("k8s-serviceaccount-tokens");
    let data: serde_json::Value =
        serde_json::from_str(&read(&folder.join("vault-plugin-auth-kubernetes-tokens.json"))).unwrap_or_default();
    for case in data["tokens"].as_array().into_iter().flatten() {
        let token = case["token"].as_str().unwrap_or("");
        for (key_name, expected) in case["signature_check_by_key"].as_object().into_iter().flatten() {
            let key = data["verification_keys"][key_name].as_str().unwrap_or("");
            let outcome = signature_outcome(token, key);
            // pyca's verdict is the mathematics alone. The API server also chooses keys by
            // `kid` (Kubernetes' id of the key): a valid signature under a `kid` that is not the
            // key's own is `invalid signature, no keys found` there, and must verify without it.
            let ok = match expected.as_str() {
                Some("valid") => {
                    outcome == "verified"
                        || (outcome == "no-key" && signature_outcome_with(token, key, false) == "verified")
                }
                _ => outcome != "verified",
            };
            suite.record(ok, || {
                format!("{} with {key_name}: expected {expected}, ours {outcome}", case["name"])
            });
        }
    }
    let keys: serde_json::Value =
        serde_json::from_str(&read(&folder.join("kubernetes-jwt_test-keys.json"))).unwrap_or_default();
    for (name, key) in keys.as_object().into_iter().flatten() {
        let (Some(pem), Some(expected)) = (key["pem"].as_str(), key["upstream_expected_kid"].as_str()) else {
            continue;
        };
        let parsed = remote_secret::trust::Keys::parse(pem);
        let ours = parsed
            .keys
            .first()
            .and_then(|key| key.derived_kid.clone())
            .unwrap_or_default();
        suite.record(ours == expected, || format!("{name}: kid {expected}, ours {ours}"));
    }
    suite
}

/// Istio's JWT test tokens: each verifies against exactly one of the two JWKS (the malformed one
/// against neither).
fn istio_jwt_signatures(corpus: &Path) -> Suite {
    let mut suite = Suite::new("istio-jwt-signatures");
    let folder = corpus.join("istio/jwt-samples");
    let jwks = [
        read(&folder.join("jwks.json")),
        read(&folder.join("tests-common-jwks.json")),
    ];
    let mut tokens: Vec<(String, String)> = ["demo.jwt", "groups-scope.jwt"]
        .iter()
        .map(|name| (name.to_string(), read(&folder.join(name))))
        .collect();
    let listed: serde_json::Value =
        serde_json::from_str(&read(&folder.join("tests-common-jwt-tokens.json"))).unwrap_or_default();
    for case in listed.as_array().into_iter().flatten() {
        tokens.push((
            case["name"].as_str().unwrap_or("").to_string(),
            case["value"].as_str().unwrap_or("").to_string(),
        ));
    }
    for (name, token) in tokens {
        let verifying = jwks
            .iter()
            .filter(|keys| signature_outcome(&token, keys) == "verified")
            .count();
        let expected = usize::from(name != "TokenInvalid");
        suite.record(verifying == expected, || {
            format!("{name}: verifies against {verifying} JWKS, expected {expected}")
        });
    }
    suite
}

/// x509-limbo (the current suite's non-BetterTLS cases): server certificates verified as
/// client-go verifies them (`trust::chain`): validity, unhandled critical extensions, name,
/// chain building, signatures, basic constraints, path length, scored against Go where Go
/// differs from limbo's RFC 5280 and CA/Browser Forum expectations (`GO_DIFFERS`). Out of
/// scope, counted apart: what our verifier does not check (name constraints, key usages,
/// policies), pedantry whose Go outcome is unconfirmed, client certificates, custom depths.
fn limbo_chains(corpus: &Path) -> Suite {
    use remote_secret::trust::chain::{self, Presented};
    let mut suite = Suite::new("x509-limbo-chains");
    let data: serde_json::Value =
        serde_json::from_str(&read(&corpus.join("x509-limbo/limbo-regenerated-8a2e6f4.json"))).unwrap_or_default();
    const OUT_OF_SCOPE: &[&str] = &[
        // Not checked here: name constraints (and the attacks on them), key usages, policies.
        "rfc5280::nc::",
        "webpki::nc::",
        "pathological::nc-",
        "cve::cve-2025-61727",
        "rfc5280::eku::",
        "webpki::eku::",
        "rfc5280::pc::",
        "rfc5280::ku::",
        "webpki::ku::",
        // RFC 5280 and CA/Browser Forum pedantry on fields Go does not look at, or whose Go
        // outcome we have not confirmed: AKI/SKI, serials, CRLs, AIA, key strength, empty names.
        "rfc5280::aki::",
        "rfc5280::ski::",
        "rfc5280::serial::",
        "crl::",
        "webpki::aki::",
        "webpki::malformed-aia",
        "rfc5280::ee-critical-aia-invalid",
        "webpki::forbidden-",
        "rfc5280::ca-empty-subject",
        "rfc5280::ee-empty-issuer",
    ];
    // Where Go's crypto/x509 (go1.25.0, verify.go) gives the opposite of limbo's expectation,
    // which follows RFC 5280 or the CA/Browser Forum's rules: the case is scored against Go.
    const GO_DIFFERS: &[&str] = &[
        // Roots are trust anchors: Go checks no basic constraints on them (isValid checks
        // intermediates only).
        "rfc5280::root-missing-basic-constraints",
        "rfc5280::root-non-critical-basic-constraints",
        "rfc5280::root-inconsistent-ca-extensions",
        // Go ignores the Common Name when there are SANs, and the SAN's criticality.
        "webpki::cn::",
        "rfc5280::san::noncritical-with-empty-subject",
        "webpki::san::san-critical-with-nonempty-subject",
        // Go's validHostname allows `_`; it knows no public suffixes.
        "rfc5280::san::underscore-dns",
        "webpki::san::public-suffix-",
        // Go does not forbid a CA certificate, or keyCertSign, in a leaf.
        "webpki::ca-as-leaf",
        "webpki::ee-basicconstraints-ca",
        "rfc5280::leaf-ku-keycertsign",
        // Go counts self-issued intermediates against a path length (isValid's numIntermediates).
        "pathlen::self-issued-certs-pathlen",
    ];
    let keys = remote_secret::trust::Keys::default();
    let mut skipped = 0;
    for case in data["testcases"].as_array().into_iter().flatten() {
        let id = case["id"].as_str().unwrap_or("");
        let in_scope = case["validation_kind"] == "SERVER"
            && case["max_chain_depth"].is_null()
            && !OUT_OF_SCOPE.iter().any(|prefix| id.starts_with(prefix));
        if !in_scope {
            skipped += 1;
            continue;
        }
        let pems = |field: &str| -> String {
            case[field]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .collect::<Vec<_>>()
                .join("\n")
        };
        let peer = case["peer_certificate"].as_str().unwrap_or("");
        let presented = Presented::parse(&format!("{peer}\n{}", pems("untrusted_intermediates")));
        let roots = Presented::parse(&pems("trusted_certs"));
        let roots: Vec<&[u8]> = roots.certificates.iter().map(|(_, der)| der.as_slice()).collect();
        let host = case["expected_peer_name"]["value"].as_str().unwrap_or("");
        let now = case["validation_time"]
            .as_str()
            .and_then(|time| remote_secret::time_format::parse_rfc3339(time).ok())
            .or_else(|| presented_not_before(&presented).map(|start| start + 3600))
            .unwrap_or(NOW);
        let outcome = chain::verify(&presented, &roots, host, now, &keys);
        let verified = outcome.as_ref().is_some_and(|outcome| outcome.result.is_ok());
        let limbo_expects_success = case["expected_result"] == "SUCCESS";
        let expected = if GO_DIFFERS.iter().any(|prefix| id.starts_with(prefix)) {
            !limbo_expects_success
        } else {
            limbo_expects_success
        };
        suite.record(verified == expected, || {
            let expected = if expected { "SUCCESS" } else { "FAILURE" };
            format!("{id}: expected {expected}, ours {}", chain_outcome(outcome))
        });
    }
    suite.note = Some(format!("{skipped} cases out of scope (see the function's comment)"));
    suite
}

/// NIST PKITS, the chain cases that need no CRL or policy (the corpus index's relevant subset):
/// each path, trust anchor first, verified by `trust::chain` at 2020-01-01 (PKITS runs 2010 to
/// 2030) with no name asked for, and scored against PKITS's expectation, or against Go's where
/// Go's crypto/x509 differs (`GO_DIFFERS`, reasons beside each).
fn pkits_chains(corpus: &Path) -> Suite {
    use remote_secret::trust::chain::{self, Presented};
    const AT: i64 = 1_577_836_800;
    const GO_DIFFERS: &[(&str, &str)] = &[
        ("4.1.4 ", "Go has not verified DSA signatures since 1.16"),
        ("4.1.5 ", "Go has not verified DSA signatures since 1.16"),
        (
            "4.3.3 ",
            "Go finds issuers by the subject's raw bytes, not RFC 5280's name comparison",
        ),
        (
            "4.3.4 ",
            "Go finds issuers by the subject's raw bytes, not RFC 5280's name comparison",
        ),
        (
            "4.3.5 ",
            "Go finds issuers by the subject's raw bytes, not RFC 5280's name comparison",
        ),
        (
            "4.3.10 ",
            "Go finds issuers by the subject's raw bytes, not RFC 5280's name comparison",
        ),
        (
            "4.3.11 ",
            "Go finds issuers by the subject's raw bytes, not RFC 5280's name comparison",
        ),
        (
            "4.5.2 ",
            "the end entity is revoked in a CRL, which Go's Verify does not read",
        ),
        (
            "4.5.5 ",
            "the end entity is revoked in a CRL, which Go's Verify does not read",
        ),
        ("4.6.15 ", "Go counts self-issued intermediates against a path length"),
        ("4.6.17 ", "Go counts self-issued intermediates against a path length"),
        ("4.7.1 ", "Go's Verify does not check keyUsage"),
        ("4.7.2 ", "Go's Verify does not check keyUsage"),
    ];
    let mut suite = Suite::new("pkits-chains");
    let dir = corpus.join("nist-pkits");
    let keys = remote_secret::trust::Keys::default();
    for row in read(&dir.join("INDEX.tsv")).lines().skip(1) {
        let columns: Vec<&str> = row.split('\t').collect();
        if columns.get(4) != Some(&"Y") {
            continue;
        }
        let name = columns[0];
        let pkits_valid = columns.get(3) == Some(&"true");
        let path: Vec<Vec<u8>> = columns
            .get(6)
            .copied()
            .unwrap_or("")
            .split(" > ")
            .filter_map(|file| std::fs::read(dir.join("certs").join(file.trim())).ok())
            .collect();
        let Some((anchor, rest)) = path.split_first() else {
            continue;
        };
        // The leaf first, then its issuers upwards, as a server presents them.
        let presented = Presented {
            certificates: rest.iter().rev().map(|der| (1, der.clone())).collect(),
            problems: Vec::new(),
        };
        let outcome = chain::verify(&presented, &[anchor.as_slice()], "", AT, &keys);
        let verified = outcome.as_ref().is_some_and(|outcome| outcome.result.is_ok());
        let differs = GO_DIFFERS.iter().any(|(case, _)| name.starts_with(case));
        let expected = pkits_valid != differs;
        suite.record(verified == expected, || {
            let expected = if expected { "valid" } else { "invalid" };
            format!("{name}: expected {expected}, ours {}", chain_outcome(outcome))
        });
    }
    suite
}

/// The leaf's notBefore, in seconds.
/// A chain's outcome in a failure's line: "verified", or Go's error.
fn chain_outcome(outcome: Option<remote_secret::trust::chain::ServerOutcome>) -> String {
    outcome
        .and_then(|outcome| outcome.result.err())
        .map(|problem| problem.go_error())
        .unwrap_or_else(|| "verified".to_string())
}

fn presented_not_before(presented: &remote_secret::trust::chain::Presented) -> Option<i64> {
    let (_, der) = presented.certificates.first()?;
    certificate::parse_der(der)
        .ok()
        .map(|certificate| certificate.not_before)
}

/// yaml-test-suite: the engine reports `yaml-syntax` exactly for the cases upstream marks as
/// errors.
/// RSASSA-PSS certificate signatures (self-signed certificates of pyca, zlint and x509-parser):
/// verified when their parameters are ones Go accepts, "algorithm unimplemented" otherwise, and a
/// changed signature fails.
fn pss_signatures(corpus: &Path) -> Suite {
    use remote_secret::trust::chain::{self_signature, Presented};
    let mut suite = Suite::new("pss-signatures");
    let keys = remote_secret::trust::Keys::default();
    let unimplemented = Err("x509: cannot verify signature: algorithm unimplemented".to_string());
    let cases: [(&str, Result<(), String>); 8] = [
        // Its key is an RSASSA-PSS key (not rsaEncryption), which Go's parser leaves unread.
        ("pyca-x509-vectors/custom/rsa_pss_cert.pem", unimplemented.clone()),
        // Go takes hash parameters that are absent as it takes NULL.
        ("pyca-x509-vectors/custom/rsa_pss_sha256_no_null.pem", Ok(())),
        ("zlint-subset/testdata/sha256WithRSAPSSSignatureAlgorithm.pem", Ok(())),
        ("x509-parser-assets/rsa-pss/self_signed_sha256.der", Ok(())),
        ("x509-parser-assets/rsa-pss/self_signed_sha384.der", Ok(())),
        ("x509-parser-assets/rsa-pss/self_signed_sha512.der", Ok(())),
        // An MGF1 hash other than the message's: Go's UnknownSignatureAlgorithm.
        (
            "pyca-x509-vectors/custom/rsa_pss_cert_invalid_mgf.der",
            unimplemented.clone(),
        ),
        // The SHA-256 one of x509-parser, its signature's last byte changed.
        (
            "x509-parser-assets/rsa-pss/self_signed_sha256.der#changed",
            Err("crypto/rsa: verification error".to_string()),
        ),
    ];
    for (case, expected) in cases {
        let (file, changed) = match case.split_once('#') {
            Some((file, _)) => (file, true),
            None => (case, false),
        };
        let Ok(bytes) = std::fs::read(corpus.join(file)) else {
            suite.record(false, || format!("{file}: cannot read"));
            continue;
        };
        let mut der = match file.ends_with(".pem") {
            true => Presented::parse(&String::from_utf8_lossy(&bytes))
                .certificates
                .into_iter()
                .next()
                .map(|(_, der)| der)
                .unwrap_or_default(),
            false => bytes,
        };
        if changed {
            if let Some(last) = der.last_mut() {
                *last ^= 1;
            }
        }
        let outcome = self_signature(&der, &keys);
        suite.record(outcome.as_ref() == Some(&expected), || {
            format!("{case}: {outcome:?}, expected {expected:?}")
        });
    }
    suite
}

fn yaml_test_suite(corpus: &Path) -> Suite {
    let mut suite = Suite::new("yaml-test-suite");
    let base = corpus.join("yaml");
    for row in read(&base.join("yaml-test-suite-INDEX.tsv")).lines().skip(1) {
        let columns: Vec<&str> = row.split('\t').collect();
        let (Some(dir), Some(expects_error)) = (columns.first(), columns.get(3)) else {
            continue;
        };
        let input = read(&base.join("yaml-test-suite-data").join(dir).join("in.yaml"));
        let report = inspect(&input, &settings());
        let syntax = ids(&report).contains(&"yaml-syntax");
        suite.record(syntax == (*expects_error == "Y"), || {
            format!("{dir}: upstream error {expects_error}, ours {syntax}")
        });
    }
    suite
}
