//! The effective configuration of an instance: for each object and property,
//! the value that applies last, where it was set, and what it overrode.

use super::Instance;
use crate::formats::Document;
use crate::model::authe::AutheMask;
use crate::model::key_table::KeyTable;
use crate::model::names::CiStr;
use crate::model::permissions::Permission;
use crate::model::{Origin, ResourceGrants, Value};
use crate::syntax::text::TextRange;
use std::collections::BTreeMap;

/// Where a value was written.
#[derive(Clone, Debug)]
pub struct Source<'a> {
    pub doc: &'a Document,
    pub entry: TextRange,
}

/// A property's value through the layers: the last one applies.
#[derive(Clone, Debug)]
pub struct Slot<'a, T> {
    pub value: &'a Value<T>,
    pub at: Source<'a>,
    /// Earlier values this one replaced, oldest first.
    pub overridden: Vec<Source<'a>>,
}

fn set<'a, T>(slot: &mut Option<Slot<'a, T>>, value: &'a Option<Value<T>>, doc: &'a Document) {
    let Some(value) = value else { return };
    let at = Source { doc, entry: value.entry };
    match slot {
        Some(s) => {
            let previous = std::mem::replace(&mut s.at, at);
            s.overridden.push(previous);
            s.value = value;
        }
        None => *slot = Some(Slot { value, at, overridden: Vec::new() }),
    }
}

#[derive(Clone, Debug, Default)]
pub struct EffUser<'a> {
    pub name: String,
    pub defined: Vec<Source<'a>>,
    pub enabled: Option<Slot<'a, bool>>,
    pub roles: Option<Slot<'a, Vec<String>>>,
    pub deleted: bool,
}

#[derive(Clone, Debug, Default)]
pub struct EffService<'a> {
    pub name: String,
    pub defined: Vec<Source<'a>>,
    pub enabled: Option<Slot<'a, bool>>,
    pub authe: Option<Slot<'a, AutheMask>>,
}

#[derive(Clone, Debug, Default)]
pub struct EffResource<'a> {
    pub name: String,
    pub defined: Vec<Source<'a>>,
    pub public_permission: Option<Slot<'a, Permission>>,
}

#[derive(Clone, Debug, Default)]
pub struct EffRole<'a> {
    pub name: String,
    pub defined: Vec<Source<'a>>,
    pub resources: Option<Slot<'a, ResourceGrants>>,
}

#[derive(Clone, Debug, Default)]
pub struct EffApplication<'a> {
    pub name: String,
    pub defined: Vec<Source<'a>>,
    /// Whether unauthenticated access is allowed, by the last file that says.
    pub unauthenticated: Option<(bool, Source<'a>)>,
    pub namespace: Option<Slot<'a, String>>,
    pub resource: Option<Slot<'a, String>>,
}

#[derive(Clone, Debug)]
pub struct EffSetting<'a> {
    pub section: &'a str,
    pub key: &'a str,
    pub slot: Slot<'a, String>,
}

#[derive(Default)]
pub struct Effective<'a> {
    pub users: BTreeMap<String, EffUser<'a>>,
    pub services: BTreeMap<String, EffService<'a>>,
    pub resources: BTreeMap<String, EffResource<'a>>,
    pub roles: BTreeMap<String, EffRole<'a>>,
    pub applications: BTreeMap<String, EffApplication<'a>>,
    /// In the order first set; `first` finds one by section and key.
    pub settings: Vec<EffSetting<'a>>,
    first: KeyTable,
}

fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl<'a> Effective<'a> {
    pub fn of(instance: &Instance<'a>) -> Effective<'a> {
        Self::of_docs(&instance.docs)
    }

    /// The effective configuration of files applied in this order (one [`super::Stack`]).
    pub fn of_docs(docs: &[&'a Document]) -> Effective<'a> {
        let mut e = Effective::default();
        let settings = docs.iter().map(|d| d.facts.settings.len()).sum();
        e.first = KeyTable::with_capacity(settings);
        e.settings.reserve(settings);
        for doc in docs {
            e.add(doc);
        }
        e
    }

    fn add(&mut self, doc: &'a Document) {
        let f = &doc.facts;
        for u in &f.users {
            let eu = self
                .users
                .entry(key(&u.head.name))
                .or_insert_with(|| EffUser { name: u.head.name.clone(), ..Default::default() });
            eu.defined.push(Source { doc, entry: u.head.anchor });
            eu.deleted = u.head.origin == Origin::Delete;
            set(&mut eu.enabled, &u.enabled, doc);
            set(&mut eu.roles, &u.roles, doc);
        }
        for s in &f.services {
            let es = self
                .services
                .entry(key(&s.head.name))
                .or_insert_with(|| EffService { name: s.head.name.clone(), ..Default::default() });
            es.defined.push(Source { doc, entry: s.head.anchor });
            set(&mut es.enabled, &s.enabled, doc);
            set(&mut es.authe, &s.authe, doc);
        }
        for r in &f.resources {
            let er = self
                .resources
                .entry(key(&r.head.name))
                .or_insert_with(|| EffResource { name: r.head.name.clone(), ..Default::default() });
            er.defined.push(Source { doc, entry: r.head.anchor });
            set(&mut er.public_permission, &r.public_permission, doc);
        }
        for r in &f.roles {
            let er = self
                .roles
                .entry(key(&r.head.name))
                .or_insert_with(|| EffRole { name: r.head.name.clone(), ..Default::default() });
            er.defined.push(Source { doc, entry: r.head.anchor });
            set(&mut er.resources, &r.resources, doc);
        }
        for a in &f.applications {
            let ea = self
                .applications
                .entry(key(a.head.name.trim_end_matches('/')))
                .or_insert_with(|| EffApplication { name: a.head.name.clone(), ..Default::default() });
            ea.defined.push(Source { doc, entry: a.head.anchor });
            if let Some((b, range)) = a.authe.unauthenticated() {
                ea.unauthenticated = Some((b, Source { doc, entry: range }));
            }
            set(&mut ea.namespace, &a.namespace, doc);
            set(&mut ea.resource, &a.resource, doc);
        }
        for s in &f.settings {
            let value = &s.value;
            let at = Source { doc, entry: value.entry };
            let settings = &self.settings;
            let key_of = |i: u32| (CiStr(settings[i as usize].section), CiStr(settings[i as usize].key));
            let next = self.settings.len() as u32;
            match self.first.first_or_insert((CiStr(&s.section), CiStr(&s.key)), next, key_of) {
                Some(i) => {
                    let es = &mut self.settings[i as usize];
                    let previous = std::mem::replace(&mut es.slot.at, at);
                    es.slot.overridden.push(previous);
                    es.slot.value = value;
                }
                None => {
                    let slot = Slot { value, at, overridden: Vec::new() };
                    self.settings.push(EffSetting { section: &s.section, key: &s.key, slot });
                }
            }
        }
    }

    /// The settings by section and key, ignoring case (what a reader scans).
    pub fn settings_sorted(&self) -> Vec<&EffSetting<'a>> {
        let mut out: Vec<&EffSetting<'a>> = self.settings.iter().collect();
        out.sort_by_key(|s| (CiStr(s.section), CiStr(s.key)));
        out
    }

    /// Every entry overridden for certain, on which per-file findings do not
    /// apply: one a later entry of the same file replaced, and — when
    /// `certain` says the files are layers of one instance — one a later file
    /// replaced. Otherwise a later file's value is only one way the instance
    /// may end up, and the earlier file's finding stands.
    pub fn overridden(&self, certain: bool) -> Vec<Source<'a>> {
        fn take<'x>(out: &mut Vec<Source<'x>>, earlier: &[Source<'x>], last: &Source<'x>, certain: bool) {
            for (i, o) in earlier.iter().enumerate() {
                let by = earlier.get(i + 1).unwrap_or(last);
                if certain || std::ptr::eq(o.doc, by.doc) {
                    out.push(o.clone());
                }
            }
        }
        fn slot<'x, T>(out: &mut Vec<Source<'x>>, slot: &Option<Slot<'x, T>>, certain: bool) {
            if let Some(s) = slot {
                take(out, &s.overridden, &s.at, certain);
            }
        }
        let mut out = Vec::new();
        for u in self.users.values() {
            slot(&mut out, &u.enabled, certain);
            slot(&mut out, &u.roles, certain);
        }
        for s in self.services.values() {
            slot(&mut out, &s.enabled, certain);
            slot(&mut out, &s.authe, certain);
        }
        for r in self.resources.values() {
            slot(&mut out, &r.public_permission, certain);
        }
        for s in &self.settings {
            take(&mut out, &s.slot.overridden, &s.slot.at, certain);
        }
        out
    }

    /// The users that hold `%All` and are not disabled or deleted.
    pub fn all_holders(&self) -> Vec<&EffUser<'a>> {
        self.users
            .values()
            .filter(|u| !u.deleted)
            .filter(|u| u.enabled.as_ref().and_then(|e| e.value.known().copied()).unwrap_or(true))
            .filter(|u| {
                u.roles
                    .as_ref()
                    .and_then(|r| r.value.known())
                    .is_some_and(|l| l.iter().any(|r| r.eq_ignore_ascii_case("%All")))
            })
            .collect()
    }
}
