//! `--format text`: each finding with file:line:col, code, message, and the
//! source line with the responsible text underlined.

use super::{line_col, masked_columns, secret_ranges, DocIndex, FileReport, Reports};
use crate::findings::{Finding, Safety, Severity};
use crate::formats::Document;
use crate::syntax::text::{Encoding, TextRange};
use std::fmt::Write;
use std::io::IsTerminal;

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

pub fn render(reports: &[FileReport], color: bool) -> String {
    render_with(reports, color, false)
}

/// With `show_fixes`, each fix is shown as the lines it changes.
pub fn render_with(reports: &[FileReport], color: bool, show_fixes: bool) -> String {
    let mut out = Vec::new();
    let _ = write_with(&mut out, reports, color, show_fixes);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_with`], written to `out` file by file rather than held whole.
pub fn write_with<R: Reports + ?Sized>(
    out: &mut dyn std::io::Write,
    reports: &R,
    color: bool,
    show_fixes: bool,
) -> std::io::Result<()> {
    let paint = Paint(color);
    let render = |report: &FileReport, range: std::ops::Range<usize>, docs: &DocIndex| {
        let mut text = String::new();
        if let Some(notice) = report.notice.as_ref().filter(|_| range.start == 0) {
            let _ = writeln!(text, "{}: {}", paint.wrap("1", &printable(&report.doc.path)), notice);
        }
        let secrets = secret_ranges(&report.doc);
        for f in &report.findings[range] {
            render_finding(&mut text, &report.doc, f, &secrets, &paint, docs, show_fixes);
        }
        text.into_bytes()
    };
    reports.rendered(&render, &mut |bytes| out.write_all(bytes))
}

fn render_finding(
    out: &mut String,
    doc: &Document,
    f: &Finding,
    secrets: &[TextRange],
    paint: &Paint,
    docs: &DocIndex,
    show_fixes: bool,
) {
    let (line, col) = line_col(doc, f.range.start);
    let (sev_color, sev) = match f.severity {
        Severity::Error => ("1;31", "error"),
        Severity::Warning => ("1;33", "warning"),
        Severity::Info => ("1;36", "info"),
    };
    let _ = writeln!(
        out,
        "{}:{line}:{col}: {} {} {}",
        paint.wrap("1", &printable(&doc.path)),
        paint.wrap(sev_color, f.code),
        paint.wrap(sev_color, &format!("[{sev}]")),
        printable(&f.message)
    );
    // The source line, secrets masked, with the range underlined (first line only).
    let line_index = (line - 1) as usize;
    let lr = doc.lines.line_range(&doc.text, line_index);
    let start_col = doc.lines.position(&doc.text, f.range.start, Encoding::Chars).column as usize;
    let end = f.range.end.min(lr.end).max(f.range.start);
    let end_col = doc.lines.position(&doc.text, end, Encoding::Chars).column as usize;
    // A long line is shown as a window around the finding, not whole for each finding.
    let (shown, first_col) = window(&doc.text[lr.start..lr.end], start_col);
    let (source, columns) =
        masked_columns(&doc.text[lr.start + shown.start..lr.start + shown.end], lr.start + shown.start, secrets);
    let (before, after) = (if first_col > 0 { "…" } else { "" }, if shown.end < lr.len() { "…" } else { "" });
    let width = line.to_string().len();
    let gutter = " ".repeat(width);
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{line} | {before}{}{after}", printable(&source.replace('\t', " ")));
    // Columns of the masked line: a mask is as wide whatever it hides.
    let shown_cols = source.chars().count();
    let column = |c: usize| columns.get(c.saturating_sub(first_col)).copied().unwrap_or(shown_cols);
    // An end inside a secret is the end of its mask.
    let end_column = |c: usize| {
        let c = c.saturating_sub(first_col);
        match c.checked_sub(1).and_then(|p| columns.get(p)) {
            Some(prev) => columns.iter().skip(c).find(|x| *x != prev).copied().unwrap_or(shown_cols),
            None => column(c + first_col),
        }
    };
    let mark_start = column(start_col).min(shown_cols);
    let mark_end = end_column(end_col).max(mark_start);
    let marks = "^".repeat((mark_end - mark_start).min(shown_cols - mark_start).max(1));
    let _ =
        writeln!(out, "{gutter} | {}{}", " ".repeat(mark_start + before.len().min(1)), paint.wrap(sev_color, &marks));
    if let Some(fix) = &f.fix {
        let safety = match fix.safety {
            Safety::Safe => "fix",
            Safety::Unsafe => "unsafe fix",
        };
        let _ = writeln!(out, "{gutter} = {safety}: {}", fix.title);
        if show_fixes {
            out.push_str(&super::show_fixes::render(doc, fix, secrets, &gutter));
        }
    }
    for r in &f.related {
        let other = docs.get(&r.path, doc);
        let (line, col) = line_col(other, r.range.start);
        let _ = writeln!(out, "{gutter} = note: {}:{line}:{col}: {}", printable(&r.path), printable(&r.message));
    }
    out.push('\n');
}

/// Lines longer than this many characters are shown in part.
const MAX_SHOWN: usize = 240;

/// The part of `line` to show for a finding at column `col`: its byte range
/// and the column it starts at.
fn window(line: &str, col: usize) -> (TextRange, usize) {
    if line.len() <= MAX_SHOWN || line.chars().nth(MAX_SHOWN).is_none() {
        return (TextRange::new(0, line.len()), 0);
    }
    let first = col.saturating_sub(MAX_SHOWN / 4);
    let mut chars = line.char_indices().map(|(i, _)| i).chain(std::iter::once(line.len())).skip(first);
    let Some(start) = chars.next() else {
        return (TextRange::new(0, line.len()), 0);
    };
    let end = chars.nth(MAX_SHOWN - 1).unwrap_or(line.len());
    (TextRange::new(start, end), first)
}

/// Text from a file as the terminal may show it: each control character (an
/// escape sequence could retitle or clear the terminal) becomes one visible
/// character, so the underline keeps its columns.
pub(crate) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\t' => c,
            '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\x7f' => '\u{2421}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// What the closing summary counts, gathered file by file.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub total: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub safe: usize,
}

impl Tally {
    /// Counts one file's findings.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        for f in &report.findings {
            self.total += 1;
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            self.safe += usize::from(f.fix.as_ref().is_some_and(|x| x.safety == Safety::Safe));
        }
    }
}

/// The closing summary, for standard error.
pub fn summary(reports: &[FileReport], problems: usize) -> String {
    let mut tally = Tally::default();
    reports.iter().for_each(|r| tally.add(r));
    summary_of(&tally, problems)
}

/// [`summary`], from the counts.
pub fn summary_of(tally: &Tally, problems: usize) -> String {
    let Tally { files, total, errors, warnings, infos, safe } = *tally;
    let mut s = if total == 0 {
        format!("No findings in {} file{}.", files, plural(files))
    } else {
        format!(
            "Found {total} finding{} ({} error{}, {} warning{}, {} info) in {} file{}.",
            plural(total),
            errors,
            plural(errors),
            warnings,
            plural(warnings),
            infos,
            files,
            plural(files)
        )
    };
    if safe > 0 {
        let _ = write!(s, " {safe} with a safe fix.");
    }
    if problems > 0 {
        let _ = write!(s, " {problems} path{} could not be checked.", plural(problems));
    }
    s.push('\n');
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
