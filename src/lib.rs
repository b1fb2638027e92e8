//! irislint: find insecure settings in InterSystems IRIS configuration files.
//!
//! The crate is layered; each layer depends only on the ones listed before it:
//! `syntax` (lossless trees) → `formats` (facts from one file) → `model` (the
//! format-free security vocabulary) → `rules` → `findings` → the front ends
//! (`cli`, `report`).

pub mod catalog;
pub mod cli;
pub mod findings;
pub mod formats;
pub mod model;
pub mod report;
pub mod rules;
pub mod syntax;
pub mod workspace;

pub use findings::{Finding, Severity};
pub use formats::{Document, Format};
pub mod lint;
pub mod lsp;
