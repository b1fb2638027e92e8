//! Secrets: recognising well-known default passwords in every form a file can
//! hold them, and masking them in everything irislint prints.

use base64::Engine;
use hmac::Hmac;
use sha2::{Sha256, Sha512};

/// Passwords that are defaults or among the first an attacker tries.
pub const DEFAULT_PASSWORDS: &[&str] = &[
    "SYS",
    "IRIS",
    "password",
    "demo",
    "admin",
    "changeme",
    "test",
    "123456",
    "Password",
    "Admin",
    "Demo",
    "Test",
    "ChangeMe",
    "iris",
    "sys",
    "Sys",
    "Iris",
    "PASSWORD",
    "ADMIN",
    "DEMO",
    "TEST",
    "CHANGEME",
    "password1",
    "Password1",
    "12345678",
    "123",
    "guest",
    "root",
    "SuperUser",
    "_SYSTEM",
    "CSPSystem",
];

/// How a secret is written in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretForm {
    /// The password itself.
    Plaintext(String),
    /// The Web Gateway's `]]]`+base64 obfuscation.
    GatewayEncoded(String),
    /// `hash,salt[,iterations,algorithm]` as `PasswordHash` takes it.
    Hash(String),
    /// A value the file cannot tell (`${Var}` unresolved, `#{expr}`, a DPAPI blob).
    Unknown,
}

/// Whether `candidate` is on the default list (or the user's extra list). `SYS` matches in any case.
pub fn is_default_password(candidate: &str, extra: &[String]) -> bool {
    if candidate.is_empty() {
        return false;
    }
    DEFAULT_PASSWORDS.contains(&candidate)
        || candidate.eq_ignore_ascii_case("sys")
        || extra.iter().any(|e| e == candidate)
}

/// The plaintext behind a secret's form, when it is one of the defaults.
pub fn default_behind(form: &SecretForm, extra: &[String]) -> Option<String> {
    match form {
        SecretForm::Plaintext(p) => is_default_password(p, extra).then(|| p.clone()),
        SecretForm::GatewayEncoded(raw) => decode_gateway(raw).filter(|p| is_default_password(p, extra)),
        SecretForm::Hash(raw) => cached_hash_check(raw, extra),
        SecretForm::Unknown => None,
    }
}

/// Verifying a hash costs thousands of HMAC rounds per candidate; the answer
/// for a given hash and candidate list never changes, so it is computed once
/// per process (the language server re-checks a file on every keystroke).
fn cached_hash_check(raw: &str, extra: &[String]) -> Option<String> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Cache = Mutex<HashMap<(String, Vec<String>), Option<String>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (raw.to_string(), extra.to_vec());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    let mut tried = std::collections::HashSet::new();
    let found = DEFAULT_PASSWORDS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .find(|candidate| tried.insert(*candidate) && verify_hash(raw, candidate) == Some(true))
        .map(str::to_string);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() > 4096 {
        cache.clear();
    }
    cache.insert(key, found.clone());
    found
}

/// Decodes `]]]`+base64; `None` when the text is not in that form.
pub fn decode_gateway(raw: &str) -> Option<String> {
    let b64 = raw.trim().strip_prefix("]]]")?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    String::from_utf8(bytes).ok()
}

/// Checks a password against a `PasswordHash` value. Two forms exist:
/// `hash,salt,iterations,algorithm` (PBKDF2-HMAC with a hex salt) and the
/// older `hash,salt` (PBKDF2-HMAC-SHA1, 1024 iterations, the salt's text as
/// bytes). `None` when the value is in neither form.
pub fn verify_hash(raw: &str, password: &str) -> Option<bool> {
    let parts: Vec<&str> = raw.trim().trim_matches('"').split(',').map(str::trim).collect();
    let expected = hex_decode(parts.first()?)?;
    if expected.is_empty() || expected.len() > 128 {
        return None;
    }
    let mut out = vec![0u8; expected.len()];
    match parts.as_slice() {
        [_, salt] => {
            pbkdf2::pbkdf2::<Hmac<sha1::Sha1>>(password.as_bytes(), salt.as_bytes(), 1024, &mut out).ok()?;
        }
        [_, salt, iterations, algorithm] => {
            let salt = hex_decode(salt)?;
            let iterations: u32 = iterations.parse().ok().filter(|n| (1..=1_000_000).contains(n))?;
            match algorithm.to_ascii_uppercase().as_str() {
                "SHA512" => pbkdf2::pbkdf2::<Hmac<Sha512>>(password.as_bytes(), &salt, iterations, &mut out).ok()?,
                "SHA256" => pbkdf2::pbkdf2::<Hmac<Sha256>>(password.as_bytes(), &salt, iterations, &mut out).ok()?,
                "SHA1" => pbkdf2::pbkdf2::<Hmac<sha1::Sha1>>(password.as_bytes(), &salt, iterations, &mut out).ok()?,
                _ => return None,
            }
        }
        _ => return None,
    }
    Some(out == expected)
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || text.is_empty() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// What irislint prints instead of a secret: the same four characters
/// whatever its length, so that the mask tells nothing about it.
pub fn mask(secret: &str) -> String {
    if secret.is_empty() {
        String::new()
    } else {
        "****".to_string()
    }
}

/// Whether a secret's value only says where the secret comes from: one
/// `${VAR}`, `#{expr}` or `{$var}` and nothing else. Such a value is shown.
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    let inner = v
        .strip_prefix("${")
        .or_else(|| v.strip_prefix("#{"))
        .or_else(|| v.strip_prefix("{$"))
        .and_then(|rest| rest.strip_suffix('}'));
    inner.is_some_and(|i| !i.is_empty() && !i.contains('}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYS_SHA512: &str = "a31d24aecc0bfe560a7e45bd913ad27c667dc25a75cbfd358c451bb595b6bd52bd25c82cafaa23ca1dd30b3b4947d12d3bb0ffb2a717df29912b743a281f97c1,0a4c463a2fa1e7542b61aa48800091ab688eb0a14bebf536638f411f5454c9343b9aa6402b4694f0a89b624407a5f43f0a38fc35216bb18aab7dc41ef9f056b1,10000,SHA512";

    #[test]
    fn verifies_both_hash_forms() {
        assert_eq!(verify_hash(SYS_SHA512, "SYS"), Some(true));
        assert_eq!(verify_hash(SYS_SHA512, "sys"), Some(false));
        assert_eq!(verify_hash("FBFE8593AEFA510C27FD184738D6E865A441DE98,u4ocm4qh", "SYS"), Some(true));
        assert_eq!(verify_hash("not a hash", "SYS"), None);
    }

    #[test]
    fn finds_defaults_in_every_form() {
        assert_eq!(default_behind(&SecretForm::GatewayEncoded("]]]U1lT".into()), &[]), Some("SYS".into()));
        assert_eq!(default_behind(&SecretForm::Plaintext("sys".into()), &[]), Some("sys".into()));
        assert_eq!(default_behind(&SecretForm::Hash(SYS_SHA512.into()), &[]), Some("SYS".into()));
        assert_eq!(default_behind(&SecretForm::Plaintext("s3cr3t!X".into()), &[]), None);
        assert_eq!(
            default_behind(&SecretForm::Plaintext("s3cr3t!X".into()), &["s3cr3t!X".into()]),
            Some("s3cr3t!X".into())
        );
    }
}
