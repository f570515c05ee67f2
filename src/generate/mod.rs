//! Generating remote secrets, on the same engine that inspects them: istioctl's exact output from
//! its parts ([`istioctl`], with go-yaml's quoting in [`go_yaml`]), and teaching samples with
//! chosen faults ([`samples`]). Pure: no clock (samples take "now"), no I/O.

pub mod go_yaml;
pub mod istioctl;
pub mod samples;
