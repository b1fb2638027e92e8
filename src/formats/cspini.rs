//! The Web Gateway's `CSP.ini`: `[SYSTEM]` management settings and one
//! section per server access profile.

use super::cpf::{raw_setting, read_ini_structure};
use super::document::Document;
use crate::model::edit::{InsertHandle, Syntax};
use crate::model::secrets::SecretForm;
use crate::model::*;
use crate::syntax::cpf::{IniFile, IniSection, IniSetting};

/// Sections that are not server profiles.
const NOT_SERVERS: &[&str] = &["SYSTEM", "SYSTEM_INDEX", "APP_PATH_INDEX", "LOCAL_CACHE", "SERVER_POOL"];

pub fn read(doc: &mut Document, file: IniFile) {
    read_facts(doc, &file);
    read_ini_structure(doc, file);
}

fn read_facts(doc: &mut Document, file: &IniFile) {
    for section in &file.sections {
        let name = section.name.as_str();
        if section.is("SYSTEM") {
            let password = read_password(
                doc,
                section,
                SecretKind::GatewayManagerPassword,
                "the Web Gateway management pages".into(),
            );
            doc.facts.gateway_system = Some(GatewaySystem {
                anchor: section.header,
                system_manager: section.setting("System_Manager").map(|s| raw_setting(s).string()),
                username: section.setting("Username").map(|s| raw_setting(s).string()),
                password,
            });
        } else if !NOT_SERVERS.iter().any(|n| n.eq_ignore_ascii_case(name))
            && !name.to_ascii_uppercase().starts_with("APP_PATH")
        {
            let password =
                read_password(doc, section, SecretKind::GatewayServerPassword, format!("Web Gateway server {name}"));
            let get = |k: &str| section.setting(k).map(raw_setting);
            doc.facts.gateway_servers.push(GatewayServer {
                head: Head {
                    name: name.to_string(),
                    name_range: section.name_range,
                    origin: Origin::Create,
                    anchor: section.header,
                    insert: Some(InsertHandle {
                        syntax: Syntax::IniLine,
                        at: section.end_of_content(),
                        newline: doc.newline,
                    }),
                },
                address: get("Ip_Address").map(|r| r.string()),
                port: get("TCP_Port").map(|r| r.string()),
                security_level: get("Connection_Security_Level").map(|r| r.map(|t| t.parse().ok())),
                username: get("Username").map(|r| r.string()),
                password,
                tls_configured: section.settings.iter().any(is_tls_setting),
            });
        }
    }
}

fn is_tls_setting(s: &IniSetting) -> bool {
    let key = s.key.to_ascii_uppercase();
    !s.value.is_empty()
        && (key == "SSLCC_CERTIFICATE_FILE" || key == "SSLCC_CA_CERTIFICATE_FILE" || key == "SSLCC_CONFIG_NAME")
}

fn read_password(doc: &mut Document, section: &IniSection, kind: SecretKind, owner: String) -> Option<usize> {
    let setting = section.setting("Password")?;
    if setting.value.is_empty() {
        return None;
    }
    let value = &setting.value;
    let form = if value.starts_with("]]]") {
        SecretForm::GatewayEncoded(value.clone())
    } else if crate::model::secrets::is_gateway_hash(value) {
        SecretForm::GatewayHash(value.clone())
    } else if looks_encrypted(value) || super::values::has_placeholder(value) {
        // `${NAME}` names where the password comes from: no secret is written here.
        SecretForm::Unknown
    } else {
        SecretForm::Plaintext(value.clone())
    };
    doc.facts.secrets.push(Secret {
        kind,
        owner,
        form,
        value: raw_setting(setting).string(),
        username: section.setting("Username").map(|s| s.value.clone()),
    });
    Some(doc.facts.secrets.len() - 1)
}

/// The Gateway stores passwords it encrypts itself as long base64-like text;
/// such a value is not a readable secret.
fn looks_encrypted(value: &str) -> bool {
    value.len() >= 24 && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
}
