//! The action script: how instructors write exercises and how `clusterdrill play` reads them.
//!
//! ```text
//! # a comment
//! NODE2: logon CORP\exadmin
//! NODE2: install hotfix-831464
//! wait                 # until everything under way has finished
//! NODE2: reboot
//! wait 10m             # or a fixed time: 90s, 5m, 1h30m, 2d
//! ```
//! Each action line is `CONSOLE: verb arguments`; arguments with spaces go in double quotes.
//! `Verb::FORMS` (`sim/action`) is the grammar, and the README's table is checked against it.

use super::action::{Action, Verb};
use super::limits::{self, shown};
use super::time::{Secs, parse_duration};

/// One line of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Blank,
    Action(Action),
    /// `wait`: until nothing is under way; `wait 5m`: a fixed time.
    Wait(Option<Secs>),
}

/// Splits a line into tokens: whitespace-separated, double quotes group, `#` starts a comment.
/// A double quote anywhere else is refused: no token holds one, so every token a script or
/// transcript holds is written back as it was read.
fn tokens(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '#' {
            break;
        } else if c == '"' {
            chars.next();
            let mut t = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => t.push(c),
                    None => {
                        return Err("a quoted argument is not closed: add the closing \"".into());
                    }
                }
            }
            if chars.peek().is_some_and(|c| !c.is_whitespace() && *c != '#') {
                return Err(format!(
                    "the quoted argument \"{}\" runs into what follows it: a name may not contain a double quote, and a closing one needs a space after it",
                    shown(&t)
                ));
            }
            out.push(t);
        } else {
            let mut t = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '#' {
                    break;
                }
                if c == '"' {
                    return Err(format!("`{}\"`: a double quote may only open or close an argument, after a space", shown(&t)));
                }
                t.push(c);
                chars.next();
            }
            out.push(t);
        }
    }
    Ok(out)
}

/// Parses one line of a script.
pub fn parse_line(line: &str) -> Result<Line, String> {
    let toks = tokens(line)?;
    let Some(first) = toks.first() else {
        return Ok(Line::Blank);
    };
    if first == "wait" {
        return match toks.len() {
            1 => Ok(Line::Wait(None)),
            2 => parse_duration(&toks[1]).map(|d| Line::Wait(Some(d))),
            _ => Err("`wait` takes at most one duration, like `wait 5m`".into()),
        };
    }
    let Some(console) = first.strip_suffix(':') else {
        return Err(format!("`{}` is not a console: an action line starts with the machine and a colon, like `NODE2: reboot`", shown(first)));
    };
    if console.is_empty() {
        return Err("the line starts with a colon but names no machine".into());
    }
    limits::check_name(limits::NameKind::NetBios, console).map_err(|p| format!("the console `{}` {p}", shown(console)))?;
    let Some(verb) = toks.get(1) else {
        return Err(format!("nothing to do at {console}: add a verb, like `{console}: read-log`"));
    };
    let args: Vec<&str> = toks[2..].iter().map(String::as_str).collect();
    Verb::parse(verb, &args).map(|v| Line::Action(Action::new(console, v)))
}

/// A script parse error, with its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

impl ScriptError {
    /// The only way to make one: what it says passes through `limits::said`.
    pub fn new(line: usize, message: impl AsRef<str>) -> Self {
        ScriptError { line, message: crate::sim::limits::said(message.as_ref()) }
    }
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The lines of a script or transcript as an editor shows them: a leading byte-order mark
/// (Notepad writes one) is dropped, and CR LF, LF and a lone CR each end a line.
pub fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.strip_suffix("\r\n").or_else(|| text.strip_suffix(['\n', '\r'])).unwrap_or(text);
    text.split("\r\n").flat_map(|l| l.split(['\n', '\r'])).filter(move |_| !text.is_empty())
}

/// The numbered lines of a script or transcript (`what`, for messages), within `max_bytes` and
/// the limit on a line's length (`limits`): refused at the line where one is crossed.
pub fn bounded_lines<'a>(text: &'a str, what: &str, max_bytes: usize) -> Result<impl Iterator<Item = (usize, &'a str)>, ScriptError> {
    if let Some((line, message)) = limits::too_long(text, max_bytes, what) {
        return Err(ScriptError::new(line, message));
    }
    for (i, l) in text_lines(text).enumerate() {
        // Bytes first: a line this short in bytes is short in characters too.
        if l.len() > limits::LINE_CHARS && l.chars().count() > limits::LINE_CHARS {
            return Err(ScriptError::new(i + 1, format!("the line is {} characters long; at most {} are read", l.chars().count(), limits::LINE_CHARS)));
        }
    }
    Ok(text_lines(text).enumerate().map(|(i, l)| (i + 1, l)))
}

/// Parses a whole script, stopping at the first bad line.
pub fn parse_script(text: &str) -> Result<Vec<(usize, Line)>, ScriptError> {
    let mut out = Vec::new();
    let mut actions = 0;
    for (n, raw) in bounded_lines(text, "the script", limits::SCRIPT_BYTES)? {
        match parse_line(raw) {
            Ok(Line::Blank) => {}
            Ok(line) => {
                if matches!(line, Line::Action(_)) {
                    actions += 1;
                    if actions > limits::ACTIONS {
                        return Err(ScriptError::new(n, format!("a script may hold at most {} actions", limits::ACTIONS)));
                    }
                }
                out.push((n, line));
            }
            Err(message) => return Err(ScriptError::new(n, message)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verb_form_parses_and_prints_back() {
        let lines = [
            "NODE2: logon CORP\\exadmin",
            "NODE2: logoff",
            "NODE2: install hotfix-831464",
            "NODE2: reboot",
            "OLDSRV: shutdown",
            "OLDSRV: power-on",
            "NODE1: backup files",
            "NODE1: backup system-state",
            "NODE1: backup files system-state",
            "NODE1: backup exchange EVS1",
            "NODE1: restore exchange OLDSRV no-start-services",
            "NODE1: restore exchange OLDSRV start-services",
            "NODE1: read-log",
            "NODE1: install-windows NODE1",
            "NODE1: install-mscs EXCLUSTER CONTOSO\\svc-exchange",
            "NODE1: exchange-setup install Contoso HQ CONTOSO\\svc-exchange EXVS",
            "NODE1: exchange-setup recover \"Contoso Ltd\" HQ CONTOSO\\svc-exchange EXVS",
            "NODE2: exchange-setup update-node",
            "NODE1: performance-optimizer",
            "NODE1: end-task",
            "NODE1: bring-online EVS1",
            "NODE1: bring-online EVS1/sa",
            "NODE1: take-offline EVS1/sa",
            "NODE1: move-group EVS1",
            "NODE1: move-group EVS1 NODE2",
            "NODE1: initiate-failure EVS1/store",
            "NODE2: upgrade-evs EVS1",
            "NODE1: create-group EXVS OLDSRV",
            "NODE1: remove-checkpoint EXVS/store SYSTEM\\CurrentControlSet\\Services\\MSExchangeIS",
            "NODE1: add-checkpoint EXVS/store SYSTEM\\CurrentControlSet\\Services\\MSExchangeIS",
            "NODE1: add-local-admin CORP\\exadmin",
            "NODE1: delegate-full-admin CORP\\exadmin \"First Administrative Group\"",
            "NODE1: move-users OLDSRV EXCLUSTER",
            "NODE1: rehome-folders OLDSRV EXCLUSTER",
            "NODE1: replicate-system-folders EXCLUSTER",
            "NODE1: remove-server OLDSRV",
            "NODE1: bring-online \"Cluster Group\"",
            "NODE1: take-offline \"Cluster Group/ip\"",
            "NODE1: fault power-loss",
            "NODE2: fault restart",
            "NODE1: fault fail EVS1/store",
            "NODE2: fault hang-setup",
            "NODE1: fault slow-recovery",
        ];
        for text in lines {
            let Ok(Line::Action(action)) = parse_line(text) else { panic!("{text} did not parse") };
            assert_eq!(action.to_string(), text);
        }
        // Every form in the grammar table is exercised above.
        for form in Verb::FORMS {
            let parsed = lines.iter().filter_map(|l| match parse_line(l) {
                Ok(Line::Action(a)) => Some(a),
                _ => None,
            });
            assert!(parsed.into_iter().any(|a| a.verb.form() == form), "{} untested", form.syntax);
        }
    }

    #[test]
    fn instructions_name_the_screen_the_control_and_what_the_tools_show() {
        let sim = crate::sim::Sim::new(crate::sim::scenario::builtin("e2003-sp1-active-passive").unwrap(), 1);
        let say = |line: &str| match parse_line(line) {
            Ok(Line::Action(a)) => a.instruction(sim.world()),
            other => panic!("{other:?}"),
        };
        assert_eq!(say("NODE1: logon CORP\\exadmin"), "On NODE1's console, log on as CORP\\exadmin (Logon, Log on).");
        assert_eq!(say("NODE2: install hotfix-831464"), "On NODE2's console, install Windows Server 2003 hotfix 831464 (Setup and updates, Install).");
        assert_eq!(
            say("NODE1: take-offline EVS1/sa"),
            "In Cluster Administrator running on NODE1, take Exchange System Attendant - EVS1 offline (right-click, Take Offline)."
        );
        assert_eq!(say("NODE2: bring-online EVS1"), "In Cluster Administrator running on NODE2, bring group EVS1 online (right-click, Bring Online).");
        assert_eq!(say("NODE1: move-group EVS1"), "In Cluster Administrator running on NODE1, move group EVS1 (right-click, Move Group).");
        // Every form says something with no placeholder left over.
        for (i, _) in Verb::FORMS.iter().enumerate() {
            let v = Verb::example(i, &sim, &mut |n| n - 1);
            let said = v.instruction("NODE1", sim.world());
            assert!(!said.contains('{') && !said.contains('[') && said.ends_with('.'), "{said}");
        }
    }

    #[test]
    fn waits_comments_and_blanks() {
        assert_eq!(parse_line("wait"), Ok(Line::Wait(None)));
        assert_eq!(parse_line("  wait 1h30m  # long"), Ok(Line::Wait(Some(5400))));
        assert_eq!(parse_line("# only a comment"), Ok(Line::Blank));
        assert_eq!(parse_line("   "), Ok(Line::Blank));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let cases = [
            ("NODE1 reboot", "is not a console"),
            ("NODE1: frobnicate", "is not a verb"),
            ("NODE1: install sp9", "is not a package"),
            ("NODE1: reboot now", "takes 0 argument"),
            ("NODE1: bring-online EVS1/xyz", "is not a resource kind"),
            ("NODE1: logon \"CORP\\ex", "not closed"),
            ("wait forever", "is not a duration"),
            ("NODE1:", "nothing to do"),
            ("NODE1: restore exchange OLDSRV", "takes"),
            ("NODE1: restore exchange OLDSRV maybe", "restore option"),
        ];
        for (text, expected) in cases {
            let err = parse_line(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
        let err = parse_script("NODE1: reboot\n\nNODE1: dance\n").unwrap_err();
        assert_eq!(err.line, 3);
    }
}
