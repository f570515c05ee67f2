//! Reports as text for people and as SARIF 2.1.0 for code scanning, and the check catalogue as
//! Markdown for the docs. Pure: strings in, strings out. (The JSON report is `crate::json`.)

pub mod catalogue;
pub mod sarif;
pub mod text;
