use super::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it finds
    /// An inline suppression (`irislint: ignore IRIS401 reason`) that suppresses nothing: the
    /// finding it names is gone, it names the wrong line, or it has no reason (a suppression
    /// needs one to take effect).
    ///
    /// ## Why it matters
    /// Stale suppressions hide the next finding that appears on that line, and mislead readers
    /// about what is accepted risk.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Actions]
    /// # irislint: ignore IRIS401 public health endpoint, no data
    /// CreateApplication:Name=/health,NameSpace=USER,AutheEnabled=32
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <!-- irislint: ignore IRIS501 the portal is reached through the private web server in development -->
    ///   <SystemSetting Name="Config.Startup.WebServer" Value="0"/>
    /// </Manifest>
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Actions]
    /// # irislint: ignore IRIS401,IRIS405 public health endpoint, no data
    /// CreateApplication:Name=/health,NameSpace=USER,AutheEnabled=64
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <!-- irislint: ignore IRIS501 the portal is reached through the private web server in development -->
    ///   <SystemSetting Name="Config.Startup.WebServer" Value="1"/>
    /// </Manifest>
    /// ```
    ///
    /// ## Fix
    /// Remove the comment. Safe.
    ///
    /// ## Source
    /// irislint's own suppression mechanism.
    pub struct UnusedSuppression {
        code: "IRIS905",
        name: "unused-suppression",
        severity: Info,
        development_info: false,
        formats: ["all"],
        fixable: true,
        summary: "a suppression that suppresses nothing",
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Unused suppressions are known only once every other rule has run; the
    /// engine reports them (see `lint::apply_suppressions`).
    fn check(&self, _ctx: &mut Context) {}
}
