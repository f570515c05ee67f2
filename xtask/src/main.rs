//! Developer commands: `cargo xtask serve`, `cargo xtask test`, `cargo xtask conformance`.
//!
//! Each command installs what it lacks first (`setup`), pinned, and reuses what is there: the
//! wasm target, Trunk, wasm-bindgen-cli (the version in Cargo.lock), wasm-opt from npm's
//! binaryen 132 (Debian's breaks the app, TOOLCHAIN.md), Playwright's core (no browser download),
//! and Debian's Chromium with its driver when running as root.

mod conformance;
mod csp;
mod extras;
mod finish;
mod fuzz;
mod setup;
mod single_file;
mod size_budget;
mod streams;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root),
        Some("test") => test(&root),
        Some("setup") => setup::all(&root, true).map(|_| ()),
        Some("build") => setup::all(&root, false).and_then(|tools| trunk_build(&root, &tools)),
        Some("bench") => bench(&root),
        Some("csp") => csp::apply(&root),
        Some("finish") => finish::apply(&root),
        Some("extras") => extras::build(&root),
        Some("fuzz") => fuzz::command(&root, &args[1..]),
        Some("size") => size_budget::check(&root),
        Some("dist") if args.iter().any(|arg| arg == "--single-file") => setup::all(&root, false)
            .and_then(|tools| trunk_build(&root, &tools))
            .and_then(|()| single_file(&root)),
        Some("conformance") => {
            let corpus = args
                .iter()
                .position(|arg| arg == "--corpus")
                .and_then(|index| args.get(index + 1))
                .map(PathBuf::from);
            conformance::run(&root, corpus).map(|_| ())
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  serve                  build the web app and serve it on http://127.0.0.1:8080\n  test                   every test: fmt, clippy (native and wasm32), native tests, wasm tests in\n                         headless Chromium, the release build, end-to-end tests, conformance\n  conformance [--corpus DIR]  score the engine on ../shared/corpus\n  bench                  engine speed (native), app size, and paste-to-verdict time in Chromium\n  build                  trunk build --release into dist/\n  dist --single-file     one self-contained HTML file that works offline from disk; prints its SHA-256\n  size                   the first load of dist/ (gzip -9) against its budget\n  csp                    write the Content-Security-Policy into the built index.html\n  finish                 one stylesheet, the glue minified, then the CSP (Trunk's post-build hook)\n  fuzz [--seconds N] [TARGET...]  run the fuzz targets (nightly, cargo-fuzz) N seconds each (60)\n  extras                 build the extras module (signatures, samples) the app fetches on first use (a post-build hook too)\n  setup                  install the tools only"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command in `dir`, echoing it, and fails when it fails.
pub fn run(dir: &Path, command: &mut Command) -> Result<(), String> {
    eprintln!("$ {}", describe(command));
    let status = command
        .current_dir(dir)
        .status()
        .map_err(|error| format!("cannot start `{}`: {error}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
}

fn trunk_build(root: &Path, tools: &setup::Tools) -> Result<(), String> {
    run(root, tools.trunk().args(["build", "--release"]))
}

fn serve(root: &Path) -> Result<(), String> {
    let tools = setup::all(root, false)?;
    eprintln!("Serving on http://127.0.0.1:8080 (Ctrl-C to stop)");
    // The release build, as users get it, and without Trunk's reload socket: the page makes no
    // request after it has loaded, even here. Rebuilds on change still happen; reload by hand.
    run(
        root,
        tools.trunk().args([
            "serve",
            "--release",
            "--no-autoreload",
            "--address",
            "127.0.0.1",
            "--port",
            "8080",
        ]),
    )
}

/// Writes the single-file app from `dist/` and prints where and its SHA-256.
fn single_file(root: &Path) -> Result<(), String> {
    let (path, digest) = single_file::build(root)?;
    println!("{}\nsha256 {digest}", path.display());
    Ok(())
}

/// Prints numbers (medians, sizes); judges nothing. Speed and size targets are read off these:
/// each part prints its details, then one table gives every figure of issue 13 beside its target
/// and, where there is one, the peer's (Mermaid 12.3, installed into `tools/bench` for this only).
fn bench(root: &Path) -> Result<(), String> {
    let tools = setup::all(root, true)?;
    setup::bench_tools(root)?;
    run(
        root,
        cargo().args(["build", "--quiet", "--profile", "cli", "--bin", "remote-secret"]),
    )?;
    run(
        root,
        cargo()
            .args(["run", "--quiet", "--profile", "cli", "--example", "bench"])
            .env("REMOTE_SECRET_CLI", root.join("target/cli/remote-secret")),
    )?;
    trunk_build(root, &tools)?;
    println!("\napp (dist/, wasm-opt -Oz)                     raw bytes   gzip -9");
    let files = size_budget::measure(root)?;
    for (name, raw, gzip) in &files {
        println!("{name:<44} {raw:>10} {gzip:>9}");
    }
    let total: usize = files.iter().map(|(_, _, gzip)| gzip).sum();
    println!(
        "{:<44} {:>10} {total:>9}",
        "first load",
        files.iter().map(|(_, raw, _)| raw).sum::<usize>()
    );
    let brotli = size_budget::brotli_total(root)?;
    println!();
    // The latency script makes its examples with the CLI.
    run(root, cargo().args(["build", "--quiet", "--bin", "remote-secret"]))?;
    run(
        root,
        Command::new("node")
            .arg("tests/e2e/latency.mjs")
            .env("REMOTE_SECRET_BIN", root.join("target/debug/remote-secret"))
            .env("CHROMIUM", &tools.chromium),
    )?;
    summary(root, total, brotli)
}

/// The one table of issue 13's figures, read from what the two halves of `bench` wrote.
fn summary(root: &Path, gzip: usize, brotli: usize) -> Result<(), String> {
    let read = |name: &str| -> serde_json::Value {
        std::fs::read_to_string(root.join("target/bench").join(name))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    };
    let native = read("native.json");
    let browser = read("browser.json");
    let ms = |value: &serde_json::Value| value.as_f64().map_or("-".to_string(), |ms| format!("{ms:.1} ms"));
    let kb = |bytes: f64| format!("{:.1} KB", bytes / 1000.0);
    let ratio = |ours: &serde_json::Value, peer: &serde_json::Value| match (ours.as_f64(), peer.as_f64()) {
        (Some(ours), Some(peer)) if ours > 0.0 => format!("{:.1}x ours", peer / ours),
        _ => String::new(),
    };
    let per_mb: Vec<String> = native["per_mb_ms"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|row| row["ms"].as_f64())
                .take(3)
                .map(|ms| format!("{ms:.1}"))
                .collect()
        })
        .unwrap_or_default();
    let dump = kb(native["dump_bytes"].as_f64().unwrap_or(0.0));
    let browser_kb = |key: &str| browser[key].as_f64().map_or("-".into(), kb);
    let peak = native["peak_1x_mb"]
        .as_f64()
        .map_or("-".into(), |mb| format!("{mb} MB"));
    let mermaid_ms = format!(
        "Mermaid 12.3 {} ({})",
        ms(&browser["mermaid_ms"]),
        ratio(&browser["diagram_ms"], &browser["mermaid_ms"])
    );
    let none = String::new;
    // (figure, measured, target, peer)
    #[rustfmt::skip]
    let rows: Vec<(String, String, &str, String)> = vec![
        ("first load, gzip -9".into(), kb(gzip as f64), "<= 250 KB", format!("Mermaid 12.3 alone {}", browser_kb("mermaid_gzip_bytes"))),
        ("first load, brotli 11".into(), kb(brotli as f64), "-", none()),
        ("keystroke to next frame, one Secret".into(), ms(&browser["keystroke_one_ms"]), "<= 4 ms", none()),
        ("keystroke to next frame, 612 Secrets".into(), ms(&browser["keystroke_list_ms"]), "<= 16 ms", none()),
        (format!("keystroke to next frame, big dump ({dump})"), ms(&browser["keystroke_big_ms"]), "<= 16 ms", none()),
        ("line break to next frame, big dump".into(), ms(&browser["linebreak_big_ms"]), "<= 16 ms", none()),
        (format!("paste to verdicts, big dump ({dump})"), ms(&browser["paste_big_ms"]), "<= 500 ms", none()),
        (format!("inspect natively, big dump ({dump})"), ms(&native["inspect_1x_ms"]), "-", none()),
        ("remote-secret inspect process, big dump".into(), ms(&native["process_1x_ms"]), "<= 150 ms", none()),
        ("inspect per MB at 1x, 2x, 3x".into(), format!("{} ms", per_mb.join(" / ")), "linear", none()),
        ("peak memory over baseline, big dump".into(), peak, "-", none()),
        ("start-up to app ready".into(), ms(&browser["startup_ready_ms"]), "-", none()),
        ("start-up to first example drawn".into(), ms(&browser["startup_example_ms"]), "<= 150 ms", none()),
        ("diagram: one step redrawn, to next frame".into(), ms(&browser["diagram_ms"]), "-", mermaid_ms),
        ("diagram: SVG size".into(), browser_kb("diagram_svg_bytes"), "-", format!("Mermaid 12.3 {}", browser_kb("mermaid_svg_bytes"))),
    ];
    println!(
        "\n{:<46} {:>12} {:>11}  peer",
        "figure (issue 13)", "measured", "target"
    );
    for (figure, measured, target, peer) in rows {
        println!("{figure:<46} {measured:>12} {target:>11}  {peer}");
    }
    Ok(())
}

/// One named step of `cargo xtask test`.
type Step<'a> = (&'a str, Box<dyn Fn() -> Result<(), String> + 'a>);

fn test(root: &Path) -> Result<(), String> {
    let tools = setup::all(root, true)?;
    let wasm = [
        "--target",
        "wasm32-unknown-unknown",
        "--no-default-features",
        "--features",
        "web",
    ];
    let mut steps: Vec<Step> = Vec::new();
    steps.push((
        "rustfmt",
        Box::new(|| {
            run(root, cargo().args(["fmt", "--all", "--check"])).and_then(|()| {
                run(
                    root,
                    cargo().args(["fmt", "--check", "--manifest-path", "fuzz/Cargo.toml"]),
                )
            })
        }),
    ));
    steps.push((
        "clippy native",
        Box::new(|| {
            run(
                root,
                cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
            )
        }),
    ));
    steps.push((
        "clippy wasm32",
        Box::new(move || {
            run(
                root,
                cargo()
                    .args(["clippy", "--lib", "--bins", "--tests"])
                    .args(wasm)
                    .args(["--", "-D", "warnings"]),
            )
            .and_then(|()| {
                run(
                    root,
                    cargo().args([
                        "clippy",
                        "--bin",
                        "extras",
                        "--target",
                        "wasm32-unknown-unknown",
                        "--no-default-features",
                        "--features",
                        "extras",
                        "--",
                        "-D",
                        "warnings",
                    ]),
                )
            })
        }),
    ));
    steps.push((
        "native tests",
        Box::new(|| run(root, cargo().args(["test", "--workspace"]))),
    ));
    steps.push((
        "wasm tests in headless Chromium",
        Box::new(|| {
            run(
                root,
                tools
                    .with_path(cargo().args(["test", "--test", "web"]).args(wasm))
                    .env("CHROMEDRIVER", &tools.chromedriver),
            )
        }),
    ));
    // The release build, and the offline single file made from it (the end-to-end suite opens it).
    steps.push((
        "release build",
        Box::new(|| {
            trunk_build(root, &tools)
                .and_then(|()| size_budget::check(root))
                .and_then(|()| single_file::build(root).map(|_| ()))
        }),
    ));
    steps.push((
        "end-to-end tests",
        Box::new(|| {
            run(
                root,
                Command::new("node")
                    .args(["--test", "--test-concurrency=1", "tests/e2e/"])
                    .env("REMOTE_SECRET_BIN", root.join("target/debug/remote-secret"))
                    .env("CHROMIUM", &tools.chromium),
            )
        }),
    ));
    steps.push(("conformance", Box::new(|| conformance::run(root, None).map(|_| ()))));
    // A short bounded pass of every fuzz target, when the nightly toolchain is there (the
    // longest campaign is in the README). Without it, said and skipped.
    steps.push((
        "fuzz, 10 s a target",
        Box::new(|| {
            if !fuzz::nightly_available() {
                eprintln!("fuzz: skipped, no nightly toolchain here");
                return Ok(());
            }
            fuzz::run_targets(root, 10, &[]).map(|_| ())
        }),
    ));

    let mut failed = Vec::new();
    let total = steps.len();
    for (name, step) in &steps {
        let started = Instant::now();
        eprintln!("\n== {name}");
        match step() {
            Ok(()) => eprintln!("== {name}: ok ({:.0} s)", started.elapsed().as_secs_f64()),
            Err(error) => {
                eprintln!("== {name}: FAILED: {error}");
                failed.push(*name);
            }
        }
    }
    println!("xtask: {} passed, {} failed", total - failed.len(), failed.len());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed steps: {}", failed.join(", ")))
    }
}
