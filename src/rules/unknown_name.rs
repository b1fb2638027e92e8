use super::catalog_lookup::{lookup, Lookup, Lookups};
use super::{declare_rule, Context, Rule, RuleMeta};
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
        let mut lookups = Lookups::new(doc.format);
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
            match lookups.lookup(entry) {
                Lookup::Unknown(candidates) => {
                    let what = what();
                    let suggestion = candidates.suggest(&entry.name);
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
                            // A child's finding names its parent: renaming the parent would move it.
                            let children_known = match end {
                                EndTag::At(close) => children_known(doc, entry, close.start),
                                _ => true,
                            };
                            // A section renamed to [Actions] would have every line in it read
                            // as an operation: the file would no longer parse.
                            let into_actions = entry.kind == EntryKind::Section && s.eq_ignore_ascii_case("Actions");
                            let fix = (end != EndTag::NotFound
                                && !into_actions
                                && members_fit(doc, index, s)
                                && value_fits(doc, entry, s)
                                && children_known
                                && !clashes(doc, index, s))
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

/// Whether what the entry at `index` holds — an element's attributes, an
/// action's properties, a section's keys — is still known once the entry is
/// renamed to `new_name`: a rename that leaves them unknown trades one
/// finding for several.
fn members_fit(doc: &crate::formats::Document, index: usize, new_name: &str) -> bool {
    let entry = &doc.entries[index];
    let member = match entry.kind {
        EntryKind::Element => EntryKind::Attribute,
        EntryKind::Action => EntryKind::Property,
        EntryKind::Section => EntryKind::Key,
        _ => return true,
    };
    let renamed_scope = |scope: &Scope| match scope {
        Scope::Section(_) => Scope::Section(new_name.into()),
        Scope::Action(_) => Scope::Action(new_name.into()),
        Scope::Element(_) => Scope::Element(new_name.into()),
        Scope::None => Scope::None,
    };
    let members: Vec<&crate::formats::Entry> = doc.entries[index + 1..]
        .iter()
        // A section's keys run to the next section; an element's attributes
        // and an action's properties follow it directly.
        .take_while(|e| if member == EntryKind::Key { e.kind != EntryKind::Section } else { e.kind == member })
        .filter(|e| e.kind == member)
        .collect();
    // A name defined twice goes unnoticed under an unknown name, not under a known one.
    let mut names: Vec<String> = members.iter().map(|e| e.name.to_ascii_lowercase()).collect();
    names.sort();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return false;
    }
    members.into_iter().all(|e| {
        let renamed = crate::formats::Entry { scope: renamed_scope(&e.scope), ..e.clone() };
        match lookup(doc.format, &renamed) {
            Lookup::Unknown(_) => false,
            Lookup::Known(Some(item)) => e
                .value
                .as_ref()
                .is_none_or(|(v, _)| super::invalid_value::problem(item, v, doc.format.is_xml()).is_none()),
            _ => true,
        }
    })
}

/// Whether renaming the entry at `index` to `new_name` would define that
/// name twice: a key its section (of that name) already has, a property of
/// the same action line, an attribute of the same tag, a section that exists.
fn clashes(doc: &crate::formats::Document, index: usize, new_name: &str) -> bool {
    let entry = &doc.entries[index];
    let same = |e: &crate::formats::Entry| e.kind == entry.kind && e.name.eq_ignore_ascii_case(new_name);
    match entry.kind {
        EntryKind::Section => doc.entries.iter().any(same),
        EntryKind::Key => doc.entries.iter().any(|e| same(e) && e.scope == entry.scope),
        // An action's properties and a tag's attributes are one run of entries.
        EntryKind::Property | EntryKind::Attribute => {
            let before = doc.entries[..index].iter().rev().take_while(|e| e.kind == entry.kind);
            let after = doc.entries[index + 1..].iter().take_while(|e| e.kind == entry.kind);
            before.chain(after).any(same)
        }
        _ => false,
    }
}

/// Whether every element directly inside `element` (up to its end tag at
/// `close`) has a known name, so that no finding names the element as parent.
fn children_known(doc: &crate::formats::Document, element: &crate::formats::Entry, close: usize) -> bool {
    doc.entries
        .iter()
        .filter(|e| e.kind == EntryKind::Element && element.range.end <= e.range.start && e.range.end <= close)
        .filter(|e| matches!(&e.scope, Scope::Element(parent) if **parent == *element.name))
        .all(|e| !matches!(lookup(doc.format, e), Lookup::Unknown(_)))
}

/// Whether the entry's value is still valid once the entry is renamed to
/// `new_name` (`AutheEnabled="64"` is no value for a boolean flag).
fn value_fits(doc: &crate::formats::Document, entry: &crate::formats::Entry, new_name: &str) -> bool {
    let Some((value, _)) = &entry.value else {
        return true;
    };
    let renamed = crate::formats::Entry { name: new_name.to_string(), ..entry.clone() };
    match lookup(doc.format, &renamed) {
        Lookup::Known(Some(item)) => super::invalid_value::problem(item, value, doc.format.is_xml()).is_none(),
        _ => true,
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
    const FLAGS: &[&str] = crate::formats::CSP_APPLICATION_FLAGS;
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
