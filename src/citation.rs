//! Where a claim comes from, as data: a symbol in a file of a repository read at a release tag,
//! an issue, a specification, or a section of this project's own docs. The CLI renders citations
//! as text, the app, SARIF and the generated catalogue as links pinned to the tag; nothing ever
//! parses one back out of prose.

use serde::Serialize;

/// A repository the checks cite, with the release tag its code was read at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Repo {
    Istio,
    ClientGo,
    Kubernetes,
    Apimachinery,
    Go,
}

impl Repo {
    /// `owner/name` on GitHub.
    pub fn name(self) -> &'static str {
        match self {
            Repo::Istio => "istio/istio",
            Repo::ClientGo => "kubernetes/client-go",
            Repo::Kubernetes => "kubernetes/kubernetes",
            Repo::Apimachinery => "kubernetes/apimachinery",
            Repo::Go => "golang/go",
        }
    }

    /// The release tag the cited code was read at (and checked against master where newer).
    pub fn tag(self) -> &'static str {
        match self {
            Repo::Istio => "1.28.0",
            Repo::ClientGo => "v0.34.0",
            Repo::Kubernetes => "v1.34.0",
            Repo::Apimachinery => "v0.34.0",
            Repo::Go => "go1.25.0",
        }
    }
}

/// One source a check rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Citation {
    /// A function, type or constant in a file of a repository.
    Code {
        repo: Repo,
        path: &'static str,
        symbol: &'static str,
    },
    /// An issue (or pull request) of a repository.
    Issue { repo: Repo, number: u32 },
    /// A specification or reference page outside any repository.
    Spec { title: &'static str, url: &'static str },
    /// A section of this project's `docs/istio.md`.
    Doc {
        section: &'static str,
        anchor: &'static str,
    },
}

impl Citation {
    pub const fn istio(path: &'static str, symbol: &'static str) -> Citation {
        Citation::Code {
            repo: Repo::Istio,
            path,
            symbol,
        }
    }

    pub const fn client_go(path: &'static str, symbol: &'static str) -> Citation {
        Citation::Code {
            repo: Repo::ClientGo,
            path,
            symbol,
        }
    }

    pub const fn kubernetes(path: &'static str, symbol: &'static str) -> Citation {
        Citation::Code {
            repo: Repo::Kubernetes,
            path,
            symbol,
        }
    }

    pub const fn apimachinery(path: &'static str, symbol: &'static str) -> Citation {
        Citation::Code {
            repo: Repo::Apimachinery,
            path,
            symbol,
        }
    }

    pub const fn go(path: &'static str, symbol: &'static str) -> Citation {
        Citation::Code {
            repo: Repo::Go,
            path,
            symbol,
        }
    }

    pub const fn istio_issue(number: u32) -> Citation {
        Citation::Issue {
            repo: Repo::Istio,
            number,
        }
    }

    pub const fn spec(title: &'static str, url: &'static str) -> Citation {
        Citation::Spec { title, url }
    }

    pub const fn doc(section: &'static str, anchor: &'static str) -> Citation {
        Citation::Doc { section, anchor }
    }

    /// The citation as a line of text: `kubernetes/client-go v0.34.0
    /// tools/clientcmd/validation.go (validateAuthInfo)`.
    pub fn text(&self) -> String {
        match self {
            Citation::Code { repo, path, symbol } => {
                format!("{} {} {path} ({symbol})", repo.name(), repo.tag())
            }
            Citation::Issue { repo, number } => format!("{}#{number}", repo.name()),
            Citation::Spec { title, .. } => (*title).to_string(),
            Citation::Doc { section, .. } => format!("docs/istio.md, {section}"),
        }
    }

    /// A short label for a link: the file and symbol, the issue, the title or the section.
    pub fn label(&self) -> String {
        match self {
            Citation::Code { path, symbol, .. } => format!("{path} ({symbol})"),
            Citation::Issue { repo, number } => format!("{}#{number}", repo.name()),
            Citation::Spec { title, .. } => (*title).to_string(),
            Citation::Doc { section, .. } => format!("docs/istio.md: {section}"),
        }
    }

    /// Where to read it: a GitHub link pinned to the release tag, an issue, the spec's address.
    /// Sections of this project's docs are relative to the repository (`docs/istio.md#...`).
    pub fn url(&self) -> String {
        match self {
            Citation::Code { repo, path, .. } => {
                format!("https://github.com/{}/blob/{}/{path}", repo.name(), repo.tag())
            }
            Citation::Issue { repo, number } => format!("https://github.com/{}/issues/{number}", repo.name()),
            Citation::Spec { url, .. } => (*url).to_string(),
            Citation::Doc { anchor, .. } => format!("docs/istio.md#{anchor}"),
        }
    }

    /// Whether [`Citation::url`] is an absolute address (rather than a path in this repository).
    pub fn is_external(&self) -> bool {
        !matches!(self, Citation::Doc { .. })
    }
}

/// The citations of a check as one line of text, `;`-separated.
pub fn text_of(citations: &[Citation]) -> String {
    citations.iter().map(Citation::text).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_links_are_pinned_to_the_tag() {
        let citation = Citation::client_go("tools/clientcmd/validation.go", "validateAuthInfo");
        assert_eq!(
            citation.url(),
            "https://github.com/kubernetes/client-go/blob/v0.34.0/tools/clientcmd/validation.go"
        );
        assert_eq!(
            citation.text(),
            "kubernetes/client-go v0.34.0 tools/clientcmd/validation.go (validateAuthInfo)"
        );
    }

    #[test]
    fn issues_specs_and_docs_render() {
        assert_eq!(
            Citation::istio_issue(52951).url(),
            "https://github.com/istio/istio/issues/52951"
        );
        assert_eq!(Citation::istio_issue(52951).text(), "istio/istio#52951");
        let spec = Citation::spec("RFC 7519 (JWT)", "https://www.rfc-editor.org/rfc/rfc7519");
        assert_eq!(spec.url(), "https://www.rfc-editor.org/rfc/rfc7519");
        let doc = Citation::doc("The reader token", "the-reader-token");
        assert_eq!(doc.url(), "docs/istio.md#the-reader-token");
        assert!(!doc.is_external());
    }
}
