//! The trainer's clock: turns real milliseconds, handed in by the front end, into simulated
//! seconds at the chosen speed. Integer arithmetic throughout, so that ticks of any length add
//! up exactly: what is not yet a whole simulated second is carried to the next tick.

/// Simulated seconds per real second that the speed control offers.
pub const SPEEDS: [u32; 5] = [1, 10, 60, 300, 1800];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    running: bool,
    speed: u32,
    /// Stop when nothing is under way and every user has mail, so that time spent reading
    /// costs nothing; while users are down the clock keeps running.
    pause_when_idle: bool,
    /// Real milliseconds times the speed, not yet a whole simulated second (under 1000).
    carry: u64,
    /// The real time of the last tick while running.
    last_tick: Option<u64>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock { running: false, speed: SPEEDS[1], pause_when_idle: true, carry: 0, last_tick: None }
    }
}

impl Clock {
    pub fn running(&self) -> bool {
        self.running
    }
    pub fn speed(&self) -> u32 {
        self.speed
    }
    pub fn pause_when_idle(&self) -> bool {
        self.pause_when_idle
    }

    /// Starts or stops the clock. Real time spent stopped never counts.
    pub fn set_running(&mut self, on: bool) {
        self.running = on;
        self.last_tick = None;
        self.carry = 0;
    }

    pub fn set_speed(&mut self, speed: u32) {
        self.speed = speed;
    }

    pub fn set_pause_when_idle(&mut self, on: bool) {
        self.pause_when_idle = on;
    }

    /// The simulated seconds that pass between the last tick and real time `now_ms` (the first
    /// tick after starting only sets the mark). A clock going backwards counts as no time.
    pub fn elapse(&mut self, now_ms: u64) -> u32 {
        if !self.running {
            return 0;
        }
        let last = self.last_tick.replace(now_ms).unwrap_or(now_ms);
        self.carry += now_ms.saturating_sub(last).saturating_mul(u64::from(self.speed));
        let secs = self.carry / 1000;
        self.carry %= 1000;
        u32::try_from(secs).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_of_uneven_length_add_up_exactly() {
        let mut c = Clock::default();
        c.set_speed(60);
        c.set_running(true);
        let mut now = 5_000;
        assert_eq!(c.elapse(now), 0, "the first tick only sets the mark");
        let mut total = 0;
        for dt in [17, 100, 3, 250, 1, 999, 33, 1001, 7, 589] {
            now += dt;
            total += c.elapse(now);
        }
        // 3000 real ms at 60x: exactly 180 simulated seconds, whatever the ticks' lengths.
        assert_eq!(total, 180);
        // Stopped, real time does not count; started again, it counts from there.
        c.set_running(false);
        assert_eq!(c.elapse(now + 10_000), 0);
        c.set_running(true);
        assert_eq!(c.elapse(now + 20_000), 0);
        assert_eq!(c.elapse(now + 21_000), 60);
        // Backwards is nothing.
        assert_eq!(c.elapse(now), 0);
    }
}
