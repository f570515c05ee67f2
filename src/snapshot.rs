//! Snapshot assertions for tests: the expected text lives in `tests/snapshots/`, readable and
//! reviewed like code. `UPDATE_SNAPSHOTS=1 cargo test` rewrites the files instead of comparing.

use std::path::PathBuf;

pub fn assert_snapshot(name: &str, actual: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "snapshots", name]
        .iter()
        .collect();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("the snapshot folder")).expect("create tests/snapshots");
        std::fs::write(&path, actual).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {name}: run `UPDATE_SNAPSHOTS=1 cargo test` and review it"));
    if expected != actual {
        let first_difference = expected
            .lines()
            .zip(actual.lines())
            .position(|(expected, actual)| expected != actual)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {name} differs from line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             If the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test` and review the diff.",
            first_difference + 1,
            expected.lines().nth(first_difference),
            actual.lines().nth(first_difference),
        );
    }
}
