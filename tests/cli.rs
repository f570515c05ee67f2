//! The `remote-secret` command line: formats, exit codes, stdin, errors. Fixtures are generated
//! by the crate's own code and written to a temporary folder.

#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use remote_secret::fixtures::{healthy, RemoteSecretSpec, NOW};

const NOW_TEXT: &str = "2026-01-01T00:00:00Z";

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_remote-secret"))
}

fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = binary()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("the binary ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write_temp(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("remote-secret-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write fixture");
    path
}

#[test]
fn healthy_secret_from_stdin_exits_zero_with_its_verdict() {
    let output = run_with_stdin(&["inspect", "--now", NOW_TEXT], &healthy());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("stdin:2: Secret istio-remote-secret-cluster2 in istio-system"),
        "{stdout}"
    );
    assert!(stdout.contains("ok        cluster2"), "{stdout}");
    assert!(stdout.contains("stdin:29: token-long-lived [cluster2]"), "{stdout}");
}

#[test]
fn loopback_server_exits_one_and_names_the_line() {
    let broken = healthy().replace("https://10.0.0.2:6443", "https://127.0.0.1:6443");
    let path = write_temp("loopback.yaml", &broken);
    let output = binary()
        .args(["inspect", "--now", NOW_TEXT])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(stdout.contains(":17: server-loopback [cluster2]"), "{stdout}");
    assert!(
        stdout.contains("istiod logs: remote cluster cluster2 failed to sync after 30s"),
        "{stdout}"
    );
}

#[test]
fn json_report_follows_the_documented_schema() {
    let output = run_with_stdin(
        &["inspect", "--format", "json", "--now", NOW_TEXT],
        &RemoteSecretSpec::healthy(NOW).kubectl_yaml(),
    );
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["schema"], "remote-secret-inspector/report/v1");
    assert_eq!(report["now"], NOW_TEXT);
    let cluster = &report["secrets"][0]["clusters"][0];
    assert_eq!(cluster["id"], "cluster2");
    assert_eq!(cluster["verdict"], "ok");
    assert_eq!(cluster["encoding"], "data");
    assert_eq!(cluster["server"], "https://10.0.0.2:6443");
    assert_eq!(cluster["certificates"][0]["subject"], "CN=kubernetes");
    assert_eq!(
        cluster["token"]["subject"],
        "system:serviceaccount:istio-system:istio-reader-service-account"
    );
    let finding = &report["findings"][0];
    for field in ["id", "severity", "message", "secret", "cluster", "line", "steps"] {
        assert!(finding.get(field).is_some(), "finding lacks {field}: {finding}");
    }
    // Secrets are sacred: the token itself never appears in the report.
    let token = RemoteSecretSpec::healthy(NOW).token;
    assert!(!text(&output.stdout).contains(&token));
}

#[test]
fn sarif_has_rules_and_located_results() {
    let broken = healthy().replace("namespace: istio-system", "namespace: default");
    let output = run_with_stdin(&["inspect", "--format", "sarif", "--now", NOW_TEXT], &broken);
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let namespace = results
        .iter()
        .find(|r| r["ruleId"] == "secret-namespace")
        .expect("a secret-namespace result");
    assert_eq!(namespace["level"], "error");
    assert_eq!(namespace["locations"][0]["physicalLocation"]["region"]["startLine"], 10);
    assert!(log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len() > 50);
}

#[test]
fn fail_on_warning_turns_warnings_into_exit_one() {
    let unset = healthy().replace("  namespace: istio-system\n", "");
    assert_eq!(
        run_with_stdin(&["inspect", "--now", NOW_TEXT], &unset).status.code(),
        Some(0)
    );
    assert_eq!(
        run_with_stdin(&["inspect", "--now", NOW_TEXT, "--fail-on", "warning"], &unset)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn settings_flags_change_the_verdict() {
    let exec = healthy().replace(
        "        token: ",
        "        exec:\n          apiVersion: client.authentication.k8s.io/v1beta1\n          command: aws\n        x: ",
    );
    assert_eq!(
        run_with_stdin(&["inspect", "--now", NOW_TEXT], &exec).status.code(),
        Some(1)
    );
    let allowed = run_with_stdin(
        &["inspect", "--now", NOW_TEXT, "--allow-kubeconfig-options", "exec"],
        &exec,
    );
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stdout));
}

#[test]
fn unreadable_files_and_bad_flags_exit_two_with_one_line() {
    let missing = binary().args(["inspect", "/nonexistent/secret.yaml"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(text(&missing.stderr).lines().count(), 1, "{}", text(&missing.stderr));
    let bad_now = binary().args(["inspect", "--now", "tomorrow"]).output().unwrap();
    assert_eq!(bad_now.status.code(), Some(2));
    let bad_option = binary()
        .args(["inspect", "--allow-kubeconfig-options", "everything"])
        .output()
        .unwrap();
    assert_eq!(bad_option.status.code(), Some(2));
    assert!(text(&bad_option.stderr).contains("unknown kubeconfig option `everything`"));
}

#[test]
fn explain_and_checks_come_from_the_catalogue() {
    let explain = binary().args(["explain", "server-loopback"]).output().unwrap();
    assert_eq!(explain.status.code(), Some(0));
    let explained = text(&explain.stdout);
    assert!(
        explained.contains("Why it matters:") && explained.contains("Diagram steps: 3, 10"),
        "{explained}"
    );
    assert_eq!(
        binary()
            .args(["explain", "no-such-check"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let checks = text(&binary().arg("checks").output().unwrap().stdout);
    assert_eq!(checks.lines().count(), remote_secret::checks::ALL.len());
}

#[test]
fn repair_prints_the_restored_text() {
    let flattened: String = healthy()
        .lines()
        .map(|line| format!("{}\n", line.trim_start()))
        .collect();
    let output = run_with_stdin(&["inspect", "--repair"], &flattened);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout).trim_end(), healthy().trim_end());
}

#[test]
fn a_list_of_secrets_inspects_only_remote_secrets() {
    let spec = RemoteSecretSpec::healthy(NOW);
    let item: String = spec.kubectl_yaml().lines().map(|line| format!("  {line}\n")).collect();
    let item = item.replacen("  apiVersion", "- apiVersion", 1);
    let tls = "- apiVersion: v1\n  data:\n    tls.crt: QUJD\n  kind: Secret\n  metadata:\n    name: ingress-cert\n    namespace: istio-system\n  type: kubernetes.io/tls\n";
    let list = format!("apiVersion: v1\nitems:\n{tls}{item}kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    let output = run_with_stdin(&["inspect", "--format", "json", "--now", NOW_TEXT], &list);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["secrets"].as_array().unwrap().len(), 1);
    assert_eq!(report["secrets"][0]["line"], 11);
    assert_eq!(report["secrets"][0]["clusters"][0]["verdict"], "ok");
    assert_eq!(report["unrelated_secrets"][0]["name"], "ingress-cert");
}

#[test]
fn diagram_draws_the_input_s_broken_steps_as_svg() {
    let loopback = remote_secret::fixtures::example("loopback-server", NOW).expect("a known example");
    let path = write_temp("loopback.yaml", &loopback);
    let path = path.to_str().expect("a UTF-8 path");
    let output = binary()
        .args([
            "diagram", "--input", path, "--now", NOW_TEXT, "--step", "3", "--theme", "dark",
        ])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let svg = text(&output.stdout);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.contains("data-theme=\"dark\""));
    assert!(svg.contains("rsi-dg-step--broken rsi-dg-step--current\" data-step=\"3\""));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn diagram_without_input_is_the_plain_teaching_diagram() {
    let output = binary().args(["diagram"]).output().expect("the binary runs");
    assert_eq!(output.status.code(), Some(0));
    let svg = text(&output.stdout);
    assert_eq!(svg.matches("data-state=\"plain\"").count(), 14);
}

#[test]
fn diagram_names_the_clusters_it_knows_when_asked_for_another() {
    let path = write_temp("healthy-for-diagram.yaml", &healthy());
    let output = binary()
        .args([
            "diagram",
            "--input",
            path.to_str().expect("a UTF-8 path"),
            "--cluster",
            "cluster9",
        ])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no cluster `cluster9`"));
    assert!(text(&output.stderr).contains("found: cluster2"));
}

#[test]
fn redact_replaces_the_token_and_keeps_the_rest() {
    let spec = RemoteSecretSpec::healthy(NOW);
    let output = run_with_stdin(&["redact"], &spec.istioctl_yaml());
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert!(!stdout.contains(&spec.token));
    assert!(stdout.contains("token: {TOKEN}"), "{stdout}");
    assert!(stdout.contains("istio/multiCluster: \"true\""), "{stdout}");
}

#[test]
fn generate_writes_istioctls_bytes_from_parts() {
    let spec = RemoteSecretSpec::healthy(NOW);
    let ca = write_temp("generate-ca.pem", &spec.ca_pem);
    let token = write_temp("generate-token", &format!("{}\n", spec.token));
    let output = binary()
        .args(["generate", "--name", "cluster2", "--server", &spec.server, "--ca-file"])
        .arg(&ca)
        .arg("--token-file")
        .arg(&token)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), spec.istioctl_yaml());
    // The 1.7-1.27 layout and the config type.
    let legacy = binary()
        .args([
            "generate",
            "--name",
            "cluster2",
            "--server",
            &spec.server,
            "--type",
            "config",
        ])
        .args(["--istioctl-version", "1.27", "--token", &spec.token, "--ca-file"])
        .arg(&ca)
        .output()
        .expect("runs");
    let legacy_text = text(&legacy.stdout);
    assert!(legacy_text.contains("  creationTimestamp: null\n"), "{legacy_text}");
    assert!(legacy_text.contains("  name: istio-kubeconfig\n"), "{legacy_text}");
}

#[test]
fn generate_refuses_as_istioctl_does_and_checks_each_field() {
    let spec = RemoteSecretSpec::healthy(NOW);
    let ca = write_temp("refuse-ca.pem", &spec.ca_pem);
    let refused = binary()
        .args([
            "generate",
            "--name",
            "Cluster_2",
            "--server",
            "https://10.0.0.2",
            "--token",
            "t",
            "--ca-file",
        ])
        .arg(&ca)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        text(&refused.stderr),
        "remote-secret: Cluster_2 is not a valid DNS 1123 label\n"
    );
    let not_pem = binary()
        .args([
            "generate",
            "--name",
            "c2",
            "--server",
            "https://10.0.0.2",
            "--token",
            "t",
            "--ca",
            "hello",
        ])
        .output()
        .expect("runs");
    assert_eq!(not_pem.status.code(), Some(2));
    assert!(text(&not_pem.stderr).starts_with("remote-secret: ca: not a PEM certificate"));
    let spaced = binary()
        .args([
            "generate",
            "--name",
            "c2",
            "--server",
            "https://10.0.0.2",
            "--token",
            "a b",
            "--ca-file",
        ])
        .arg(&ca)
        .output()
        .expect("runs");
    assert_eq!(spaced.status.code(), Some(2));
    assert!(text(&spaced.stderr).contains("token: the token holds spaces"));
    let kind = binary()
        .args([
            "generate",
            "--name",
            "c2",
            "--server",
            "https://127.0.0.1:6443",
            "--token",
            &spec.token,
            "--ca-file",
        ])
        .arg(&ca)
        .output()
        .expect("runs");
    assert_eq!(kind.status.code(), Some(0));
    assert!(text(&kind.stderr).starts_with("warn: server in Kubeconfig is https://127.0.0.1:6443."));
}

#[test]
fn generate_samples_with_faults_and_lists_them() {
    let listed = binary()
        .args(["generate", "--list-faults", "--format", "json"])
        .output()
        .expect("runs");
    let faults: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    let ids: Vec<&str> = faults
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 21 && ids.contains(&"expired-ca") && ids.contains(&"loopback-server"));
    let sample = binary()
        .args([
            "generate",
            "--sample",
            "--fault",
            "expired-ca",
            "--fault",
            "loopback-server",
        ])
        .output()
        .expect("runs");
    let inspected = run_with_stdin(&["inspect", "--format", "json"], &text(&sample.stdout));
    let report: serde_json::Value = serde_json::from_slice(&inspected.stdout).expect("JSON");
    let found: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        found.contains(&"cert-expired") && found.contains(&"server-loopback"),
        "{found:?}"
    );
    let unknown = binary()
        .args(["generate", "--sample", "--fault", "nope"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("unknown fault `nope`"));
}

#[test]
fn jwks_verifies_the_token_or_says_why_not() {
    use remote_secret::fixtures::{jwks, FixtureKey};
    // The healthy fixture's token is signed by fixture key 9 with kid `fixture`.
    let input = write_temp("jwks-healthy.yaml", &healthy());
    let input = input.to_str().expect("utf-8 path");
    let run = |keys: &str, name: &str| {
        let keys = write_temp(name, keys);
        binary()
            .args([
                "inspect",
                "--now",
                NOW_TEXT,
                input,
                "--jwks",
                keys.to_str().expect("utf-8 path"),
            ])
            .output()
            .expect("runs")
    };

    let verified = run(&jwks(&FixtureKey::from_seed(9), "fixture").to_string(), "good.json");
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified.stderr));
    assert!(text(&verified.stdout).contains(
        ":29: token-signature-verified [cluster2]: the ES256 signature verifies with key 1 (kid \"fixture\")"
    ));

    let forged = run(&jwks(&FixtureKey::from_seed(3), "fixture").to_string(), "other.json");
    assert_eq!(forged.status.code(), Some(1));
    let stdout = text(&forged.stdout);
    assert!(stdout.contains("failing   cluster2"), "{stdout}");
    assert!(
        stdout.contains("go-jose/go-jose: error in cryptographic primitive"),
        "{stdout}"
    );

    // Unusable keys are said on stderr with their line; the token stays unverified.
    let unusable = run(
        "{\"keys\": [\n  {\"kty\": \"oct\", \"k\": \"c2VjcmV0\"}\n]}",
        "oct.json",
    );
    assert_eq!(unusable.status.code(), Some(0));
    assert!(
        text(&unusable.stderr).contains("oct.json:2: key 1: a symmetric key"),
        "{}",
        text(&unusable.stderr)
    );
    assert!(text(&unusable.stdout).contains("none of the given keys is usable"));

    let missing = binary()
        .args(["inspect", input, "--jwks", "/nonexistent/keys.json"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn server_cert_verifies_what_the_api_server_presents() {
    use remote_secret::fixtures::{server_certificate_pem, CertificateSpec};
    let input = write_temp("server-healthy.yaml", &healthy());
    let leaf = CertificateSpec {
        common_name: "kube-apiserver".to_string(),
        key_seed: 21,
        ..CertificateSpec::cluster_ca(NOW)
    };
    let run = |presented: &str, name: &str| {
        let presented = write_temp(name, presented);
        binary()
            .args(["inspect", "--now", NOW_TEXT, input.to_str().expect("utf-8 path")])
            .args(["--server-cert", presented.to_str().expect("utf-8 path")])
            .output()
            .expect("runs")
    };
    // The healthy fixture's server is https://10.0.0.2:6443, its CA the cluster CA of seed 7.
    let good = server_certificate_pem(&leaf, &CertificateSpec::cluster_ca(NOW), &["10.0.0.2"]);
    let output = run(&format!("CONNECTED(00000003)\n{good}---\n"), "s_client.txt");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains(":17: server-cert-verified [cluster2]"),
        "{}",
        text(&output.stdout)
    );

    let foreign_ca = CertificateSpec {
        key_seed: 8,
        ..CertificateSpec::cluster_ca(NOW)
    };
    let rancher = server_certificate_pem(&leaf, &foreign_ca, &["10.0.0.2"]);
    let output = run(&rancher, "proxy.pem");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("x509: certificate signed by unknown authority"));

    let output = run(
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        "broken.pem",
    );
    assert!(
        text(&output.stderr).contains("broken.pem:1: not a certificate"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn mesh_finds_the_shared_root_or_says_there_is_none() {
    use remote_secret::fixtures::{base64, certificate_pem, issued_certificate_pem, CertificateSpec};
    let spec = |name: &str, seed: u8| CertificateSpec {
        common_name: name.to_string(),
        key_seed: seed,
        ..CertificateSpec::cluster_ca(NOW)
    };
    let root = certificate_pem(&spec("mesh root", 40));
    let ca = issued_certificate_pem(&spec("cluster1 CA", 42), &spec("mesh root", 40), &[]);
    // Cluster 1 as its cacerts Secret (with the CA's key, which is noted and not read).
    let cacerts = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ndata:\n  ca-cert.pem: {}\n  ca-key.pem: {}\n  cert-chain.pem: {}\n  root-cert.pem: {}\n",
        base64(&ca),
        base64("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"),
        base64(&format!("{ca}{root}")),
        base64(&root)
    );
    let cluster1 = write_temp("cacerts.yaml", &cacerts);
    let shared = write_temp("root-cert.pem", &root);
    let other = write_temp("other-root-cert.pem", &certificate_pem(&spec("other root", 41)));
    let run = |cluster2: &std::path::Path| {
        binary()
            .args([
                "mesh",
                "--now",
                NOW_TEXT,
                "--cluster1",
                cluster1.to_str().expect("utf-8"),
            ])
            .args(["--cluster2", cluster2.to_str().expect("utf-8")])
            .output()
            .expect("runs")
    };
    let good = run(&shared);
    let stdout = text(&good.stdout);
    assert!(stdout.contains("shared root: `mesh root`"), "{stdout}");
    assert!(stdout.contains("private-key-present"), "{stdout}");
    assert_eq!(good.status.code(), Some(0), "{stdout}");

    let bad = run(&other);
    let stdout = text(&bad.stdout);
    assert_eq!(bad.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("shared root: none"), "{stdout}");
    assert!(
        stdout.contains("mesh-root-mismatch: cluster 1 trusts `mesh root`"),
        "{stdout}"
    );
}
