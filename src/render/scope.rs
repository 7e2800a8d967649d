//! The answers as templates see them while questions are walked: a
//! context that grows one key at a time.

use std::collections::HashMap;

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

/// A template context that grows one key at a time, for the answers so far
/// while questions are walked in order. Each value is converted once, when
/// it is added; rebuilding a map of every earlier answer for each question
/// made gathering quadratic, and a kit gathers once per agent.
#[derive(Debug, Default)]
pub struct Scope {
    shared: std::sync::Arc<ScopeEntries>,
}

#[derive(Debug, Default)]
struct ScopeEntries {
    // An `Object` must be `Sync`; the lock is never contended.
    entries: std::sync::RwLock<ScopeMap>,
}

#[derive(Debug, Default)]
struct ScopeMap {
    values: HashMap<String, Value>,
    /// Keys in the order they were first added, for iteration.
    order: Vec<String>,
}

impl Scope {
    /// Adds `key`; a later value for the same key replaces the earlier one.
    pub fn insert<T: Serialize>(&self, key: &str, value: &T) {
        let value = Value::from(Serde(value));
        let mut map = self
            .shared
            .entries
            .write()
            .unwrap_or_else(|e| e.into_inner());
        if map.values.insert(key.to_owned(), value).is_none() {
            map.order.push(key.to_owned());
        }
    }

    /// The context, which sees keys added after it was taken.
    pub fn value(&self) -> Value {
        Value::from_dyn_object(self.shared.clone())
    }
}

impl minijinja::value::Object for ScopeEntries {
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &std::sync::Arc<Self>, key: &str) -> Option<Value> {
        let map = self.entries.read().unwrap_or_else(|e| e.into_inner());
        map.values.get(key).cloned()
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        let map = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let keys = map.order.iter().map(|k| Value::from(k.as_str())).collect();
        minijinja::value::Enumerator::Values(keys)
    }
}
