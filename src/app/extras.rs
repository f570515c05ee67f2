//! The extras module, as the app sees it: signature verification, the making of samples and the
//! checks' explanations, which the first load leaves out (`src/bin/extras.rs`). The first time
//! the app needs one, it adds the module's loader to the page and waits; what asked for it runs
//! when it is ready.
//! Everything is called inside the page: nothing of the input is ever in a request.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::browser;
use super::state::{explanation_from_text, Explanation};
use crate::model::Signature;
use crate::trust::{from_json, CertificateSignature, Evidence, Verify};

/// What the page says when the extras module cannot be had.
pub const FAILED: &str =
    "The extras (examples, samples, signature checks) could not be loaded from this site: reload the page.";

/// Where the extras module stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtrasState {
    /// Not asked for yet.
    Absent,
    Loading,
    Ready,
    /// It could not be fetched or started.
    Failed,
}

/// What waits for the module.
type Pending = Vec<Box<dyn FnOnce() + Send + Sync>>;

/// The module's state, and a way to ask for it.
#[derive(Clone, Copy)]
pub struct Extras {
    pub state: ReadSignal<ExtrasState>,
    set_state: WriteSignal<ExtrasState>,
    pending: StoredValue<Pending>,
}

impl Extras {
    /// Follows the module from the page's events. Call once, in the component that owns state.
    pub fn follow() -> Extras {
        let initial = if browser::extras_ready() {
            ExtrasState::Ready
        } else {
            ExtrasState::Absent
        };
        let (state, set_state) = signal(initial);
        let ready = window_event_listener_untyped("rsi-extras-ready", move |_| set_state.set(ExtrasState::Ready));
        let failed = window_event_listener_untyped("rsi-extras-failed", move |_| set_state.set(ExtrasState::Failed));
        on_cleanup(move || {
            ready.remove();
            failed.remove();
        });
        let pending = StoredValue::new(Pending::new());
        Effect::new(move |_| match state.get() {
            ExtrasState::Ready => {
                for then in pending.try_update_value(std::mem::take).unwrap_or_default() {
                    then();
                }
            }
            // What waited can no longer run; the page says why (the inspector's status line).
            ExtrasState::Failed => pending.set_value(Pending::new()),
            ExtrasState::Absent | ExtrasState::Loading => {}
        });
        Extras {
            state,
            set_state,
            pending,
        }
    }

    /// Fetches the module unless it is there or on its way.
    pub fn request(self) {
        if self.state.get_untracked() == ExtrasState::Absent {
            self.set_state.set(ExtrasState::Loading);
            browser::load_extras();
        }
    }

    /// Runs `then` once the module is ready: now, or when it has arrived.
    pub fn when_ready(self, then: impl FnOnce() + Send + Sync + 'static) {
        if self.state.get_untracked() == ExtrasState::Ready {
            then();
            return;
        }
        self.pending.update_value(|pending| pending.push(Box::new(then)));
        self.request();
    }
}

/// The explanation of check `id`, which the first load leaves out.
pub fn explanation(id: &str) -> Option<Explanation> {
    explanation_from_text(&browser::call_extras("explanation", &[JsValue::from_str(id)])?)
}

/// The example `name` made at `now`.
pub fn example(name: &str, now: i64) -> Option<String> {
    browser::call_extras("example", &[JsValue::from_str(name), JsValue::from_f64(now as f64)])
        .filter(|text| !text.is_empty())
}

/// A sample made at `now` with `faults` (ids).
pub fn sample(now: i64, faults: &[&str]) -> Option<String> {
    browser::call_extras(
        "sample",
        &[JsValue::from_f64(now as f64), JsValue::from_str(&faults.join(","))],
    )
}

/// The JWKS of the samples made at `now`.
pub fn sample_jwks(now: i64) -> Option<String> {
    browser::call_extras("sample_jwks", &[JsValue::from_f64(now as f64)])
}

/// What the API server of samples made at `now` presents.
pub fn sample_server_certificate(now: i64) -> Option<String> {
    browser::call_extras("sample_server_certificate", &[JsValue::from_f64(now as f64)])
}

/// The `cacerts` Secrets of the mesh of samples made at `now`: cluster 1's, cluster 2's.
pub fn sample_mesh(now: i64) -> Option<[String; 2]> {
    let both = browser::call_extras("sample_mesh", &[JsValue::from_f64(now as f64)])?;
    let (cluster1, cluster2) = both.split_once('\0')?;
    Some([cluster1.to_string(), cluster2.to_string()])
}

/// The module's verifier, as the engine sees it.
struct FetchedVerifier;

impl Verify for FetchedVerifier {
    fn verify(&self, token: &str, algorithm: Option<&str>, kid: Option<&str>) -> Signature {
        let optional = |text: Option<&str>| text.map_or(JsValue::UNDEFINED, JsValue::from_str);
        browser::call_extras(
            "verify",
            &[JsValue::from_str(token), optional(algorithm), optional(kid)],
        )
        .and_then(|json| from_json::signature(&json))
        .unwrap_or_default()
    }

    fn certificate_signature(&self, signature: &CertificateSignature) -> Result<(), String> {
        let answer = browser::call_extras(
            "certificate_signature",
            &[
                browser::bytes(signature.issuer_spki),
                JsValue::from_str(&signature.algorithm),
                browser::bytes(signature.signed),
                browser::bytes(signature.signature),
            ],
        )
        .ok_or("x509: cannot verify signature: the verifier is not loaded")?;
        if answer.is_empty() {
            Ok(())
        } else {
            Err(answer)
        }
    }
}

/// The evidence for `keys_text`, `server_text` (what the API server presents) and `mesh` (each
/// cluster's Istio CA files): none before the module is ready, though what the server presents
/// is read (without its signatures checked) so that its problems show at once.
pub fn evidence(keys_text: &str, server_text: &str, mesh: [&str; 2], state: ExtrasState) -> Evidence {
    let mesh_given = mesh.iter().any(|text| !text.trim().is_empty());
    let given = !keys_text.trim().is_empty() || !server_text.trim().is_empty() || mesh_given;
    if !given || state != ExtrasState::Ready {
        return Evidence::none().with_server(server_text);
    }
    let read = browser::call_extras("read_keys", &[JsValue::from_str(keys_text)])
        .and_then(|json| from_json::keys_read(&json))
        .unwrap_or_default();
    let evidence = Evidence::new(read, Arc::new(FetchedVerifier)).with_server(server_text);
    if !mesh_given {
        return evidence;
    }
    let files = |number: usize, text: &str| vec![(format!("cluster {number}"), text.to_string())];
    evidence.with_mesh(&files(1, mesh[0]), &files(2, mesh[1]))
}
