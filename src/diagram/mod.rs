//! The authentication sequence diagram of docs/istio.md (steps 1-14) as plain data: who talks to whom,
//! over which port, with what, what is verified and what goes wrong, and the state of each step
//! for one inspected cluster entry.
//!
//! Pure like the rest of the core: [`layout`] turns this into coordinates and [`svg`] into one
//! self-contained SVG that the web app, its embed view and the `diagram` command all show. No
//! browser, no Leptos, no clock.

pub mod layout;
pub mod palette;
mod steps;
pub mod svg;

pub use steps::STEPS;

use serde::Serialize;

use crate::checks::Effect;
use crate::report::Report;

/// A lifeline of the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    Operator,
    RemoteApiServer,
    Kubelet,
    Envoy,
    IstioAgent,
    EastWestGateway,
    Istiod,
}

impl Actor {
    /// Left to right. The remote pod's two containers sit side by side, and the east-west gateway
    /// stands between the remote cluster and istiod because every call to istiod passes it.
    pub const ALL: [Actor; 7] = [
        Actor::Operator,
        Actor::RemoteApiServer,
        Actor::Kubelet,
        Actor::Envoy,
        Actor::IstioAgent,
        Actor::EastWestGateway,
        Actor::Istiod,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Actor::Operator => "operator",
            Actor::RemoteApiServer => "API server",
            Actor::Kubelet => "kubelet",
            Actor::Envoy => "Envoy",
            Actor::IstioAgent => "istio-agent",
            Actor::EastWestGateway => "east-west gateway",
            Actor::Istiod => "istiod + CA",
        }
    }

    pub fn group(self) -> Group {
        match self {
            Actor::Operator => Group::Workstation,
            Actor::RemoteApiServer | Actor::Kubelet | Actor::Envoy | Actor::IstioAgent => Group::Remote,
            Actor::EastWestGateway | Actor::Istiod => Group::Primary,
        }
    }

    pub fn index(self) -> usize {
        Actor::ALL.iter().position(|actor| *actor == self).unwrap_or(0)
    }
}

/// Where an actor runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    Workstation,
    Remote,
    Primary,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Workstation, Group::Remote, Group::Primary];

    /// The group's caption; `remote` is the remote cluster's ID when one was inspected.
    pub fn caption(self, remote: &str) -> String {
        match self {
            Group::Workstation => "workstation".to_string(),
            Group::Remote => format!("{remote} (remote)"),
            Group::Primary => "cluster1 (primary)".to_string(),
        }
    }
}

/// One numbered step of the sequence.
#[derive(Debug, Serialize)]
pub struct Step {
    pub number: u8,
    /// The label over the arrow: short enough to fit between its two lifelines.
    pub title: &'static str,
    /// The payload under the arrow, in monospace; `{cluster}` stands for the remote cluster ID and
    /// `{server}` for its API server.
    pub payload: &'static str,
    pub from: Actor,
    pub to: Actor,
    /// An actor the message passes through on its way (the east-west gateway).
    pub via: Option<Actor>,
    /// What happens, in a sentence or two.
    pub happens: &'static str,
    /// What is verified at this step.
    pub verified: &'static str,
    /// What goes wrong here and the error text users see.
    pub goes_wrong: &'static str,
    /// Where in Istio (or Kubernetes) this happens.
    pub source: &'static str,
    /// The check made at this step, as the diagram's note ("" where nothing is verified).
    pub note: &'static str,
}

impl Step {
    /// The payload with the remote cluster's ID and API server filled in.
    pub fn payload_for(&self, remote: &str, server: &str) -> String {
        self.payload.replace("{cluster}", remote).replace("{server}", server)
    }

    pub fn is_self_message(&self) -> bool {
        self.from == self.to
    }
}

/// The API server's address in the teaching diagram.
pub const PLAIN_SERVER: &str = "https://<remote API server>:443";

/// The steps a remote secret can tell us about: the checks of a remote secret name only these.
pub const DETERMINED_STEPS: [u8; 4] = [2, 3, 9, 10];

/// The steps the mesh's shared root decides (`mesh-root-mismatch`, `mesh-chain-broken`): known
/// only from two clusters' CA files (the app's Mesh pane, `remote-secret mesh`); a remote
/// secret alone leaves them undetermined.
pub const MESH_STEPS: [u8; 3] = [8, 12, 14];

/// What the inspection says about one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepState {
    /// Nothing was inspected: the teaching diagram.
    Plain,
    /// The input says nothing about this step.
    Undetermined,
    Pass,
    Risk,
    Broken,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Plain => "plain",
            StepState::Undetermined => "undetermined",
            StepState::Pass => "pass",
            StepState::Risk => "risk",
            StepState::Broken => "broken",
        }
    }

    /// The state in words, for legends and explanations ("" for the plain diagram).
    pub fn words(self) -> &'static str {
        match self {
            StepState::Plain => "",
            StepState::Undetermined => "not determined from the input",
            StepState::Pass => "passes",
            StepState::Risk => "at risk",
            StepState::Broken => "broken",
        }
    }

    fn of_effect(effect: Effect) -> StepState {
        match effect {
            Effect::None => StepState::Pass,
            Effect::Risk => StepState::Risk,
            Effect::Fail | Effect::Reject | Effect::Ignore => StepState::Broken,
        }
    }
}

/// What to draw: the remote cluster's name, each step's state and its findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagram {
    /// The remote cluster's ID, as the messages name it.
    pub remote_cluster: String,
    /// The remote API server, as the kubeconfig names it.
    pub remote_server: String,
    /// One per step, in order.
    pub states: Vec<StepState>,
    /// For each step, the indexes (into `Report::findings`) of the findings that affect it.
    pub findings: Vec<Vec<usize>>,
    /// For each step, the ids of those findings, for the picture's tooltips.
    pub finding_ids: Vec<Vec<&'static str>>,
}

impl Diagram {
    /// The teaching diagram: no input, no colours.
    pub fn plain() -> Diagram {
        Diagram {
            remote_cluster: "cluster2".to_string(),
            remote_server: PLAIN_SERVER.to_string(),
            states: vec![StepState::Plain; STEPS.len()],
            findings: vec![Vec::new(); STEPS.len()],
            finding_ids: vec![Vec::new(); STEPS.len()],
        }
    }

    /// The diagram of one cluster entry of a report, coloured by the findings that bear on it:
    /// its own, its Secret's and the mesh's. Steps that no check can judge stay undetermined.
    /// A report without cluster entries gives the plain diagram.
    pub fn for_entry(report: &Report, secret_index: usize, entry_index: usize) -> Diagram {
        let Some(entry) = report
            .model
            .secrets
            .get(secret_index)
            .and_then(|secret| secret.entries.get(entry_index))
        else {
            return Diagram::plain();
        };
        // With both clusters' roots given, the mesh's steps are judged: they pass unless a mesh
        // check says otherwise.
        let mesh_known = report.mesh.as_ref().is_some_and(|mesh| mesh.both_have_roots);
        let mut diagram = Diagram {
            remote_cluster: entry.cluster_id.clone(),
            remote_server: entry
                .kubeconfig
                .as_ref()
                .and_then(|kubeconfig| kubeconfig.current_cluster())
                .and_then(|cluster| cluster.server.as_ref())
                .map_or_else(
                    || PLAIN_SERVER.to_string(),
                    |server| server.value.trim_end_matches('/').to_string(),
                ),
            states: STEPS
                .iter()
                .map(|step| {
                    let determined =
                        DETERMINED_STEPS.contains(&step.number) || (mesh_known && MESH_STEPS.contains(&step.number));
                    match determined {
                        true => StepState::Pass,
                        false => StepState::Undetermined,
                    }
                })
                .collect(),
            findings: vec![Vec::new(); STEPS.len()],
            finding_ids: vec![Vec::new(); STEPS.len()],
        };
        // Only the findings that bear on the entry colour its steps, as only they decide its
        // verdict: a problem elsewhere in the paste says nothing about this entry's sequence.
        for (index, finding) in report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.bears_on(secret_index, entry_index))
        {
            for &number in finding.steps {
                let Some(slot) = usize::from(number).checked_sub(1).filter(|slot| *slot < STEPS.len()) else {
                    continue;
                };
                diagram.findings[slot].push(index);
                if !diagram.finding_ids[slot].contains(&finding.id) {
                    diagram.finding_ids[slot].push(finding.id);
                }
                diagram.states[slot] = diagram.states[slot].max(StepState::of_effect(finding.effect));
            }
        }
        diagram
    }

    /// Whether nothing was inspected (the teaching diagram).
    pub fn is_plain(&self) -> bool {
        self.states.iter().all(|state| *state == StepState::Plain)
    }

    /// The state of step `number` (1-based).
    pub fn state(&self, number: u8) -> StepState {
        usize::from(number)
            .checked_sub(1)
            .and_then(|slot| self.states.get(slot))
            .copied()
            .unwrap_or(StepState::Plain)
    }

    /// The first step that is broken, else the first at risk.
    pub fn first_problem(&self) -> Option<u8> {
        let first = |wanted: StepState| self.states.iter().position(|state| *state == wanted);
        first(StepState::Broken)
            .or_else(|| first(StepState::Risk))
            .map(|slot| slot as u8 + 1)
    }
}

/// Step `number` (1-based), if there is one.
pub fn step(number: u8) -> Option<&'static Step> {
    STEPS.iter().find(|step| step.number == number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{example, NOW};
    use crate::settings::Settings;

    fn diagram_of(example_name: &str) -> Diagram {
        let text = example(example_name, NOW).expect("a known example");
        let report = crate::inspect(&text, &Settings::at(NOW));
        Diagram::for_entry(&report, 0, 0)
    }

    #[test]
    fn every_step_has_its_texts_and_is_numbered_in_order() {
        for (slot, step) in STEPS.iter().enumerate() {
            assert_eq!(usize::from(step.number), slot + 1);
            for text in [step.title, step.happens, step.verified, step.goes_wrong, step.source] {
                assert!(!text.trim().is_empty(), "step {} lacks a text", step.number);
            }
            // Wherever a check can fail a step, the picture says what is verified there.
            if DETERMINED_STEPS.contains(&step.number) {
                assert!(!step.note.is_empty(), "step {} lacks its note", step.number);
            }
        }
    }

    #[test]
    fn every_step_a_check_names_is_a_determined_step() {
        for check in crate::checks::ALL {
            for number in check.steps {
                assert!(
                    DETERMINED_STEPS.contains(number) || MESH_STEPS.contains(number),
                    "{} names step {number}",
                    check.id
                );
            }
        }
    }

    #[test]
    fn a_healthy_secret_passes_every_determined_step() {
        let diagram = diagram_of("healthy");
        assert_eq!(diagram.remote_cluster, "cluster2");
        assert_eq!(diagram.remote_server, "https://10.0.0.2:6443");
        for step in &STEPS {
            let expected = match DETERMINED_STEPS.contains(&step.number) {
                true => StepState::Pass,
                false => StepState::Undetermined,
            };
            assert_eq!(diagram.state(step.number), expected, "step {}", step.number);
        }
        assert_eq!(diagram.first_problem(), None);
    }

    #[test]
    fn colouring_follows_the_findings() {
        let loopback = diagram_of("loopback-server");
        assert_eq!(loopback.state(3), StepState::Broken);
        assert_eq!(loopback.state(10), StepState::Broken);
        assert_eq!(loopback.state(2), StepState::Pass);
        assert_eq!(loopback.first_problem(), Some(3));
        assert!(!loopback.findings[2].is_empty());
        assert!(loopback.finding_ids[2].contains(&"server-loopback"));

        let missing_label = diagram_of("missing-label");
        assert_eq!(missing_label.state(2), StepState::Broken);
        assert_eq!(missing_label.first_problem(), Some(2));

        let expired_ca = diagram_of("expired-ca");
        assert_eq!(expired_ca.state(3), StepState::Broken);
        assert_eq!(expired_ca.state(9), StepState::Pass);
    }

    #[test]
    fn a_problem_elsewhere_in_the_paste_does_not_colour_an_entry() {
        // A healthy Secret and, in another document, broken YAML: the syntax error is about the
        // paste, listed with every entry, but it neither decides this entry's verdict nor breaks
        // its step 2.
        let input = format!(
            "{}apiVersion: v1\nkind: Secret\nmetadata: [\n",
            crate::fixtures::healthy()
        );
        let report = crate::inspect(&input, &Settings::at(NOW));
        assert!(report.findings.iter().any(|f| f.id == "yaml-syntax"));
        assert_eq!(report.verdicts[0].verdict, crate::report::Verdict::Ok);
        let diagram = Diagram::for_entry(&report, 0, 0);
        assert_eq!(diagram.state(2), StepState::Pass);
        let syntax = report.findings.iter().find(|f| f.id == "yaml-syntax").unwrap();
        assert!(syntax.shown_with(0, 0) && !syntax.bears_on(0, 0));
    }

    #[test]
    fn an_input_without_clusters_gives_the_plain_diagram() {
        let report = crate::inspect("not: [a secret", &Settings::at(NOW));
        assert_eq!(Diagram::for_entry(&report, 0, 0), Diagram::plain());
        assert_eq!(Diagram::plain().state(3), StepState::Plain);
    }
}
