//! The hand-written ObjectScript reader (`objectscript::read_fast`) gives
//! exactly what the grammar gives (`read_with_grammar`) wherever it reads a
//! unit: on every unit the hosts cut from the fixtures and the shared corpus
//! of real setup code, and on generated statements. It must also read most
//! real units itself, or the speed it exists for is lost.

#[path = "objectscript_support/compare.rs"]
mod compare;

use irislint::formats;
use irislint::syntax::embedded::Embedded;
use irislint::syntax::objectscript::{read_fast, recording_units};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

#[path = "proptest_support/mod.rs"]
mod proptest_support;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every unit of ObjectScript the hosts cut from the files under `dir`.
fn units(dir: &Path) -> Vec<(String, Embedded)> {
    let mut paths = Vec::new();
    files(dir, &mut paths);
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else { continue };
        let name = p.to_string_lossy().to_string();
        let Some(format) = formats::detect(&name, &text) else { continue };
        let (_, units) = recording_units(|| formats::read(&name, text, format));
        out.extend(units.into_iter().map(|u| (name.clone(), u)));
    }
    out
}

/// Checks every unit; returns (units, read by the fast reader).
fn check_all(units: &[(String, Embedded)]) -> (usize, usize) {
    let mut fast = 0;
    let mut failures = Vec::new();
    for (name, unit) in units {
        match compare::check(unit) {
            Ok(true) => fast += 1,
            Ok(false) => {
                if let Ok(dump) = std::env::var("OSR_DECLINED") {
                    use std::io::Write;
                    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(dump).unwrap();
                    writeln!(f, "=== {name}\n{}", unit.text).unwrap();
                }
            }
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
    (units.len(), fast)
}

#[test]
fn fixture_units_read_alike_and_mostly_fast() {
    let units = units(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"));
    let (total, fast) = check_all(&units);
    eprintln!("fixtures: {fast} of {total} units read by the hand-written reader");
    assert!(total > 10, "{total}");
    assert!(fast * 100 >= total * 85, "only {fast} of {total} fixture units read fast");
}

#[test]
fn corpus_units_read_alike_and_mostly_fast() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/setup");
    if !dir.is_dir() {
        return;
    }
    let units = units(&dir);
    let (total, fast) = check_all(&units);
    eprintln!("corpus: {fast} of {total} units read by the hand-written reader");
    // Today 21 of the 37 units that pass the prefilter: the rest are
    // old-style lines the reader leaves to the grammar (a block's brace on
    // the next line, `$case`, a continued line, heredocs that start with a
    // user name, `$` functions not checked against the grammar).
    assert!(fast * 100 >= total * 50, "only {fast} of {total} corpus units read fast");
}

/// The common shapes are read, not declined.
#[test]
fn common_shapes_are_read_fast() {
    for text in [
        " zn \"%SYS\"\n set p(\"AutheEnabled\")=$$$AutheCache+64\n do ##class(Security.Applications).Modify(\"/a\",.p)\n halt\n",
        " Do ##class(Security.Users).UnExpireUserPasswords(\"*\")\n zpm \"install passwordless\"\n // zpm \"install webterminal\"\n halt\n",
        "\tSet tSC = $$$OK\n\tTry {\n\t\tSet tSC = $SYSTEM.OBJ.Load(\"/x/I.cls\",\"ck\")\n\t} Catch ex {\n\t\tSet tSC = ex.AsStatus()\n\t}\n\tQuit tSC\n",
        " new $namespace\n set $namespace = \"%SYS\"\n if '##class(Security.Applications).Exists(name) {\n  write !,\"x\"\n } else { kill p }\n",
    ] {
        assert!(read_fast(&Embedded::whole(text)).is_some(), "declined: {text:?}");
        compare::check(&Embedded::whole(text)).unwrap();
    }
}

fn leaf() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "1",
        "-1",
        "+1",
        "0",
        "48",
        "1.5",
        ".5",
        "-.5",
        "1E3",
        "\"\"",
        "\"a\"",
        "\"a\"\"b\"",
        "\"x//y;z\"",
        "\"%SYS\"",
        "\"/*\"",
        "$$$OK",
        "$$$AutheCache",
        "$$$AutheUnauthenticated",
        "x",
        "p",
        "%p",
        "p(\"AutheEnabled\")",
        "p(1,x)",
        "^g",
        "^g(1)",
        "$get(x,1)",
        "$namespace",
        "$ZV",
        "..Prop",
        "..#P",
        "obj.Prop",
        "'x",
        "-x",
        "$$f^r(1)",
        "$$$Mac(x)",
        "$case(x,1:2)",
        "@x",
        "x?1N",
        "a!b",
        "$$$ISERR(sc)",
    ])
    .prop_map(str::to_string)
}

fn call(inner: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    let arg =
        prop_oneof![3 => inner, 1 => Just(String::new()), 1 => Just(".p".to_string()), 1 => Just(" .q ".to_string())];
    (
        prop::sample::select(vec![
            "##class(Security.Users).",
            "##class(Security.Applications).",
            "##Class(%SYSTEM.OBJ).",
            "$SYSTEM.OBJ.",
            "$system.Status.",
            "##class(A.B).",
            "..",
            "obj.",
        ]),
        prop::sample::select(vec!["Modify", "Create", "Get", "UnExpireUserPasswords", "%New", "Load"]),
        prop::collection::vec(arg, 0..4),
        prop::sample::select(vec!["", "", "", ".X", ".Y()"]),
    )
        .prop_map(|(class, method, args, tail)| format!("{class}{method}({}){tail}", args.join(",")))
}

fn expr() -> BoxedStrategy<String> {
    leaf()
        .prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                call(inner.clone()),
                (
                    inner.clone(),
                    prop::sample::select(vec!["+", " + ", "_", " _ ", "-", " - ", "=", "'=", "*", "&&", "#"]),
                    inner.clone()
                )
                    .prop_map(|(a, op, b)| format!("{a}{op}{b}")),
                inner.clone().prop_map(|a| format!("({a})")),
                inner.clone().prop_map(|a| format!("$$$ThrowOnError({a})")),
                inner.prop_map(|a| format!("x({a})")),
            ]
        })
        .boxed()
}

fn statement() -> BoxedStrategy<String> {
    let simple = prop_oneof![
        (
            prop::sample::select(vec!["set ", "s ", "Set ", "SET ", "set:x ", "s:'$d(p) "]),
            prop::sample::select(vec![
                "x",
                "b",
                "sc",
                "a",
                "p(\"A\")",
                "p(x,1)",
                "$namespace",
                "obj.P",
                "^g(1)",
                "..P"
            ]),
            prop::sample::select(vec!["=", " = "]),
            expr(),
            prop::option::of(expr())
        )
            .prop_map(|(cmd, t, eq, v, more)| match more {
                Some(m) => format!("{cmd}{t}{eq}{v},y{eq}{m}"),
                None => format!("{cmd}{t}{eq}{v}"),
            }),
        prop::sample::select(vec![
            "kill",
            "k",
            "kill p",
            "k p,q(1)",
            "new $namespace",
            "new p",
            "n a,b",
            "kill ^g",
            "kill  ",
            "kill:x p",
            "kill:'x  ",
            "new:y a",
            "continue",
            "continue:x",
            "$$$AddAllRoleTemporary",
            "$$$ThrowOnError(##class(A).B(.p))"
        ])
        .prop_map(str::to_string),
        (
            prop::sample::select(vec![
                "do ", "d ", "Do ", "do:x ", "w ", "write ", "quit ", "q:x ", "return ", "zn ", "throw ", "h ", "zw "
            ]),
            expr()
        )
            .prop_map(|(c, e)| format!("{c}{e}")),
        (prop::sample::select(vec!["do ", "d "]), call(expr()), call(expr()))
            .prop_map(|(c, a, b)| format!("{c}{a},{b}")),
        prop::sample::select(vec![
            "quit",
            "q",
            "halt",
            "h",
            "quit  ",
            "q:x  ",
            "w !,\"a\",!",
            "w",
            "do label^rtn",
            "d ..M(.x)",
            "if x quit",
            "halt\nhalt",
            "if '$Get(sc, 1) do ##class(%SYSTEM.Process).Terminate(, 1)",
            "if '##class(A).B() { }",
            "if 'sc do $system.OBJ.DisplayError(sc) quit",
            "if x '= \"\" set y = 1, z = 2  quit",
            "for i=1:1:3 set x=i",
            "i x s y=1 // c",
            "if x do ##class(A).B() ; c",
            "else  write 1",
            ". set x=1",
            "#define X 1",
            "&sql(select 1)",
            "x @y",
            "d x:y"
        ])
        .prop_map(str::to_string),
    ];
    simple
        .prop_recursive(2, 12, 3, |inner| {
            let body = prop::collection::vec((inner, sep()), 0..3)
                .prop_map(|v| v.into_iter().map(|(s, sep)| format!("{s}{sep}")).collect::<String>())
                .boxed();
            prop_oneof![
                (expr(), body.clone(), prop::option::of(body.clone())).prop_map(|(c, a, b)| match b {
                    Some(b) => format!("if {c} {{ {a}}}\n else {{{b} }}"),
                    None => format!("if {c} {{\n {a}\n }}"),
                }),
                (expr(), body.clone()).prop_map(|(c, a)| format!("if {c} {{ {a} }} elseif {c} {{ }}")),
                body.clone().prop_map(|a| format!("for i=1:1:3 {{ {a} }}")),
                body.clone().prop_map(|a| format!("for {{ {a}quit }}")),
                (expr(), body.clone()).prop_map(|(c, a)| format!("while {c} {{\n{a}\n}}")),
                (body.clone(), expr()).prop_map(|(a, c)| format!("do {{ {a} }} while {c}")),
                (body.clone(), body).prop_map(|(a, b)| format!("try {{\n {a}\n }} catch e {{ {b} }}")),
            ]
        })
        .boxed()
}

fn sep() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "\n ",
        "\n ",
        "\n\t",
        "\n    ",
        "  ",
        " ",
        "\n",
        " // c\n ",
        " ; c\n ",
        "\n #; c\n ",
        " /* c */ ",
        "\n /// d\n ",
        "\n ##; c\n ",
        ";c\n ",
        "//c\n ",
        "\t// c\n ",
        "\r\n ",
        "\n\n ",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(proptest_support::config(2048))]

    #[test]
    fn generated_statements_read_alike(
        lead in prop::sample::select(vec!["", " ", "\t", "  "]),
        stmts in prop::collection::vec((statement(), sep()), 1..6),
    ) {
        let text: String = std::iter::once(lead.to_string()).chain(stmts.into_iter().map(|(s, sep)| format!("{s}{sep}"))).collect();
        if let Err(why) = compare::check(&Embedded::whole(&text)) {
            prop_assert!(false, "{}", why);
        }
    }
}

/// Inputs the fuzz target found where the readers differed: read alike now
/// (the reader declines them).
#[test]
fn fuzz_findings_read_alike() {
    for text in [
        // A class name with an empty segment: the grammar recovers to `Security`.
        " do ##class(Security..Applications).Modiify(\"/csp/e\", .s)\n",
        " do ##class(%Security.%Users).Modify(\"u\", .s)\n",
        // An unclosed `zpm` string ending in a character of several bytes (a panic once).
        " zpm \"load \u{e9}\n",
        " zpm \"load /home/\u{fffd}",
        // `#;` after `write`: a comment to the grammar, not a form feed.
        " write #;\"not called here\",!\n halt\n",
        " write !#;x\n",
        // A special variable the grammar does not know, after `new`.
        " n $zbbbbm\n",
    ] {
        compare::check(&Embedded::whole(text)).unwrap();
    }
}

/// Every `$` function the reader reads without the grammar reads alike in
/// the shapes setup code uses; an unknown one is declined.
#[test]
fn known_functions_read_alike() {
    for f in irislint::syntax::objectscript::KNOWN_FUNCTIONS {
        for text in [
            format!(" set p(\"A\")=${f}(x,1)\n do ##class(Security.Users).Modify(\"u\",.p)\n"),
            format!(" set x=${}(\"a\",\"b\",2)+1\n", f.to_uppercase()),
        ] {
            compare::check(&Embedded::whole(&text)).unwrap_or_else(|e| panic!("${f}: {e}"));
        }
    }
    assert!(read_fast(&Embedded::whole(" set x=$jb(a,1)\n")).is_none());
}
