//! Facts: what a configuration file says about the instance's security,
//! independent of the file's format.

use super::authe::AutheMask;
use super::edit::{InsertHandle, ValueHandle};
use super::permissions::Permission;
use super::secrets::SecretForm;
use crate::syntax::text::TextRange;

/// A value as a file gives it.
#[derive(Clone, Debug)]
pub struct Value<T> {
    /// The text after quotes are removed and file-local variables substituted.
    pub text: String,
    /// The meaning; `None` when it cannot be known without running anything
    /// (`#{expr}`, an unresolved `${Var}`) or does not parse.
    pub parsed: Option<T>,
    /// The value's own text in the file.
    pub range: TextRange,
    /// The whole entry: `AutheEnabled=64`, `UnauthenticatedEnabled="1"`, `WebServer=1`.
    pub entry: TextRange,
    /// How to rewrite the value in its own syntax.
    pub handle: Option<ValueHandle>,
    /// Where a variable used in the value was defined (`<Default Name=… Value=…>`).
    pub defined_at: Option<TextRange>,
}

impl<T> Value<T> {
    pub fn known(&self) -> Option<&T> {
        self.parsed.as_ref()
    }
}

/// What an entry does to the object it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `Create…` actions and declarative definitions (installer elements, module.xml).
    Create,
    /// `Modify…` actions.
    Modify,
    /// `Delete…` actions.
    Delete,
}

/// What every object fact has: its name, and where it is written.
#[derive(Clone, Debug)]
pub struct Head {
    pub name: String,
    pub name_range: TextRange,
    pub origin: Origin,
    /// The whole definition: the action line, the element's start tag, the section header.
    pub anchor: TextRange,
    /// Where a property can be added to the definition.
    pub insert: Option<InsertHandle>,
}

impl Head {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

#[derive(Clone, Debug)]
pub struct User {
    pub head: Head,
    pub enabled: Option<Value<bool>>,
    pub roles: Option<Value<Vec<String>>>,
    pub change_password: Option<Value<bool>>,
    pub password_never_expires: Option<Value<bool>>,
    pub account_never_expires: Option<Value<bool>>,
    /// Index into [`Facts::secrets`] of the user's password, if the file sets one.
    pub password: Option<usize>,
}

/// A role's resources with the permission on each (`None` when unreadable).
pub type ResourceGrants = Vec<(String, Option<Permission>)>;

#[derive(Clone, Debug)]
pub struct Role {
    pub head: Head,
    pub resources: Option<Value<ResourceGrants>>,
    pub granted_roles: Option<Value<Vec<String>>>,
}

#[derive(Clone, Debug)]
pub struct Resource {
    pub head: Head,
    pub public_permission: Option<Value<Permission>>,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub head: Head,
    pub enabled: Option<Value<bool>>,
    pub authe: Option<Value<AutheMask>>,
    pub client_addresses: Option<Value<String>>,
}

/// How an application's authentication is written: a bit mask, or the
/// package manager's separate flags.
#[derive(Clone, Debug, Default)]
pub struct AppAuthe {
    /// The mask, as written or (not written) the default that applies: the
    /// format reader puts `Security.Applications.AutheEnabled`'s initial
    /// value, 64, where an application is created without one.
    pub mask: Option<Value<AutheMask>>,
    pub unauthenticated_flag: Option<Value<bool>>,
    pub password_flag: Option<Value<bool>>,
    /// Written with the package manager's flags (`<CSPApplication
    /// PasswordAuthEnabled=…>`), which a fix sets rather than a mask.
    pub flags: bool,
}

impl AppAuthe {
    /// Whether unauthenticated access is allowed, with the entry that says so.
    /// `None` when the file does not say (or cannot be read statically).
    pub fn unauthenticated(&self) -> Option<(bool, TextRange)> {
        if let Some(flag) = self.unauthenticated_flag.as_ref().filter(|f| f.known() == Some(&true)) {
            return Some((true, flag.entry));
        }
        if let Some(mask) = &self.mask {
            return mask.known().map(|m| (m.allows_unauthenticated(), mask.entry));
        }
        let flag = self.unauthenticated_flag.as_ref()?;
        flag.known().map(|b| (*b, flag.entry))
    }

    /// The entry whose value cannot be known statically, if any.
    pub fn unknown_entry(&self) -> Option<&Value<AutheMask>> {
        self.mask.as_ref().filter(|m| m.parsed.is_none() && self.unauthenticated_flag.is_none())
    }
}

/// `MatchRoles`: pairs of (role the user must hold, roles granted); an empty
/// match role grants to everyone who enters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchRoles(pub Vec<(String, Vec<String>)>);

impl MatchRoles {
    /// Reads `MatchRole:Target1:Target2,MatchRole2:Target3` (the form
    /// `Security.Applications` stores): groups split by commas, each a match
    /// role then the roles it grants, colon-separated; `:%DB_A:%All` grants to
    /// everyone. A group without a colon adds its roles to the group before
    /// it (`:%DB_A,%DB_B`).
    pub fn parse(raw: &str) -> MatchRoles {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for group in raw.split(',').map(str::trim).filter(|g| !g.is_empty()) {
            let mut parts = group.split(':').map(str::trim);
            let first = parts.next().unwrap_or("").to_string();
            let rest: Vec<String> = parts.filter(|p| !p.is_empty()).map(str::to_string).collect();
            match out.last_mut() {
                Some((_, granted)) if !group.contains(':') => granted.push(first),
                _ => out.push((first, rest)),
            }
        }
        MatchRoles(out)
    }

    /// The match roles whose granted roles include `role`.
    pub fn grants<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(_, g)| g.iter().any(|r| r.eq_ignore_ascii_case(role))).map(|(m, _)| m.as_str())
    }
}

#[derive(Clone, Debug)]
pub struct Application {
    pub head: Head,
    pub enabled: Option<Value<bool>>,
    pub authe: AppAuthe,
    /// Roles granted to everyone on entry: the installer's `Grant` (which
    /// becomes match roles with an empty match role). `Security.Applications`
    /// has no `Roles` property: its grants are `MatchRoles`.
    pub roles: Option<Value<Vec<String>>>,
    pub match_roles: Option<Value<MatchRoles>>,
    /// The resource required to run the application.
    pub resource: Option<Value<String>>,
    pub namespace: Option<Value<String>>,
    pub cors_allowlist: Option<Value<String>>,
    pub cors_credentials: Option<Value<bool>>,
}

/// An instance setting: a CPF `[Section] Key=Value`, a `Modify<Section>`
/// action property, or an installer `<SystemSetting Name="Config.Section.Key">`.
#[derive(Clone, Debug)]
pub struct Setting {
    /// Shared by the settings of one section.
    pub section: std::sync::Arc<str>,
    pub key: String,
    pub value: Value<String>,
}

impl Setting {
    pub fn is(&self, section: &str, key: &str) -> bool {
        self.section.eq_ignore_ascii_case(section) && self.key.eq_ignore_ascii_case(key)
    }
}

/// What a secret protects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// A user's password or password hash.
    UserPassword,
    /// `[Startup] PasswordHash`: the predefined accounts' password.
    StartupPasswordHash,
    /// The password the Web Gateway logs in to a server with.
    GatewayServerPassword,
    /// The password of the Web Gateway's management pages.
    GatewayManagerPassword,
    /// An interoperability credential.
    Credential,
    /// A container's environment variable that sets an IRIS password
    /// (`IRIS_PASSWORD`, `ISC_PACKAGE_IRISPWD`).
    ContainerVariable,
}

/// A password the file commits, in some form.
#[derive(Clone, Debug)]
pub struct Secret {
    pub kind: SecretKind,
    /// Who it belongs to, for messages: `user SuperUser`, `Web Gateway server LOCAL`.
    pub owner: String,
    pub form: SecretForm,
    pub value: Value<String>,
    /// The account name stored beside it, where there is one.
    pub username: Option<String>,
}

/// A Web Gateway server access profile (`CSP.ini` `[LOCAL]`).
#[derive(Clone, Debug)]
pub struct GatewayServer {
    pub head: Head,
    pub address: Option<Value<String>>,
    pub port: Option<Value<String>>,
    pub security_level: Option<Value<u32>>,
    pub username: Option<Value<String>>,
    pub password: Option<usize>,
    /// Whether any TLS setting is given a value.
    pub tls_configured: bool,
}

/// The Web Gateway's own settings (`CSP.ini` `[SYSTEM]`).
#[derive(Clone, Debug)]
pub struct GatewaySystem {
    pub anchor: TextRange,
    pub system_manager: Option<Value<String>>,
    pub username: Option<Value<String>>,
    pub password: Option<usize>,
}

/// A call of a class method at install time (`<Invoke>`, `Execute:`).
#[derive(Clone, Debug)]
pub struct Invoke {
    pub class: String,
    pub method: String,
    pub args: Vec<String>,
    pub anchor: TextRange,
}

#[derive(Clone, Debug)]
pub struct Database {
    pub head: Head,
    pub resource: Option<Value<String>>,
    pub directory: Option<Value<String>>,
}

#[derive(Clone, Debug)]
pub struct Namespace {
    pub head: Head,
    pub globals: Option<Value<String>>,
    pub routines: Option<Value<String>>,
}

/// An audit event switched on or off (`ModifyEvent:`).
#[derive(Clone, Debug)]
pub struct AuditEvent {
    /// `Source/Type/Name`, e.g. `%System/%Login/Login`.
    pub name: String,
    pub anchor: TextRange,
    pub enabled: Option<Value<bool>>,
}

/// A package installed into the instance by the package manager
/// (`zpm "install passwordless"`, `Shell("install …")`, a `<Dependency>`).
#[derive(Clone, Debug)]
pub struct PackageInstall {
    /// The package's name as written (`passwordless`).
    pub name: String,
    /// Where the name stands.
    pub range: TextRange,
    /// The whole command or element.
    pub anchor: TextRange,
}

/// A container port published to the host (`ports:` of a compose service).
#[derive(Clone, Debug)]
pub struct PublishedPort {
    /// The port inside the container.
    pub container_port: u16,
    /// The host address it is bound to; `None`: every interface.
    pub host_address: Option<String>,
    /// The entry as written (`"9011:1972"`).
    pub range: TextRange,
    /// The service that publishes it.
    pub service: String,
}

/// How a container or setup file ties other files to the instance it builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireKind {
    /// A merge file applied at start or by `iris merge` (`ISC_CPF_MERGE_FILE=<path>`).
    MergeFile,
    /// Files of the repository placed at a path in the container: Dockerfile
    /// `COPY`/`ADD` (`from` relative to the build context), compose `volumes:`
    /// (`from` relative to the compose file).
    Copy { from: String },
    /// The folder a compose service builds its image from (`build: ./iris`).
    BuildContext,
}

/// One tie, as written: `target` is a path in the container (a repository
/// path for [`WireKind::BuildContext`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wire {
    pub kind: WireKind,
    pub target: String,
    pub range: TextRange,
}

/// Every fact of one file, by kind.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub users: Vec<User>,
    pub roles: Vec<Role>,
    pub resources: Vec<Resource>,
    pub services: Vec<Service>,
    pub applications: Vec<Application>,
    pub settings: Vec<Setting>,
    pub secrets: Vec<Secret>,
    pub gateway_servers: Vec<GatewayServer>,
    pub gateway_system: Option<GatewaySystem>,
    pub invokes: Vec<Invoke>,
    pub databases: Vec<Database>,
    pub namespaces: Vec<Namespace>,
    pub audit_events: Vec<AuditEvent>,
    pub packages: Vec<PackageInstall>,
    pub ports: Vec<PublishedPort>,
    pub wiring: Vec<Wire>,
}

impl Facts {
    /// Records a user's password; returns its index for [`User::password`].
    pub fn add_user_password(&mut self, user: &str, form: SecretForm, value: Value<String>) -> usize {
        self.secrets.push(Secret {
            kind: SecretKind::UserPassword,
            owner: format!("user {user}"),
            form,
            value,
            username: Some(user.to_string()),
        });
        self.secrets.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_roles_forms() {
        let m = MatchRoles::parse(":%DB_USER:%All");
        assert_eq!(m.grants("%all").collect::<Vec<_>>(), vec![""]);
        let m = MatchRoles::parse("%Dev:%All,%Ops:%Operator");
        assert_eq!(m.grants("%All").collect::<Vec<_>>(), vec!["%Dev"]);
        // %All only for holders of %Manager, beside roles granted to everyone.
        let m = MatchRoles::parse(":%DB_APP,%Manager:%All");
        assert_eq!(m.grants("%All").collect::<Vec<_>>(), vec!["%Manager"]);
        assert_eq!(m.grants("%DB_APP").collect::<Vec<_>>(), vec![""]);
        assert_eq!(MatchRoles::parse(":%DB_A,%DB_B").grants("%DB_B").collect::<Vec<_>>(), vec![""]);
        assert_eq!(MatchRoles::parse(":{$dbrole}").grants("%All").count(), 0);
    }
}
