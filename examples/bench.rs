//! `cargo xtask bench` runs this (release-like `cli` profile): how long the engine takes on the
//! inputs the app meets on every keystroke, as medians of many runs. It prints numbers and
//! asserts nothing: targets are judged by people reading them, not by timed tests.

use std::hint::black_box;
use std::time::{Duration, Instant};

use remote_secret::diagram::svg::{render, SvgOptions};
use remote_secret::diagram::Diagram;
use remote_secret::fixtures::{example, RemoteSecretSpec, NOW};
use remote_secret::redact::redact;
use remote_secret::{inspect, Settings};

/// One measured operation: its name, how many runs, the input's size in bytes, and the work.
type Row<'a> = (&'a str, usize, usize, Box<dyn FnMut() + 'a>);

/// Runs `work` `runs` times and returns the median, the fastest and the slowest run.
fn measure(runs: usize, mut work: impl FnMut()) -> (Duration, Duration, Duration) {
    work();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[0], times[runs - 1])
}

/// A `kubectl get secrets -A -o yaml` style List: `others` TLS Secrets and `remotes` remote secrets.
fn secret_dump(others: usize, remotes: usize) -> String {
    let remote = RemoteSecretSpec::healthy(NOW).istioctl_yaml();
    let mut dump = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for n in 0..others {
        dump.push_str(&format!(
            "- apiVersion: v1\n  kind: Secret\n  type: kubernetes.io/tls\n  metadata:\n    name: cert-{n}\n    namespace: app-{}\n  data:\n    tls.crt: bm90IGEgY2VydGlmaWNhdGU=\n    tls.key: bm90IGEga2V5\n",
            n % 40
        ));
    }
    for n in 0..remotes {
        let item = remote.replace("cluster2", &format!("cluster{}", n + 2));
        let lines = item.lines().filter(|line| !line.starts_with('#') && *line != "---");
        for (index, line) in lines.enumerate() {
            dump.push_str(if index == 0 { "- " } else { "  " });
            dump.push_str(line);
            dump.push('\n');
        }
    }
    dump
}

fn main() {
    let settings = Settings::at(NOW);
    let istioctl = example("healthy", NOW).expect("a known example");
    let kubectl = RemoteSecretSpec::healthy(NOW).kubectl_yaml();
    let dump = secret_dump(600, 12);
    let report = inspect(&istioctl, &settings);
    let diagram = Diagram::for_entry(&report, 0, 0);

    println!(
        "{:<44} {:>10} {:>10} {:>10} {:>9}",
        "engine (native, median of runs)", "median", "fastest", "slowest", "input"
    );
    let rows: Vec<Row> = vec![
        (
            "inspect: one istioctl Secret (stringData)",
            400,
            istioctl.len(),
            Box::new(|| {
                black_box(inspect(black_box(&istioctl), &settings));
            }),
        ),
        (
            "inspect: one kubectl Secret (base64 data)",
            400,
            kubectl.len(),
            Box::new(|| {
                black_box(inspect(black_box(&kubectl), &settings));
            }),
        ),
        (
            "inspect: a List of 612 Secrets",
            21,
            dump.len(),
            Box::new(|| {
                black_box(inspect(black_box(&dump), &settings));
            }),
        ),
        (
            "redact: one istioctl Secret",
            400,
            istioctl.len(),
            Box::new(|| {
                black_box(redact(black_box(&istioctl), &report.model));
            }),
        ),
        (
            "diagram: layout and SVG of one entry",
            400,
            0,
            Box::new(|| {
                black_box(render(black_box(&diagram), &SvgOptions::default()));
            }),
        ),
    ];
    for (name, runs, bytes, mut work) in rows {
        let (median, fastest, slowest) = measure(runs, &mut work);
        let input = if bytes == 0 {
            "-".to_string()
        } else {
            format!("{} KB", bytes.div_ceil(1024))
        };
        println!("{name:<44} {median:>10.1?} {fastest:>10.1?} {slowest:>10.1?} {input:>9}");
    }
    let svg = render(&diagram, &SvgOptions::default());
    println!("diagram SVG: {} bytes", svg.len());
}
