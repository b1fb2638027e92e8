//! Code embedded in a host file: ObjectScript cut out of a script, a class
//! method, a Dockerfile `RUN`, a shell heredoc or a quoted argument. The
//! embedded text is parsed on its own; every offset in it maps back to the
//! host file, so findings and fixes stand where the user wrote the code.

use super::text::TextRange;

/// A run of embedded bytes that come from one place of the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    /// Start in the embedded text.
    at: usize,
    /// Start in the host.
    host: usize,
    len: usize,
    /// The bytes are the host's own (no escape sequence was undone), so an
    /// edit of them is an edit of the host at the same place.
    verbatim: bool,
}

/// Embedded text with its map to the host file.
#[derive(Clone, Debug, Default)]
pub struct Embedded {
    pub text: String,
    runs: Vec<Run>,
    /// The host expands shell variables in this text (an unquoted heredoc, a
    /// double-quoted argument): a `$NAME` in it is only known at run time.
    pub shell_expanded: bool,
}

impl Embedded {
    pub fn new() -> Self {
        Self::default()
    }

    /// The whole host, as it is (a `.script` file).
    pub fn whole(host: &str) -> Self {
        let mut e = Self::new();
        e.push_verbatim(host, TextRange::new(0, host.len()));
        e
    }

    /// Appends the host's bytes in `range` unchanged.
    pub fn push_verbatim(&mut self, host: &str, range: TextRange) {
        if range.is_empty() {
            return;
        }
        self.push_run(range.start, &host[range.start..range.end], true);
    }

    /// Appends text that stands for the host bytes starting at `host_at` but
    /// is not their copy (an undone escape: `\"` read as `"`).
    pub fn push_translated(&mut self, host_at: usize, text: &str) {
        self.push_run(host_at, text, false);
    }

    /// Appends a separator the host does not write (the newline between two
    /// commands of one Dockerfile `RUN`); it maps to `host_at`.
    pub fn push_separator(&mut self, host_at: usize, text: &str) {
        self.push_run(host_at, text, false);
    }

    /// Appends `outer`'s embedded text `start..end`, mapped through to
    /// `outer`'s host (a heredoc inside a Dockerfile `RUN`).
    pub fn push_slice(&mut self, outer: &Embedded, start: usize, end: usize) {
        let first = outer.runs.partition_point(|r| r.at + r.len <= start);
        for r in &outer.runs[first..] {
            if r.at >= end {
                break;
            }
            let s = start.max(r.at);
            let e = end.min(r.at + r.len);
            let piece = &outer.text[s..e];
            if r.verbatim {
                self.push_run(r.host + (s - r.at), piece, true);
            } else {
                self.push_run(r.host, piece, false);
            }
        }
    }

    /// The same code with a blank before each line that starts in the first
    /// column (the blank maps to the line's start). Typed at the terminal
    /// (`iris session`), a first-column word is a command; to a reader of
    /// routines it is a label: `set p(1)=2` would be the label `set` and the
    /// command `p` (`print`).
    pub fn indented(&self) -> Embedded {
        let mut out = Embedded { shell_expanded: self.shell_expanded, ..Embedded::default() };
        let mut start = 0;
        for line in self.text.split_inclusive('\n') {
            let end = start + line.len();
            if !line.starts_with([' ', '\t', '\r', '\n']) {
                out.push_separator(self.host(start), " ");
            }
            out.push_slice(self, start, end);
            start = end;
        }
        out
    }

    /// Appends text standing for `outer`'s bytes at `at` (an undone escape).
    pub fn push_translated_from(&mut self, outer: &Embedded, at: usize, text: &str) {
        self.push_run(outer.host(at), text, false);
    }

    fn push_run(&mut self, host: usize, text: &str, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let at = self.text.len();
        if let Some(last) = self.runs.last_mut() {
            if verbatim && last.verbatim && last.at + last.len == at && last.host + last.len == host {
                last.len += text.len();
                self.text.push_str(text);
                return;
            }
        }
        self.runs.push(Run { at, host, len: text.len(), verbatim });
        self.text.push_str(text);
    }

    fn run_of(&self, offset: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.at <= offset);
        i.checked_sub(1).map(|i| &self.runs[i])
    }

    /// The host offset of an embedded offset (the end of the text maps to
    /// the end of the last run).
    pub fn host(&self, offset: usize) -> usize {
        match self.run_of(offset) {
            Some(r) if r.verbatim => r.host + (offset - r.at).min(r.len),
            // A translated byte stands for its escape sequence as a whole.
            Some(r) => r.host + usize::from(offset >= r.at + r.len),
            None => self.runs.first().map_or(0, |r| r.host),
        }
    }

    /// The host range of an embedded range.
    pub fn host_range(&self, start: usize, end: usize) -> TextRange {
        let s = self.host(start);
        // The end is the end of the byte before it, not the start of the next run.
        let e = if end > start { self.host_end(end) } else { s };
        TextRange::new(s, e.max(s))
    }

    fn host_end(&self, end: usize) -> usize {
        match self.run_of(end - 1) {
            Some(r) if r.verbatim => r.host + (end - r.at).min(r.len),
            Some(r) => r.host + 1,
            None => 0,
        }
    }

    /// Whether the embedded range is a verbatim copy of one host range, so
    /// that replacing it replaces the host's text.
    pub fn is_verbatim(&self, start: usize, end: usize) -> bool {
        if end <= start {
            return self.run_of(start).is_some_and(|r| r.verbatim);
        }
        self.run_of(start).is_some_and(|r| r.verbatim && end <= r.at + r.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_runs() {
        let host = "RUN \\\n  do a \\\n  do \\\"b\\\"";
        let mut e = Embedded::new();
        e.push_verbatim(host, TextRange::new(8, 12)); // "do a"
        e.push_separator(12, "\n");
        e.push_verbatim(host, TextRange::new(17, 20)); // "do "
        e.push_translated(20, "\"");
        e.push_verbatim(host, TextRange::new(22, 23)); // "b"
        assert_eq!(e.text, "do a\ndo \"b");
        assert_eq!(e.host_range(0, 4), TextRange::new(8, 12));
        assert_eq!(e.host_range(5, 8), TextRange::new(17, 20));
        assert_eq!(e.host(8), 20);
        assert_eq!(e.host(9), 22);
        assert!(e.is_verbatim(5, 8));
        assert!(!e.is_verbatim(7, 10));
        assert_eq!(&host[e.host_range(9, 10).start..e.host_range(9, 10).end], "b");
    }

    #[test]
    fn indented_code_maps_to_the_same_host_bytes() {
        let host = "set p(1)=2\n do x\n\nk p\n";
        let e = Embedded::whole(host).indented();
        assert_eq!(e.text, " set p(1)=2\n do x\n\n k p\n");
        let p = e.text.find("p(1)").unwrap();
        assert_eq!(e.host_range(p, p + 4), TextRange::new(4, 8));
        assert!(e.is_verbatim(p, p + 4), "an edit of the code is an edit of the host");
        let k = e.text.find("k p").unwrap();
        assert_eq!(e.host_range(k, k + 3), TextRange::new(18, 21));
    }
}
