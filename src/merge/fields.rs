//! The three-way merge of a document's fields (YAML frontmatter keys, TOML
//! keys), key by key, as data: values are compared with `==`, never as
//! text, so a re-quoted or re-indented value is no change.

/// The merged fields and the keys both sides changed differently.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMerge<V> {
    /// The merged mapping, in the user's key order; keys the template added
    /// sit after the key that precedes them in the template.
    pub fields: Vec<(String, V)>,
    /// One entry per conflicting key: the user's keys in the user's order,
    /// then keys only the template has, in its order.
    pub conflicts: Vec<FieldConflict<V>>,
}

impl<V: Clone> FieldMerge<V> {
    fn clean(fields: &[(String, V)]) -> FieldMerge<V> {
        FieldMerge {
            fields: fields.to_vec(),
            conflicts: Vec::new(),
        }
    }
}

/// A key both sides changed, differently. `None` means the side has no
/// such key (never had it, or removed it). The merged fields keep `ours`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict<V> {
    pub key: String,
    pub base: Option<V>,
    pub ours: Option<V>,
    pub theirs: Option<V>,
}

fn get<'a, V>(fields: &'a [(String, V)], key: &str) -> Option<&'a V> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn position<V>(fields: &[(String, V)], key: &str) -> Option<usize> {
    fields.iter().position(|(k, _)| k == key)
}

/// The merged value of one key, and whether the two sides conflict on it.
fn merge_value<'a, V: PartialEq>(
    base: Option<&'a V>,
    ours: Option<&'a V>,
    theirs: Option<&'a V>,
) -> (Option<&'a V>, bool) {
    if ours == theirs || theirs == base {
        (ours, false)
    } else if ours == base {
        (theirs, false)
    } else {
        (ours, true)
    }
}

/// Merges the fields of `ours` (the user's file) and `theirs` (the new
/// render), both descended from `base` (the last render). Per key: the side
/// that changed it wins; the same change on both sides is taken once; two
/// different changes conflict, and the user's value (or its absence) stays.
/// Adding and removing a key are changes like any other. A key repeated in
/// one mapping counts once, at its first place.
pub fn merge_fields<V: PartialEq + Clone>(
    base: &[(String, V)],
    ours: &[(String, V)],
    theirs: &[(String, V)],
) -> FieldMerge<V> {
    // Whole mappings first, as for text: a side equal to the base yields
    // the other with its key order too.
    if ours == theirs || theirs == base {
        return FieldMerge::clean(ours);
    }
    if ours == base {
        return FieldMerge::clean(theirs);
    }
    let mut fields: Vec<(String, V)> = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut conflicts = Vec::new();
    let mut decide = |key: &str| {
        let (b, o, t) = (get(base, key), get(ours, key), get(theirs, key));
        let (value, conflict) = merge_value(b, o, t);
        if conflict {
            conflicts.push(FieldConflict {
                key: key.to_owned(),
                base: b.cloned(),
                ours: o.cloned(),
                theirs: t.cloned(),
            });
        }
        value.cloned()
    };

    // The user's keys, in the user's order.
    for (index, (key, _)) in ours.iter().enumerate() {
        if repeated(ours, index) {
            continue;
        }
        if let Some(value) = decide(key) {
            fields.push((key.clone(), value));
        }
    }
    // Keys only the template has, each after its nearest predecessor in
    // the template that is already placed (or first, if none is).
    for (index, (key, _)) in theirs.iter().enumerate() {
        if get(ours, key).is_some() || repeated(theirs, index) {
            continue;
        }
        let Some(value) = decide(key) else {
            continue;
        };
        let at = theirs[..index]
            .iter()
            .rev()
            .find_map(|(before, _)| position(&fields, before))
            .map_or(0, |p| p + 1);
        fields.insert(at, (key.clone(), value));
    }
    FieldMerge { fields, conflicts }
}

/// Whether the key at `index` already came earlier in `fields`.
fn repeated<V>(fields: &[(String, V)], index: usize) -> bool {
    let key = &fields[index].0;
    fields[..index].iter().any(|(k, _)| k == key)
}
