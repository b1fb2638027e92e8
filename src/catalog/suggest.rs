//! "Did you mean": the closest name of a vocabulary to an unknown one. Each
//! vocabulary is indexed once, by length: a name within the suggestion limit
//! of another differs in length by no more than the limit, so only those
//! lengths are compared, each with a distance computation that stops once it
//! exceeds the best found.

/// The names of one vocabulary, lowered and grouped by length in characters.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    names: Vec<String>,
    /// By length: (position in `names`, the name's lowered characters), in vocabulary order.
    by_length: Vec<Vec<(usize, Vec<char>)>>,
}

impl Vocabulary {
    pub fn new<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let mut v = Vocabulary::default();
        for name in names {
            let lowered: Vec<char> = name.to_ascii_lowercase().chars().collect();
            if v.by_length.len() <= lowered.len() {
                v.by_length.resize_with(lowered.len() + 1, Vec::new);
            }
            v.by_length[lowered.len()].push((v.names.len(), lowered));
            v.names.push(name.to_string());
        }
        v
    }

    /// The closest name to `name` (case-insensitive; the first in vocabulary
    /// order among equally close ones), when close enough to suggest.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let wanted: Vec<char> = name.to_ascii_lowercase().chars().collect();
        let limit = limit(name);
        let mut row = Vec::new();
        // (distance, position) of the best so far.
        let mut best: Option<(usize, usize)> = None;
        let shortest = wanted.len().saturating_sub(limit);
        for bucket in self.by_length.iter().take(wanted.len() + limit + 1).skip(shortest) {
            for (position, candidate) in bucket {
                let bound = match best {
                    // A later name must be strictly closer; an earlier one as close.
                    Some((d, p)) => {
                        if *position < p {
                            d
                        } else {
                            d.saturating_sub(1)
                        }
                    }
                    None => limit,
                };
                if best.is_some_and(|(d, p)| d == 0 && p < *position) {
                    continue;
                }
                if let Some(d) = bounded_distance(&wanted, candidate, bound, &mut row) {
                    if best.is_none_or(|(bd, bp)| (d, *position) < (bd, bp)) {
                        best = Some((d, *position));
                    }
                }
            }
        }
        best.map(|(_, p)| self.names[p].as_str())
    }
}

/// How many edits a suggestion may be away: a third of the name's length, 1 to 4.
fn limit(name: &str) -> usize {
    (name.chars().count() / 3).clamp(1, 4)
}

/// The edit distance between `a` and `b` when it is at most `bound`.
fn bounded_distance(a: &[char], b: &[char], bound: usize, row: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
            smallest = smallest.min(row[j + 1]);
            prev = cur;
        }
        // Every later row is at least the smallest of this one.
        if smallest > bound {
            return None;
        }
    }
    Some(row[b.len()]).filter(|d| *d <= bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan every name was once compared with, kept as the reference.
    fn linear<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let lower = name.to_ascii_lowercase();
        let mut best: Option<(usize, &str)> = None;
        for candidate in candidates {
            let d = edit_distance(&lower, &candidate.to_ascii_lowercase());
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, candidate));
            }
        }
        let limit = (name.chars().count() / 3).clamp(1, 4);
        best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
    }

    fn edit_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
                prev = cur;
            }
        }
        row[b.len()]
    }

    /// Names near `name`: other case, a letter deleted, two neighbours
    /// swapped, a letter doubled or replaced (at the start, the middle and
    /// the end), a suffix added.
    fn perturbed(name: &str) -> Vec<String> {
        let chars: Vec<char> = name.chars().collect();
        let mut out = vec![name.to_string(), name.to_uppercase(), name.to_lowercase(), format!("{name}X")];
        let mut places = vec![0, chars.len() / 2, chars.len().saturating_sub(1)];
        places.dedup();
        for i in places.into_iter().filter(|i| *i < chars.len()) {
            let mut c = chars.clone();
            c.remove(i);
            out.push(c.iter().collect());
            let mut c = chars.clone();
            c.insert(i, chars[i]);
            out.push(c.iter().collect());
            let mut c = chars.clone();
            c[i] = if c[i] == 'q' { 'z' } else { 'q' };
            out.push(c.iter().collect());
            if i + 1 < chars.len() {
                let mut c = chars.clone();
                c.swap(i, i + 1);
                out.push(c.iter().collect());
            }
        }
        out
    }

    fn vocabularies() -> Vec<Vec<&'static str>> {
        let mut all = Vec::new();
        for cat in [crate::catalog::cpf(), crate::catalog::cspini()] {
            all.push(cat.sections.iter().filter(|s| s.name != "*").map(|s| s.name.as_str()).collect());
            all.extend(cat.sections.iter().map(|s| s.items.iter().map(|i| i.name.as_str()).collect()));
        }
        let actions = crate::catalog::actions();
        all.push(actions.actions.iter().map(|a| a.name.as_str()).collect());
        all.extend(actions.classes.iter().map(|c| c.properties.iter().map(|p| p.name.as_str()).collect()));
        for cat in [crate::catalog::installer(), crate::catalog::module()] {
            all.push(cat.elements.iter().map(|e| e.name.as_str()).collect());
            all.extend(cat.elements.iter().map(|e| e.attributes.iter().map(|a| a.name.as_str()).collect()));
        }
        all
    }

    #[test]
    fn the_index_suggests_what_the_scan_of_every_name_suggests() {
        let mut compared = 0;
        for names in vocabularies() {
            let index = Vocabulary::new(names.iter().copied());
            for name in &names {
                for wrong in perturbed(name) {
                    assert_eq!(index.suggest(&wrong), linear(&wrong, &names), "{wrong:?} among {names:?}");
                    compared += 1;
                }
            }
            for wrong in ["", "a", "zz", "Zzz", "ÄÖÜ", "WebServr", "Password_", "%Service"] {
                assert_eq!(index.suggest(wrong), linear(wrong, &names), "{wrong:?}");
            }
        }
        assert!(compared > 5_000, "{compared}");
    }

    #[test]
    fn ties_go_to_the_first_name_and_far_names_to_none() {
        let v = Vocabulary::new(["Port", "Part", "WebServer"].into_iter());
        assert_eq!(v.suggest("Pxrt"), Some("Port"));
        assert_eq!(v.suggest("webservr"), Some("WebServer"));
        assert_eq!(v.suggest("Zzz"), None);
        assert_eq!(Vocabulary::new(std::iter::empty()).suggest("x"), None);
    }
}
