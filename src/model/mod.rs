//! The security model: format-free facts about users, roles, resources,
//! services, applications and settings, each value with where it came from.

pub mod authe;
pub mod edit;
pub mod facts;
pub mod key_table;
pub mod known;
pub mod names;
pub mod permissions;
pub mod secrets;

pub use facts::*;
