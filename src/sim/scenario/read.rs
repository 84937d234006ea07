//! Reading values out of a parsed TOML table, with the span of each for error messages: a
//! wrong type, a missing key or an unknown one is reported at its line.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::file::{Locator, ScenarioError};

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
                return Err(loc.at(k.span().start, format!("unknown key `{}` in {}; expected one of: {}", k.get_ref(), self.name, allowed.join(", "))));
            }
        }
        Ok(())
    }

    pub(super) fn str(&self, loc: &Locator<'_>, key: &str) -> R<Option<Spanned<String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.get_ref().as_str() {
                Some(s) => Ok(Some(Spanned::new(v.span(), s.to_string()))),
                None => Err(self.wrong(loc, key, v, "a string")),
            },
        }
    }

    pub(super) fn req_str(&self, loc: &Locator<'_>, key: &str) -> R<Spanned<String>> {
        self.str(loc, key)?.ok_or_else(|| self.missing(loc, key))
    }

    /// A whole number between `min` and `max`.
    pub(super) fn int(&self, loc: &Locator<'_>, key: &str, min: u64, max: u64) -> R<Option<Spanned<u64>>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => {
                let Some(i) = v.get_ref().as_integer() else { return Err(self.wrong(loc, key, v, "a whole number")) };
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

    /// A list of strings (absent: empty).
    pub(super) fn str_list(&self, loc: &Locator<'_>, key: &str) -> R<Vec<Spanned<String>>> {
        let Some(v) = self.get(key) else { return Ok(Vec::new()) };
        let Some(items) = v.get_ref().as_array() else { return Err(self.wrong(loc, key, v, "a list of strings")) };
        items
            .iter()
            .map(|item| match item.get_ref().as_str() {
                Some(s) => Ok(Spanned::new(item.span(), s.to_string())),
                None => Err(self.wrong(loc, key, item, "a list of strings")),
            })
            .collect()
    }

    /// A list of strings that must be there and hold at least one.
    pub(super) fn req_str_list(&self, loc: &Locator<'_>, key: &str) -> R<Vec<Spanned<String>>> {
        let Some(v) = self.get(key) else { return Err(self.missing(loc, key)) };
        let list = self.str_list(loc, key)?;
        if list.is_empty() {
            return Err(loc.at(v.span().start, format!("`{key}` in {} needs at least one name", self.name)));
        }
        Ok(list)
    }

    /// A name (of an account, a site, an organization...): not empty, no double quote (action
    /// scripts quote names with it), no control characters.
    pub(super) fn name(&self, loc: &Locator<'_>, key: &str) -> R<Option<Spanned<String>>> {
        let Some(v) = self.str(loc, key)? else { return Ok(None) };
        self.plain(loc, key, &v)?;
        Ok(Some(v))
    }

    pub(super) fn req_name(&self, loc: &Locator<'_>, key: &str) -> R<Spanned<String>> {
        self.name(loc, key)?.ok_or_else(|| self.missing(loc, key))
    }

    /// A list of names (absent: empty), each plain and none given twice.
    pub(super) fn name_list(&self, loc: &Locator<'_>, key: &str) -> R<Vec<Spanned<String>>> {
        let list = self.str_list(loc, key)?;
        for (i, v) in list.iter().enumerate() {
            self.plain(loc, key, v)?;
            if list[..i].iter().any(|w| w.get_ref().eq_ignore_ascii_case(v.get_ref())) {
                return Err(loc.at(v.span().start, format!("`{}` is listed twice in `{key}` in {}", v.get_ref(), self.name)));
            }
        }
        Ok(list)
    }

    pub(super) fn req_name_list(&self, loc: &Locator<'_>, key: &str) -> R<Vec<Spanned<String>>> {
        self.req_str_list(loc, key)?;
        self.name_list(loc, key)
    }

    fn plain(&self, loc: &Locator<'_>, key: &str, v: &Spanned<String>) -> R<()> {
        let text = v.get_ref();
        let problem = if text.trim().is_empty() {
            Some("is empty")
        } else if text.contains('"') {
            Some("may not contain a double quote (action scripts quote names with it)")
        } else if text.chars().any(char::is_control) {
            Some("may not contain control characters")
        } else {
            None
        };
        match problem {
            Some(p) => Err(loc.at(v.span().start, format!("`{key}` in {} {p}", self.name))),
            None => Ok(()),
        }
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

    /// An array of tables, `[[key]]` (absent: empty).
    pub(super) fn tables(&self, loc: &Locator<'_>, key: &str) -> R<Vec<Table<'a, 'i>>> {
        let Some(v) = self.get(key) else { return Ok(Vec::new()) };
        let Some(items) = v.get_ref().as_array() else { return Err(self.wrong(loc, key, v, "an array of tables ([[...]])")) };
        items
            .iter()
            .map(|item| match item.get_ref().as_table() {
                Some(t) => Ok(Table::new(t, item.span(), format!("[[{key}]]"))),
                None => Err(self.wrong(loc, key, item, "a table")),
            })
            .collect()
    }

    /// Every key of the table with its string value.
    pub(super) fn strings(&self, loc: &Locator<'_>) -> R<Vec<(String, Spanned<String>)>> {
        self.table
            .iter()
            .map(|(k, v)| match v.get_ref().as_str() {
                Some(s) => Ok((k.get_ref().to_string(), Spanned::new(v.span(), s.to_string()))),
                None => Err(self.wrong(loc, k.get_ref(), v, "a string")),
            })
            .collect()
    }
}
