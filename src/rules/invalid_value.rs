use super::catalog_lookup::{Lookup, Lookups};
use super::{declare_rule, Context, Rule, RuleMeta};
use crate::catalog::{Item, ValueType};
use crate::formats::values::has_placeholder;
use crate::model::authe::parse_mask;
use crate::model::permissions::Permission;

declare_rule! {
    /// ## What it finds
    /// A value of the wrong type or out of range for its setting: a boolean that is not `0`/`1`
    /// (or `true`/`false` where XML allows it), a port or number outside its range, an
    /// authentication mask that does not read as one, a permission other than `R`/`W`/`U`, a
    /// value outside an enumeration. Values holding placeholders (`${Var}`, `#{expr}`) are not
    /// checked.
    ///
    /// ## Why it matters
    /// IRIS rejects the value (failing the merge or the install) or falls back to a default —
    /// often the insecure one.
    ///
    /// ## Example
    /// ```ini merge.cpf
    /// [Startup]
    /// WebServer=yes
    ///
    /// [Actions]
    /// ModifyResource:Name=%DB_APP,PublicPermission=RX
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <Resource Name="%DB_APP" Description="App data" Permission="RX"/>
    /// </Manifest>
    /// ```
    ///
    /// ```ini CSP.ini
    /// [LOCAL]
    /// Ip_Address=127.0.0.1
    /// TCP_Port=99999
    /// ```
    ///
    /// ## Use instead
    /// ```ini merge.cpf
    /// [Startup]
    /// WebServer=0
    ///
    /// [Actions]
    /// ModifyResource:Name=%DB_APP,PublicPermission=R
    /// ```
    ///
    /// ```xml manifest.xml
    /// <Manifest>
    ///   <SystemSetting Name="Config.Startup.WebServer" Value="0"/>
    /// </Manifest>
    /// ```
    ///
    /// ```ini CSP.ini
    /// [LOCAL]
    /// Ip_Address=127.0.0.1
    /// TCP_Port=1972
    /// ```
    ///
    /// ## Fix
    /// Write a valid value; the message says which ones are. No automatic fix.
    ///
    /// ## Source
    /// InterSystems, Configuration Parameter File reference and class references (types and
    /// ranges of each setting).
    pub struct InvalidValue {
        code: "IRIS904",
        name: "invalid-value",
        severity: Error,
        development_info: false,
        formats: ["all"],
        fixable: false,
        summary: "a value of the wrong type or out of range",
    }
}

/// Why `value` does not fit `item`, if it does not.
pub fn problem(item: &Item, value: &str, xml: bool) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || has_placeholder(v) {
        return None;
    }
    match item.value_type {
        ValueType::Bool => {
            let ok = matches!(v, "0" | "1")
                || (xml && matches!(v.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no"));
            (!ok).then(|| format!("`{v}` is not a boolean (0 or 1)"))
        }
        ValueType::Int => match v.parse::<i64>() {
            Err(_) => Some(format!("`{v}` is not a whole number")),
            Ok(n) if item.min.is_some_and(|m| n < m) || item.max.is_some_and(|m| n > m) => Some(format!(
                "{n} is out of range ({}–{})",
                item.min.map_or("…".into(), |m| m.to_string()),
                item.max.map_or("…".into(), |m| m.to_string())
            )),
            Ok(_) => None,
        },
        ValueType::Enum if !item.values.is_empty() => {
            let ok = item.values.iter().any(|a| a.eq_ignore_ascii_case(v));
            (!ok).then(|| format!("`{v}` is not one of {}", item.values.join(", ")))
        }
        ValueType::Authmask => parse_mask(v).is_none().then(|| format!("`{v}` is not an authentication mask")),
        ValueType::Permission => Permission::parse(v).is_none().then(|| format!("`{v}` is not a permission (R, W, U)")),
        _ => None,
    }
}

impl Rule for InvalidValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context) {
        let doc = ctx.doc;
        let mut lookups = Lookups::new(doc.format);
        for entry in &doc.entries {
            let Some((value, range)) = &entry.value else {
                continue;
            };
            let Lookup::Known(Some(item)) = lookups.lookup(entry) else {
                continue;
            };
            if let Some(problem) = problem(item, value, doc.format.is_xml()) {
                ctx.report(
                    *range,
                    format!("value of {}", entry.name),
                    format!("invalid value for {}: {problem}", entry.name),
                );
            }
        }
    }
}
