//! A batch run that writes its report while it checks. Files are grouped
//! into instances first, from what grouping reads (their format, and the
//! wiring of setup files); then, in the order of their first file, the
//! instances are read, checked, joined with their cross-file findings,
//! written in path order and let go. Only the files of an instance whose
//! files interleave with later ones in path order wait, checked, for their
//! turn.

use super::{
    check_instance, check_prepared, join_workspace, prepare, slim, wired_candidates, CheckArgs, Configs, Outcome,
};
use crate::cli::discover::{self, Candidate};
use crate::cli::progress::Progress;
use crate::cli::OutputFormat;
use crate::findings::baseline::BaselineFilter;
use crate::findings::config::Config;
use crate::formats::{Document, Format};
use crate::report::text::Tally;
use crate::report::{DocIndex, FileReport, Problem, Reports, Window, WINDOW};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Files checked together before their reports are written: enough for
/// both threads to share the work, few enough to hold.
const BATCH: usize = 256;

/// Whether the run only writes a report of the files' findings, which can
/// be written while the files are checked. Anything else (fixing, standard
/// input, other reports) reads every file's findings first.
pub(super) fn applies(args: &CheckArgs) -> bool {
    let holds_all = args.paths.iter().any(|p| p.as_os_str() == "-")
        || args.fix
        || args.diff
        || args.add_suppressions
        || args.compliance
        || args.explain_effective
        || args.statistics
        || args.write_baseline.is_some();
    !holds_all && matches!(args.format, OutputFormat::Text | OutputFormat::Json | OutputFormat::Sarif)
}

/// Formats whose documents carry wiring: checked at first sight, since
/// grouping reads them whole.
fn wires(format: Format) -> bool {
    matches!(format, Format::Dockerfile | Format::Compose | Format::Shell | Format::EnvFile)
}

/// A file found to be read: checked already, or to check in its turn.
enum Seen {
    Checked(Outcome),
    Later { candidate: Candidate, look: Document },
}

impl Seen {
    /// What grouping reads of the file.
    fn doc(&self) -> &Document {
        match self {
            Seen::Checked(o) => &o.report.doc,
            Seen::Later { look, .. } => look,
        }
    }
}

/// Reads a file once to tell its format (and checks it now if it carries wiring).
fn first_look(candidate: &Candidate, args: &CheckArgs, configs: &Configs) -> Result<Option<Seen>, Problem> {
    let Some(p) = prepare(candidate, args, configs)? else { return Ok(None) };
    if wires(p.format) {
        let mut o = check_prepared(p);
        slim(&mut o, args);
        return Ok(Some(Seen::Checked(o)));
    }
    let look = Document::new(&p.display, String::new(), p.format);
    let candidate = Candidate { path: candidate.path.clone(), explicit: candidate.explicit, format: Some(p.format) };
    Ok(Some(Seen::Later { candidate, look }))
}

/// The files looked at, into those to check and the problems met.
fn sort_out(looked: Vec<Result<Option<Seen>, Problem>>, seen: &mut Vec<Seen>, problems: &mut Vec<Problem>) {
    for r in looked {
        match r {
            Ok(Some(s)) => seen.push(s),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
}

/// One instance to check: its files (indexes in path order) in the order they apply.
struct Plan {
    name: String,
    layers: crate::workspace::Layers,
    members: Vec<usize>,
}

/// Where a file's report stands.
enum Slot {
    Waiting,
    Ready(Box<FileReport>),
    /// Could not be read again: said among the problems.
    Gone,
}

/// What the run found, once the report is written.
pub(super) struct Finished {
    pub tally: Tally,
    pub problems: Vec<Problem>,
}

/// The run's files, checked as their reports are asked for.
pub(super) struct Run<'a> {
    args: &'a CheckArgs,
    configs: &'a Configs<'a>,
    /// The files still to check, until the report asks for them.
    pending: RefCell<Option<Pending>>,
    state: RefCell<State>,
}

/// The files to check, instance by instance.
struct Pending {
    seen: Vec<Option<Seen>>,
    plans: Vec<Plan>,
    /// The next plan to check.
    next: usize,
}

/// The reports checked and not yet written, and what the written ones counted.
struct State {
    slots: Vec<Slot>,
    next_out: usize,
    /// Documents that related locations of other files name, for the
    /// reports of files still to write.
    kept: HashMap<String, Document>,
    filter: Option<BaselineFilter>,
    tally: Tally,
    problems: Vec<Problem>,
}

impl<'a> Run<'a> {
    /// Finds the files, reads what grouping needs and groups them.
    pub(super) fn new(
        args: &'a CheckArgs,
        configs: &'a Configs<'a>,
        paths: &[PathBuf],
        roots: &[String],
        filter: Option<BaselineFilter>,
    ) -> Self {
        let found = discover::discover(paths, configs.fixed.as_ref().unwrap_or(&Config::default()));
        let mut problems: Vec<Problem> = found
            .errors
            .into_iter()
            .map(|(path, message)| Problem { path: path.display().to_string(), message })
            .collect();
        let progress = Progress::new(found.files.len(), args.no_progress);
        let results: Vec<Result<Option<Seen>, Problem>> = found
            .files
            .par_iter()
            .map(|c| {
                let r = first_look(c, args, configs);
                progress.tick();
                r
            })
            .collect();
        progress.finish();
        let mut seen = Vec::new();
        sort_out(results, &mut seen, &mut problems);
        // Merge files the setup code's wiring names are read whatever their name.
        let wired = wired_candidates(&seen.iter().map(Seen::doc).collect::<Vec<_>>());
        let looked: Vec<_> = wired.iter().map(|c| first_look(c, args, configs)).collect();
        sort_out(looked, &mut seen, &mut problems);
        seen.sort_by(|a, b| a.doc().path.cmp(&b.doc().path));
        let plans = {
            let docs: Vec<&Document> = seen.iter().map(Seen::doc).collect();
            // By the document itself: a file named twice (in a folder and on its own) is read twice.
            let index: HashMap<*const Document, usize> =
                docs.iter().enumerate().map(|(i, d)| (*d as *const Document, i)).collect();
            let named = configs.for_path(Path::new(".")).map(|c| c.instances).unwrap_or_default();
            let mut plans: Vec<Plan> = crate::workspace::group(&docs, roots, &named)
                .into_iter()
                .map(|i| Plan {
                    members: i.docs.iter().map(|d| index[&(*d as *const Document)]).collect(),
                    name: i.name,
                    layers: i.layers,
                })
                .collect();
            plans.sort_by_key(|p| p.members.iter().min().copied());
            plans
        };
        let slots = seen.iter().map(|_| Slot::Waiting).collect();
        let pending = Pending { seen: seen.into_iter().map(Some).collect(), plans, next: 0 };
        let state = State { slots, next_out: 0, kept: HashMap::new(), filter, tally: Tally::default(), problems };
        Self { args, configs, pending: RefCell::new(Some(pending)), state: RefCell::new(state) }
    }

    /// Checks what the report did not ask for (when it could not be written
    /// whole), and tells what the run found.
    pub(super) fn finish(self) -> Finished {
        let _ = self.each(&mut |_, _| Ok::<(), ()>(()));
        let state = self.state.into_inner();
        let mut problems = state.problems;
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        Finished { tally: state.tally, problems }
    }
}

impl Pending {
    /// Checks the next instances in the order of their first file, at least
    /// one and up to [`BATCH`] files; `None` once all are checked.
    fn next_batch(&mut self, args: &CheckArgs, configs: &Configs) -> Option<Vec<Checked>> {
        if self.next >= self.plans.len() {
            return None;
        }
        let mut work: Vec<(usize, Vec<(usize, Seen)>)> = Vec::new();
        let mut files = 0;
        while self.next < self.plans.len() && (files == 0 || files < BATCH) {
            let plan = &self.plans[self.next];
            let taken = plan.members.iter().filter_map(|&i| self.seen[i].take().map(|s| (i, s))).collect();
            files += plan.members.len();
            work.push((self.next, taken));
            self.next += 1;
        }
        let plans = &self.plans;
        let batch: Vec<Vec<Checked>> =
            work.into_par_iter().map(|(p, members)| check_plan(&plans[p], members, args, configs)).collect();
        Some(batch.into_iter().flatten().collect())
    }
}

impl State {
    /// Takes a checked batch in.
    fn take(&mut self, batch: Vec<Checked>) {
        for (i, report, kept) in batch {
            self.slots[i] = match report {
                Ok(r) => Slot::Ready(Box::new(r)),
                Err(p) => {
                    self.problems.push(p);
                    Slot::Gone
                }
            };
            for d in kept {
                self.kept.entry(d.path.clone()).or_insert(d);
            }
        }
    }

    /// Hands over, in path order and a window at a time, the reports that
    /// no earlier file's waits for.
    fn write_ready(&mut self, each: &mut dyn FnMut(&[&FileReport], &DocIndex)) {
        let docs = DocIndex::of(self.kept.values());
        let mut window: Vec<Box<FileReport>> = Vec::with_capacity(WINDOW);
        loop {
            while let Some(slot) = self.slots.get_mut(self.next_out).filter(|_| window.len() < WINDOW) {
                let mut report = match std::mem::replace(slot, Slot::Gone) {
                    Slot::Ready(r) => r,
                    Slot::Gone => {
                        self.next_out += 1;
                        continue;
                    }
                    Slot::Waiting => {
                        *slot = Slot::Waiting;
                        break;
                    }
                };
                self.next_out += 1;
                if let Some(filter) = &mut self.filter {
                    let path = report.doc.path.clone();
                    report.findings.retain(|f| filter.is_new(&path, f));
                }
                self.tally.add(&report);
                window.push(report);
            }
            if window.is_empty() {
                return;
            }
            each(&window.iter().map(|r| &**r).collect::<Vec<_>>(), &docs);
            window.clear();
        }
    }
}

/// A file's place in path order, its report, and the documents that its
/// instance's related locations name.
type Checked = (usize, Result<FileReport, Problem>, Vec<Document>);

/// Checks an instance's files and joins them with its cross-file findings:
/// each file's report, and the documents other files' related locations name.
fn check_plan(plan: &Plan, members: Vec<(usize, Seen)>, args: &CheckArgs, configs: &Configs) -> Vec<Checked> {
    let checked: Vec<(usize, Result<Outcome, Problem>)> = members
        .into_par_iter()
        .map(|(i, s)| {
            let outcome = match s {
                Seen::Checked(o) => Ok(o),
                Seen::Later { candidate, .. } => match prepare(&candidate, args, configs) {
                    Ok(Some(p)) => {
                        let mut o = check_prepared(p);
                        slim(&mut o, args);
                        Ok(o)
                    }
                    Ok(None) => Err(Problem {
                        path: candidate.path.display().to_string(),
                        message: "changed while it was read".into(),
                    }),
                    Err(p) => Err(p),
                },
            };
            (i, outcome)
        })
        .collect();
    let (mut outcomes, mut at, mut out) = (Vec::new(), Vec::new(), Vec::new());
    for (i, o) in checked {
        match o {
            Ok(o) => {
                outcomes.push(o);
                at.push(i);
            }
            Err(p) => out.push((i, Err(p), Vec::new())),
        }
    }
    let result = {
        let docs = outcomes.iter().map(|o| &o.report.doc).collect();
        let instance = crate::workspace::Instance { name: plan.name.clone(), docs, layers: plan.layers.clone() };
        check_instance(&instance, configs)
    };
    join_workspace(&mut outcomes, result.findings, result.overridden);
    // Related locations in other files are placed with those files' lines.
    let mut named: Vec<&str> = outcomes
        .iter()
        .flat_map(|o| {
            let own = o.report.doc.path.as_str();
            o.report.findings.iter().flat_map(|f| &f.related).map(|r| r.path.as_str()).filter(move |p| *p != own)
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    let kept: Vec<Document> = named
        .iter()
        .filter_map(|p| outcomes.iter().find(|o| o.report.doc.path == *p))
        .map(|o| {
            let d = &o.report.doc;
            Document::new(&d.path, d.text.clone(), d.format)
        })
        .collect();
    let mut kept = Some(kept);
    for (i, o) in at.into_iter().zip(outcomes) {
        out.push((i, Ok(o.report), kept.take().unwrap_or_default()));
    }
    out
}

impl Reports for Run<'_> {
    /// Checks the files a batch at a time and writes the reports that are
    /// ready after each; once writing fails, checks the rest unwritten.
    fn windows<E>(&self, each: &mut Window<'_, E>) -> Result<(), E> {
        let Some(mut pending) = self.pending.borrow_mut().take() else { return Ok(()) };
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        let mut failed = None;
        let mut write = |window: &[&FileReport], docs: &DocIndex| {
            if failed.is_none() {
                failed = each(window, docs).err();
            }
        };
        state.write_ready(&mut write);
        while let Some(batch) = pending.next_batch(self.args, self.configs) {
            state.take(batch);
            state.write_ready(&mut write);
        }
        debug_assert!(state.next_out == state.slots.len(), "every file belongs to one instance");
        failed.map_or(Ok(()), Err)
    }
}
