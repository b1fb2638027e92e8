//! Hostile files through the binary: each gets a clear message, and the
//! process exits in bounded time and memory (a watchdog kills it otherwise).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory seen while it ran (kB), where /proc tells it.
    peak_kb: u64,
}

/// Runs `irislint args` in `dir`, killing it after `limit`.
fn run(args: &[&str], dir: &Path, limit: Duration) -> Run {
    let out = tempfile::tempdir().unwrap();
    let (so, se) = (out.path().join("stdout"), out.path().join("stderr"));
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&so).unwrap())
        .stderr(std::fs::File::create(&se).unwrap())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("irislint {args:?} still running after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    Run { code: status.code(), stdout: read(&so), stderr: read(&se), elapsed, peak_kb }
}

impl Run {
    /// Exited by itself, without a panic, with a code the documentation lists.
    fn exited_cleanly(&self) -> &Self {
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
        assert!(matches!(self.code, Some(0..=2)), "exit {:?}: {}", self.code, self.stderr);
        self
    }

    fn within(&self, seconds: u64, mb: u64) -> &Self {
        assert!(self.elapsed < Duration::from_secs(seconds), "took {:?}", self.elapsed);
        assert!(self.peak_kb < mb * 1024, "peak RSS {} kB", self.peak_kb);
        self
    }

    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

const SECS: Duration = Duration::from_secs(60);

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A big merge file of about `bytes` bytes: realistic actions, repeated.
fn big_merge(path: &Path, bytes: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f.write_all(b"[Startup]\nWebServer=1\n[Actions]\n").unwrap();
    let mut written = 0;
    let mut i = 0;
    while written < bytes {
        let line = format!(
            "CreateApplication:Name=/csp/app{i},NameSpace=USER,DispatchClass=App.REST,AutheEnabled=32,MatchRoles=:%DB_USER\n"
        );
        f.write_all(line.as_bytes()).unwrap();
        written += line.len();
        i += 1;
    }
}

#[test]
fn a_100_mb_file_is_refused_under_the_default_limit() {
    let dir = tempfile::tempdir().unwrap();
    big_merge(&dir.path().join("merge.cpf"), 100 << 20);
    let r = run(&["check", "--no-progress", "merge.cpf"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("merge.cpf: file is") && r.stderr.contains("--max-file-size"), "{}", r.stderr);
    // The same file found by walking the folder is refused the same way.
    let r = run(&["check", "--no-progress", "."], dir.path(), SECS);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("over the limit"), "{}", r.stderr);
}

/// Heavy: about 30 s and 5 GB of memory in a release build, minutes in a
/// debug one; `bench/run.sh` measures it. Run with
/// `cargo test --release --test hostile -- --ignored`.
#[test]
#[ignore = "heavy: checks 100 MB; measured by bench/run.sh"]
fn a_100_mb_file_is_checked_when_the_limit_is_raised() {
    let dir = tempfile::tempdir().unwrap();
    big_merge(&dir.path().join("merge.cpf"), 100 << 20);
    let r = run(
        &["check", "--no-progress", "--format", "json", "--max-file-size", "200000000", "merge.cpf"],
        dir.path(),
        Duration::from_secs(300),
    );
    r.exited_cleanly().within(300, 8 * 1024);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
}

#[test]
fn a_1_mb_single_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(1 << 20);
    write(
        dir.path(),
        "merge.cpf",
        format!("[Actions]\nCreateUser:Name=u,Roles=%All,Password=SYS,Comment={long}").as_bytes(),
    );
    write(dir.path(), "CSP.ini", format!("[SYSTEM]\nSystem_Manager=*.*.*.*,{long}").as_bytes());
    write(
        dir.path(),
        "Installer.xml",
        format!(
            "<Manifest><CSPApplication Url=\"/a\" AuthenticationMethods=\"64\" Description=\"{long}\"/></Manifest>"
        )
        .as_bytes(),
    );
    write(dir.path(), "module.xml", format!("<Module><Name>{long}</Name></Module>").as_bytes());
    let comma = "a=1,".repeat(1 << 16);
    write(dir.path(), "many/merge.cpf", format!("[Actions]\nCreateUser:Name=u,{comma}").as_bytes());
    // 65,536 findings on one line (each property is unknown).
    let r = run(&["check", "--no-progress", "--format", "json", "."], dir.path(), SECS);
    r.exited_cleanly().within(30, 2048);
    let findings: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let paths: Vec<&str> = findings.as_array().unwrap().iter().filter_map(|f| f["path"].as_str()).collect();
    for name in ["merge.cpf", "CSP.ini", "Installer.xml"] {
        assert!(paths.contains(&format!("./{name}").as_str()), "no finding in {name}");
    }
    // A message never carries a megabyte of the file.
    assert!(findings.as_array().unwrap().iter().all(|f| f["message"].as_str().unwrap().len() < 2000));
    // Nor does the text output show the whole line for each finding.
    std::fs::remove_dir_all(dir.path().join("many")).unwrap();
    let r = run(&["check", "--no-progress", "."], dir.path(), SECS);
    r.exited_cleanly().within(30, 1024);
    assert!(r.stdout.len() < 20_000, "{} bytes of text output", r.stdout.len());
    assert!(r.stdout.contains("Password=***"), "{}", r.stdout);
}

#[test]
fn binary_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Deterministic noise: a linear congruential generator.
    let mut x: u32 = 12345;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    for name in ["iris.cpf", "CSP.ini", "Installer.xml", "module.xml", "A.cls"] {
        write(dir.path(), &format!("bin/{name}"), &bytes);
    }
    let r = run(&["check", "--no-progress", "bin/iris.cpf"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("bin/iris.cpf: binary file (NUL byte at offset"), "{}", r.stderr);
    assert!(!r.stdout.contains("IRIS901"), "{}", r.stdout);
    // Found in a folder, each file with one of our names is refused the same way.
    let r = run(&["check", "--no-progress", "bin"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert_eq!(r.stderr.matches(": binary file (NUL byte at offset").count(), 5, "{}", r.stderr);
    assert!(!r.stdout.contains("IRIS901"), "{}", r.stdout);
}

#[test]
fn nul_bytes_in_a_text_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", b"[Actions]\nCreateApplication:Name=/a,AutheEnabled=64\n\0\0\n");
    let r = run(&["check", "--no-progress", "merge.cpf"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("merge.cpf: binary file (NUL byte at offset 52); not checked"), "{}", r.stderr);
    // Standard input is judged the same way.
    let mut child = Command::new(env!("CARGO_BIN_EXE_irislint"))
        .args(["check", "--no-progress", "--stdin-filename", "merge.cpf", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"[Startup]\n\0WebServer=1\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("merge.cpf: binary file (NUL byte at offset 10)"), "{stderr}");
}

#[test]
fn invalid_utf8_is_checked_with_a_notice_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"[Actions]\nCreateUser:Name=caf\xe9\xff,Roles=%All,Password=SYS\n";
    write(dir.path(), "merge.cpf", bytes);
    let r = run(&["check", "--no-progress", "--fix", "--unsafe-fixes", "merge.cpf"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    assert!(r.stdout.contains("file is not valid UTF-8 (first bad byte at offset 29)"), "{}", r.all());
    assert!(r.stdout.contains("IRIS"), "{}", r.stdout);
    assert_eq!(std::fs::read(dir.path().join("merge.cpf")).unwrap(), bytes, "the file was rewritten");
}

#[test]
fn utf16_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[Actions]\r\nCreateApplication:Name=/a,AutheEnabled=64\r\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    write(dir.path(), "le/merge.cpf", &le);
    write(dir.path(), "be/merge.cpf", &be);
    let r = run(&["check", "--no-progress", "--fix", "--unsafe-fixes", "le", "be"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    for name in ["le/merge.cpf", "be/merge.cpf"] {
        assert!(r.stdout.contains(&format!("{name}: file is UTF-16")), "{}", r.all());
        assert!(r.stdout.contains(&format!("{name}:2:27: IRIS401")), "{}", r.stdout);
    }
    assert_eq!(std::fs::read(dir.path().join("le/merge.cpf")).unwrap(), le, "a UTF-16 file was rewritten");
}

#[test]
fn deeply_nested_xml() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let mut xml = String::from("<Manifest>");
    xml.push_str(&"<Namespace Name=\"N\">".repeat(depth));
    xml.push_str("<CSPApplication Url=\"/deep\" AuthenticationMethods=\"64\"/>");
    xml.push_str(&"</Namespace>".repeat(depth));
    xml.push_str("</Manifest>");
    write(dir.path(), "Installer.xml", xml.as_bytes());
    let unclosed = format!("<Module>{}", "<a>".repeat(depth));
    write(dir.path(), "module.xml", unclosed.as_bytes());
    let cls = format!("Class A.I\n{{\nXData setup [ XMLNamespace = INSTALLER ]\n{{\n{xml}\n}}\n}}\n");
    write(dir.path(), "A.cls", cls.as_bytes());
    // Deep but plausible nesting is read.
    let shallow = format!(
        "<Manifest>{}<CSPApplication Url=\"/deep\" AuthenticationMethods=\"64\"/>{}</Manifest>",
        "<If Condition=\"1\">".repeat(200),
        "</If>".repeat(200)
    );
    write(dir.path(), "shallow/Installer.xml", shallow.as_bytes());
    let r = run(&["check", "--no-progress", "--format", "json", "."], dir.path(), SECS);
    r.exited_cleanly().within(30, 1024);
    let findings: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    for name in ["./Installer.xml", "./module.xml", "./A.cls"] {
        assert!(
            findings.as_array().unwrap().iter().any(|f| f["path"] == name
                && f["message"].as_str().unwrap().contains("nested deeper than 256 levels; the XML was not read")),
            "{name}: {}",
            r.stdout
        );
    }
    assert!(r.stdout.contains("/deep"), "{}", r.stdout);
}

#[test]
fn entities_are_never_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let mut doctype = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE Manifest [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        doctype.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    doctype.push_str("<!ENTITY ext SYSTEM \"file:///etc/passwd\">\n]>\n");
    let xml = format!(
        "{doctype}<Manifest><User Username=\"&lol9;\" Fullname=\"&ext;\" Roles=\"%All\" PasswordVar=\"p\"/>\
         <CSPApplication Url=\"/a&lol9;\" AuthenticationMethods=\"64\">&lol9;</CSPApplication></Manifest>\n"
    );
    write(dir.path(), "Installer.xml", xml.as_bytes());
    let r = run(&["check", "--no-progress", "--format", "json", "Installer.xml"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    assert!(r.stdout.len() < 100_000, "output of {} bytes", r.stdout.len());
    assert!(!r.stdout.contains("lollol"), "an entity was expanded");
    assert!(!r.stdout.contains("root:"), "an external entity was read");
    assert!(r.stdout.contains("/a&lol9;"), "{}", r.stdout);
}

#[test]
fn symlink_loops() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "tree/merge.cpf", b"[Startup]\nWebServer=1\n");
    std::os::unix::fs::symlink("..", d.join("tree/up")).unwrap();
    std::os::unix::fs::symlink(d.join("tree"), d.join("tree/self")).unwrap();
    std::os::unix::fs::symlink("loop2.cpf", d.join("loop1.cpf")).unwrap();
    std::os::unix::fs::symlink("loop1.cpf", d.join("loop2.cpf")).unwrap();
    let r = run(&["check", "--no-progress", "tree"], d, SECS);
    r.exited_cleanly().within(10, 200);
    assert_eq!(r.code, Some(1), "{}", r.all());
    assert!(r.stderr.contains("in 1 file."), "{}", r.stderr);
    let r = run(&["check", "--no-progress", "loop1.cpf"], d, SECS);
    r.exited_cleanly().within(10, 200);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("loop1.cpf: Too many levels of symbolic links"), "{}", r.stderr);
    let r = run(&["check", "--no-progress", "."], d, SECS);
    r.exited_cleanly().within(10, 200);
    assert!(r.stderr.contains("in 1 file."), "{}", r.stderr);
}

#[test]
fn unreadable_files() {
    let root = Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root.unwrap_or(true) {
        eprintln!("skipped: running as root (id -u is 0), so file permissions are not enforced");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "merge.cpf", b"[Startup]\nWebServer=1\n");
    std::fs::set_permissions(dir.path().join("merge.cpf"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = run(&["check", "--no-progress", "merge.cpf"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("merge.cpf: permission denied"), "{}", r.stderr);
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "merge.cpf",
        b"[Actions]\nCreateUser:Name=\x1b]0;owned\x07\x1b[2J,Roles=%All,Password=SYS\nCreateApplication:Name=/\x1b[31m,AutheEnabled=64\n",
    );
    let r = run(&["check", "--no-progress", "merge.cpf"], dir.path(), SECS);
    r.exited_cleanly().within(10, 200);
    assert!(r.stdout.contains("IRIS"), "{}", r.stdout);
    assert!(!r.all().contains('\x1b') && !r.all().contains('\x07'), "{:?}", r.all());
}

/// An unclosed string after `zpm` ending in a character of several bytes
/// (the command scan once sliced inside it and the run panicked).
#[test]
fn an_unclosed_zpm_string_ending_in_a_wide_character() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "iris.script", " zn \"%SYS\"\n zpm \"install passwordless \u{e9}\n".as_bytes());
    let r = run(&["check", "--no-progress", "iris.script"], dir.path(), SECS);
    r.exited_cleanly();
    assert!(r.stdout.contains("IRIS109"), "{}", r.all());
}
