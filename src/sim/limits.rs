//! Every limit on what a scenario file, an action script or a transcript may hold, written
//! once. The loaders check them at the line where they are crossed; the README's table is
//! checked against [`ALL`]; `tests/limits.rs` tries each at the limit and one past it.
//!
//! Why limits at all: every input is read on the page's only thread (a file a learner opens, a
//! saved session, a link), and the solver keeps thousands of copies of a state. A file the
//! trainer accepts is one it can load, play and search in bounded time and memory. Where the
//! real products had a limit (NetBIOS names, registry keys, logon names), it is theirs.

use crate::sim::time::Secs;

/// A scenario file, in bytes: the built-ins are under 3 KB.
pub const SCENARIO_BYTES: usize = 64 * 1024;
/// A script, in bytes.
pub const SCRIPT_BYTES: usize = 1024 * 1024;
/// A transcript, in bytes: a script's worth of actions, each with its time before it
/// (`365d 00:00:00 `), and the header; so that every session a script or the trainer records
/// reads back.
pub const TRANSCRIPT_BYTES: usize = SCRIPT_BYTES + ACTIONS * 16 + 4 * 1024;
/// One line of a script or transcript, in characters.
pub const LINE_CHARS: usize = 1000;
/// Actions in a script, a transcript or a session: a real procedure takes tens.
pub const ACTIONS: usize = 10_000;
/// Parts of a dotted key, or tables and arrays nested, in a scenario file.
pub const KEY_PARTS: usize = 8;

/// `[[machine]]` tables: nodes are kept in 8-bit sets (an account's local-admin machines).
pub const MACHINES: usize = 8;
/// `[[server]]` tables: servers are kept in 32-bit sets (system folder replicas), and a
/// migration adds up to two at run time.
pub const SERVERS: usize = 16;
/// `[[account]]` tables: accounts are numbered in a byte.
pub const ACCOUNTS: usize = 64;
/// Sites of the organization: numbered in a byte.
pub const SITES: usize = 64;
/// Administrative groups: kept in 8-bit sets (an account's full-admin rights).
pub const ADMIN_GROUPS: usize = 8;
/// `[[objective]]` tables.
pub const OBJECTIVES: usize = 32;
/// `sources` of a scenario.
pub const SOURCES: usize = 16;
/// The most groups a cluster may have, counting those created in a session (group ids are a
/// byte). A limit of the simulator's, far above what a two-node Exchange cluster runs.
pub const GROUPS: usize = 32;
/// Registry checkpoints on one cluster resource.
pub const CHECKPOINTS: usize = 16;

/// A NetBIOS name: machines, computers, the cluster, Exchange servers and virtual servers.
pub const NETBIOS_CHARS: usize = 15;
/// An account, `DOMAIN\user`: a NetBIOS domain name and a pre-Windows 2000 logon name (20).
pub const ACCOUNT_CHARS: usize = 15 + 1 + 20;
/// An organization, site, administrative group or cluster group name (Exchange System
/// Manager's limit for organization and group names).
pub const NAME_CHARS: usize = 64;
/// A scenario's id: lower-case letters, digits and dashes.
pub const ID_CHARS: usize = 64;
/// A registry key (the registry's limit for a key name).
pub const REGISTRY_KEY_CHARS: usize = 255;
/// Any other single value in a scenario file (a kind, a build, a check, a duration).
pub const VALUE_CHARS: usize = 100;
/// A scenario's title, an objective's text, a source.
pub const TITLE_CHARS: usize = 300;
/// A scenario's briefing.
pub const BRIEFING_CHARS: usize = 8000;
/// Lines of one caption of a reel (at one step).
pub const CAPTION_LINES: usize = 4;
/// Transcripts in the instructor's roster in the browser.
pub const ROSTER: usize = 1000;
/// A shared link's encoded part, characters; what it holds unpacks to at most a transcript and
/// a scenario file.
pub const LINK_CHARS: usize = 2 * 1024 * 1024;

/// The simulated clock's end: no session, wait or transcript goes past a year. With at most
/// `SERVERS + 2` servers, downtime summed over all of them fits in 32 bits (checked below).
pub const END_OF_TIME: Secs = 365 * 86_400;
/// Longest a bare `wait` may run, and longest any timed thing may take.
pub const WAIT_SECS: Secs = 30 * 86_400;

// Ids and sets are fixed-width: a list longer than its width would wrap.
const _: () = assert!(MACHINES <= 8 && ADMIN_GROUPS <= 8 && SERVERS + 2 <= 32);
const _: () = assert!(ACCOUNTS <= 256 && SITES <= 256 && OBJECTIVES <= 64 && GROUPS <= 64);
const _: () = assert!((END_OF_TIME as u64) * (SERVERS as u64 + 2) <= u32::MAX as u64);
const _: () = assert!(END_OF_TIME < u32::MAX - WAIT_SECS);

/// Every limit, for the README's table: (what, value).
pub const ALL: &[(&str, usize)] = &[
    ("scenario file, bytes", SCENARIO_BYTES),
    ("script, bytes", SCRIPT_BYTES),
    ("transcript, bytes", TRANSCRIPT_BYTES),
    ("line of a script or transcript, characters", LINE_CHARS),
    ("actions in a script, a transcript or a session", ACTIONS),
    ("parts of a dotted key, or nesting, in a scenario file", KEY_PARTS),
    ("machines", MACHINES),
    ("Exchange servers", SERVERS),
    ("accounts", ACCOUNTS),
    ("sites", SITES),
    ("administrative groups", ADMIN_GROUPS),
    ("objectives", OBJECTIVES),
    ("sources", SOURCES),
    ("cluster groups, created ones included", GROUPS),
    ("registry checkpoints on a resource", CHECKPOINTS),
    ("machine, computer, cluster and server names, characters", NETBIOS_CHARS),
    ("account names (DOMAIN\\user), characters", ACCOUNT_CHARS),
    ("organization, site, administrative group and cluster group names, characters", NAME_CHARS),
    ("registry keys, characters", REGISTRY_KEY_CHARS),
    ("scenario ids, characters", ID_CHARS),
    ("other values in a scenario file, characters", VALUE_CHARS),
    ("title, objective text, source, characters", TITLE_CHARS),
    ("briefing, characters", BRIEFING_CHARS),
    ("lines of one caption of a reel", CAPTION_LINES),
    ("shared link, characters after `#share=`", LINK_CHARS),
    ("transcripts in the browser's roster", ROSTER),
    ("simulated time, days", (END_OF_TIME / 86_400) as usize),
    ("a bare `wait`, and any timing range, days", (WAIT_SECS / 86_400) as usize),
];

/// What a name names, for its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    NetBios,
    Account,
    Name,
    /// A cluster group: a name, without `/` (scripts write a group's resource `GROUP/sa`).
    Group,
    RegistryKey,
}

impl NameKind {
    pub fn max_chars(self) -> usize {
        match self {
            NameKind::NetBios => NETBIOS_CHARS,
            NameKind::Account => ACCOUNT_CHARS,
            NameKind::Name | NameKind::Group => NAME_CHARS,
            NameKind::RegistryKey => REGISTRY_KEY_CHARS,
        }
    }
}

/// The one rule for a name, in a scenario file and typed in a session alike: not empty, not
/// too long, no control character, and no double quote (scripts and transcripts quote names
/// with it, so a name holding one could not be written down and read back the same).
pub fn check_name(kind: NameKind, text: &str) -> Result<(), String> {
    let n = text.chars().count();
    if text.trim().is_empty() {
        Err("is empty".into())
    } else if n > kind.max_chars() {
        Err(format!("is {n} characters long; at most {} are allowed", kind.max_chars()))
    } else if text.contains('"') {
        Err("may not contain a double quote (scripts and transcripts quote names with it)".into())
    } else if text.contains('`') {
        Err("may not contain a backquote (messages quote names with it)".into())
    } else if text.chars().any(char::is_control) {
        Err("may not contain control characters".into())
    } else if let Some(c) = text.chars().find(|c| is_invisible(*c) && *c != ' ') {
        // Two names that look alike must be one name: a certificate's evidence depends on it.
        Err(format!("may not contain an invisible character ({})", c.escape_unicode()))
    } else if kind == NameKind::Group && text.contains('/') {
        Err("may not contain `/` (scripts name a group's resource GROUP/RESOURCE)".into())
    } else {
        Ok(())
    }
}

/// The rule for a scenario's id, wherever one is read (a scenario file, a transcript, a reel,
/// an exam): lower-case letters, digits and dashes, at most `ID_CHARS`.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > ID_CHARS || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        Err(format!("scenario id `{}` must be 1 to {ID_CHARS} lower-case letters, digits and dashes", shown(id)))
    } else {
        Ok(())
    }
}

/// A value as an error message quotes it: at most 40 characters, control and invisible ones
/// escaped (`\u{200b}`), so that a message stays short and says exactly what was read.
pub fn shown(text: &str) -> String {
    const MAX: usize = 40;
    // A backquote in a value is escaped too: the value never closes the quote around it.
    let plain = |t: &str| escaped(t).replace('`', "\\u{60}");
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}… ({} characters)", plain(&text[..cut]), text.chars().count()),
        None => plain(text),
    }
}

/// A message as it is shown: every value it quotes in backticks shortened as `shown` does, and
/// any invisible character escaped, wherever the message came from. The error types and the
/// trainer's notices pass what they say through it, so no message can carry a value raw.
pub fn said(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let paired = message.matches('`').count() % 2 == 0;
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are quoted (a message's own long text is never in backticks), if the
        // backquotes pair up; a value already `shown` (40 characters, an escape counted as
        // one, and its length) is short enough to pass as it is.
        if i % 2 == 1 && paired && seen_len(part) > 80 {
            out.push_str(&shown(part));
            continue;
        }
        for c in part.chars() {
            if c != '\n' && is_invisible(c) { out.extend(c.escape_unicode()) } else { out.push(c) }
        }
    }
    out
}

/// A text's length as a reader sees it: an escape (`\u{200b}`) is one character.
fn seen_len(text: &str) -> usize {
    let mut pieces = text.split("\\u{");
    let first = pieces.next().map_or(0, |p| p.chars().count());
    let escaped: usize = pieces.map(|p| p.split_once('}').map_or(3 + p.chars().count(), |(_, rest)| 1 + rest.chars().count())).sum();
    first + escaped
}

/// The text with control and invisible characters escaped (`\u{200b}`): what a message says
/// is what was read, an invisible character in a name included.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters, and those that print as nothing or as a space though they are not one.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180e}')
        || ('\u{200b}'..='\u{200f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2060}'..='\u{206f}').contains(&c)
        || matches!(c, '\u{3164}' | '\u{feff}' | '\u{ffa0}')
        || ('\u{fe00}'..='\u{fe0f}').contains(&c)
        || ('\u{e0000}'..='\u{e0fff}').contains(&c)
}

/// Text too long to read: the line where it crosses `max` bytes, and a message.
pub fn too_long(text: &str, max: usize, what: &str) -> Option<(usize, String)> {
    if text.len() <= max {
        return None;
    }
    let cut = (0..=max).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    let line = text[..cut].matches('\n').count() + 1;
    Some((line, format!("{what} is {} KiB; at most {} KiB is read", text.len().div_ceil(1024), max / 1024)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_by_one_rule() {
        assert!(check_name(NameKind::NetBios, "NODE1").is_ok());
        assert!(check_name(NameKind::NetBios, &"N".repeat(15)).is_ok());
        assert!(check_name(NameKind::NetBios, &"N".repeat(16)).unwrap_err().contains("at most 15"));
        assert!(check_name(NameKind::Name, "Sales \"West\"").unwrap_err().contains("double quote"));
        assert!(check_name(NameKind::Name, "a\u{0}b").unwrap_err().contains("control"));
        assert!(check_name(NameKind::Name, "   ").unwrap_err().contains("empty"));
    }

    #[test]
    fn shown_values_are_short_and_visible() {
        assert_eq!(shown("HQ\u{200b}"), "HQ\\u{200b}");
        assert_eq!(shown("a\0b"), "a\\u{0}b");
        let long = shown(&"x".repeat(1_000_000));
        assert!(long.len() < 80 && long.ends_with("(1000000 characters)"), "{long}");
        assert_eq!(shown("Première"), "Première");
    }

    #[test]
    fn too_long_names_the_line_where_the_limit_is_crossed() {
        let text = "a\nb\nccc\n";
        assert_eq!(too_long(text, 8, "x"), None);
        assert_eq!(too_long(text, 5, "the file").map(|(l, _)| l), Some(3));
    }
}
