//! Finds `XData` blocks in an ObjectScript class file, so that the XML inside
//! can be parsed in place.

use super::text::TextRange;

/// One `XData Name [ … ] { … }` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XDataBlock {
    pub name: String,
    /// The `XData …` header line.
    pub header: TextRange,
    /// The text between the braces.
    pub body: TextRange,
    /// Whether the header says `XMLNamespace = INSTALLER`.
    pub installer_namespace: bool,
}

impl XDataBlock {
    /// The name of the body's root element, if the body starts with one.
    pub fn root_element<'a>(&self, text: &'a str) -> Option<&'a str> {
        root_element(&text[self.body.start..self.body.end])
    }
}

/// Every `XData` block of a class. A block runs from the `{` after its header
/// to the first line that starts with `}` (the class definition syntax puts
/// member braces at the start of a line).
pub fn xdata_blocks(text: &str) -> Vec<XDataBlock> {
    let mut blocks = Vec::new();
    let mut lines = Lines::new(text);
    while let Some((line_start, line)) = lines.next() {
        let trimmed = line.trim_start();
        if !starts_with_keyword(trimmed, "XData") {
            continue;
        }
        let header_end = line_start + line.trim_end().len();
        let rest = trimmed["XData".len()..].trim_start();
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.').collect();
        let installer_namespace = header_keyword(line, "INSTALLER");
        // The opening brace: on the header line or a later one.
        let Some((_, body)) = member_body(&mut lines, text, (line_start, line), |l| l.find('{')) else { break };
        blocks.push(XDataBlock { name, header: TextRange::new(line_start, header_end), body, installer_namespace });
    }
    blocks
}

/// Lines with their offsets.
struct Lines<'a> {
    inner: std::str::SplitInclusive<'a, char>,
    offset: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self { inner: text.split_inclusive('\n'), offset: 0 }
    }

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let line = self.inner.next()?;
        let start = self.offset;
        self.offset += line.len();
        Some((start, line))
    }
}

/// A member's body: from the `{` that `opens` finds on the header line or a
/// later one, to the first later line that starts with `}`; with the header's
/// text (it may wrap).
fn member_body(
    lines: &mut Lines,
    text: &str,
    (line_start, line): (usize, &str),
    opens: fn(&str) -> Option<usize>,
) -> Option<(String, TextRange)> {
    let mut header = line.to_string();
    let mut body_start = opens(line).map(|i| line_start + i + 1);
    while body_start.is_none() {
        let (next_start, next) = lines.next()?;
        header.push_str(next);
        body_start = opens(next).map(|i| next_start + i + 1);
    }
    let body_start = body_start?;
    let mut body_end = text.len();
    while let Some((next_start, next)) = lines.next() {
        if next.starts_with('}') {
            body_end = next_start;
            break;
        }
    }
    Some((header, TextRange::new(body_start, body_end.max(body_start))))
}

/// Every `XData` block of a class exported as XML (`<Export><Class
/// name="…"><XData name="…"><Data><![CDATA[…]]></Data></XData>`): the body
/// is the text inside the CDATA section, so that positions in it are
/// positions in the export file.
pub fn export_xdata_blocks(text: &str) -> Vec<XDataBlock> {
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(at) = find_tag(text, from, "<XData") {
        let Some(tag_end) = text[at..].find('>').map(|i| at + i + 1) else { break };
        let end = text[tag_end..].find("</XData>").map(|i| tag_end + i).unwrap_or(text.len());
        from = end.max(tag_end);
        let element = &text[tag_end..end];
        let name = attribute_value(&text[at..tag_end], "name").unwrap_or_default();
        let installer_namespace = element.contains("<XMLNamespace>INSTALLER</XMLNamespace>");
        let Some(data) = element.find("<Data>").map(|i| tag_end + i) else { continue };
        let Some(cdata) = text[data..end].find("<![CDATA[").map(|i| data + i + "<![CDATA[".len()) else { continue };
        let body_end = text[cdata..end].find("]]>").map(|i| cdata + i).unwrap_or(end);
        blocks.push(XDataBlock {
            name,
            header: TextRange::new(at, tag_end),
            body: TextRange::new(cdata, body_end),
            installer_namespace,
        });
    }
    blocks
}

/// Whether the text is a class exported as XML rather than a `.cls` source.
pub fn is_class_export(text: &str) -> bool {
    root_element(text).is_some_and(|r| r.eq_ignore_ascii_case("Export")) && find_tag(text, 0, "<Class").is_some()
}

/// The `XData` blocks whose body is an installer manifest, in a `.cls`
/// source or a class exported as XML.
pub fn manifest_blocks(text: &str) -> Vec<XDataBlock> {
    let blocks = if is_class_export(text) { export_xdata_blocks(text) } else { xdata_blocks(text) };
    blocks.into_iter().filter(|b| b.root_element(text).is_some_and(|r| r.eq_ignore_ascii_case("Manifest"))).collect()
}

/// Where a start tag `<Name` begins at or after `from` (`<Name` followed by a
/// space, `>` or `/`, so that `<Classes` is not `<Class`).
fn find_tag(text: &str, mut from: usize, tag: &str) -> Option<usize> {
    while let Some(i) = text.get(from..)?.find(tag) {
        let at = from + i;
        match text.as_bytes().get(at + tag.len()) {
            Some(b) if b.is_ascii_whitespace() || *b == b'>' || *b == b'/' => return Some(at),
            _ => from = at + tag.len(),
        }
    }
    None
}

/// The value of `name="…"` in a start tag.
fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let quote = tag[at..].chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &tag[at + 1..];
    Some(rest[..rest.find(quote)?].to_string())
}

fn starts_with_keyword(line: &str, keyword: &str) -> bool {
    line.get(..keyword.len()).is_some_and(|p| p.eq_ignore_ascii_case(keyword))
        && line.as_bytes().get(keyword.len()).is_some_and(|b| b.is_ascii_whitespace())
}

fn header_keyword(line: &str, word: &str) -> bool {
    let upper = line.to_ascii_uppercase();
    upper.contains("XMLNAMESPACE") && upper.contains(word)
}

/// One method of a class: `ClassMethod Name(…) As … [ … ] { … }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodBody {
    pub name: String,
    /// The text between the braces.
    pub body: TextRange,
    /// False for `[ Language = python ]` (and other non-ObjectScript) methods.
    pub objectscript: bool,
}

/// Every method of a class. As with `XData`, a body runs from the `{` after
/// its header to the first later line that starts with `}`.
pub fn method_bodies(text: &str) -> Vec<MethodBody> {
    let mut out = Vec::new();
    let mut lines = Lines::new(text);
    while let Some((line_start, line)) = lines.next() {
        let trimmed = line.trim_start();
        let keyword =
            ["ClassMethod", "Method", "ClientMethod", "Trigger"].into_iter().find(|k| starts_with_keyword(trimmed, k));
        let Some(keyword) = keyword else { continue };
        let rest = trimmed[keyword.len()..].trim_start();
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '%').collect();
        let Some((header, body)) = member_body(&mut lines, text, (line_start, line), brace_at_end) else { break };
        let lower = header.to_ascii_lowercase().replace(' ', "");
        let objectscript =
            !lower.contains("language=") || lower.contains("language=objectscript") || lower.contains("language=cache");
        out.push(MethodBody { name, body, objectscript });
    }
    out
}

/// The offset of a `{` that opens a member body: the last non-blank
/// character of a header line (default values such as `{^G("x")}` close
/// their own brace on the same line).
fn brace_at_end(line: &str) -> Option<usize> {
    let t = line.trim_end();
    if t.ends_with('{') {
        Some(t.len() - 1)
    } else if line.trim_start().starts_with('{') {
        line.find('{')
    } else {
        None
    }
}

/// The first element name in an XML text, skipping the declaration, comments
/// and processing instructions.
pub fn root_element(xml: &str) -> Option<&str> {
    let mut rest = xml;
    loop {
        rest = rest.trim_start().strip_prefix('\u{feff}').unwrap_or(rest.trim_start()).trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!") {
            rest = &after[declaration_end(after)? + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(after.len());
            return Some(&after[..end]);
        } else {
            return None;
        }
    }
}

/// The `>` that closes a `<!DOCTYPE …>` (or other `<!…>`) declaration: past
/// any internal subset `[ … ]` and quoted text, which hold `>` of their own.
fn declaration_end(after: &str) -> Option<usize> {
    let mut subset = false;
    let mut quote = None;
    for (i, c) in after.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => subset = true,
            (None, ']') => subset = false,
            (None, '>') if !subset => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_installer_xdata() {
        let text = "Class A.Installer\n{\n\nXData setup [ XMLNamespace = INSTALLER ]\n{\n<Manifest>\n</Manifest>\n}\n\nClassMethod x() {}\n}\n";
        let blocks = xdata_blocks(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].name, "setup");
        assert!(blocks[0].installer_namespace);
        assert_eq!(blocks[0].root_element(text), Some("Manifest"));
        assert_eq!(text[blocks[0].body.start..blocks[0].body.end].trim(), "<Manifest>\n</Manifest>");
    }

    #[test]
    fn finds_method_bodies() {
        let text = "Class A {\nClassMethod Setup(ns = {$namespace}) As %Status\n{\n  do x\n}\nMethod P() [ Language = python ]\n{\n  pass\n}\n}\n";
        let m = method_bodies(text);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].name.as_str(), m[0].objectscript), ("Setup", true));
        assert_eq!(text[m[0].body.start..m[0].body.end].trim(), "do x");
        assert!(!m[1].objectscript);
    }

    #[test]
    fn finds_xdata_in_a_class_export() {
        let text = "<?xml version=\"1.0\"?>\n<Export generator=\"IRIS\">\n<Class name=\"App.Installer\">\n<XData name=\"setup\">\n<XMLNamespace>INSTALLER</XMLNamespace>\n<Data><![CDATA[\n<Manifest>\n</Manifest>\n]]></Data>\n</XData>\n<XData name=\"other\">\n<Data><![CDATA[<Other/>]]></Data>\n</XData>\n</Class>\n</Export>\n";
        assert!(is_class_export(text));
        let blocks = export_xdata_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].name, "setup");
        assert!(blocks[0].installer_namespace);
        assert_eq!(text[blocks[0].body.start..blocks[0].body.end].trim(), "<Manifest>\n</Manifest>");
        assert_eq!(manifest_blocks(text).len(), 1);
        assert!(!is_class_export("Class A {\n}\n"));
    }

    #[test]
    fn xdata_without_namespace() {
        let text = "XData setup\n{\n<?xml version=\"1.0\"?>\n<!-- c -->\n<Manifest/>\n}\n";
        let blocks = xdata_blocks(text);
        assert!(!blocks[0].installer_namespace);
        assert_eq!(blocks[0].root_element(text), Some("Manifest"));
    }
}
