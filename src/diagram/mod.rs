//! The authentication sequence diagram of docs/istio.md (steps 1-14) as plain data: who talks to whom,
//! over which port, with what, what is verified and what goes wrong, and the state of each step
//! for one inspected cluster entry.
//!
//! Pure like the rest of the core: [`layout`] turns this into coordinates and [`svg`] into one
//! self-contained SVG that the web app, its embed view and the `diagram` command all show. No
//! browser, no Leptos, no clock.

pub mod layout;
pub mod svg;

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

/// The fourteen steps of docs/istio.md, "How a remote workload or gateway first authenticates".
pub const STEPS: [Step; 14] = [
    Step {
        number: 1,
        title: "create-remote-secret",
        payload: "reader SA token + API server CA",
        from: Actor::Operator,
        to: Actor::RemoteApiServer,
        via: None,
        happens: "The operator runs `istioctl create-remote-secret` against the remote cluster. It finds or creates the `istio-reader-service-account` and its token Secret, and reads the token and the API server's CA.",
        verified: "The operator's own kubeconfig context for the remote cluster.",
        goes_wrong: "Kubernetes 1.24+ creates no token Secret by itself: `no secret found in the service account` or `no \"token\" data found` (istio#38246). A kind or local context puts `https://127.0.0.1:...` in the server field (istio#58047).",
        source: "istioctl/pkg/multicluster/remote_secret.go",
        note: "",
    },
    Step {
        number: 2,
        title: "kubectl apply (cluster1)",
        payload: "Secret istio/multiCluster=true",
        from: Actor::Operator,
        to: Actor::Istiod,
        via: None,
        happens: "The operator applies the Secret to the primary cluster's `istio-system`, where istiod's informer watches for it.",
        verified: "Only Secrets labelled `istio/multiCluster: \"true\"` in istiod's own namespace are seen; every data key is a cluster ID.",
        goes_wrong: "A missing label or another namespace: istiod never sees the Secret, and says nothing (istio#49780, istio#47433).",
        source: "pkg/kube/multicluster/secretcontroller.go",
        note: "label istio/multiCluster=true, istiod's namespace",
    },
    Step {
        number: 3,
        title: "load kubeconfig, list+watch",
        payload: "GET {server}/api/v1/... (reader token)",
        from: Actor::Istiod,
        to: Actor::RemoteApiServer,
        via: None,
        happens: "istiod's secret controller loads, validates and sanitizes each kubeconfig, builds a client and starts listing and watching the remote API server with the reader token: this is how it learns the remote cluster's services.",
        verified: "client-go validation (current context, cluster, user, server, one auth method), istiod's sanitizer (no exec, no auth plugins, no files), the API server's certificate against the kubeconfig's CA, and the reader token.",
        goes_wrong: "`kubeconfig is not valid: ...`, `kubeconfig is not allowed: exec is not allowed`, `x509: certificate signed by unknown authority`, `Unauthorized`, or `remote cluster X failed to sync after 30s`; `istioctl remote-clusters` shows `timeout`.",
        source: "pkg/kube/multicluster/secretcontroller.go, pkg/kube/util.go (sanitizeKubeConfig)",
        note: "kubeconfig valid and allowed; server cert vs CA; reader token",
    },
    Step {
        number: 4,
        title: "write root cert (optional)",
        payload: "ConfigMap istio-ca-root-cert",
        from: Actor::Istiod,
        to: Actor::RemoteApiServer,
        via: None,
        happens: "With an external control plane, istiod also writes the `istio-ca-root-cert` ConfigMap into the remote cluster's namespaces and patches the injection webhook's CA bundle there.",
        verified: "The reader's (or istiod's) permissions in the remote cluster.",
        goes_wrong: "Without write access the root certificate never reaches the remote namespaces, and proxies there cannot verify istiod at step 8.",
        source: "pilot/pkg/serviceregistry/kube/controller/multicluster.go",
        note: "",
    },
    Step {
        number: 5,
        title: "injection webhook 443→15017",
        payload: "POST /inject/cluster/{cluster}/net/...",
        from: Actor::RemoteApiServer,
        to: Actor::Istiod,
        via: Some(Actor::EastWestGateway),
        happens: "A pod is created in the remote cluster: its API server calls the injection webhook through the east-west gateway on 15017 (the remote `istiod` Service maps 443 to it). The patch sets `ISTIO_META_CLUSTER_ID`, `CA_ADDR=istiod.istio-system.svc:15012`, a projected `istio-token` with audience `istio-ca`, and mounts the root certificate.",
        verified: "istiod's serving certificate, against the webhook configuration's CA bundle.",
        goes_wrong: "`failed calling webhook \"...sidecar-injector.istio.io\"`: the gateway is unreachable or the CA bundle does not match; pods start without a sidecar.",
        source: "manifests/charts/istiod-remote/templates/, samples/multicluster/expose-istiod.yaml",
        note: "istiod's serving cert vs the webhook's CA bundle",
    },
    Step {
        number: 6,
        title: "TokenRequest",
        payload: "aud: istio-ca",
        from: Actor::Kubelet,
        to: Actor::RemoteApiServer,
        via: None,
        happens: "kubelet asks the remote API server for the pod's projected `istio-token`, bound to the pod, with audience `istio-ca`.",
        verified: "The pod's service account, by the remote API server.",
        goes_wrong: "Rare: a cluster without the TokenRequest API leaves the pod without its token.",
        source: "Kubernetes: projected service account tokens",
        note: "",
    },
    Step {
        number: 7,
        title: "key pair + CSR",
        payload: "",
        from: Actor::IstioAgent,
        to: Actor::IstioAgent,
        via: None,
        happens: "istio-agent makes a key pair and a certificate signing request. The key never leaves the pod.",
        verified: "Nothing yet.",
        goes_wrong: "Nothing the remote secret can cause.",
        source: "security/pkg/nodeagent/cache/secretcache.go",
        note: "",
    },
    Step {
        number: 8,
        title: "CreateCertificate :15012",
        payload: "CSR + Bearer istio-token + ClusterID: {cluster}",
        from: Actor::IstioAgent,
        to: Actor::Istiod,
        via: Some(Actor::EastWestGateway),
        happens: "istio-agent calls `IstioCertificateService/CreateCertificate` through the east-west gateway on 15012, over TLS, with the CSR, the metadata `authorization: Bearer <istio-token>` and `ClusterID`. No client certificate yet: the token authenticates this first call.",
        verified: "istiod's certificate, against the shared root (`root-cert.pem`), for the name `istiod.istio-system.svc`.",
        goes_wrong: "A different root in either cluster: `x509: certificate signed by unknown authority` in the agent's log; the proxy never becomes ready.",
        source: "security/pkg/nodeagent/caclient/providers/citadel/client.go",
        note: "istiod's cert vs the shared root",
    },
    Step {
        number: 9,
        title: "pick client by ClusterID",
        payload: "",
        from: Actor::Istiod,
        to: Actor::Istiod,
        via: None,
        happens: "istiod's Kubernetes JWT authenticator picks the kube client registered under the request's `ClusterID`, that is, the remote secret's data key.",
        verified: "That a remote secret registered this cluster ID.",
        goes_wrong: "`client claims to be in cluster \"X\", but we only know about local cluster \"Y\" and remote clusters [...]`, then `Unauthenticated desc = request authenticate failure` (istio#43716, istio#42144).",
        source: "security/pkg/server/ca/authenticate/kubeauth/kube_jwt.go",
        note: "ClusterID is a remote secret's key",
    },
    Step {
        number: 10,
        title: "TokenReview",
        payload: "POST {server} TokenReview{audiences: [istio-ca]}",
        from: Actor::Istiod,
        to: Actor::RemoteApiServer,
        via: None,
        happens: "istiod posts a TokenReview of the pod's token to the remote API server, using the remote secret's server, CA and reader token.",
        verified: "The API server's certificate against the kubeconfig's CA; the reader token; the reader's permission to `create` `tokenreviews`.",
        goes_wrong: "`x509: certificate signed by unknown authority`, `Unauthorized` (an expired or rotated reader token), or `tokenreviews.authentication.k8s.io is forbidden` (istio#26017, istio#37925).",
        source: "security/pkg/k8s/tokenreview/k8sauthn.go",
        note: "API server cert vs CA; reader may create tokenreviews",
    },
    Step {
        number: 11,
        title: "authenticated",
        payload: "system:serviceaccount:<ns>:<sa>",
        from: Actor::RemoteApiServer,
        to: Actor::Istiod,
        via: None,
        happens: "The remote API server answers that the token is valid for `istio-ca` and names its user; istiod derives the identity `spiffe://<trust domain>/ns/<ns>/sa/<sa>`.",
        verified: "The pod token's signature, expiry, audience and bound pod, by the remote API server.",
        goes_wrong: "`the token is not valid for audience istio-ca`, or a deleted pod's token: `Unauthenticated`.",
        source: "security/pkg/k8s/tokenreview/k8sauthn.go",
        note: "pod token: signature, expiry, audience istio-ca",
    },
    Step {
        number: 12,
        title: "signed cert + root (SDS)",
        payload: "leaf, chain, shared root",
        from: Actor::Istiod,
        to: Actor::IstioAgent,
        via: Some(Actor::EastWestGateway),
        happens: "istiod's CA signs a certificate for that identity (the CSR's own SAN is ignored) and returns the leaf, its chain and the shared root; istio-agent hands them to Envoy over SDS.",
        verified: "The identity comes from the TokenReview, never from the CSR.",
        goes_wrong: "A plugged-in CA whose chain does not end at the root the remote cluster trusts.",
        source: "security/pkg/server/ca/server.go",
        note: "identity from the TokenReview, not from the CSR",
    },
    Step {
        number: 13,
        title: "XDS stream :15012",
        payload: "Bearer istio-token + ClusterID: {cluster}",
        from: Actor::Envoy,
        to: Actor::Istiod,
        via: Some(Actor::EastWestGateway),
        happens: "Envoy opens its XDS stream to istiod through istio-agent and the east-west gateway, with the same token and cluster ID; istiod authenticates it again (steps 9-11) and checks that the identity matches the proxy.",
        verified: "Steps 9-11 again, and that the proxy's identity matches its token.",
        goes_wrong: "Everything that breaks steps 9-11 breaks configuration too: the proxy stays not ready.",
        source: "pilot/pkg/xds/authentication.go",
        note: "steps 9-11 again; identity matches the proxy",
    },
    Step {
        number: 14,
        title: "mTLS across clusters, one shared root",
        payload: "",
        from: Actor::Envoy,
        to: Actor::Istiod,
        via: None,
        happens: "From now on, workloads in both clusters speak mTLS to each other: both hold certificates under the same root.",
        verified: "Every peer certificate, against the shared root.",
        goes_wrong: "A different root in either cluster breaks cross-cluster traffic with TLS errors (`CERTIFICATE_VERIFY_FAILED`).",
        source: "docs/istio.md, \"The deployment\"",
        note: "every peer certificate vs the shared root",
    },
];

/// The API server's address in the teaching diagram.
pub const PLAIN_SERVER: &str = "https://<remote API server>:443";

/// The steps a remote secret can tell us about: the catalogue's checks name only these.
pub const DETERMINED_STEPS: [u8; 4] = [2, 3, 9, 10];

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
    /// its own, its Secret's and the input's. Steps that no check can judge stay undetermined.
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
                .map(|step| match DETERMINED_STEPS.contains(&step.number) {
                    true => StepState::Pass,
                    false => StepState::Undetermined,
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
                assert!(DETERMINED_STEPS.contains(number), "{} names step {number}", check.id);
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
