//! Every rule, in code order.

use super::application_conditionally_grants_all::ApplicationConditionallyGrantsAll;
use super::application_grants_all::ApplicationGrantsAll;
use super::audit_event_disabled::AuditEventDisabled;
use super::auditing_disabled::AuditingDisabled;
use super::cors_any_origin::CorsAnyOrigin;
use super::default_password::DefaultPassword;
use super::development_module::DevelopmentModule;
use super::duplicate_definition::DuplicateDefinition;
use super::gateway_default_manager_password::GatewayDefaultManagerPassword;
use super::gateway_manager_open::GatewayManagerOpen;
use super::gateway_no_tls::GatewayNoTls;
use super::gateway_service_auth_mismatch::GatewayServiceAuthMismatch;
use super::gateway_unauthenticated_connection::GatewayUnauthenticatedConnection;
use super::invalid_value::InvalidValue;
use super::lockout_risk::LockoutRisk;
use super::minimal_security_install::MinimalSecurityInstall;
use super::password_expiry_bypassed::PasswordExpiryBypassed;
use super::percent_global_write::PercentGlobalWrite;
use super::plaintext_secret::PlaintextSecret;
use super::port_published_all_interfaces::PortPublishedAllInterfaces;
use super::portal_unauthenticated::PortalUnauthenticated;
use super::predefined_account_enabled::PredefinedAccountEnabled;
use super::private_web_server_enabled::PrivateWebServerEnabled;
use super::privilege_by_proxy::PrivilegeByProxy;
use super::public_application::PublicApplication;
use super::public_resource::PublicResource;
use super::remote_jobs_enabled::RemoteJobsEnabled;
use super::required_public_resource_changed::RequiredPublicResourceChanged;
use super::role_too_powerful::RoleTooPowerful;
use super::service_no_client_restriction::ServiceNoClientRestriction;
use super::service_unauthenticated::ServiceUnauthenticated;
use super::superserver_all_interfaces::SuperserverAllInterfaces;
use super::syntax_error::SyntaxError;
use super::system_user_enabled::SystemUserEnabled;
use super::too_many_superusers::TooManySuperusers;
use super::unauthenticated_application::UnauthenticatedApplication;
use super::undefined_reference::UndefinedReference;
use super::unknown_name::UnknownName;
use super::unknownuser_privileged::UnknownuserPrivileged;
use super::unneeded_service_enabled::UnneededServiceEnabled;
use super::unused_suppression::UnusedSuppression;
use super::unused_user_database::UnusedUserDatabase;
use super::weak_password_policy::WeakPasswordPolicy;
use super::webgateway_use_public::WebgatewayUsePublic;
use super::workspace_context::WorkspaceRule;
use super::Rule;

static RULES: &[&dyn Rule] = &[
    &DefaultPassword,
    &PlaintextSecret,
    &SystemUserEnabled,
    &UnknownuserPrivileged,
    &PredefinedAccountEnabled,
    &PasswordExpiryBypassed,
    &WeakPasswordPolicy,
    &TooManySuperusers,
    &DevelopmentModule,
    &PublicResource,
    &RequiredPublicResourceChanged,
    &WebgatewayUsePublic,
    &RoleTooPowerful,
    &PrivilegeByProxy,
    &UnneededServiceEnabled,
    &ServiceUnauthenticated,
    &ServiceNoClientRestriction,
    &RemoteJobsEnabled,
    &UnauthenticatedApplication,
    &ApplicationGrantsAll,
    &ApplicationConditionallyGrantsAll,
    &PortalUnauthenticated,
    &PublicApplication,
    &CorsAnyOrigin,
    &PrivateWebServerEnabled,
    &GatewayUnauthenticatedConnection,
    &GatewayManagerOpen,
    &GatewayNoTls,
    &GatewayDefaultManagerPassword,
    &AuditingDisabled,
    &AuditEventDisabled,
    &SuperserverAllInterfaces,
    &UnusedUserDatabase,
    &MinimalSecurityInstall,
    &PortPublishedAllInterfaces,
    &PercentGlobalWrite,
    &GatewayServiceAuthMismatch,
    &LockoutRisk,
    &UndefinedReference,
    &SyntaxError,
    &UnknownName,
    &DuplicateDefinition,
    &InvalidValue,
    &UnusedSuppression,
];

pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

/// The rules that read the files of an instance together.
static WORKSPACE_RULES: &[&dyn WorkspaceRule] =
    &[&TooManySuperusers, &GatewayServiceAuthMismatch, &LockoutRisk, &UndefinedReference];

pub fn workspace_rules() -> &'static [&'static dyn WorkspaceRule] {
    WORKSPACE_RULES
}

pub fn by_code(code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().code.eq_ignore_ascii_case(code) || r.meta().name.eq_ignore_ascii_case(code))
}

/// `ALL`, a rule code, or a prefix of one (`IRIS4`).
pub fn is_code_or_prefix(selector: &str) -> bool {
    let s = selector.to_ascii_uppercase();
    s == "ALL" || (s.starts_with("IRIS") && RULES.iter().any(|r| r.meta().code.starts_with(&s)))
}
