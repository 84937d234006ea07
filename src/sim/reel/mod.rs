//! Reels: recorded sessions with captions, for showing a mistake (or the right way) to a room.
//! A reel is a transcript with a title, the findings it is about, and captions placed between
//! its steps. Its lines are a transcript's, so it replays exactly as one does.
//!
//! ```text
//! clusterdrill-reel 1
//! title Two EVSs upgraded at once: the second Setup hangs
//! shows parallel-evs-upgrade no-backup-after
//! scenario e2003-sp1-active-active
//! scenario-version 1
//! seed 1
//! caption Both EVSs run on NODE1; NODE2 is already at SP1.      (at the start)
//! 0:00:00 NODE1: logon CORP\exadmin
//! ...
//! 0:41:10 NODE2: upgrade-evs EVS2
//! caption The second upgrade starts while the first still runs.  (after that step)
//! caption-finding parallel-evs-upgrade                           (the debrief's own words)
//! end 1:02:00
//! ```
//!
//! `shows nothing` marks a correct run. A caption before the first action belongs to the
//! start, one after the `end` line to the end; `caption-finding` quotes a finding's title,
//! explanation and source from the catalogue, so a reel says what the debrief says.

mod builtin;

pub use builtin::FILES;

use super::findings::FindingId;
use super::limits::{self, shown};
use super::transcript::{MAGIC as TRANSCRIPT_MAGIC, Transcript, TranscriptError};

pub const MAGIC: &str = "clusterdrill-reel 1";

/// Where a caption stands on a reel's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    /// Just after step n (0: the start, before any step).
    After(usize),
    /// The end of the session, where the debrief is final.
    End,
}

/// One part of a caption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// A finding, in the catalogue's words.
    Finding(FindingId),
}

impl Part {
    /// The part as it reads on screen.
    pub fn text(&self) -> String {
        match self {
            Part::Text(t) => t.clone(),
            Part::Finding(f) => format!("{}: {} Source: {}.", f.title(), f.explanation(), f.source().trim_end_matches('.')),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    pub at: Mark,
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reel {
    pub title: String,
    /// The findings the reel raises, exactly (empty: a correct run).
    pub shows: Vec<FindingId>,
    pub transcript: Transcript,
    /// In timeline order, at most one per mark.
    pub captions: Vec<Caption>,
}

impl Reel {
    /// The caption at a mark, if the reel has one there.
    pub fn caption(&self, at: Mark) -> Option<&Caption> {
        self.captions.iter().find(|c| c.at == at)
    }

    /// Whether `text` is a reel rather than a plain transcript (its first meaningful line).
    pub fn is_reel(text: &str) -> bool {
        text.trim_start_matches('\u{feff}').lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')) == Some(MAGIC)
    }

    pub fn parse(text: &str) -> Result<Reel, TranscriptError> {
        let err = |line: usize, message: String| TranscriptError::new(line, message);
        let lines = super::script::bounded_lines(text, "the reel", limits::TRANSCRIPT_BYTES).map_err(|e| err(e.line, e.message))?;
        // The transcript's own lines, with the reel's lines blanked to comments so that the
        // transcript reader's line numbers are the file's.
        let mut body = String::with_capacity(text.len());
        let mut title = None;
        let mut shows = None;
        let mut captions: Vec<Caption> = Vec::new();
        let mut magic = false;
        let mut steps = 0;
        let mut ended = false;
        for (n, raw) in lines {
            let l = raw.trim();
            let blank = |body: &mut String| body.push_str("#\n");
            if l.is_empty() || l.starts_with('#') {
                blank(&mut body);
                continue;
            }
            if !magic {
                if l != MAGIC {
                    return Err(err(n, format!("expected `{MAGIC}`, found `{}`: this is not a Cluster Drill reel", shown(l))));
                }
                magic = true;
                body.push_str(TRANSCRIPT_MAGIC);
                body.push('\n');
                continue;
            }
            let (key, rest) = l.split_once(' ').map_or((l, ""), |(k, r)| (k, r.trim()));
            match key {
                "title" | "shows" | "caption" | "caption-finding" => blank(&mut body),
                _ => {
                    // Times start with a digit; `end` and `unfinished` close the session.
                    if l.starts_with(|c: char| c.is_ascii_digit()) {
                        steps += 1;
                    } else if key == "end" || key == "unfinished" {
                        ended = true;
                    }
                    body.push_str(raw);
                    body.push('\n');
                    continue;
                }
            }
            match key {
                "title" if title.is_some() => return Err(err(n, "a second `title` line".into())),
                "title" if rest.is_empty() => return Err(err(n, "the title is empty".into())),
                "title" if rest.chars().count() > limits::TITLE_CHARS => {
                    return Err(err(n, format!("the title is longer than {} characters", limits::TITLE_CHARS)));
                }
                "title" => title = Some(rest.to_string()),
                "shows" if shows.is_some() => return Err(err(n, "a second `shows` line".into())),
                "shows" => shows = Some(parse_shows(rest).map_err(|m| err(n, m))?),
                _ => {
                    if title.is_none() || shows.is_none() {
                        return Err(err(n, "captions come after the `title` and `shows` lines".into()));
                    }
                    let part = if key == "caption" {
                        if rest.is_empty() {
                            return Err(err(n, "the caption is empty".into()));
                        }
                        Part::Text(rest.to_string())
                    } else {
                        Part::Finding(FindingId::from_slug(rest).ok_or_else(|| err(n, format!("`{}` is not a finding", shown(rest))))?)
                    };
                    let at = if ended { Mark::End } else { Mark::After(steps) };
                    match captions.last_mut() {
                        Some(c) if c.at == at && c.parts.len() == limits::CAPTION_LINES => {
                            return Err(err(n, format!("a caption may have at most {} lines", limits::CAPTION_LINES)));
                        }
                        Some(c) if c.at == at => c.parts.push(part),
                        _ => captions.push(Caption { at, parts: vec![part] }),
                    }
                }
            }
        }
        if !magic {
            return Err(err(0, "the reel is empty".into()));
        }
        let transcript = Transcript::parse(&body)?;
        let title = title.ok_or_else(|| err(0, "the reel has no `title` line".into()))?;
        let shows = shows.ok_or_else(|| err(0, "the reel has no `shows` line (the findings it raises, or `nothing`)".into()))?;
        Ok(Reel { title, shows, transcript, captions })
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("{MAGIC}\ntitle {}\nshows ", self.title);
        if self.shows.is_empty() {
            out.push_str("nothing");
        } else {
            out.push_str(&self.shows.iter().map(|f| f.slug()).collect::<Vec<_>>().join(" "));
        }
        out.push('\n');
        let body = self.transcript.to_text();
        let mut captions = self.captions.iter().peekable();
        let mut step = 0;
        let write = |out: &mut String, c: &Caption| {
            for p in &c.parts {
                match p {
                    Part::Text(t) => out.push_str(&format!("caption {t}\n")),
                    Part::Finding(f) => out.push_str(&format!("caption-finding {}\n", f.slug())),
                }
            }
        };
        for line in body.lines().skip(1) {
            let closing = line.starts_with("end ") || line.starts_with("unfinished ");
            let action = line.starts_with(|c: char| c.is_ascii_digit());
            // Captions of the start go after the header, before the first action.
            if action || closing {
                while let Some(c) = captions.next_if(|c| c.at == Mark::After(step)) {
                    write(&mut out, c);
                }
            }
            out.push_str(line);
            out.push('\n');
            if action {
                step += 1;
            }
        }
        for c in captions {
            write(&mut out, c);
        }
        out
    }
}

fn parse_shows(rest: &str) -> Result<Vec<FindingId>, String> {
    if rest == "nothing" {
        return Ok(Vec::new());
    }
    if rest.is_empty() {
        return Err("`shows` names the findings the reel raises, or `nothing` for a correct run".into());
    }
    let mut out = Vec::new();
    for slug in rest.split_whitespace() {
        let f = FindingId::from_slug(slug).ok_or_else(|| format!("`{}` is not a finding", shown(slug)))?;
        if out.contains(&f) {
            return Err(format!("`{slug}` is named twice"));
        }
        out.push(f);
    }
    Ok(out)
}

/// Every built-in reel, with its file name. They are checked by the tests, so a failure here is
/// a bug.
pub fn builtins() -> Vec<(&'static str, Reel)> {
    builtin::FILES.iter().map(|(name, text)| (*name, Reel::parse(text).unwrap_or_else(|e| panic!("built-in reel {name}: {e}")))).collect()
}

/// A built-in reel by name (its file name without `.reel`).
pub fn builtin(name: &str) -> Option<Reel> {
    let (file, text) = builtin::FILES.iter().find(|(file, _)| file.strip_suffix(".reel") == Some(name))?;
    Some(Reel::parse(text).unwrap_or_else(|e| panic!("built-in reel {file}: {e}")))
}
