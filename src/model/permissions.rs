//! Permissions on resources: any of `R`, `W`, `U`.

/// A set of permissions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Permission {
    pub read: bool,
    pub write: bool,
    pub use_: bool,
}

impl Permission {
    /// Reads `RWU`, `RW`, `U`, `` (empty), in any case and order; `None` when
    /// the text holds anything else.
    pub fn parse(raw: &str) -> Option<Permission> {
        let mut p = Permission::default();
        for c in raw.trim().chars() {
            match c.to_ascii_uppercase() {
                'R' => p.read = true,
                'W' => p.write = true,
                'U' => p.use_ = true,
                _ => return None,
            }
        }
        Some(p)
    }

    pub fn is_empty(&self) -> bool {
        !(self.read || self.write || self.use_)
    }

    /// Whether every permission of `other` is also in `self`.
    pub fn covers(&self, other: Permission) -> bool {
        (self.read || !other.read) && (self.write || !other.write) && (self.use_ || !other.use_)
    }
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.read {
            f.write_str("R")?;
        }
        if self.write {
            f.write_str("W")?;
        }
        if self.use_ {
            f.write_str("U")?;
        }
        Ok(())
    }
}

/// Reads a role's resource list: `%DB_USER:RW,%Development:U` (also with `;`).
pub fn parse_resource_list(raw: &str) -> Vec<(String, Option<Permission>)> {
    raw.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| match item.rsplit_once(':') {
            Some((name, perm)) => (name.trim().to_string(), Permission::parse(perm)),
            None => (item.to_string(), None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares() {
        let rw = Permission::parse("rw").unwrap();
        assert!(rw.covers(Permission::parse("R").unwrap()));
        assert!(!rw.covers(Permission::parse("U").unwrap()));
        assert_eq!(rw.to_string(), "RW");
        assert!(Permission::parse("").unwrap().is_empty());
        assert!(Permission::parse("X").is_none());
    }

    #[test]
    fn resource_lists() {
        let list = parse_resource_list("%DB_USER:RW, %Development:U");
        assert_eq!(list[0].0, "%DB_USER");
        assert_eq!(list[1].1, Permission::parse("U"));
    }
}
