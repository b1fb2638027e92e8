use super::{declare_rule, Context, Rule, RuleMeta};
use crate::formats::Format;

declare_rule! {
    /// ## What it finds
    /// The sample `USER` database or namespace kept in an instance's `iris.cpf`.
    ///
    /// ## Why it matters
    /// Every installation creates `USER` for trying things out. Left in production it is an
    /// unowned place to store code and data, often with broad permissions. The checklist says
    /// to remove databases nothing uses.
    ///
    /// ## Example
    /// ```ini iris.cpf
    /// [ConfigFile]
    /// Product=IRIS
    /// Version=2024.1
    ///
    /// [Databases]
    /// IRISSYS=/usr/irissys/mgr/
    /// USER=/usr/irissys/mgr/user/
    ///
    /// [Namespaces]
    /// %SYS=IRISSYS
    /// USER=USER
    /// ```
    ///
    /// ## Use instead
    /// ```ini iris.cpf
    /// [ConfigFile]
    /// Product=IRIS
    /// Version=2024.1
    ///
    /// [Databases]
    /// IRISSYS=/usr/irissys/mgr/
    /// APP=/data/app/
    ///
    /// [Namespaces]
    /// %SYS=IRISSYS
    /// APP=APP
    /// ```
    ///
    /// ## Fix
    /// Remove the namespace and database when nothing uses them. No automatic fix. In the
    /// `development` profile this rule is `info`.
    ///
    /// ## Source
    /// InterSystems, hardening checklist (remove unused databases and namespaces).
    pub struct UnusedUserDatabase {
        code: "IRIS604",
        name: "unused-user-database",
        severity: Info,
        development_info: true,
        formats: ["cpf"],
        fixable: false,
        summary: "the sample `USER` database kept",
    }
}

impl Rule for UnusedUserDatabase {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        if ctx.doc.format != Format::Cpf {
            return;
        }
        if let Some(db) = ctx.facts().databases.iter().find(|d| d.head.is("USER")) {
            ctx.report(
                db.head.anchor,
                "database USER",
                "the sample USER database is kept; remove it if nothing uses it",
            );
        }
    }
}
