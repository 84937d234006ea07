//! The machinery behind the verb table in `action/mod.rs`: one row per verb form gives its
//! script syntax, its help, and the kind of each argument; [`verbs!`] turns the rows into the
//! `Verb` enum (names as typed), the `Resolved` enum (the ids they name), and the parser,
//! printer and resolver of each. A syntax string is the keyword, then literal words
//! (lower-case, like `exchange`) and placeholders (anything else, like `SERVER`, `[NODE]` or
//! `start-services|no-start-services`), one placeholder per argument, in order.

use std::fmt;

/// One form of a verb, as `clusterdrill verbs` and the README list it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbForm {
    /// `backup exchange SERVER`.
    pub syntax: &'static str,
    pub help: &'static str,
    /// How an instructor says it: `{c}` is the console, `{0}`, `{1}`... the arguments, and a
    /// part in `[...]` is left out when an argument in it is absent.
    pub says: &'static str,
}

impl VerbForm {
    pub fn keyword(&self) -> &'static str {
        self.syntax.split(' ').next().unwrap_or(self.syntax)
    }

    /// The words after the keyword.
    fn words(&self) -> impl Iterator<Item = &'static str> {
        self.syntax.split(' ').skip(1)
    }
}

/// A literal word of a syntax string must be typed as it stands; anything else is a placeholder.
pub(super) fn is_literal(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_optional(word: &str) -> bool {
    word.starts_with('[')
}

/// Matches typed arguments against a form: its literal words must be there, and each
/// placeholder takes one token (an optional one, at the end, may be missing). Returns the
/// tokens for the placeholders, in order, or `None` when the arguments do not have this form.
pub(super) fn match_form<'a>(form: &VerbForm, keyword: &str, args: &[&'a str]) -> Option<Vec<Option<&'a str>>> {
    if form.keyword() != keyword {
        return None;
    }
    let mut slots = Vec::new();
    let mut rest = args.iter();
    for word in form.words() {
        let token = rest.next().copied();
        if is_literal(word) {
            if token != Some(word) {
                return None;
            }
        } else if token.is_some() || is_optional(word) {
            slots.push(token);
        } else {
            return None;
        }
    }
    rest.next().is_none().then_some(slots)
}

/// What to say when the arguments fit none of the verb's forms (or the verb is unknown).
pub(super) fn usage_error(forms: &[VerbForm], keyword: &str) -> String {
    let own: Vec<&VerbForm> = forms.iter().filter(|f| f.keyword() == keyword).collect();
    match own.as_slice() {
        [] => {
            let mut known: Vec<&str> = Vec::new();
            for k in forms.iter().map(VerbForm::keyword) {
                if !known.contains(&k) {
                    known.push(k);
                }
            }
            format!("`{}` is not a verb; verbs: {}", crate::sim::limits::shown(keyword), known.join(", "))
        }
        [one] => {
            let (all, required) = (one.words().count(), one.words().filter(|w| !is_optional(w)).count());
            let n = if all == required { all.to_string() } else { format!("{required} or {all}") };
            format!("`{keyword}` takes {n} argument(s): `{}`", one.syntax)
        }
        many => {
            let forms: Vec<String> = many.iter().map(|f| format!("`{}`", f.syntax)).collect();
            format!("`{keyword}` takes one of: {}", forms.join(", "))
        }
    }
}

/// Writes a form with its arguments' tokens in place of the placeholders (an absent optional
/// argument is left out).
pub(super) fn write_form(f: &mut fmt::Formatter<'_>, form: &VerbForm, tokens: &[Option<String>]) -> fmt::Result {
    f.write_str(form.keyword())?;
    let mut tokens = tokens.iter();
    for word in form.words() {
        if is_literal(word) {
            write!(f, " {word}")?;
        } else if let Some(Some(t)) = tokens.next() {
            write!(f, " {t}")?;
        }
    }
    Ok(())
}

/// Fills an instruction template (see [`VerbForm::says`]).
pub(super) fn say(template: &str, console: &str, args: &[String]) -> String {
    let fill = |part: &str| {
        let mut out = part.replace("{c}", console);
        for (i, a) in args.iter().enumerate() {
            out = out.replace(&format!("{{{i}}}"), a);
        }
        out
    };
    // An optional part goes when what it names is absent: `move group EVS1[ to {1}]`.
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        out.push_str(&fill(&rest[..open]));
        let part = &rest[open + 1..close];
        let absent = args.iter().enumerate().any(|(i, a)| a.is_empty() && part.contains(&format!("{{{i}}}")));
        if !absent {
            out.push_str(&fill(part));
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&fill(rest));
    out
}

/// The verb table: see the module's documentation. Each row is
/// `Variant { field: kind::Kind, ... } = "syntax", "help", "as an instructor says it";`.
macro_rules! verbs {
    ($( $v:ident { $($f:ident : $k:ty),* $(,)? } = $syntax:literal, $help:literal, $says:literal; )*) => {
        verbs!(@enum
            /// A verb with its arguments as the learner typed them: the script form.
            Verb, Value, [Hash], [] $( $v $help { $($f : $k),* } )*);
        verbs!(@enum
            /// A verb whose names have been found in the world: what the engine performs.
            Resolved, Id, [], [] $( $v $help { $($f : $k),* } )*);

        impl Verb {
            /// Every form, in the table's order.
            pub const FORMS: &'static [$crate::sim::action::VerbForm] =
                &[$($crate::sim::action::VerbForm { syntax: $syntax, help: $help, says: $says }),*];

            /// The form this verb has.
            pub fn form(&self) -> &'static $crate::sim::action::VerbForm {
                match self {
                    $(Verb::$v { .. } => &$crate::sim::action::VerbForm { syntax: $syntax, help: $help, says: $says },)*
                }
            }

            /// Parses a verb's keyword and arguments (tokens, already unquoted).
            pub fn parse(keyword: &str, args: &[&str]) -> Result<Verb, String> {
                $(
                    if let Some(slots) = table::match_form(&$crate::sim::action::VerbForm { syntax: $syntax, help: $help, says: $says }, keyword, args) {
                        #[allow(unused_mut, unused_variables)]
                        let mut slots = slots.into_iter();
                        return Ok(Verb::$v { $($f: <$k as Arg>::from_slot(slots.next().flatten())?,)* });
                    }
                )*
                Err(table::usage_error(Self::FORMS, keyword))
            }

            /// The verb as an instructor says it at `console`, with the names the tools show.
            pub fn instruction(&self, console: &str, w: &World) -> String {
                match self {
                    $(Verb::$v { $($f),* } => table::say($says, console, &[$(<$k as Arg>::said(w, $f)),*]),)*
                }
            }

            /// A verb of the table's form number `form` (modulo their number), each argument one
            /// of its kind's examples for this session, chosen by `pick(n)` (an index below n):
            /// what property tests drive every verb with.
            pub fn example(form: usize, sim: &$crate::sim::Sim, pick: &mut dyn FnMut(usize) -> usize) -> Verb {
                type Make = fn(&$crate::sim::Sim, &mut dyn FnMut(usize) -> usize) -> Verb;
                const MAKE: &[Make] = &[$(
                    #[allow(unused_variables)]
                    |sim, pick| Verb::$v { $($f: { let ex = <$k as Arg>::examples(sim); ex[pick(ex.len()) % ex.len()].clone() },)* }
                ),*];
                MAKE[form % MAKE.len()](sim, pick)
            }

            /// Finds what the verb names in the world: an unknown name is an error that says
            /// what there is instead.
            pub fn resolve(&self, w: &World) -> Result<Resolved, ActionError> {
                Ok(match self {
                    $(Verb::$v { $($f),* } => Resolved::$v { $($f: <$k as Arg>::resolve(w, $f)?),* },)*
                })
            }
        }

        /// The script form, without the console: `upgrade-evs EVS1`.
        impl std::fmt::Display for Verb {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $(Verb::$v { $($f),* } => table::write_form(f, self.form(), &[$(<$k as Arg>::token($f)),*]),)*
                }
            }
        }
    };

    // The enums, built a row at a time so that a verb without arguments is a unit variant.
    (@enum $(#[$doc:meta])* $name:ident, $assoc:ident, [$($derive:ident),*], [$($done:tt)*]) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, $($derive),*)]
        pub enum $name { $($done)* }
    };
    (@enum $(#[$doc:meta])* $name:ident, $assoc:ident, [$($derive:ident),*], [$($done:tt)*] $v:ident $help:literal {} $($rest:tt)*) => {
        verbs!(@enum $(#[$doc])* $name, $assoc, [$($derive),*], [$($done)* #[doc = $help] $v,] $($rest)*);
    };
    (@enum $(#[$doc:meta])* $name:ident, $assoc:ident, [$($derive:ident),*], [$($done:tt)*] $v:ident $help:literal { $($f:ident : $k:ty),+ } $($rest:tt)*) => {
        verbs!(@enum $(#[$doc])* $name, $assoc, [$($derive),*],
            [$($done)* #[doc = $help] $v { $($f: <$k as Arg>::$assoc),+ },] $($rest)*);
    };
}

pub(super) use verbs;

#[cfg(test)]
mod tests {
    use super::*;

    const MOVE: VerbForm = VerbForm { syntax: "move-group GROUP [NODE]", help: "", says: "" };
    const RESTORE: VerbForm = VerbForm { syntax: "restore exchange SERVER start-services|no-start-services", help: "", says: "" };

    #[test]
    fn instructions_fill_their_template_and_drop_absent_parts() {
        let t = "In Cluster Administrator running on {c}, move group {0}[ to {1}] (right-click, Move Group).";
        assert_eq!(say(t, "NODE1", &["EVS1".into(), "NODE2".into()]), "In Cluster Administrator running on NODE1, move group EVS1 to NODE2 (right-click, Move Group).");
        assert_eq!(say(t, "NODE1", &["EVS1".into(), String::new()]), "In Cluster Administrator running on NODE1, move group EVS1 (right-click, Move Group).");
    }

    #[test]
    fn usage_says_what_the_forms_take() {
        assert_eq!(usage_error(&[MOVE], "move-group"), "`move-group` takes 1 or 2 argument(s): `move-group GROUP [NODE]`");
        assert_eq!(usage_error(&[RESTORE], "restore"), "`restore` takes 3 argument(s): `restore exchange SERVER start-services|no-start-services`");
        assert_eq!(usage_error(&[MOVE, RESTORE, MOVE], "dance"), "`dance` is not a verb; verbs: move-group, restore");
    }

    #[test]
    fn forms_match_literals_placeholders_and_optional_ends() {
        assert_eq!(match_form(&MOVE, "move-group", &["EVS1"]), Some(vec![Some("EVS1"), None]));
        assert_eq!(match_form(&MOVE, "move-group", &["EVS1", "NODE2"]), Some(vec![Some("EVS1"), Some("NODE2")]));
        assert_eq!(match_form(&MOVE, "move-group", &[]), None);
        assert_eq!(match_form(&MOVE, "move-group", &["a", "b", "c"]), None);
        assert_eq!(match_form(&RESTORE, "restore", &["exchange", "S", "x"]), Some(vec![Some("S"), Some("x")]));
        assert_eq!(match_form(&RESTORE, "restore", &["files", "S", "x"]), None);
        assert_eq!(match_form(&RESTORE, "backup", &["exchange", "S", "x"]), None);
    }
}
