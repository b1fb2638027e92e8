use super::workspace_context::{WorkspaceContext, WorkspaceRule};
use super::{declare_rule, Context, Rule, RuleMeta};
use crate::formats::values::has_placeholder;
use crate::model::names::CiStr;

declare_rule! {
    /// ## What it finds
    /// A namespace naming a database, or a web application naming a namespace, that is defined
    /// nowhere in the files of the instance and is not one IRIS creates itself (`IRISSYS`,
    /// `IRISLIB`, `IRISTEMP`, `IRISLOCALDATA`, `IRISAUDIT`, `ENSLIB`, `USER`, `%SYS`, …).
    /// Placeholders (`${NS}`, `{$namespace}`) are not checked.
    ///
    /// ## Why it matters
    /// The merge or install fails at that line, or — worse — succeeds against an object created
    /// by hand that nobody reviews.
    ///
    /// ## Fix
    /// Define the database or namespace in the instance's files, or correct the name. No
    /// automatic fix.
    ///
    /// ## Source
    /// InterSystems, Configuration Parameter File reference (`[Databases]`, `[Namespaces]`,
    /// `CreateNamespace`, `CreateApplication`).
    pub struct UndefinedReference {
        code: "IRIS703",
        name: "undefined-reference",
        severity: Error,
        development_info: false,
        formats: ["cpf", "inst", "ipm"],
        fixable: false,
        summary: "a reference to a database or namespace defined nowhere",
    }
}

const SYSTEM_DATABASES: &[&str] = &[
    "IRISSYS",
    "IRISLIB",
    "IRISTEMP",
    "IRISLOCALDATA",
    "IRISAUDIT",
    "IRISMETRICS",
    "ENSLIB",
    "USER",
    "HSLIB",
    "HSSYS",
    "HSCUSTOM",
    "HSAUDIT",
    "HSPOSTS",
    "%DEFAULTDB",
    // Caché's names for its system databases.
    "CACHESYS",
    "CACHELIB",
    "CACHETEMP",
    "CACHE",
    "CACHEAUDIT",
    "DOCBOOK",
    "SAMPLES",
];
const SYSTEM_NAMESPACES: &[&str] = &["%SYS", "USER", "%ALL", "HSLIB", "HSSYS", "HSCUSTOM", "ENSEMBLE"];

impl Rule for UndefinedReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Needs the instance's other files: see [`WorkspaceRule`].
    fn check(&self, _ctx: &mut Context) {}
}

fn is_checked(name: &str) -> bool {
    !name.trim().is_empty() && !has_placeholder(name) && !name.contains('{')
}

impl WorkspaceRule for UndefinedReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_workspace(&self, ctx: &mut WorkspaceContext) {
        let e = ctx.effective;
        let mut found = Vec::new();
        for doc in &ctx.instance.docs {
            for ns in &doc.facts.namespaces {
                for db in [&ns.globals, &ns.routines].into_iter().flatten() {
                    let name = db.known().cloned().unwrap_or_default();
                    let name = name.split(',').next().unwrap_or("").trim().to_string();
                    if is_checked(&name)
                        && !e.databases.contains_key(&CiStr(&name))
                        && !crate::model::known::contains_ignore_case(SYSTEM_DATABASES, &name)
                    {
                        found.push((
                            crate::workspace::Source { doc, entry: db.entry },
                            format!("namespace {} uses database {name}, which is defined nowhere", ns.head.name),
                            format!("database {name}"),
                        ));
                    }
                }
            }
            for app in &doc.facts.applications {
                // A namespace only known at run time is no reference to check.
                let Some(ns) = app.namespace.as_ref().filter(|ns| ns.known().is_some()) else { continue };
                let name = ns.text.trim();
                if is_checked(name)
                    && !e.namespaces.contains_key(&CiStr(name))
                    && !crate::model::known::contains_ignore_case(SYSTEM_NAMESPACES, name)
                {
                    found.push((
                        crate::workspace::Source { doc, entry: ns.entry },
                        format!("web application {} runs in namespace {name}, which is defined nowhere", app.head.name),
                        format!("namespace {name}"),
                    ));
                }
            }
        }
        for (at, message, object) in found {
            ctx.report(&at, object, message);
        }
    }
}
