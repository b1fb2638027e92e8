//! Environment variables that set an IRIS password in containers: the
//! embedded-Python login (`IRISPASSWORD`, InterSystems' container docs), the
//! community images' `IRIS_PASSWORD`, the installer's `ISC_PACKAGE_IRISPWD`
//! and `ISC_DEFAULT_PASSWORD`, as public templates set them.

use crate::formats::document::Document;
use crate::model::secrets::SecretForm;
use crate::model::{Secret, SecretKind, Value, Wire, WireKind};
use crate::syntax::text::TextRange;

const NAMES: [&str; 5] = ["IRISPASSWORD", "IRIS_PASSWORD", "ISC_PACKAGE_IRISPWD", "ISC_DEFAULT_PASSWORD", "IRIS_PWD"];

pub fn is_iris_password(name: &str) -> bool {
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// `NAME=value` as a container file writes it; `value` is unquoted already.
pub fn read_assignment(doc: &mut Document, name: &str, value: &str, value_range: TextRange, entry: TextRange) {
    // InterSystems' container images apply the merge file this names at start.
    if name.eq_ignore_ascii_case("ISC_CPF_MERGE_FILE") && !value.is_empty() && !value.contains('$') {
        doc.facts.wiring.push(Wire { kind: WireKind::MergeFile, target: value.to_string(), range: value_range });
    }
    // The unattended installation's security level (`Minimal`, `Normal`, `Locked Down`).
    // The value as written: no edit handle (nothing here is fixed in place).
    let literal = || Value {
        text: value.to_string(),
        parsed: Some(value.to_string()),
        range: value_range,
        entry,
        handle: None,
        defined_at: None,
    };
    if name.eq_ignore_ascii_case("ISC_PACKAGE_INITIAL_SECURITY") && !value.contains('$') {
        let setting = crate::model::Setting { section: "Environment".into(), key: name.to_string(), value: literal() };
        doc.facts.settings.push(setting);
    }
    if !is_iris_password(name) || value.is_empty() {
        return;
    }
    // `${IRIS_PASSWORD}`, `$PW`: supplied when the container starts.
    let form = if value.contains('$') { SecretForm::Unknown } else { SecretForm::Plaintext(value.to_string()) };
    doc.facts.secrets.push(Secret {
        kind: SecretKind::ContainerVariable,
        owner: format!("the {name} variable"),
        form,
        value: literal(),
        username: None,
    });
}

/// Strips one pair of matching quotes; returns the inner text and its offset.
pub fn unquote(text: &str) -> (&str, usize) {
    let t = text.trim();
    let lead = text.len() - text.trim_start().len();
    for q in ['"', '\''] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return (&t[1..t.len() - 1], lead + 1);
        }
    }
    (t, lead)
}
