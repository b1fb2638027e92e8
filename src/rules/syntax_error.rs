use super::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// Text the format's parser cannot read: a CPF line that is neither a `[Section]`, a
    /// `Key=value`, an `[Actions]` operation nor a comment; XML that is not well formed.
    ///
    /// ## Why it matters
    /// IRIS rejects or silently skips what it cannot read: a merge that stops half way, a
    /// setting that never applies, a manifest that fails at install time.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Startup]
    /// WebServer=0
    /// this line is not a setting
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP">
    /// </Manifest>
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Startup]
    /// WebServer=0
    /// ; a comment says what the line was for
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Namespace Name="APP" Create="yes" Code="APP" Data="APP"/>
    /// </Manifest>
    /// ```
    ///
    /// ## Fix
    /// Correct the text. No automatic fix. The rest of the file is still checked.
    ///
    /// ## Source
    /// InterSystems, Configuration Parameter File reference (file format) and the XML
    /// specification.
    pub struct SyntaxError {
        code: "IRIS901",
        name: "syntax-error",
        severity: Error,
        development_info: false,
        formats: ["all"],
        fixable: false,
        summary: "text the format's parser cannot read",
    }
}

impl Rule for SyntaxError {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        for error in &ctx.doc.syntax_errors {
            // Keyed on what cannot be read, not on its line: a line added or
            // removed above it does not make it a new finding.
            ctx.report(error.range, format!("syntax {}", error.message), format!("syntax error: {}", error.message));
        }
    }
}
