//! `remote-secret`: the command line over the same engine as the web app. Thin: it reads files,
//! parses flags into [`Settings`], and prints what the library renders.
//!
//! Exit status: 0 no findings at the `--fail-on` severity (error by default), 1 such findings,
//! 2 the command could not run (unreadable file, bad flag), with a one-line reason on stderr.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use remote_secret::diagram::svg::{self, SvgOptions, Theme};
use remote_secret::diagram::Diagram;
use remote_secret::redact;
use remote_secret::render::{sarif, text};
use remote_secret::settings::{parse_duration, KubeconfigOption, Settings};
use remote_secret::time_format::parse_rfc3339;
use remote_secret::trust::Evidence;
use remote_secret::{checks, inspect_with, json, Report, Severity};

#[derive(Parser)]
#[command(
    name = "remote-secret",
    version,
    about = "Inspect Istio multi-cluster remote secrets: decode every layer and say what istiod will do."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Inspect remote secrets (istioctl output, kubectl -o yaml/json, lists, kubeconfigs).
    Inspect(InspectArgs),
    /// Explain one check: why it matters, the fix, and the Istio source it rests on.
    Explain {
        /// A check id, such as `server-loopback`.
        id: String,
    },
    /// List every check.
    Checks,
    /// Write the authentication sequence diagram as SVG, coloured by an input's findings.
    Diagram(DiagramArgs),
    /// Print the input with tokens, keys and certificate bodies replaced by placeholders
    /// ({TOKEN}, {CERTIFICATE}, ...), ready for a public issue.
    Redact {
        /// The file to redact; `-` or none reads standard input.
        file: Option<String>,
    },
    /// Write a remote secret as `istioctl create-remote-secret` does, from its parts; or a
    /// teaching sample with chosen faults (`--sample --fault expired-ca`).
    Generate(GenerateArgs),
    /// Check the mesh's shared root: what two clusters' Istio CAs trust and use (`cacerts`
    /// Secrets, `istio-ca-root-cert` ConfigMaps, or PEM files named root-cert.pem,
    /// cert-chain.pem, ca-cert.pem).
    Mesh(MeshArgs),
    /// Print a synthetic example secret, generated now (never a real credential).
    Example {
        /// healthy, loopback-server, expired-ca, missing-label, exec-plugin or two-auth-methods.
        name: String,
    },
}

#[derive(Parser)]
struct InspectArgs {
    /// Files to inspect; `-` or none reads standard input.
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    settings: SettingsArgs,
    /// Exit 1 on findings of this severity or worse.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Print the repaired text of a paste whose indentation was lost, instead of a report.
    #[arg(long)]
    repair: bool,
    #[command(flatten)]
    evidence: EvidenceArgs,
}

/// What the inspection is given besides the input.
#[derive(clap::Args)]
struct EvidenceArgs {
    /// The remote cluster's keys, to verify the tokens' signatures: the output of `kubectl get
    /// --raw /openid/v1/jwks`, one JWK, or PEM public keys or certificates. Never fetched.
    #[arg(long, value_name = "FILE")]
    jwks: Option<String>,
    /// What the remote API server presents, to verify as client-go will: the output of `openssl
    /// s_client -connect HOST:PORT -showcerts` as it is, or PEM certificates, leaf first.
    #[arg(long, value_name = "FILE")]
    server_cert: Option<String>,
}

/// Reads the evidence files; what in them is not usable is said on standard error, and the
/// inspection goes on (the findings say the signature was not verified).
fn evidence(args: &EvidenceArgs) -> Result<Evidence, String> {
    let keys = match &args.jwks {
        Some(path) => read_input(path)?,
        None => String::new(),
    };
    let mut evidence = Evidence::with_keys(&keys);
    if let Some(path) = &args.jwks {
        for problem in &evidence.keys.problems {
            eprintln!("remote-secret: {}:{}: {}", display(path), problem.line, problem.message);
        }
    }
    if let Some(path) = &args.server_cert {
        evidence = evidence.with_server(&read_input(path)?);
        for problem in &evidence.server.problems {
            eprintln!("remote-secret: {}:{}: {}", display(path), problem.line, problem.message);
        }
    }
    Ok(evidence)
}

#[derive(Parser)]
struct MeshArgs {
    /// The first cluster's files.
    #[arg(long = "cluster1", value_name = "FILE", num_args = 1.., required = true)]
    cluster1: Vec<String>,
    /// The second cluster's files.
    #[arg(long = "cluster2", value_name = "FILE", num_args = 1.., required = true)]
    cluster2: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The instant certificates are checked at (RFC 3339); the clock by default.
    #[arg(long)]
    now: Option<String>,
}

#[derive(Parser)]
struct GenerateArgs {
    /// The cluster ID (a DNS-1123 label), as istioctl's `--name`.
    #[arg(long)]
    name: Option<String>,
    /// The remote API server's address.
    #[arg(long)]
    server: Option<String>,
    /// The API server's CA, as PEM text.
    #[arg(long, conflicts_with = "ca_file")]
    ca: Option<String>,
    /// A file holding the API server's CA (PEM).
    #[arg(long)]
    ca_file: Option<String>,
    /// The reader service account's token.
    #[arg(long, conflicts_with = "token_file")]
    token: Option<String>,
    /// A file holding the token.
    #[arg(long)]
    token_file: Option<String>,
    /// The namespace the Secret goes to (istiod's).
    #[arg(short = 'n', long, default_value = "istio-system")]
    namespace: String,
    /// remote (istio-remote-secret-<name>) or config (istio-kubeconfig, for an external control plane).
    #[arg(long = "type", value_enum, default_value_t = TypeArg::Remote)]
    secret_type: TypeArg,
    /// The server name to verify the API server's certificate against.
    #[arg(long)]
    tls_server_name: Option<String>,
    /// bearer-token or plugin.
    #[arg(long, value_enum, default_value_t = AuthTypeArg::BearerToken)]
    auth_type: AuthTypeArg,
    /// The auth provider's name, with --auth-type plugin.
    #[arg(long)]
    auth_plugin_name: Option<String>,
    /// The auth provider's configuration, `key=value` (repeatable, or comma-separated).
    #[arg(long)]
    auth_plugin_config: Vec<String>,
    /// The service account the token should belong to (checked against the token's subject).
    #[arg(long)]
    service_account: Option<String>,
    /// The output layout: current (istioctl 1.28 and later) or 1.27 (istioctl 1.7 to 1.27).
    #[arg(long, value_enum, default_value_t = LayoutArg::Current)]
    istioctl_version: LayoutArg,
    /// Write a synthetic teaching sample instead (never a real credential).
    #[arg(long)]
    sample: bool,
    /// A fault for the sample (repeatable); see --list-faults.
    #[arg(long = "fault", requires = "sample")]
    faults: Vec<String>,
    /// With --sample: also write the JWKS of the key that signed the sample's token to this file.
    #[arg(long, requires = "sample")]
    jwks: Option<String>,
    /// List the sample faults (with --format json, as JSON).
    #[arg(long)]
    list_faults: bool,
    /// For --list-faults: text or json.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum TypeArg {
    Remote,
    Config,
}

#[derive(Clone, Copy, ValueEnum)]
enum AuthTypeArg {
    BearerToken,
    Plugin,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutArg {
    Current,
    #[value(name = "1.27")]
    V1_27,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Parser)]
struct DiagramArgs {
    /// A remote secret whose findings colour the steps; without it, the plain teaching diagram.
    #[arg(long)]
    input: Option<String>,
    /// Which cluster entry of the input to draw (its cluster ID); the first by default.
    #[arg(long)]
    cluster: Option<String>,
    /// Highlight this step (1-14).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=14))]
    step: Option<u8>,
    /// Colours: light, dark, or auto (follows the viewer's colour scheme).
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    theme: ThemeArg,
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(flatten)]
    evidence: EvidenceArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
    Auto,
}

/// The settings of docs/checks.md, shared by every command that inspects.
#[derive(clap::Args)]
struct SettingsArgs {
    /// The namespace istiod runs in.
    #[arg(long, default_value = "istio-system")]
    istio_namespace: String,
    /// istiod's own CLUSTER_ID.
    #[arg(long, default_value = "Kubernetes")]
    primary_cluster_id: String,
    /// The value of PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS (comma list: exec,gcp,...).
    #[arg(long, default_value = "")]
    allow_kubeconfig_options: String,
    /// The service account the token should belong to.
    #[arg(long, default_value = "istio-reader-service-account")]
    service_account: String,
    /// Evaluate at this instant (RFC 3339) instead of the clock.
    #[arg(long)]
    now: Option<String>,
    /// Warn about expiries within this window (30d, 12h, ...).
    #[arg(long, default_value = "30d")]
    warn_within: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(reason) => {
            eprintln!("remote-secret: {reason}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Checks => {
            print!("{}", text::catalogue(checks::ALL));
            Ok(0)
        }
        Command::Explain { id } => match checks::find(&id) {
            Some(check) => {
                print!("{}", text::explain(check));
                Ok(0)
            }
            None => Err(format!("unknown check `{id}` (see `remote-secret checks`)")),
        },
        Command::Inspect(args) => inspect_files(args),
        Command::Diagram(args) => diagram(args),
        Command::Redact { file } => {
            let input = read_input(file.as_deref().unwrap_or("-"))?;
            print!("{}", redact::redact(&input, &remote_secret::decode::decode(&input)));
            Ok(0)
        }
        Command::Generate(args) => generate(args),
        Command::Mesh(args) => mesh(args),
        Command::Example { name } => match remote_secret::fixtures::example(&name, clock_now()?) {
            Some(text) => {
                print!("{text}");
                Ok(0)
            }
            None => {
                let names: Vec<&str> = remote_secret::fixtures::EXAMPLES
                    .iter()
                    .map(|(name, _)| *name)
                    .collect();
                Err(format!("unknown example `{name}` (known: {})", names.join(", ")))
            }
        },
    }
}

fn generate(args: GenerateArgs) -> Result<u8, String> {
    use remote_secret::generate::istioctl::{self, Auth, Layout, Parts, SecretType};
    use remote_secret::generate::samples;
    if args.list_faults {
        match args.format {
            ListFormat::Json => {
                let faults: Vec<serde_json::Value> = samples::FAULTS
                    .iter()
                    .map(|fault| {
                        serde_json::json!({
                            "id": fault.id, "summary": fault.summary, "check": fault.check,
                            "verdict": fault.verdict.map(|verdict| verdict.as_str()), "steps": fault.steps(),
                        })
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&faults).map_err(|error| error.to_string())?
                );
            }
            ListFormat::Text => {
                for fault in samples::FAULTS {
                    println!("{:<24} {:<28} {}", fault.id, fault.check, fault.summary);
                }
            }
        }
        return Ok(0);
    }
    if args.sample {
        let mut faults = Vec::new();
        for id in &args.faults {
            faults.push(
                samples::fault(id)
                    .ok_or_else(|| format!("unknown fault `{id}` (see `remote-secret generate --list-faults`)"))?,
            );
        }
        let now = clock_now()?;
        if let Some(path) = &args.jwks {
            let jwks = serde_json::to_string_pretty(&samples::sample_jwks(now)).map_err(|error| error.to_string())?;
            std::fs::write(path, format!("{jwks}\n")).map_err(|error| format!("cannot write {path}: {error}"))?;
        }
        print!("{}", samples::sample(now, &faults));
        return Ok(0);
    }
    let name = args.name.clone().ok_or("--name is required (or --sample)")?;
    let server = args.server.clone().ok_or("--server is required")?;
    let ca_text = match (&args.ca, &args.ca_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => read_input(path)?,
        (None, None) => return Err("--ca or --ca-file is required".to_string()),
    };
    let certificate_authority = istioctl::certificate_authority(&ca_text).map_err(|problem| problem.to_string())?;
    let auth = match args.auth_type {
        AuthTypeArg::BearerToken => {
            let text = match (&args.token, &args.token_file) {
                (Some(text), _) => text.clone(),
                (None, Some(path)) => read_input(path)?,
                (None, None) => return Err("--token or --token-file is required".to_string()),
            };
            Auth::BearerToken(istioctl::token(&text).map_err(|problem| problem.to_string())?)
        }
        AuthTypeArg::Plugin => Auth::Plugin {
            name: args.auth_plugin_name.clone().unwrap_or_default(),
            config: istioctl::plugin_config(&args.auth_plugin_config).map_err(|problem| problem.to_string())?,
        },
    };
    let secret_type = match args.secret_type {
        TypeArg::Remote => SecretType::Remote,
        TypeArg::Config => SecretType::Config,
    };
    let parts = Parts {
        name,
        server,
        certificate_authority,
        auth,
        namespace: args.namespace.clone(),
        secret_type,
        tls_server_name: args.tls_server_name.clone(),
        layout: match args.istioctl_version {
            LayoutArg::Current => Layout::Current,
            LayoutArg::V1_27 => Layout::Istioctl1_27,
        },
    };
    let generated = istioctl::create_remote_secret(&parts).map_err(|refusal| refusal.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warn: {warning}");
    }
    // Whose token it is: checked as the inspector checks it.
    if let (Some(expected), Auth::BearerToken(_)) = (&args.service_account, &parts.auth) {
        let mut settings = Settings::at(clock_now()?);
        settings.expected_service_account = expected.clone();
        settings.istio_namespace = args.namespace.clone();
        let report = remote_secret::inspect(&generated.yaml, &settings);
        for finding in report.findings.iter().filter(|f| f.id == "token-subject-unexpected") {
            eprintln!("warn: {}", finding.message);
        }
    }
    print!("{}", generated.yaml);
    Ok(0)
}

fn settings(args: &SettingsArgs) -> Result<Settings, String> {
    let now = match &args.now {
        Some(text) => parse_rfc3339(text)?,
        None => clock_now()?,
    };
    Ok(Settings {
        istio_namespace: args.istio_namespace.clone(),
        primary_cluster_id: args.primary_cluster_id.clone(),
        allowed_kubeconfig_options: KubeconfigOption::parse_list(&args.allow_kubeconfig_options)?,
        expected_service_account: args.service_account.clone(),
        now,
        warn_within_seconds: parse_duration(&args.warn_within)?,
    })
}

/// The clock, read here at the edge: the engine never reads it.
fn clock_now() -> Result<i64, String> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .map_err(|_| "the system clock is before 1970".to_string())
}

fn read_input(path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| format!("cannot read standard input: {error}"))?;
        bytes
    } else {
        std::fs::read(path).map_err(|error| format!("cannot read {path}: {error}"))?
    };
    // Bad bytes are data too: replace them and let the checks speak.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn inspect_files(args: InspectArgs) -> Result<u8, String> {
    let settings = settings(&args.settings)?;
    let paths = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    if args.repair {
        // Repairing needs only the repair, not the checks.
        for path in &paths {
            let input = read_input(path)?;
            match remote_secret::decode::repair::detect(&input) {
                Some(repair) => print!("{}", repair.repaired),
                None => {
                    eprintln!(
                        "remote-secret: {}: the indentation is intact; printed unchanged",
                        display(path)
                    );
                    print!("{input}");
                }
            }
        }
        return Ok(0);
    }
    let evidence = evidence(&args.evidence)?;
    let mut reports: Vec<(String, Report)> = Vec::new();
    for path in &paths {
        let input = read_input(path)?;
        reports.push((path.clone(), inspect_with(&input, &settings, &evidence)));
    }
    match args.format {
        Format::Text => {
            for (path, report) in &reports {
                print!("{}", text::report(report, display(path)));
            }
        }
        Format::Json => {
            let views: Vec<_> = reports.iter().map(|(_, report)| json::json_report(report)).collect();
            let output = if views.len() == 1 {
                serde_json::to_string_pretty(&views[0])
            } else {
                serde_json::to_string_pretty(&views)
            };
            println!("{}", output.map_err(|error| error.to_string())?);
        }
        Format::Sarif => {
            let pairs: Vec<(&str, &Report)> = reports.iter().map(|(path, report)| (display(path), report)).collect();
            let log = sarif::log(&pairs);
            println!(
                "{}",
                serde_json::to_string_pretty(&log).map_err(|error| error.to_string())?
            );
        }
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let failed = reports
        .iter()
        .any(|(_, report)| report.has_findings_at_least(threshold));
    Ok(u8::from(failed))
}

fn mesh(args: MeshArgs) -> Result<u8, String> {
    let read = |paths: &[String]| -> Result<Vec<(String, String)>, String> {
        paths
            .iter()
            .map(|path| Ok((display(path).to_string(), read_input(path)?)))
            .collect()
    };
    let now = match &args.now {
        Some(text) => parse_rfc3339(text)?,
        None => clock_now()?,
    };
    let evidence = Evidence::with_keys("").with_mesh(&read(&args.cluster1)?, &read(&args.cluster2)?);
    let report = inspect_with("", &Settings::at(now), &evidence);
    let outcome = evidence.mesh_outcome(now).ok_or("no verifier")?;
    match args.format {
        Format::Json => {
            let output =
                serde_json::to_string_pretty(&json::json_report(&report)).map_err(|error| error.to_string())?;
            println!("{output}");
        }
        Format::Sarif => {
            let log = sarif::log(&[("mesh", &report)]);
            println!(
                "{}",
                serde_json::to_string_pretty(&log).map_err(|error| error.to_string())?
            );
        }
        Format::Text => {
            for (index, cluster) in outcome.clusters.iter().enumerate() {
                for problem in &cluster.problems {
                    eprintln!("remote-secret: {problem}");
                }
                let roots: Vec<String> = cluster
                    .roots()
                    .iter()
                    .map(|root| format!("`{}`", remote_secret::trust::mesh::subject_of(&root.der)))
                    .collect();
                println!(
                    "cluster {}: {} certificates, trusting {}",
                    index + 1,
                    cluster.certificates.len(),
                    if roots.is_empty() {
                        "no root".to_string()
                    } else {
                        roots.join(", ")
                    }
                );
            }
            match &outcome.shared_root {
                Some(root) => println!("shared root: `{root}`"),
                None => println!("shared root: none"),
            }
            for finding in &report.findings {
                println!("  {} {}: {}", finding.severity.as_str(), finding.id, finding.message);
            }
        }
    }
    Ok(u8::from(report.has_findings_at_least(Severity::Error)))
}

fn diagram(args: DiagramArgs) -> Result<u8, String> {
    let drawing = match &args.input {
        None => Diagram::plain(),
        Some(path) => {
            let report = inspect_with(
                &read_input(path)?,
                &settings(&args.settings)?,
                &evidence(&args.evidence)?,
            );
            let entries: Vec<(usize, usize, &str)> = report
                .model
                .secrets
                .iter()
                .enumerate()
                .flat_map(|(s, secret)| {
                    let entries = secret.entries.iter().enumerate();
                    entries.map(move |(e, entry)| (s, e, entry.cluster_id.as_str()))
                })
                .collect();
            let chosen = match &args.cluster {
                None => entries.first(),
                Some(wanted) => entries.iter().find(|(_, _, id)| id == wanted),
            };
            match (chosen, &args.cluster) {
                (Some(&(s, e, _)), _) => Diagram::for_entry(&report, s, e),
                (None, None) => {
                    eprintln!(
                        "remote-secret: {}: no cluster entry found; drawing the plain diagram",
                        display(path)
                    );
                    Diagram::plain()
                }
                (None, Some(wanted)) => {
                    let known: Vec<&str> = entries.iter().map(|(_, _, id)| *id).collect();
                    return Err(format!("no cluster `{wanted}` in {path} (found: {})", known.join(", ")));
                }
            }
        }
    };
    let options = SvgOptions {
        theme: match args.theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
            ThemeArg::Auto => Theme::Auto,
        },
        current_step: args.step,
        highlighted_steps: Vec::new(),
    };
    print!("{}", svg::render(&drawing, &options));
    Ok(0)
}

fn display(path: &str) -> &str {
    if path == "-" {
        "stdin"
    } else {
        path
    }
}
