//! Turns the pasted text into the [`Model`]: splits documents, opens `kind: List`, tells remote
//! secrets from other Secrets, and decodes every cluster entry's kubeconfig. Never stops at the
//! first problem: everything that can be understood is.

pub mod certificate;
pub mod key_pair;
pub mod kubeconfig;
mod oid_names;
pub mod repair;
pub mod token;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{
    ClusterEntry, DocumentInfo, Encoding, EntryValue, ForeignObject, Kubeconfig, Limit, Located, Model, MoveLines,
    Secret, SecretOrigin, UnrelatedSecret,
};
use crate::trust::{DecodedItem, Evidence};
use crate::yaml::{self, Locator, Step, Value};

/// Decodes the whole input.
/// The largest input the inspector reads, as the app's file limit: a remote secret is a few
/// kilobytes and a cluster's Secrets a few megabytes.
pub const MAX_INPUT_BYTES: usize = 16_000_000;
/// The most YAML documents, and the most items of one `kind: List`, that are inspected.
pub const MAX_DOCUMENTS: usize = 10_000;
/// The most keys of one Secret that are inspected (a Secret holds at most 1 MiB anyway).
pub const MAX_ENTRIES: usize = 1_000;

pub fn decode(input: &str) -> Model {
    decode_with(input, &Evidence::none())
}

/// Decodes `input`, verifying every JWT's signature with the evidence's keys.
pub fn decode_with(input: &str, evidence: &Evidence) -> Model {
    if input.len() > MAX_INPUT_BYTES {
        // Refused whole: parsing it would freeze the page for seconds on every keystroke.
        return Model {
            limits: vec![Located {
                value: Limit::InputBytes {
                    bytes: input.len(),
                    max: MAX_INPUT_BYTES,
                },
                line: 1,
            }],
            ..Model::default()
        };
    }
    let mut model = Model {
        private_key_lines: private_key_lines(input),
        ..Model::default()
    };
    let documents = yaml::split_documents(input);
    let single_document = documents.len() == 1;
    if let Some(first_skipped) = documents.get(MAX_DOCUMENTS) {
        model.limits.push(Located {
            value: Limit::Documents {
                count: documents.len(),
                max: MAX_DOCUMENTS,
            },
            line: first_skipped.first_line,
        });
    }
    for document in documents.iter().take(MAX_DOCUMENTS) {
        if decode_block_list(&document.text, document.first_line, evidence, &mut model) {
            continue;
        }
        let locator = Locator::new(&document.text, document.first_line);
        let value = match yaml::parse(&document.text, document.first_line) {
            Ok(value) => value,
            Err(error) => {
                model.documents.push(DocumentInfo {
                    first_line: document.first_line,
                    kind: "unknown".into(),
                });
                model.syntax_errors.push(error);
                continue;
            }
        };
        let kind = yaml::get_str(&value, "kind").unwrap_or("unknown").to_string();
        model.documents.push(DocumentInfo {
            first_line: document.first_line,
            kind: kind.clone(),
        });
        let first_line = first_content_line(&document.text, document.first_line);
        let placement = if single_document {
            Placement::Alone(&document.text)
        } else {
            Placement::AmongDocuments(&document.text)
        };
        match kind.as_str() {
            "List" | "SecretList" => decode_list(&value, &locator, first_line, evidence, &mut model),
            _ => decode_object(&value, &locator, &[], first_line, placement, evidence, &mut model),
        }
    }
    model.indentation_lost = repair::detect(input);
    model
}

/// A `kind: List` as kubectl writes it (`-o yaml`): top-level keys at column 0, `items:` among
/// them, and each item a block at column 0 that starts with `- `. Its items' texts as they stand
/// in the input (see [`dedented`]), with their first lines; `None` for any other shape, which is
/// parsed whole.
fn block_list_items(text: &str, first_line: usize) -> Option<Vec<(usize, &str)>> {
    let mut items: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut in_items = false;
    let mut in_item = false;
    let mut kind_list = false;
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = yaml::without_line_ending(raw);
        if line.starts_with("- ") {
            if !in_items {
                return None;
            }
            items.push((first_line + index, start..offset));
            in_item = true;
            continue;
        }
        if line.is_empty() || line.starts_with(' ') {
            match items.last_mut() {
                Some((_, item)) if in_item => {
                    // An item's lines are indented by two, or blank.
                    if !line.starts_with("  ") && !line.trim().is_empty() {
                        return None;
                    }
                    item.end = offset;
                }
                // Under `items:` only items; elsewhere a top-level key's own lines.
                _ if in_items && !line.trim().is_empty() => return None,
                _ => {}
            }
            continue;
        }
        // A top-level key (or a comment, a flow item, a tab: parsed whole).
        in_item = false;
        let key = line.split(':').next().unwrap_or("");
        if line.starts_with('#') || line.starts_with('-') || line.contains('\t') || key.contains(['{', '[', '"', '\''])
        {
            return None;
        }
        in_items = line == "items:";
        if key == "items" && !in_items {
            return None;
        }
        kind_list |= line == "kind: List";
    }
    (kind_list && !items.is_empty() && items.len() <= MAX_DOCUMENTS)
        .then(|| items.into_iter().map(|(line, item)| (line, &text[item])).collect())
}

/// A list item's text (as [`block_list_items`] found it) as a document of its own: its lines
/// without the two columns of `- ` or of indentation. Only an item decoded again is copied so.
fn dedented(item: &str) -> String {
    let mut text = String::with_capacity(item.len());
    for (index, line) in item.lines().enumerate() {
        let line = match index {
            0 => line.strip_prefix("- "),
            _ => line.strip_prefix("  "),
        };
        // A blank line, which need not be indented.
        text.push_str(line.unwrap_or(""));
        text.push('\n');
    }
    text
}

/// Decodes a `kind: List` in kubectl's block form item by item, each item's text parsed on its
/// own and taken from the evidence's cache when it has not changed. `false` when the document is
/// not in that form or an item does not parse alone: it is then parsed whole, as before, so that
/// what is reported about it does not depend on this path.
fn decode_block_list(text: &str, first_line: usize, evidence: &Evidence, model: &mut Model) -> bool {
    let Some(items) = block_list_items(text, first_line) else {
        return false;
    };
    let mut previous = evidence
        .items
        .lock()
        .map(|mut items| std::mem::take(&mut *items))
        .unwrap_or_default();
    let Some(decoded) = decode_items(items, &mut previous, evidence) else {
        return false;
    };
    model.documents.push(DocumentInfo {
        first_line,
        kind: "List".into(),
    });
    for (_, _, contribution) in &decoded {
        model.secrets.extend(contribution.secrets.iter().cloned());
        model
            .unrelated_secrets
            .extend(contribution.unrelated_secrets.iter().cloned());
        model
            .foreign_objects
            .extend(contribution.foreign_objects.iter().cloned());
    }
    if let Ok(mut items) = evidence.items.lock() {
        *items = decoded;
    }
    true
}

/// What one list item (its text, its first line) adds to the model; `None` when it does not
/// parse alone.
fn decode_item(item: &str, line: usize, evidence: &Evidence) -> Option<DecodedItem> {
    #[cfg(test)]
    tests::DECODED_ITEMS.with(|count| count.set(count.get() + 1));
    let value = yaml::parse(item, line).ok()?;
    let locator = Locator::new(item, line);
    let mut scratch = Model::default();
    decode_object(&value, &locator, &[], line, Placement::ListItem, evidence, &mut scratch);
    Some(DecodedItem {
        secrets: scratch.secrets,
        unrelated_secrets: scratch.unrelated_secrets,
        foreign_objects: scratch.foreign_objects,
    })
}

/// The items the cache holds, as they were (by first line and text as it stands in the input).
type Decoded = Vec<(usize, String, DecodedItem)>;

/// For each of `items` in order, what the cache `previous` holds for it (its text and model),
/// taken from it: the items before the first that changed and after the last, matched by their
/// text alone and moved to their new lines (a line typed above an item moves it without
/// changing it).
fn take_known(items: &[(usize, &str)], previous: &mut Decoded) -> Vec<Option<(String, DecodedItem)>> {
    let same = |(_, text): &(usize, &str), (_, known, _): &(usize, String, DecodedItem)| text == known;
    let head = items
        .iter()
        .zip(previous.iter())
        .take_while(|(item, known)| same(item, known))
        .count();
    let tail = items[head..]
        .iter()
        .rev()
        .zip(previous[head..].iter().rev())
        .take_while(|(item, known)| same(item, known))
        .count();
    let mut found: Vec<Option<(String, DecodedItem)>> = items.iter().map(|_| None).collect();
    let (new_tail, old_tail) = (items.len() - tail, previous.len() - tail);
    let matched = (0..head)
        .map(|at| (at, at))
        .chain((0..tail).map(|at| (new_tail + at, old_tail + at)));
    for (new, old) in matched {
        let (line, text, known) = &mut previous[old];
        let mut item = std::mem::take(known);
        let by = items[new].0 as isize - *line as isize;
        if by == 0 || item.moved_in_place(by) {
            found[new] = Some((std::mem::take(text), item));
        }
    }
    found
}

impl DecodedItem {
    /// Moves the item's lines by `by`, unless one of its Secrets is still shared (a model made
    /// from it is alive): it is then decoded again. A copy would need the model's `Clone`, 4.7 KB
    /// of the app's first load; the app drops its last report before it inspects again.
    fn moved_in_place(&mut self, by: isize) -> bool {
        if !self.secrets.iter_mut().all(|secret| Arc::get_mut(secret).is_some()) {
            return false;
        }
        for secret in self.secrets.iter_mut().filter_map(Arc::get_mut) {
            secret.move_lines(by);
        }
        self.unrelated_secrets.move_lines(by);
        self.foreign_objects.move_lines(by);
        true
    }
}

/// Decodes `items` in order, those the cache `previous` holds taken from it; in the browser
/// one after the other.
#[cfg(target_arch = "wasm32")]
fn decode_items(items: Vec<(usize, &str)>, previous: &mut Decoded, evidence: &Evidence) -> Option<Decoded> {
    let known = take_known(&items, previous);
    items
        .into_iter()
        .zip(known)
        .map(|((line, item), known)| {
            Some(match known {
                Some((text, known)) => (line, text, known),
                None => (line, item.to_string(), decode_item(&dedented(item), line, evidence)?),
            })
        })
        .collect()
}

/// Decodes `items` in order, those the cache `previous` holds taken from it; natively the others
/// on every core (at most eight) when there are many: a dump of a thousand Secrets is parsed in
/// about half the time on two cores.
#[cfg(not(target_arch = "wasm32"))]
fn decode_items(items: Vec<(usize, &str)>, previous: &mut Decoded, evidence: &Evidence) -> Option<Decoded> {
    let mut known = take_known(&items, previous);
    let missing: Vec<&(usize, &str)> = items
        .iter()
        .zip(&known)
        .filter(|(_, known)| known.is_none())
        .map(|(item, _)| item)
        .collect();
    let decode_all = |chunk: &[&(usize, &str)]| -> Option<Vec<DecodedItem>> {
        chunk
            .iter()
            .map(|(line, item)| decode_item(&dedented(item), *line, evidence))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |count| count.get().min(8));
    let fresh = if threads < 2 || missing.len() < 64 {
        decode_all(&missing)?
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = missing
                .chunks(missing.len().div_ceil(threads))
                .map(|chunk| scope.spawn(move || decode_all(chunk)))
                .collect();
            let mut decoded = Vec::with_capacity(missing.len());
            for worker in workers {
                decoded.extend(worker.join().ok()??);
            }
            Some(decoded)
        })?
    };
    let mut fresh = fresh.into_iter();
    items
        .into_iter()
        .zip(known.iter_mut())
        .map(|((line, item), known)| match known.take() {
            Some((text, known)) => Some((line, text, known)),
            None => Some((line, item.to_string(), fresh.next()?)),
        })
        .collect()
}

/// The first line that is not blank or a comment: where a finding about the whole object points.
fn first_content_line(text: &str, first_line: usize) -> usize {
    text.lines()
        .position(|line| {
            let trimmed = line.trim();
            !trimmed.is_empty() && !trimmed.starts_with('#')
        })
        .map_or(first_line, |index| first_line + index)
}

/// Where an object stands in the input, which decides how it is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement<'t> {
    /// The only document (its text): a Secret is inspected whatever it looks like.
    Alone(&'t str),
    /// One of several documents (its text): only Secrets that look like remote secrets are
    /// inspected.
    AmongDocuments(&'t str),
    /// An item of a `kind: List`: the same, and a kubeconfig there is not a bare one.
    ListItem,
}

fn decode_list(list: &Value, locator: &Locator, first_line: usize, evidence: &Evidence, model: &mut Model) {
    let items = match list.get("items").and_then(Value::as_sequence) {
        Some(items) => items,
        None => return,
    };
    // One locator per item, found in one pass, so that lookups inside an item do not walk the
    // list from its start (which made a 600-Secret dump quadratic).
    let item_locators = locator.items(&[Step::Key("items")]);
    let by_item = item_locators.len() == items.len();
    if items.len() > MAX_DOCUMENTS {
        let line = item_locators
            .get(MAX_DOCUMENTS)
            .map_or(first_line, |item| item.first_line());
        model.limits.push(Located {
            value: Limit::ListItems {
                count: items.len(),
                max: MAX_DOCUMENTS,
            },
            line,
        });
    }
    for (index, item) in items.iter().enumerate().take(MAX_DOCUMENTS) {
        if by_item {
            let item_locator = &item_locators[index];
            let line = item_locator.first_line();
            decode_object(item, item_locator, &[], line, Placement::ListItem, evidence, model);
        } else {
            // Not block style (`-o json`): paths from the document's top, lines as near as found.
            let path = [Step::Key("items"), Step::Item(index)];
            let line = locator.find(&path).unwrap_or(first_line);
            decode_object(item, locator, &path, line, Placement::ListItem, evidence, model);
        }
    }
}

/// Decodes one object. `prefix` is the locator path to the object inside `locator`'s text.
fn decode_object(
    value: &Value,
    locator: &Locator,
    prefix: &[Step],
    line: usize,
    placement: Placement,
    evidence: &Evidence,
    model: &mut Model,
) {
    let api_version = yaml::get_str(value, "apiVersion").map(str::to_string);
    let kind = yaml::get_str(value, "kind").map(str::to_string);
    let in_list = placement == Placement::ListItem;
    let document_text = match placement {
        Placement::Alone(text) | Placement::AmongDocuments(text) => text,
        Placement::ListItem => "",
    };
    match kind.as_deref() {
        Some("Secret") if api_version.as_deref().is_none_or(|v| v == "v1") => {
            let alone = matches!(placement, Placement::Alone(_));
            let secret = decode_secret(value, locator, prefix, line, in_list, !alone, evidence);
            let relevant = alone || is_remote_secret(&secret);
            if relevant {
                model.secrets.push(Arc::new(secret));
            } else {
                model.unrelated_secrets.push(UnrelatedSecret {
                    line,
                    name: secret.name.map(|name| name.value),
                    namespace: secret.namespace.map(|namespace| namespace.value),
                    secret_type: secret.secret_type,
                });
            }
        }
        Some("Config") if !in_list => {
            model
                .secrets
                .push(Arc::new(bare_kubeconfig_secret(document_text, value, line, evidence)));
        }
        _ => model.foreign_objects.push(ForeignObject {
            line,
            api_version,
            kind,
            name: value
                .get("metadata")
                .and_then(|metadata| yaml::get_str(metadata, "name"))
                .map(str::to_string),
        }),
    }
}

/// In a list (docs/checks.md, `not-a-secret`), a Secret is a remote secret when it has the label, the istioctl name,
/// or a kubeconfig value (as decoding the entries found).
fn is_remote_secret(secret: &Secret) -> bool {
    marked_remote(
        secret.multicluster_label.is_some(),
        secret.name.as_ref().map(|name| name.value.as_str()),
    ) || secret.entries.iter().any(|entry| entry.looks_like_kubeconfig)
}

/// Whether a Secret's metadata alone makes it a remote secret: the label, or the istioctl name.
fn marked_remote(labelled: bool, name: Option<&str>) -> bool {
    labelled || name.is_some_and(|name| name.starts_with("istio-remote-secret-") || name == "istio-kubeconfig")
}

/// The line of `steps` below `prefix`, or `fallback`.
fn find_below(locator: &Locator, prefix: &[Step], steps: &[Step], fallback: usize) -> usize {
    let mut full: Vec<Step> = prefix.to_vec();
    full.extend_from_slice(steps);
    locator.find(&full).unwrap_or(fallback)
}

fn decode_secret(
    value: &Value,
    locator: &Locator,
    prefix: &[Step],
    line: usize,
    in_list: bool,
    relevance_from_entries: bool,
    evidence: &Evidence,
) -> Secret {
    let find = |steps: &[Step]| find_below(locator, prefix, steps, line);
    let metadata = value.get("metadata");
    let meta_str = |key: &str| metadata.and_then(|m| yaml::get_str(m, key)).map(str::to_string);
    let string_map = |key: &str| -> BTreeMap<String, String> {
        metadata
            .and_then(|m| m.get(key))
            .and_then(Value::as_mapping)
            .map(|map| {
                map.iter()
                    .filter_map(|(k, v)| Some((yaml::scalar_text(k)?, yaml::scalar_text(v)?)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let labels = string_map("labels");
    let annotations = string_map("annotations");
    let metadata_line = find(&[Step::Key("metadata")]);

    let mut legacy_markers = Vec::new();
    if metadata.is_some_and(|m| matches!(m.get("creationTimestamp"), Some(Value::Null))) {
        legacy_markers.push(Located {
            value: "creationTimestamp: null".to_string(),
            line: find(&[Step::Key("metadata"), Step::Key("creationTimestamp")]),
        });
    }
    if annotations.contains_key("istio.io/clusterContext") {
        legacy_markers.push(Located {
            value: "istio.io/clusterContext".to_string(),
            line: find(&[
                Step::Key("metadata"),
                Step::Key("annotations"),
                Step::Key("istio.io/clusterContext"),
            ]),
        });
    }

    // Among other objects, a Secret neither labelled nor named as a remote secret is one only if
    // a value looks like a kubeconfig: values that cannot be one are not parsed as YAML (it would
    // be dropped as unrelated). Should one look like a kubeconfig, every value is decoded again.
    let name = meta_str("name");
    let probe = relevance_from_entries && !marked_remote(labels.contains_key("istio/multiCluster"), name.as_deref());
    let decode_entries = |probe: bool| {
        let mut entries = Vec::new();
        let mut skipped_entries = 0;
        let mut data_line = None;
        for (field, encoding) in [("data", Encoding::Data), ("stringData", Encoding::StringData)] {
            let Some(map) = value.get(field).and_then(Value::as_mapping) else {
                continue;
            };
            data_line.get_or_insert(find(&[Step::Key(field)]));
            for (key, entry_value) in map {
                if entries.len() >= MAX_ENTRIES {
                    skipped_entries += 1;
                    continue;
                }
                let Some(cluster_id) = yaml::scalar_text(key) else {
                    continue;
                };
                let key_line = find(&[Step::Key(field), Step::Key(&cluster_id)]);
                let text = yaml::scalar_text(entry_value).unwrap_or_default();
                entries.push(decode_entry(
                    cluster_id, key_line, encoding, &text, locator, probe, evidence,
                ));
            }
        }
        (entries, skipped_entries, data_line)
    };
    let mut decoded = decode_entries(probe);
    if probe && decoded.0.iter().any(|entry| entry.looks_like_kubeconfig) {
        decoded = decode_entries(false);
    }
    let (entries, skipped_entries, data_line) = decoded;

    Secret {
        origin: if in_list {
            SecretOrigin::ListItem
        } else {
            SecretOrigin::Document
        },
        line,
        api_version: yaml::get_str(value, "apiVersion").map(str::to_string),
        name: name.map(|name| Located {
            value: name,
            line: find(&[Step::Key("metadata"), Step::Key("name")]),
        }),
        namespace: meta_str("namespace").map(|namespace| Located {
            value: namespace,
            line: find(&[Step::Key("metadata"), Step::Key("namespace")]),
        }),
        multicluster_label: labels.get("istio/multiCluster").map(|label| Located {
            value: label.clone(),
            line: find(&[
                Step::Key("metadata"),
                Step::Key("labels"),
                Step::Key("istio/multiCluster"),
            ]),
        }),
        cluster_annotation: annotations
            .get("networking.istio.io/cluster")
            .map(|annotation| Located {
                value: annotation.clone(),
                line: find(&[
                    Step::Key("metadata"),
                    Step::Key("annotations"),
                    Step::Key("networking.istio.io/cluster"),
                ]),
            }),
        metadata_line,
        labels,
        annotations,
        secret_type: yaml::get_str(value, "type").map(str::to_string),
        legacy_markers,
        data_line: data_line.unwrap_or(line),
        entries,
        skipped_entries,
    }
}

/// Decodes one data key. For a `stringData` block scalar, the kubeconfig's own lines are mapped
/// back onto the input (verified line by line; otherwise everything points at the key).
fn decode_entry(
    cluster_id: String,
    key_line: usize,
    encoding: Encoding,
    raw: &str,
    locator: &Locator,
    probe: bool,
    evidence: &Evidence,
) -> ClusterEntry {
    let text = match encoding {
        Encoding::Data => match certificate::decode_base64(raw) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(problem) => {
                return ClusterEntry {
                    cluster_id,
                    line: key_line,
                    encoding,
                    value: EntryValue::InvalidBase64 {
                        problem,
                        offset: certificate::go_base64_error_offset(raw.trim()),
                    },
                    kubeconfig: None,
                    kubeconfig_error: None,
                    looks_like_kubeconfig: false,
                }
            }
        },
        _ => raw.to_string(),
    };
    if probe && !kubeconfig::may_look_like_kubeconfig(&text) {
        return ClusterEntry {
            cluster_id,
            line: key_line,
            encoding,
            value: EntryValue::Text { bytes: text.len() },
            kubeconfig: None,
            kubeconfig_error: None,
            looks_like_kubeconfig: false,
        };
    }
    if text.trim().is_empty() {
        return ClusterEntry {
            cluster_id,
            line: key_line,
            encoding,
            value: EntryValue::Empty,
            kubeconfig: None,
            kubeconfig_error: None,
            looks_like_kubeconfig: false,
        };
    }
    let block_scalar = encoding == Encoding::StringData && locator.lines_match(key_line, &text);
    let to_outer = |inner: usize| if block_scalar { key_line + inner } else { key_line };
    let (kubeconfig, kubeconfig_error, looks_like_kubeconfig) = decode_kubeconfig(&text, None, &to_outer, evidence);
    ClusterEntry {
        cluster_id,
        line: key_line,
        encoding,
        value: EntryValue::Text { bytes: text.len() },
        kubeconfig,
        kubeconfig_error,
        looks_like_kubeconfig,
    }
}

/// Parses `text` (unless its `parsed` value is at hand) and decodes it as a kubeconfig: the
/// kubeconfig or why not, and whether the value looks like one.
fn decode_kubeconfig(
    text: &str,
    parsed: Option<&Value>,
    to_outer: &dyn Fn(usize) -> usize,
    evidence: &Evidence,
) -> (Option<Kubeconfig>, Option<Located<String>>, bool) {
    let value = match parsed {
        Some(value) => value.clone(),
        None => match kubeconfig::parse(text, to_outer) {
            Ok(value) => value,
            Err(error) => return (None, Some(error), false),
        },
    };
    let looks_like = kubeconfig::looks_like_kubeconfig(&value);
    match kubeconfig::decode_parsed(text, value, to_outer, evidence) {
        Ok(config) => (Some(config), None, looks_like),
        Err(error) => (None, Some(error), looks_like),
    }
}

/// A bare kubeconfig (its document already parsed as `value`), inspected as the value of a
/// remote secret would be, under the name of its current cluster.
fn bare_kubeconfig_secret(text: &str, value: &Value, line: usize, evidence: &Evidence) -> Secret {
    let first = line;
    let offset = first_content_line(text, 1);
    // The document's own lines map straight onto the input.
    let to_outer = |inner: usize| (first + inner).saturating_sub(offset);
    let (kubeconfig, kubeconfig_error, looks_like_kubeconfig) =
        decode_kubeconfig(text, Some(value), &to_outer, evidence);
    let cluster_id = match &kubeconfig {
        Some(config) => config
            .current_cluster()
            .map(|cluster| cluster.name.clone())
            .or_else(|| config.current_context.as_ref().map(|context| context.value.clone()))
            .unwrap_or_else(|| "(kubeconfig)".into()),
        None => String::new(),
    };
    Secret {
        origin: SecretOrigin::BareKubeconfig,
        line,
        api_version: None,
        name: None,
        namespace: None,
        labels: BTreeMap::new(),
        multicluster_label: None,
        metadata_line: line,
        annotations: BTreeMap::new(),
        cluster_annotation: None,
        secret_type: None,
        legacy_markers: Vec::new(),
        data_line: line,
        entries: vec![ClusterEntry {
            cluster_id,
            line,
            encoding: Encoding::Bare,
            value: EntryValue::Text { bytes: text.len() },
            kubeconfig,
            kubeconfig_error,
            looks_like_kubeconfig,
        }],
        skipped_entries: 0,
    }
}

/// Lines of PEM private-key blocks in the text as pasted. Keys inside base64 values are not
/// searched here: the kubeconfig decoder reports `client-key-data` itself.
fn private_key_lines(input: &str) -> Vec<usize> {
    // Most inputs hold none: one search, rather than two per line.
    if !input.contains("PRIVATE KEY-----") {
        return Vec::new();
    }
    input
        .lines()
        .enumerate()
        .filter(|(_, line)| crate::pem::begins_private_key(line))
        .map(|(index, _)| index + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{certificate_pem, CertificateSpec, RemoteSecretSpec, NOW};

    /// kubectl's `-o yaml` List of `items` (each an object's YAML).
    fn list_of(items: &[String]) -> String {
        let mut list = String::from("apiVersion: v1\nitems:\n");
        for item in items {
            for (index, line) in item
                .lines()
                .filter(|line| !line.starts_with('#') && *line != "---")
                .enumerate()
            {
                list.push_str(if index == 0 { "- " } else { "  " });
                list.push_str(line);
                list.push('\n');
            }
        }
        list.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
        list
    }

    fn items() -> Vec<String> {
        let spec = RemoteSecretSpec::healthy(NOW);
        vec![
            "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: web\ndata:\n  tls.crt: bm90IGEgY2VydA==\n".to_string(),
            spec.istioctl_yaml(),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: |\n    block\n\n    text\n".to_string(),
            spec.kubectl_yaml().replace("cluster2", "cluster3"),
        ]
    }

    fn json(model: &Model) -> String {
        serde_json::to_string(model).expect("a model serializes")
    }

    #[test]
    fn a_kubectl_list_read_item_by_item_is_the_list_read_whole() {
        let list = list_of(&items());
        assert!(block_list_items(&list, 1).is_some_and(|items| items.len() == 4));
        let by_item = decode(&list);
        assert_eq!(by_item.secrets.len(), 2);
        // A comment at the end keeps every line where it was and makes the list be read whole.
        let whole = decode(&format!("{list}# the end\n"));
        assert!(block_list_items(&format!("{list}# the end\n"), 1).is_none());
        assert_eq!(json(&by_item), json(&whole));
    }

    #[test]
    fn a_long_list_decoded_on_several_cores_keeps_its_order() {
        let many: Vec<String> = (0..25)
            .flat_map(|n| {
                items()
                    .into_iter()
                    .map(move |item| item.replace("cluster3", &format!("cluster{}", n + 3)))
            })
            .collect();
        let list = list_of(&many);
        let by_item = decode(&list);
        assert_eq!(by_item.secrets.len(), 50);
        assert_eq!(json(&by_item), json(&decode(&format!("{list}# the end\n"))));
    }

    #[test]
    fn an_item_that_does_not_parse_alone_sends_the_list_to_be_read_whole() {
        let mut items = items();
        items[2] = "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [unclosed\n".to_string();
        let list = list_of(&items);
        assert_eq!(json(&decode(&list)), json(&decode(&format!("{list}# the end\n"))));
        assert!(!decode(&list).syntax_errors.is_empty());
    }

    #[test]
    fn an_unmarked_secret_in_a_list_is_a_remote_secret_by_a_kubeconfig_value_decoded_whole() {
        let remote = RemoteSecretSpec::healthy(NOW)
            .kubectl_yaml()
            .replace("  labels:\n    istio/multiCluster: \"true\"\n", "")
            .replace("name: istio-remote-secret-cluster2", "name: custom")
            .replace("data:\n", "data:\n  aa-note: bm90IGEga3ViZWNvbmZpZw==\n");
        let tls = format!(
            "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: web\ndata:\n  tls.crt: {}\n",
            crate::fixtures::base64(&certificate_pem(&CertificateSpec::cluster_ca(NOW)))
        );
        let model = decode(&list_of(&[tls, remote]));
        assert_eq!(model.unrelated_secrets.len(), 1);
        assert_eq!(model.unrelated_secrets[0].name.as_deref(), Some("web"));
        let [secret] = &model.secrets[..] else {
            panic!("one remote secret")
        };
        // The value that is not a kubeconfig was decoded whole too, as in any remote secret.
        let note = &secret.entries[0];
        assert_eq!(note.cluster_id, "aa-note");
        assert!(note.kubeconfig_error.is_some() && !note.looks_like_kubeconfig);
        assert!(secret.entries[1].kubeconfig.is_some() && secret.entries[1].looks_like_kubeconfig);
    }

    #[test]
    fn items_typed_in_are_decoded_again_and_the_others_kept() {
        let evidence = Evidence::none();
        let list = list_of(&items());
        let first = decode_with(&list, &evidence);
        let kept = |evidence: &Evidence| evidence.items.lock().map(|items| items.len()).unwrap_or(0);
        assert_eq!(kept(&evidence), 4);
        // One character changed in one item: the same model but for that item.
        let edited = list.replacen("name: settings", "name: settingz", 1);
        let again = decode_with(&edited, &evidence);
        assert_eq!(kept(&evidence), 4);
        assert_eq!(json(&again), json(&decode(&edited)));
        assert_eq!(first.secrets.len(), again.secrets.len());
    }

    thread_local! {
        /// How many list items this thread decoded rather than took from a cache.
        pub(super) static DECODED_ITEMS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn items_moved_by_lines_typed_above_them_keep_their_model_at_their_new_lines() {
        let filler = |extra: usize| {
            let mut item = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n");
            for line in 0..extra {
                item.push_str(&format!("  line{line}: text\n"));
            }
            item
        };
        // Every line a model holds, in one Secret: what the samples below leave out.
        let everything = "apiVersion: v1
kind: Secret
metadata:
  name: istio-remote-secret-everything
  namespace: istio-system
  creationTimestamp: null
  labels:
    istio/multiCluster: \"true\"
  annotations:
    networking.istio.io/cluster: everything
    istio.io/clusterContext: old
stringData:
  broken: not a kubeconfig
  everything: |
    apiVersion: v1
    kind: Config
    preferences: {}
    clusters:
    - name: everything
      cluster:
        server: https://10.0.0.1:6443
        certificate-authority: /ca.crt
        tls-server-name: api
        proxy-url: http://proxy:3128
        insecure-skip-tls-verify: true
        colour: blue
    contexts:
    - name: everything
      context: {cluster: everything, user: everything, namespace: istio-system}
    current-context: everything
    users:
    - name: everything
      user:
        token: abc
        tokenFile: /token
        username: admin
        password: secret
        client-certificate: /client.crt
        client-key: /client.key
        client-key-data: bm90IGEga2V5
        client-certificate-data: bm90IGEgY2VydA==
        as: admin
        as-groups: [admins]
        auth-provider: {name: oidc, config: {id-token: x}}
        exec:
          apiVersion: client.authentication.k8s.io/v1
          command: aws
          interactiveMode: Never
          env: [{value: x}]
"
        .to_string();
        let mut samples = vec![crate::fixtures::healthy(), everything];
        samples.extend(
            crate::generate::samples::FAULTS
                .iter()
                .map(|fault| crate::generate::samples::sample(NOW, &[fault])),
        );
        let mut kept = 0;
        for sample in samples {
            let evidence = Evidence::none();
            let [tls, _, config_map, _] = <[String; 4]>::try_from(items()).expect("four items");
            let list = |extra| list_of(&[filler(extra), sample.clone(), tls.clone(), config_map.clone()]);
            decode_with(&list(2), &evidence);
            // A sample whose YAML does not parse alone sends the list to be read whole, uncached.
            let cached = evidence.items.lock().is_ok_and(|items| !items.is_empty());
            // Lines typed above the sample, then lines taken away: only the filler is decoded again.
            for extra in [5, 1] {
                let moved = list(extra);
                let before = DECODED_ITEMS.with(std::cell::Cell::get);
                let again = decode_with(&moved, &evidence);
                if cached {
                    assert_eq!(DECODED_ITEMS.with(std::cell::Cell::get) - before, 1, "{sample}");
                    kept += 1;
                }
                assert_eq!(json(&again), json(&decode(&moved)), "{sample}");
            }
        }
        assert!(kept >= 2 * 20, "{kept}");
        // While a model made from the cache is alive, a moved item with a Secret is decoded again.
        let evidence = Evidence::none();
        let list = |extra| list_of(&[filler(extra), crate::fixtures::healthy()]);
        let alive = decode_with(&list(2), &evidence);
        let before = DECODED_ITEMS.with(std::cell::Cell::get);
        let moved = decode_with(&list(4), &evidence);
        assert_eq!(DECODED_ITEMS.with(std::cell::Cell::get) - before, 2);
        assert_eq!(json(&moved), json(&decode(&list(4))));
        drop(alive);
    }

    #[test]
    fn other_shapes_are_read_whole() {
        for shape in [
            "apiVersion: v1\nitems:\n  - kind: Secret\nkind: List\n",
            "apiVersion: v1\nitems: []\nkind: List\n",
            "apiVersion: v1\nitems:\n- kind: Secret\nkind: SecretList\n",
            "items:\n- kind: Secret\n\tname: x\nkind: List\n",
        ] {
            assert!(block_list_items(shape, 1).is_none(), "{shape}");
        }
    }
}
