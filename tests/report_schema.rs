//! The JSON report matches its published schema (`docs/report-v1.schema.json`): every field the
//! code emits is documented there, with its type, for inputs that reach every branch of the report
//! (the examples, lists, bare kubeconfigs, certificates that do not parse, tokens of each form,
//! syntax errors, repaired text). The conformance command checks every corpus file the same way.
//! Native only: the validator is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use remote_secret::fixtures::{self, RemoteSecretSpec, NOW};
use remote_secret::json::json_report;
use remote_secret::settings::Settings;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report-v1.schema.json"))
        .expect("the schema is in docs/");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema")
}

fn assert_valid(validator: &jsonschema::Validator, name: &str, input: &str) {
    let report = remote_secret::inspect(input, &Settings::at(NOW));
    let value = serde_json::to_value(json_report(&report)).expect("the report serializes");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn reports_of_every_shape_match_the_schema() {
    let validator = validator();
    for (name, _) in fixtures::EXAMPLES {
        let input = fixtures::example(name, NOW).expect("a known example");
        assert_valid(&validator, name, &input);
    }
    let spec = RemoteSecretSpec::healthy(NOW);
    let healthy = spec.istioctl_yaml();
    let inputs = [
        ("kubectl data", spec.kubectl_yaml()),
        ("bare kubeconfig", spec.kubeconfig()),
        (
            "list with another secret",
            format!(
                "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: tls\n  type: kubernetes.io/tls\n{}",
                spec.kubectl_yaml()
                    .lines()
                    .enumerate()
                    .map(|(index, line)| if index == 0 { format!("- {line}\n") } else { format!("  {line}\n") })
                    .collect::<String>()
            ),
        ),
        ("syntax error", "apiVersion: v1\nkind: Secret\nmetadata: [\n".to_string()),
        (
            "certificate that does not parse",
            healthy.replace(
                &fixtures::base64(&spec.ca_pem),
                &fixtures::base64("-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n"),
            ),
        ),
        ("opaque token", healthy.replace(&spec.token, "abcdef.0123456789abcdef")),
        ("malformed token", healthy.replace(&spec.token, "eyJ.eyJ.x")),
        ("refused by the API server", healthy.replace("name: istio-remote-secret-cluster2", "name: Bad_Name")),
        (
            "indentation lost",
            healthy.lines().map(|line| format!("{}\n", line.trim_start())).collect::<String>(),
        ),
        ("empty", String::new()),
    ];
    for (name, input) in inputs {
        assert_valid(&validator, name, &input);
    }
}

#[test]
fn a_report_with_a_field_the_schema_does_not_know_is_refused() {
    // The schema is strict, so a field added to the report without documenting it fails above.
    let validator = validator();
    let report = remote_secret::inspect(&fixtures::healthy(), &Settings::at(NOW));
    let mut value = serde_json::to_value(json_report(&report)).unwrap();
    value["secrets"][0]["clusters"][0]["undocumented"] = serde_json::json!(true);
    assert!(!validator.is_valid(&value));
}
