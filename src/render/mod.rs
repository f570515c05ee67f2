//! Reports as text for people and as SARIF 2.1.0 for code scanning. Pure: strings in, strings
//! out. (The JSON report is `crate::json`.)

pub mod sarif;
pub mod text;
