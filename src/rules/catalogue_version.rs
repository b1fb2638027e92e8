//! The rule catalogue's version: a fingerprint of what a user relies on in
//! each rule (code, name, default severity, whether the development profile
//! relaxes it, the formats it reads, whether it has a fix). Derived rather than
//! bumped by hand, so it cannot be forgotten: adding, removing, renaming or
//! re-grading a rule changes it; rewording a rule's documentation does not.

use super::RuleMeta;

/// The catalogue's fingerprint (8 hex digits) and its number of rules.
pub fn catalogue_version() -> (String, usize) {
    let rules = super::all();
    (fingerprint(rules.iter().map(|r| describe(r.meta()))), rules.len())
}

/// One line per rule, of the properties the version covers.
fn describe(meta: &RuleMeta) -> String {
    format!(
        "{} {} {} {} {} {}",
        meta.code,
        meta.name,
        meta.severity.as_str(),
        meta.development_info,
        meta.formats.join(","),
        meta.fixable
    )
}

/// FNV-1a (64 bits, shown as its low 32): stable across builds and platforms,
/// unlike std's randomly seeded hasher. Order matters: the registry is in code order.
fn fingerprint(lines: impl Iterator<Item = String>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for line in lines {
        for byte in line.bytes().chain(std::iter::once(b'\n')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{:08x}", hash & 0xffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(lines: &[&str]) -> String {
        fingerprint(lines.iter().map(|l| l.to_string()))
    }

    const A: &str = "IRIS101 default-password error false all true";
    const B: &str = "IRIS401 unauthenticated-application error false all true";

    #[test]
    fn a_changed_added_or_removed_rule_changes_the_version() {
        let base = of(&[A, B]);
        assert_eq!(base, of(&[A, B]), "the same catalogue, the same version");
        assert_ne!(base, of(&[A]), "a rule removed");
        assert_ne!(base, of(&[A, B, "IRIS999 new-rule info false cpf false"]), "a rule added");
        assert_ne!(base, of(&[&A.replace("error", "warning"), B]), "a rule re-graded");
        assert_ne!(base, of(&[A, &B.replace("unauthenticated-application", "unauthenticated-app")]), "a rule renamed");
        assert_eq!(base.len(), 8);
    }

    #[test]
    fn the_catalogue_version_covers_every_registered_rule() {
        let (version, count) = catalogue_version();
        assert_eq!(count, super::super::all().len());
        assert!(version.chars().all(|c| c.is_ascii_hexdigit()) && version.len() == 8, "{version}");
    }
}
