//! The property tests' runner settings, one place for all: `PROPTEST_CASES`
//! when set, else the test's own number of cases; no regression files
//! written into the tree.

use proptest::test_runner::{Config, FileFailurePersistence};

pub fn config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default_cases);
    Config { cases, failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..Config::default() }
}
