//! Authentication methods: the bit masks of `AutheEnabled` /
//! `AuthenticationMethods`, and the macro names that spell them.

/// An authentication bit mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AutheMask(pub u32);

/// The bits and every macro name that denotes them (from `%sySecurityMacros.inc`).
pub const BITS: &[(u32, &[&str], &str)] = &[
    (1, &["AutheK5CCache"], "Kerberos credential cache"),
    (2, &["AutheK5Prompt"], "Kerberos prompt"),
    (4, &["AutheK5API"], "Kerberos"),
    (8, &["AutheK5KeyTab"], "Kerberos keytab"),
    (16, &["AutheOS"], "operating system"),
    (32, &["AutheCache", "AuthePassword"], "password"),
    (64, &["AutheUnauthenticated"], "unauthenticated"),
    (2048, &["AutheLDAP"], "LDAP"),
    (8192, &["AutheDelegated"], "delegated"),
    (16384, &["AutheLoginToken"], "login token"),
    (1 << 20, &["AutheTwoFactorSMS"], "two-factor SMS"),
    (1 << 21, &["AutheTwoFactorPW"], "two-factor time-based password"),
    (1 << 25, &["AutheMutualTLS"], "mutual TLS"),
];

impl AutheMask {
    pub const PASSWORD: u32 = 32;
    pub const UNAUTHENTICATED: u32 = 64;

    pub fn allows_unauthenticated(self) -> bool {
        self.0 & Self::UNAUTHENTICATED != 0
    }

    /// The mask with the unauthenticated bit cleared; password is added when
    /// nothing would be left, so that the object stays reachable.
    pub fn without_unauthenticated(self) -> AutheMask {
        let rest = self.0 & !Self::UNAUTHENTICATED;
        AutheMask(if rest == 0 { Self::PASSWORD } else { rest })
    }

    /// Names of the methods, for messages.
    pub fn describe(self) -> String {
        let names: Vec<&str> = BITS.iter().filter(|(bit, _, _)| self.0 & bit != 0).map(|(_, _, n)| *n).collect();
        if names.is_empty() {
            "no method".to_string()
        } else {
            names.join(" + ")
        }
    }
}

/// Reads a mask as files write it: `96`, `$$$AuthePassword+$$$AutheUnauthenticated`,
/// `#{$$$AutheCache + $$$AutheUnauthenticated}`, `#{$$$AutheCache}`.
/// Returns `None` for anything else (an expression that needs running).
pub fn parse_mask(raw: &str) -> Option<AutheMask> {
    let mut text = raw.trim();
    if let Some(inner) = text.strip_prefix("#{").and_then(|t| t.strip_suffix('}')) {
        text = inner.trim();
    }
    if text.is_empty() {
        return None;
    }
    let mut total = 0u32;
    for term in text.split(['+', '|']) {
        let term = term.trim();
        if let Ok(n) = term.parse::<u32>() {
            total |= n;
            continue;
        }
        let name = term.strip_prefix("$$$")?;
        let (bit, _, _) = BITS.iter().find(|(_, names, _)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))?;
        total |= bit;
    }
    Some(AutheMask(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_written_form() {
        assert_eq!(parse_mask("96"), Some(AutheMask(96)));
        assert_eq!(parse_mask("$$$AuthePassword+$$$AutheUnauthenticated"), Some(AutheMask(96)));
        assert_eq!(parse_mask("#{$$$AutheCache + $$$AutheUnauthenticated}"), Some(AutheMask(96)));
        assert_eq!(parse_mask("#{$$$AutheUnauthenticated}"), Some(AutheMask(64)));
        assert_eq!(parse_mask("#{..GetMask()}"), None);
        assert_eq!(parse_mask("${Auth}"), None);
    }

    #[test]
    fn dropping_unauthenticated_keeps_a_method() {
        assert_eq!(AutheMask(96).without_unauthenticated(), AutheMask(32));
        assert_eq!(AutheMask(64).without_unauthenticated(), AutheMask(32));
        assert_eq!(AutheMask(80).without_unauthenticated(), AutheMask(16));
    }
}
