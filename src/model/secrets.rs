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
    /// The Web Gateway's own one-way hash of its management password,
    /// `PBKDF2|SHA512|10000|…|…`: never readable, but checkable.
    GatewayHash(String),
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
        SecretForm::Hash(raw) => cached_hash_check(raw, extra, verify_hash),
        SecretForm::GatewayHash(raw) => cached_hash_check(raw, extra, verify_gateway_hash),
        SecretForm::Unknown => None,
    }
}

/// Verifying a hash costs thousands of HMAC rounds per candidate; the answer
/// for a given hash and candidate list never changes, so it is computed once
/// per process (the language server re-checks a file on every keystroke),
/// and a new hash has its candidates tried in parallel.
fn cached_hash_check(raw: &str, extra: &[String], verify: fn(&str, &str) -> Option<bool>) -> Option<String> {
    use rayon::prelude::*;
    // Keyed on the form too: one text can be read as either kind of hash.
    let key = (verify as usize, hash_key(raw), extra.to_vec());
    if let Some(hit) = HASH_CHECKS.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit;
    }
    let mut tried = std::collections::HashSet::new();
    let candidates: Vec<&str> = DEFAULT_PASSWORDS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .filter(|candidate| tried.insert(*candidate))
        .collect();
    // The first candidate in list order that verifies, as a sequential search finds it.
    let found = candidates.par_iter().find_first(|c| verify(raw, c) == Some(true)).map(|c| c.to_string());
    HASH_CHECKS.lock().unwrap_or_else(|e| e.into_inner()).insert(key, found.clone());
    found
}

/// A hash as its check reads it — hash, salt, iterations and algorithm —
/// so that spacing, quotes or the case of hex digits and of the algorithm's
/// name do not make one hash look like several.
fn hash_key(raw: &str) -> String {
    let raw = raw.trim();
    if is_gateway_hash(raw) {
        let parts: Vec<String> = raw
            .split('|')
            .map(str::trim)
            .enumerate()
            // Salt and key may be base64, where case matters: only the algorithm is folded.
            .map(|(i, p)| if i <= 1 { p.to_ascii_uppercase() } else { p.to_string() })
            .collect();
        return parts.join("|");
    }
    let parts: Vec<&str> = raw.trim_matches('"').split(',').map(str::trim).collect();
    match parts.as_slice() {
        // The older form's salt is text, used as it is written.
        [hash, salt] => format!("{},{salt}", hash.to_ascii_lowercase()),
        [hash, salt, iterations, algorithm] => format!(
            "{},{},{iterations},{}",
            hash.to_ascii_lowercase(),
            salt.to_ascii_lowercase(),
            algorithm.to_ascii_uppercase()
        ),
        _ => parts.join(","),
    }
}

type HashCheckKey = (usize, String, Vec<String>);

/// Answers of hash checks for the whole process, bounded: when the newer of
/// two generations is full it becomes the older one and the oldest answers
/// go, so a run with more distinct hashes than fit keeps the recent ones
/// rather than starting over.
static HASH_CHECKS: std::sync::Mutex<HashChecks> = std::sync::Mutex::new(HashChecks { newer: None, older: None });

struct HashChecks {
    newer: Option<std::collections::HashMap<HashCheckKey, Option<String>>>,
    older: Option<std::collections::HashMap<HashCheckKey, Option<String>>>,
}

/// Distinct hashes per generation: a server's workspace rarely holds more.
const HASH_CHECKS_PER_GENERATION: usize = 4096;

impl HashChecks {
    fn get(&mut self, key: &HashCheckKey) -> Option<Option<String>> {
        if let Some(hit) = self.newer.as_ref().and_then(|m| m.get(key)) {
            return Some(hit.clone());
        }
        // Still in use: back among the newer answers.
        let hit = self.older.as_mut().and_then(|m| m.remove(key))?;
        self.insert(key.clone(), hit.clone());
        Some(hit)
    }

    fn insert(&mut self, key: HashCheckKey, found: Option<String>) {
        let newer = self.newer.get_or_insert_with(Default::default);
        if newer.len() >= HASH_CHECKS_PER_GENERATION {
            self.older = self.newer.take();
        }
        self.newer.get_or_insert_with(Default::default).insert(key, found);
    }
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

/// Whether a Web Gateway `Password=` value is in its hashed form
/// (`PBKDF2|<algorithm>|<iterations>|…`).
pub fn is_gateway_hash(value: &str) -> bool {
    let v = value.trim();
    v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("PBKDF2|")) && v.matches('|').count() >= 4
}

/// Checks a password against the Web Gateway's hashed form
/// `PBKDF2|<algorithm>|<iterations>|<a>|<b>`, where one of `a`, `b` is the
/// salt and the other the derived key, each in hex or base64. The published
/// documentation does not spell out which is which, so each reading is
/// tried: a wrong reading cannot verify by chance, so a match is a match.
/// `None` when the value is not in that form.
pub fn verify_gateway_hash(raw: &str, password: &str) -> Option<bool> {
    if !is_gateway_hash(raw) {
        return None;
    }
    let parts: Vec<&str> = raw.trim().split('|').map(str::trim).collect();
    let [_, algorithm, iterations, a, b] = parts.as_slice() else { return None };
    let iterations: u32 = iterations.parse().ok().filter(|n| (1..=1_000_000).contains(n))?;
    // Hex when every character is a hex digit, else base64.
    let decode = |t: &str| -> Vec<Vec<u8>> {
        let bytes = match hex_decode(t) {
            Some(h) => Some(h),
            None => base64::engine::general_purpose::STANDARD.decode(t).ok(),
        };
        bytes.into_iter().collect()
    };
    let (a, b) = (decode(a), decode(b));
    let mut readable = false;
    for (salts, keys) in [(&a, &b), (&b, &a)] {
        for salt in salts {
            for key in keys.iter().filter(|k| !k.is_empty() && k.len() <= 128) {
                let mut out = vec![0u8; key.len()];
                let derived = match algorithm.to_ascii_uppercase().as_str() {
                    "SHA512" => pbkdf2::pbkdf2::<Hmac<Sha512>>(password.as_bytes(), salt, iterations, &mut out),
                    "SHA256" => pbkdf2::pbkdf2::<Hmac<Sha256>>(password.as_bytes(), salt, iterations, &mut out),
                    "SHA1" => pbkdf2::pbkdf2::<Hmac<sha1::Sha1>>(password.as_bytes(), salt, iterations, &mut out),
                    _ => return None,
                };
                if derived.is_err() {
                    continue;
                }
                readable = true;
                if out == *key {
                    return Some(true);
                }
            }
        }
    }
    readable.then_some(false)
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

    /// `SYS` hashed as the Web Gateway stores its management password (salt and key in hex).
    const SYS_GATEWAY: &str = "PBKDF2|SHA512|10000|5f1c2a3b4d5e6f708192a3b4c5d6e7f8|6cefc09ae46dc9a0523766b9f061314d16484e55f729d3e8f57490cd1d78191a3ded230d0d08ac721acee9e4ce28c5a132fde43f30f434d793b77f16be44edd6";

    #[test]
    fn verifies_the_gateway_hash_in_hex_and_base64() {
        assert_eq!(verify_gateway_hash(SYS_GATEWAY, "SYS"), Some(true));
        assert_eq!(verify_gateway_hash(SYS_GATEWAY, "sys"), Some(false));
        let b64 = "PBKDF2|SHA512|10000|XxwqO01eb3CBkqO0xdbn+A==|bO/AmuRtyaBSN2a58GExTRZITlX3KdPo9XSQzR14GRo97SMNDQischrO6eTOKMWhMv3kPzD0NNeTt38WvkTt1g==";
        assert_eq!(verify_gateway_hash(b64, "SYS"), Some(true));
        assert_eq!(default_behind(&SecretForm::GatewayHash(SYS_GATEWAY.into()), &[]), Some("SYS".into()));
        assert_eq!(verify_gateway_hash("PBKDF2|MD5|10000|00|00", "SYS"), None);
        assert_eq!(verify_gateway_hash("]]]U1lT", "SYS"), None);
    }

    #[test]
    fn one_hash_written_differently_is_one_check() {
        let spaced = format!(" \"{}\" ", SYS_SHA512.replace(',', " , ").replace("SHA512", "sha512"));
        assert_eq!(hash_key(&spaced), hash_key(SYS_SHA512));
        assert_eq!(hash_key(&SYS_SHA512.to_uppercase()), hash_key(SYS_SHA512));
        // Another salt is another hash; the older form's salt is case-sensitive text.
        assert_ne!(hash_key(&SYS_SHA512.replacen("0a4c", "0a4d", 1)), hash_key(SYS_SHA512));
        assert_ne!(hash_key("FBFE,u4ocm4qh"), hash_key("FBFE,U4OCM4QH"));
        assert_eq!(default_behind(&SecretForm::Hash(spaced), &[]), Some("SYS".into()));
    }

    #[test]
    fn remembered_checks_are_bounded_and_keep_the_recent_ones() {
        let mut checks = HashChecks { newer: None, older: None };
        let key = |i: usize| (0, format!("{i}"), Vec::new());
        for i in 0..3 * HASH_CHECKS_PER_GENERATION {
            checks.insert(key(i), None);
        }
        let held = |c: &HashChecks| c.newer.as_ref().map_or(0, |m| m.len()) + c.older.as_ref().map_or(0, |m| m.len());
        assert!(held(&checks) <= 2 * HASH_CHECKS_PER_GENERATION);
        assert!(checks.get(&key(3 * HASH_CHECKS_PER_GENERATION - 1)).is_some());
        assert!(checks.get(&key(0)).is_none());
    }

    #[test]
    fn the_first_default_that_verifies_is_the_one_found() {
        // `SYS` comes before `sys` and `Sys` in the list; only `SYS` verifies.
        assert_eq!(cached_hash_check(SYS_SHA512, &["SYS".into()], verify_hash), Some("SYS".into()));
        assert_eq!(
            cached_hash_check("FBFE8593AEFA510C27FD184738D6E865A441DE98,u4ocm4qh", &[], verify_hash),
            Some("SYS".into())
        );
        let other = "00".repeat(64) + "," + &"11".repeat(64) + ",10,SHA512";
        assert_eq!(cached_hash_check(&other, &[], verify_hash), None);
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
