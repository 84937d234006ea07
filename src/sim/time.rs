//! Simulated time: whole seconds since the scenario started. Integer only, so that native and
//! wasm builds agree to the second.

use std::fmt;

/// A point on the simulated clock, in seconds since the scenario started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u32);

/// A length of simulated time, in seconds.
pub type Secs = u32;

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);
    /// The simulated clock's end (`limits::END_OF_TIME`): nothing runs past it.
    pub const END: SimTime = SimTime(crate::sim::limits::END_OF_TIME);

    pub fn secs(self) -> u32 {
        self.0
    }

    pub fn plus(self, d: Secs) -> SimTime {
        SimTime(self.0.saturating_add(d))
    }

    pub fn since(self, earlier: SimTime) -> Secs {
        self.0.saturating_sub(earlier.0)
    }
}

/// `H:MM:SS`, with a day count in front past 24 hours (`2d 03:04:05`).
impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let (d, h, m, sec) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60);
        if d > 0 {
            write!(f, "{d}d {h:02}:{m:02}:{sec:02}")
        } else {
            write!(f, "{h}:{m:02}:{sec:02}")
        }
    }
}

impl std::str::FromStr for SimTime {
    type Err = String;
    /// Reads what `Display` writes: `H:MM:SS` or `Nd HH:MM:SS`.
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (days, clock) = match text.split_once(' ') {
            Some((d, rest)) => {
                let d = d
                    .strip_suffix('d')
                    .and_then(|n| n.parse::<u32>().ok())
                    .ok_or_else(|| format!("`{}` is not a time: expected `H:MM:SS` or `Nd HH:MM:SS`", crate::sim::limits::shown(text)))?;
                (d, rest.trim())
            }
            None => (0, text),
        };
        let parts: Vec<&str> = clock.split(':').collect();
        let bad = || format!("`{}` is not a time: expected `H:MM:SS` or `Nd HH:MM:SS`", crate::sim::limits::shown(text));
        if parts.len() != 3 {
            return Err(bad());
        }
        let mut v = [0u32; 3];
        for (slot, p) in v.iter_mut().zip(&parts) {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            *slot = p.parse().map_err(|_| bad())?;
        }
        if v[1] > 59 || v[2] > 59 {
            return Err(bad());
        }
        let total = (days as u64) * 86_400 + (v[0] as u64) * 3600 + (v[1] as u64) * 60 + v[2] as u64;
        if total > u64::from(SimTime::END.0) {
            return Err(format!("`{}` is past the simulated clock's end ({} days)", crate::sim::limits::shown(text), SimTime::END.0 / 86_400));
        }
        Ok(SimTime(total as u32))
    }
}

/// Formats a duration compactly: `45s`, `5m`, `1h30m`, `2d4h`.
pub fn format_duration(d: Secs) -> String {
    let (days, h, m, s) = (d / 86_400, (d / 3600) % 24, (d / 60) % 60, d % 60);
    let mut out = String::new();
    for (n, unit) in [(days, 'd'), (h, 'h'), (m, 'm'), (s, 's')] {
        if n > 0 {
            out.push_str(&n.to_string());
            out.push(unit);
        }
    }
    if out.is_empty() {
        out.push_str("0s");
    }
    out
}

/// Parses a duration such as `90s`, `5m`, `1h30m`, `2d` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Secs, String> {
    let bad = || format!("`{}` is not a duration: write it like `90s`, `5m`, `1h30m` or `2d`", crate::sim::limits::shown(text));
    if text.is_empty() {
        return Err(bad());
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().map_err(|_| bad());
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut last_rank = 5;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (mult, rank) = match c {
            'd' => (86_400u64, 4),
            'h' => (3600, 3),
            'm' => (60, 2),
            's' => (1, 1),
            _ => return Err(bad()),
        };
        if number.is_empty() || rank >= last_rank {
            return Err(bad());
        }
        last_rank = rank;
        let n: u64 = number.parse().map_err(|_| bad())?;
        total = total.saturating_add(n.saturating_mul(mult));
        number.clear();
    }
    if !number.is_empty() {
        return Err(bad());
    }
    u32::try_from(total).map_err(|_| format!("`{}` is too long a duration", crate::sim::limits::shown(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print_round_trip() {
        for (text, secs) in [("90s", 90), ("5m", 300), ("1h30m", 5400), ("2d", 172_800), ("1h0m5s", 3605), ("42", 42)] {
            assert_eq!(parse_duration(text), Ok(secs), "{text}");
        }
        assert_eq!(format_duration(5400), "1h30m");
        assert_eq!(format_duration(0), "0s");
        for bad in ["", "5x", "m5", "5m1h", "1h1h", "5 m"] {
            assert!(parse_duration(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn times_print_and_parse_round_trip() {
        for secs in [0, 59, 3600, 86_399, 86_400, 200_000] {
            let t = SimTime(secs);
            assert_eq!(t.to_string().parse::<SimTime>(), Ok(t));
        }
        assert_eq!(SimTime(3725).to_string(), "1:02:05");
        assert!("1:60:00".parse::<SimTime>().is_err());
        assert!("yesterday".parse::<SimTime>().is_err());
    }
}
