use super::workspace_context::{WorkspaceContext, WorkspaceRule};
use super::{declare_rule, Context, Rule, RuleMeta};
use crate::formats::values::has_placeholder;

declare_rule! {
    /// ## What it finds
    /// A namespace naming a database, or a web application naming a namespace, that the
    /// instance's own `iris.cpf` does not define and that no other file of the instance creates
    /// (`CreateDatabase`, `CreateNamespace`, `[Databases]`, `<Database>`, `<Namespace>`), and
    /// that is not one IRIS creates itself (`IRISSYS`, `IRISLIB`, `IRISTEMP`, `IRISLOCALDATA`,
    /// `IRISAUDIT`, `ENSLIB`, `USER`, `%SYS`, …). The message names the files it looked in.
    /// Placeholders (`${NS}`, `{$namespace}`) are not checked.
    ///
    /// Only what can be known is reported: without the instance's full `iris.cpf` (one that
    /// lists its databases and namespaces) among the files, a database or namespace may already
    /// exist on the instance, and the rule stays silent. A name any file of the instance
    /// defines counts as defined, whichever merge file is applied.
    ///
    /// ## Why it matters
    /// The merge or install fails at that line, or — worse — succeeds against an object created
    /// by hand that nobody reviews.
    ///
    /// ## Example
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
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateNamespace:Name=REPORTS,Globals=REPORTDATA,Routines=REPORTDATA
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="AUDITREP" Create="yes" Code="AUDITDATA" Data="AUDITDATA"/>
    /// </Manifest>
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="reports.ZPM">
    ///     <Module>
    ///       <Name>reports</Name>
    ///       <Version>1.0.0</Version>
    ///       <WebApplication Name="/reports/api" NameSpace="REPORTS2" DispatchClass="Reports.REST" AutheEnabled="32" Resource="%DB_APP"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
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
    /// ```ini merge.cpf
    /// [Actions]
    /// CreateDatabase:Name=REPORTDATA,Directory=/data/reports
    /// CreateNamespace:Name=REPORTS,Globals=REPORTDATA,Routines=REPORTDATA
    /// ```
    ///
    /// ```xml module.xml
    /// <?xml version="1.0" encoding="UTF-8"?>
    /// <Export generator="Cache" version="25">
    ///   <Document name="reports.ZPM">
    ///     <Module>
    ///       <Name>reports</Name>
    ///       <Version>1.0.0</Version>
    ///       <WebApplication Name="/reports/api" NameSpace="APP" DispatchClass="Reports.REST" AutheEnabled="32" Resource="%DB_APP"/>
    ///     </Module>
    ///   </Document>
    /// </Export>
    /// ```
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
        summary: "a reference to a database or namespace the instance's iris.cpf and files lack",
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

/// At most this many files are named in a message; the others are counted.
const FILES_NAMED: usize = 4;

/// `iris/iris.cpf, iris/merge.cpf`, or `a, b, c, d and 3 more`.
fn files_read(docs: &[&crate::formats::Document]) -> String {
    let names: Vec<&str> = docs.iter().map(|d| d.path.as_str()).collect();
    if names.len() <= FILES_NAMED {
        return names.join(", ");
    }
    format!("{} and {} more", names[..FILES_NAMED].join(", "), names.len() - FILES_NAMED)
}

impl WorkspaceRule for UndefinedReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Whether a name is defined does not depend on which merge file applies:
    /// one that any file creates counts.
    fn per_instance(&self) -> bool {
        true
    }

    fn check_workspace(&self, ctx: &mut WorkspaceContext) {
        let docs = &ctx.instance.docs;
        let cpf = |has: &dyn Fn(&crate::formats::Document) -> bool| {
            docs.iter().any(|d| d.format == crate::formats::Format::Cpf && has(d))
        };
        // The instance's own iris.cpf, listing what it has: without it, nothing can be known.
        let lists_databases = cpf(&|d| !d.facts.databases.is_empty());
        let lists_namespaces = cpf(&|d| !d.facts.namespaces.is_empty());
        if !lists_databases && !lists_namespaces {
            return;
        }
        // A scan per reference: a file has a few namespaces and applications,
        // and a map of every database costs more to build than these scans.
        let defined_db = |name: &str| docs.iter().any(|d| d.facts.databases.iter().any(|x| x.head.is(name)));
        let defined_ns = |name: &str| docs.iter().any(|d| d.facts.namespaces.iter().any(|x| x.head.is(name)));
        let read = files_read(docs);
        let mut found = Vec::new();
        for doc in docs {
            for ns in doc.facts.namespaces.iter().filter(|_| lists_databases) {
                for db in [&ns.globals, &ns.routines].into_iter().flatten() {
                    let name = db.known().cloned().unwrap_or_default();
                    let name = name.split(',').next().unwrap_or("").trim().to_string();
                    if is_checked(&name)
                        && !defined_db(&name)
                        && !crate::model::known::contains_ignore_case(SYSTEM_DATABASES, &name)
                    {
                        found.push((
                            crate::workspace::Source { doc, entry: db.entry },
                            format!(
                                "namespace {} uses database {name}, which neither the instance's iris.cpf nor any other file read defines (read: {read})",
                                ns.head.name
                            ),
                            format!("database {name}"),
                        ));
                    }
                }
            }
            for app in doc.facts.applications.iter().filter(|_| lists_namespaces) {
                // A namespace only known at run time is no reference to check.
                let Some(ns) = app.namespace.as_ref().filter(|ns| ns.known().is_some()) else { continue };
                let name = ns.text.trim();
                if is_checked(name)
                    && !defined_ns(name)
                    && !crate::model::known::contains_ignore_case(SYSTEM_NAMESPACES, name)
                {
                    found.push((
                        crate::workspace::Source { doc, entry: ns.entry },
                        format!(
                            "web application {} runs in namespace {name}, which neither the instance's iris.cpf nor any other file read defines (read: {read})",
                            app.head.name
                        ),
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
