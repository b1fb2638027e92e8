//! Running the `irislint` binary in a scratch folder, for the command-line suites.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub fn irislint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_irislint")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `text` to `dir/name`, creating the folders between.
pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
