//! Reading values out of a parsed TOML table, with the span of each for error messages: a
//! wrong type, a missing key or an unknown one is reported at its line.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::file::{Locator, ScenarioError};
use crate::sim::limits::{self, NameKind, shown};

type R<T> = Result<T, ScenarioError>;

pub(super) struct Table<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    name: String,
}

impl<'a, 'i> Table<'a, 'i> {
    pub(super) fn new(table: &'a DeTable<'i>, span: Range<usize>, name: impl Into<String>) -> Table<'a, 'i> {
        Table { table, span, name: name.into() }
    }

    fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v)
    }

    fn wrong(&self, loc: &Locator<'_>, key: &str, v: &Spanned<DeValue<'_>>, want: &str) -> ScenarioError {
        loc.at(v.span().start, format!("`{key}` in {} should be {want}, not {}", self.name, v.get_ref().type_str()))
    }

    fn missing(&self, loc: &Locator<'_>, key: &str) -> ScenarioError {
        loc.at(self.span.start, format!("{} needs `{key}`", self.name))
    }

    /// Refuses keys other than `allowed`, naming the first one found.
    pub(super) fn only(&self, loc: &Locator<'_>, allowed: &[&str]) -> R<()> {
        for (k, _) in self.table.iter() {
            if !allowed.contains(&k.get_ref().as_ref()) {
                return Err(loc.at(k.span().start, format!("unknown key `{}` in {}; expected one of: {}", shown(k.get_ref()), self.name, allowed.join(", "))));
            }
        }
        Ok(())
    }

    /// A short value (a kind, a build, a check): one line, at most `limits::VALUE_CHARS`.
    pub(super) fn str(&self, loc: &Locator<'_>, key: &str) -> R<Option<Spanned<String>>> {
        self.text(loc, key, limits::VALUE_CHARS)
    }

    /// A line of text of at most `max` characters, with no control characters.
    pub(super) fn text(&self, loc: &Locator<'_>, key: &str, max: usize) -> R<Option<Spanned<String>>> {
        self.string(loc, key, max, &[])
    }

    pub(super) fn req_text(&self, loc: &Locator<'_>, key: &str, max: usize) -> R<Spanned<String>> {
        self.text(loc, key, max)?.ok_or_else(|| self.missing(loc, key))
    }

    /// Prose (the briefing): paragraphs of at most `max` characters in all, with no control
    /// characters but line breaks and tabs.
    pub(super) fn req_prose(&self, loc: &Locator<'_>, key: &str, max: usize) -> R<Spanned<String>> {
        self.string(loc, key, max, &['\n', '\r', '\t'])?.ok_or_else(|| self.missing(loc, key))
    }

    fn string(&self, loc: &Locator<'_>, key: &str, max: usize, controls: &[char]) -> R<Option<Spanned<String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.get_ref().as_str() {
                Some(s) => Ok(Some(self.checked(loc, key, v, s, max, controls)?)),
                None => Err(self.wrong(loc, key, v, "a string")),
            },
        }
    }

    /// `s`, if it has at most `max` characters and no control characters but `controls`.
    fn checked(&self, loc: &Locator<'_>, key: &str, v: &Spanned<DeValue<'_>>, s: &str, max: usize, controls: &[char]) -> R<Spanned<String>> {
        let n = s.chars().count();
        if n > max {
            return Err(loc.at(v.span().start, format!("`{key}` in {} is {n} characters long; at most {max} are allowed", self.name)));
        }
        if s.chars().any(|c| c.is_control() && !controls.contains(&c)) {
            return Err(loc.at(v.span().start, format!("`{key}` in {} may not contain control characters: `{}`", self.name, shown(s))));
        }
        Ok(Spanned::new(v.span(), s.to_string()))
    }

    pub(super) fn req_str(&self, loc: &Locator<'_>, key: &str) -> R<Spanned<String>> {
        self.str(loc, key)?.ok_or_else(|| self.missing(loc, key))
    }

    /// A whole number between `min` and `max`.
    pub(super) fn int(&self, loc: &Locator<'_>, key: &str, min: u64, max: u64) -> R<Option<Spanned<u64>>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => {
                let Some(i) = v.get_ref().as_integer() else {
                    return Err(self.wrong(loc, key, v, "a whole number"));
                };
                match u64::from_str_radix(i.as_str(), i.radix()).ok().filter(|n| (min..=max).contains(n)) {
                    Some(n) => Ok(Some(Spanned::new(v.span(), n))),
                    None => Err(loc.at(v.span().start, format!("`{key}` in {} must be from {min} to {max}", self.name))),
                }
            }
        }
    }

    pub(super) fn req_int(&self, loc: &Locator<'_>, key: &str, min: u64, max: u64) -> R<Spanned<u64>> {
        self.int(loc, key, min, max)?.ok_or_else(|| self.missing(loc, key))
    }

    pub(super) fn bool(&self, loc: &Locator<'_>, key: &str) -> R<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.get_ref().as_bool().map(Some).ok_or_else(|| self.wrong(loc, key, v, "true or false")),
        }
    }

    /// A list of at most `max` strings of at most `chars` characters each (absent: empty).
    pub(super) fn text_list(&self, loc: &Locator<'_>, key: &str, max: usize, chars: usize) -> R<Vec<Spanned<String>>> {
        let Some(v) = self.get(key) else {
            return Ok(Vec::new());
        };
        let Some(items) = v.get_ref().as_array() else {
            return Err(self.wrong(loc, key, v, "a list of strings"));
        };
        if let Some(extra) = items.get(max) {
            return Err(loc.at(extra.span().start, format!("`{key}` in {} may list at most {max}", self.name)));
        }
        items
            .iter()
            .map(|item| match item.get_ref().as_str() {
                Some(s) => self.checked(loc, key, item, s, chars, &[]),
                None => Err(self.wrong(loc, key, item, "a list of strings")),
            })
            .collect()
    }

    /// A name (of a machine, an account, a site...), by the one rule for names
    /// (`limits::check_name`).
    pub(super) fn name(&self, loc: &Locator<'_>, key: &str, kind: NameKind) -> R<Option<Spanned<String>>> {
        let Some(v) = self.text(loc, key, kind.max_chars().max(limits::VALUE_CHARS))? else {
            return Ok(None);
        };
        self.plain(loc, key, kind, &v)?;
        Ok(Some(v))
    }

    pub(super) fn req_name(&self, loc: &Locator<'_>, key: &str, kind: NameKind) -> R<Spanned<String>> {
        self.name(loc, key, kind)?.ok_or_else(|| self.missing(loc, key))
    }

    /// A list of at most `max` names (absent: empty), each by the rule and none given twice.
    pub(super) fn name_list(&self, loc: &Locator<'_>, key: &str, kind: NameKind, max: usize) -> R<Vec<Spanned<String>>> {
        let list = self.text_list(loc, key, max, kind.max_chars().max(limits::VALUE_CHARS))?;
        let mut seen = std::collections::HashSet::new();
        for v in &list {
            self.plain(loc, key, kind, v)?;
            if !seen.insert(v.get_ref().to_ascii_lowercase()) {
                return Err(loc.at(v.span().start, format!("`{}` is listed twice in `{key}` in {}", shown(v.get_ref()), self.name)));
            }
        }
        Ok(list)
    }

    /// A list of names that must be there and hold at least one.
    pub(super) fn req_name_list(&self, loc: &Locator<'_>, key: &str, kind: NameKind, max: usize) -> R<Vec<Spanned<String>>> {
        let Some(v) = self.get(key) else {
            return Err(self.missing(loc, key));
        };
        let list = self.name_list(loc, key, kind, max)?;
        if list.is_empty() {
            return Err(loc.at(v.span().start, format!("`{key}` in {} needs at least one name", self.name)));
        }
        Ok(list)
    }

    fn plain(&self, loc: &Locator<'_>, key: &str, kind: NameKind, v: &Spanned<String>) -> R<()> {
        limits::check_name(kind, v.get_ref()).map_err(|p| loc.at(v.span().start, format!("`{key}` in {} {p}", self.name)))
    }

    pub(super) fn table(&self, loc: &Locator<'_>, key: &str) -> R<Option<Table<'a, 'i>>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.get_ref().as_table() {
                Some(t) => Ok(Some(Table::new(t, v.span(), format!("[{key}]")))),
                None => Err(self.wrong(loc, key, v, "a table")),
            },
        }
    }

    pub(super) fn req_table(&self, loc: &Locator<'_>, key: &str) -> R<Table<'a, 'i>> {
        self.table(loc, key)?.ok_or_else(|| self.missing(loc, key))
    }

    /// An array of at most `max` tables, `[[key]]` (absent: empty).
    pub(super) fn tables(&self, loc: &Locator<'_>, key: &str, max: usize) -> R<Vec<Table<'a, 'i>>> {
        let Some(v) = self.get(key) else {
            return Ok(Vec::new());
        };
        let Some(items) = v.get_ref().as_array() else {
            return Err(self.wrong(loc, key, v, "an array of tables ([[...]])"));
        };
        if let Some(extra) = items.get(max) {
            return Err(loc.at(extra.span().start, format!("a scenario may have at most {max} [[{key}]] tables")));
        }
        items
            .iter()
            .map(|item| match item.get_ref().as_table() {
                Some(t) => Ok(Table::new(t, item.span(), format!("[[{key}]]"))),
                None => Err(self.wrong(loc, key, item, "a table")),
            })
            .collect()
    }

    /// Every key of the table with its short string value.
    pub(super) fn strings(&self, loc: &Locator<'_>) -> R<Vec<(String, Spanned<String>)>> {
        self.table
            .iter()
            .map(|(k, v)| match v.get_ref().as_str() {
                Some(s) => Ok((k.get_ref().to_string(), self.checked(loc, k.get_ref(), v, s, limits::VALUE_CHARS, &[])?)),
                None => Err(self.wrong(loc, k.get_ref(), v, "a string")),
            })
            .collect()
    }
}
