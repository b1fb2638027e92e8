use super::catalog_lookup::{lookup, Lookup};
use super::{declare_rule, Context, Rule, RuleMeta};
use crate::catalog::did_you_mean;
use crate::findings::Fix;
use crate::formats::{EntryKind, Scope};
use crate::model::edit::Edit;
use crate::syntax::text::TextRange;

declare_rule! {
    /// ## What it finds
    /// A name IRIS does not know: a CPF section or key, an `[Actions]` operation or property, a
    /// `CSP.ini` parameter, a `%Installer` or `module.xml` element or attribute — with the
    /// closest known name as a suggestion. Also a property an operation rejects, such as
    /// `Password` on `CreateUser` (use `PasswordHash`).
    ///
    /// ## Why it matters
    /// A misspelt setting is silently ignored (CPF) or fails the whole merge (`[Actions]`
    /// properties are checked): either way the configuration is not what the file says. A
    /// misspelt security setting leaves the insecure default in place.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Startup]
    /// WebServr=0
    ///
    /// [Actions]
    /// ModifyService:Name=%Service_CallIn,Enabeld=0
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/csp/app" Directory="/opt/app/csp" AuthenticationMethod="32"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manger=127.0.0.1
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Startup]
    /// WebServer=0
    ///
    /// [Actions]
    /// ModifyService:Name=%Service_CallIn,Enabled=0
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP">
    ///     <CSPApplication Url="/csp/app" Directory="/opt/app/csp" AuthenticationMethods="32"/>
    ///   </Namespace>
    /// </Manifest>
    /// ```
    ///
    /// ```ini CSP.ini
    /// [SYSTEM]
    /// System_Manager=127.0.0.1
    /// ```
    ///
    /// ## Fix
    /// Rename to the suggestion. Unsafe: make sure the suggestion is what was meant.
    ///
    /// ## Source
    /// InterSystems, Configuration Parameter File reference, `[Actions]` reference, Web Gateway
    /// configuration guide, `%Installer` and package-manager references.
    pub struct UnknownName {
        code: "IRIS902",
        name: "unknown-name",
        severity: Warning,
        development_info: false,
        formats: ["all"],
        fixable: true,
        summary: "unknown section, key, action, element or attribute",
    }
}

fn kind_label(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Section => "section",
        EntryKind::Key => "key",
        EntryKind::Action => "action",
        EntryKind::Property => "property",
        EntryKind::Element => "element",
        EntryKind::Attribute => "attribute",
    }
}

fn scope_label(scope: &Scope) -> String {
    match scope {
        Scope::Section(s) if !s.is_empty() => format!(" in [{s}]"),
        Scope::Action(a) => format!(" of {a}"),
        Scope::Element(e) if !e.is_empty() => format!(" of <{e}>"),
        _ => String::new(),
    }
}

impl Rule for UnknownName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        let doc = ctx.doc;
        // A <Resource> handled by a ProcessorClass takes the attributes that
        // processor consumes, which no vocabulary lists: they are open.
        let mut open_attributes = false;
        for (index, entry) in doc.entries.iter().enumerate() {
            if entry.kind == EntryKind::Element {
                open_attributes = doc.format == crate::formats::Format::ModuleXml
                    && entry.name == "Resource"
                    && doc.entries[index + 1..]
                        .iter()
                        .take_while(|a| a.kind == EntryKind::Attribute)
                        .any(|a| a.name.eq_ignore_ascii_case("ProcessorClass"));
            } else if entry.kind == EntryKind::Attribute && open_attributes {
                continue;
            }
            // Built only for a finding: most entries are known.
            let what = || format!("{} {}{}", kind_label(entry.kind), entry.name, scope_label(&entry.scope));
            match lookup(doc.format, entry) {
                Lookup::Unknown(candidates) => {
                    let what = what();
                    let suggestion = did_you_mean(&entry.name, candidates.into_iter());
                    let (message, fix) = match suggestion {
                        Some(s) => {
                            let mut edits = vec![Edit { range: entry.name_range, new_text: s.to_string() }];
                            // An element's end tag is renamed with its start tag.
                            let end = match entry.kind {
                                EntryKind::Element => end_tag_name(&doc.text, entry.range, &entry.name),
                                _ => EndTag::None,
                            };
                            if let EndTag::At(range) = end {
                                edits.push(Edit { range, new_text: s.to_string() });
                            }
                            // A section renamed to [Actions] would have every line in it read
                            // as an operation: the file would no longer parse.
                            let into_actions = entry.kind == EntryKind::Section && s.eq_ignore_ascii_case("Actions");
                            let fix = (end != EndTag::NotFound && !into_actions)
                                .then(|| Fix::unsafe_(format!("rename to {s}"), edits));
                            (format!("unknown {what}; did you mean {s}?"), fix)
                        }
                        None => (format!("unknown {what}{}", hint(entry)), None),
                    };
                    ctx.report(entry.name_range, what, message).with_fix(fix);
                }
                Lookup::Known(Some(item)) => {
                    if let Scope::Action(action) = &entry.scope {
                        if item.invalid_for.iter().any(|a| a.eq_ignore_ascii_case(action)) {
                            let what = what();
                            let hint =
                                if entry.name.eq_ignore_ascii_case("Password") { "; use PasswordHash" } else { "" };
                            ctx.report(
                                entry.name_range,
                                what,
                                format!("{action} does not accept the property {}{hint}", entry.name),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum EndTag {
    /// An empty-element tag `<Name/>`: there is none.
    None,
    /// The name in the matching `</Name>`.
    At(TextRange),
    /// Not found (the file is cut short): renaming the start tag alone would break it.
    NotFound,
}

/// Where the name of the end tag matching the start tag `start_tag` of an
/// element `name` is, skipping nested elements of the same name.
fn end_tag_name(text: &str, start_tag: TextRange, name: &str) -> EndTag {
    if text[start_tag.start..start_tag.end].trim_end().ends_with("/>") {
        return EndTag::None;
    }
    let bytes = text.as_bytes();
    let name_ends = |at: usize| bytes.get(at).is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
    let mut depth = 0usize;
    let mut at = start_tag.end;
    while let Some(i) = text[at..].find('<') {
        at += i;
        let rest = &text[at..];
        let skip_to = |close: &str| rest.find(close).map(|j| at + j + close.len());
        let next = if rest.starts_with("<!--") {
            skip_to("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with("<?") {
            skip_to("?>")
        } else if rest[1..].starts_with('/') && rest[2..].starts_with(name) && name_ends(at + 2 + name.len()) {
            if depth == 0 {
                return EndTag::At(TextRange::new(at + 2, at + 2 + name.len()));
            }
            depth -= 1;
            Some(at + 2)
        } else if rest[1..].starts_with(name) && name_ends(at + 1 + name.len()) {
            let close = rest.find('>');
            if close.is_some_and(|j| !rest[..j].ends_with('/')) {
                depth += 1;
            }
            close.map(|j| at + j + 1)
        } else {
            Some(at + 1)
        };
        match next {
            Some(n) => at = n,
            None => break,
        }
    }
    EndTag::NotFound
}

/// What to write instead, where a name is a known mistake.
fn hint(entry: &crate::formats::Entry) -> &'static str {
    const FLAGS: &[&str] = &[
        "PasswordAuthEnabled",
        "UnauthenticatedEnabled",
        "DelegatedAuthEnabled",
        "KerberosAuthEnabled",
        "LoginTokenEnabled",
    ];
    let on_web_application = matches!(&entry.scope, Scope::Element(e) if &**e == "WebApplication");
    if entry.kind == EntryKind::Attribute
        && on_web_application
        && FLAGS.iter().any(|f| f.eq_ignore_ascii_case(&entry.name))
    {
        "; <WebApplication> takes Security.Applications properties: set AutheEnabled (32 for password)"
    } else {
        ""
    }
}
