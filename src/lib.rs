//! Remote Secret Inspector: decodes an Istio remote secret layer by layer and says what istiod
//! will do with each cluster in it.
//!
//! The engine (everything but `app` and `cli`) is pure: no I/O, no clock, no web APIs. The web app
//! and the command line are thin shells over [`inspect`].

pub mod checks;
pub mod citation;
pub mod decode;
pub mod diagram;
pub mod finding;
pub mod fixtures;
pub mod generate;
pub mod json;
pub mod k8s_names;
pub mod model;
pub mod pem;
pub mod redact;
pub mod render;
pub mod report;
pub mod settings;
pub mod splice;
pub mod time_format;
pub mod trust;
pub mod x509;
pub mod yaml;

#[cfg(test)]
mod snapshot;

pub mod app;

pub use finding::{Finding, Severity};
pub use report::{inspect, inspect_with, Report, Verdict};
pub use settings::Settings;
