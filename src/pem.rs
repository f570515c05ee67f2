//! PEM as text, read line by line so that it works on any paste (openssl's chatter, a
//! half-copied block, a YAML file): the blocks of a text with their lines, and which labels are
//! private keys, which are never read. The certificates of a kubeconfig's base64 fields are read
//! by `decode::certificate` with x509-parser's PEM reader instead, the way Go's `pem.Decode`
//! reads them for client-go.

/// PEM blocks of `text`: (line of BEGIN, label, base64 body, whether END was found). Text between
/// blocks (openssl's `s_client` chatter, comments) is skipped.
pub fn blocks(text: &str) -> Vec<(usize, String, String, bool)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String, String)> = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|rest| rest.strip_suffix("-----"))
        {
            if let Some((begin, label, body)) = current.take() {
                blocks.push((begin, label, body, false));
            }
            current = Some((number + 1, label.to_string(), String::new()));
        } else if line.starts_with("-----END ") {
            if let Some((begin, label, body)) = current.take() {
                blocks.push((begin, label, body, true));
            }
        } else if let Some((_, _, body)) = current.as_mut() {
            // Headers such as `Proc-Type:` (encrypted keys) have a colon; base64 never does.
            if !line.contains(':') {
                body.push_str(line);
            }
        }
    }
    if let Some((begin, label, body)) = current {
        blocks.push((begin, label, body, false));
    }
    blocks
}

/// Whether a PEM label names a private key: `PRIVATE KEY` (PKCS #8), `ENCRYPTED PRIVATE KEY`,
/// `RSA PRIVATE KEY`, `EC PRIVATE KEY`, `OPENSSH PRIVATE KEY`...
pub fn is_private_key(label: &str) -> bool {
    label.ends_with("PRIVATE KEY")
}

/// Whether `line` begins a PEM private-key block, wherever on the line its BEGIN marker stands:
/// it holds a BEGIN marker and a label that ends as a private key's does.
pub fn begins_private_key(line: &str) -> bool {
    line.contains("-----BEGIN ") && line.contains("PRIVATE KEY-----")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_lines_and_say_whether_they_ended() {
        let text = "CONNECTED\n-----BEGIN CERTIFICATE-----\nAAAA\nBBBB\n-----END CERTIFICATE-----\n\
                    -----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nCCCC\n";
        let blocks = blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0], (2, "CERTIFICATE".to_string(), "AAAABBBB".to_string(), true));
        assert_eq!(blocks[1], (6, "RSA PRIVATE KEY".to_string(), "CCCC".to_string(), false));
    }

    #[test]
    fn private_keys_are_told_by_their_label() {
        for label in [
            "PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            "EC PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
        ] {
            assert!(is_private_key(label), "{label}");
            assert!(
                begins_private_key(&format!("  key: -----BEGIN {label}-----")),
                "{label}"
            );
        }
        for label in ["CERTIFICATE", "PUBLIC KEY", "RSA PUBLIC KEY"] {
            assert!(!is_private_key(label), "{label}");
            assert!(!begins_private_key(&format!("-----BEGIN {label}-----")), "{label}");
        }
        assert!(!begins_private_key("-----END PRIVATE KEY-----"));
        assert!(!begins_private_key("a private key, PRIVATE KEY-----"));
        assert!(!begins_private_key("-----BEGIN CERTIFICATE-----"));
    }
}
