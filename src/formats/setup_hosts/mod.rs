//! The files setup code is written in, each cut into the units of
//! ObjectScript it holds (and, for container files, the variables and ports
//! they set). A new host is a new module here; the facts are the same.

pub mod class;
pub mod compose;
pub mod dockerfile;
pub mod env_file;
pub mod script;
pub mod shell;
mod variables;
