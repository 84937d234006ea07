//! Shared links: a recording (a reel or a transcript), and the scenario file when it is not a
//! built-in one, packed into a URL's fragment, so that a link pasted into a chat or a slide
//! opens the presenter view in any browser with nothing installed and no server involved.
//!
//! The fragment is `#share=`, the URL-safe base64 (no padding) of the raw DEFLATE of what
//! follows, and `@N` when it opens at step N rather than at the start:
//!
//! ```text
//! clusterdrill-link 1
//! <the reel or transcript>
//! --- scenario                 (only for a scenario that is not built in)
//! <the scenario file>
//! ```
//!
//! Unpacking is bounded: the fragment by `limits::LINK_CHARS`, what it inflates to by a
//! transcript and a scenario file.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::limits;

pub const KEY: &str = "#share=";
const MAGIC: &str = "clusterdrill-link 1\n";
const SCENARIO: &str = "\n--- scenario\n";

/// What a link holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    /// A reel's or a transcript's text.
    pub recording: String,
    /// The scenario file, when the recording is not of a built-in scenario.
    pub scenario: Option<String>,
    /// The position the link opens at (after that step), when not the start: written after
    /// the packed part as `@N`, readable in the address.
    pub at: Option<usize>,
}

/// The fragment for a recording (with `#share=`).
pub fn encode(shared: &Shared) -> String {
    let mut text = format!("{MAGIC}{}", shared.recording);
    if let Some(s) = &shared.scenario {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&SCENARIO[1..]);
        text.push_str(s);
    }
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10);
    let at = shared.at.filter(|n| *n > 0).map_or(String::new(), |n| format!("@{n}"));
    format!("{KEY}{}{at}", URL_SAFE_NO_PAD.encode(packed))
}

/// What a fragment (with or without its `#share=`) holds, or what is wrong with it.
pub fn decode(fragment: &str) -> Result<Shared, String> {
    let body = fragment.trim();
    let body = body.strip_prefix(KEY).or_else(|| body.strip_prefix(&KEY[1..])).unwrap_or(body);
    let (body, at) = match body.rsplit_once('@') {
        Some((b, n)) => (b, Some(n.parse::<usize>().map_err(|_| format!("`@{}` at the end of the link is not a step number", limits::shown(n)))?)),
        None => (body, None),
    };
    if body.is_empty() {
        return Err("the link holds nothing after `#share=`".into());
    }
    if body.len() > limits::LINK_CHARS {
        return Err(format!("the link is longer than {} characters", limits::LINK_CHARS));
    }
    let damaged = "the link is damaged (a character was changed or lost when it was copied)";
    let cut = "the link is cut short: copy the whole of it";
    let packed = URL_SAFE_NO_PAD.decode(body).map_err(|e| match e {
        base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidLastSymbol(..) => cut.to_string(),
        _ => damaged.to_string(),
    })?;
    let most = limits::TRANSCRIPT_BYTES + limits::SCENARIO_BYTES + MAGIC.len() + SCENARIO.len();
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, most).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => "the link holds more than a transcript and a scenario file".to_string(),
        miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress => cut.to_string(),
        _ => damaged.to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| damaged.to_string())?;
    let rest = text.strip_prefix(MAGIC).ok_or("the link is not a Cluster Drill link, or was made by a newer version")?;
    let (recording, scenario) = match rest.split_once(SCENARIO) {
        Some((r, s)) => (format!("{r}\n"), Some(s.to_string())),
        None => (rest.to_string(), None),
    };
    Ok(Shared { recording, scenario, at })
}
