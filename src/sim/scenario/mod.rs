//! Scenarios: data files an instructor can write without recompiling. A scenario gives the
//! briefing, the objectives, the downtime budget, timing overrides and the initial state of the
//! estate. `file` reads and validates the TOML; `builtin` holds the ones shipped with the trainer.

mod build;
mod builtin;
mod file;
mod read;

pub use builtin::{FILES, builtin, builtins, is_builtin};
pub use file::{ScenarioError, parse_scenario};

use super::catalog::ExBuild;
use super::chance::Span;
use super::rules::Timed;
use super::time::Secs;
use super::world::World;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    RollingUpgrade,
    Migration,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::RollingUpgrade => "rolling-upgrade",
            Kind::Migration => "migration",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Kind::RollingUpgrade => "Rolling upgrade",
            Kind::Migration => "Migration",
        }
    }
}

/// What an objective checks at the end of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// Every cluster node runs this Exchange build.
    NodesAt(ExBuild),
    /// Every clustered Exchange virtual server's directory version is this build.
    EvsAt(ExBuild),
    /// Every front-end server runs this build.
    FrontEndsAt(ExBuild),
    /// Every cluster group is fully online.
    GroupsOnline,
    /// Every mailbox of the organization is homed on this server.
    MailboxesOn(String),
    ServerRemoved(String),
    /// The public folders' home is this server.
    FoldersOn(String),
    /// This server holds replicas of the system folders.
    SystemFoldersOn(String),
    /// Every user can reach their mailbox.
    UsersReachable,
    /// Every cluster node has the Exchange files.
    ExchangeOnAllNodes,
    /// This server runs in a cluster group.
    Clustered(String),
}

impl Check {
    pub const FORMS: &'static str = "nodes-at BUILD, evs-at BUILD, front-ends-at BUILD, groups-online, mailboxes-on SERVER, \
         server-removed SERVER, folders-on SERVER, system-folders-on SERVER, users-reachable, exchange-on-all-nodes, clustered SERVER";

    pub fn parse(text: &str) -> Result<Check, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let build = |w: &str| {
            ExBuild::from_id(w).ok_or_else(|| {
                let known: Vec<&str> = ExBuild::ALL.iter().map(|b| b.id()).collect();
                format!("`{w}` is not an Exchange build; known builds: {}", known.join(", "))
            })
        };
        Ok(match words.as_slice() {
            ["nodes-at", b] => Check::NodesAt(build(b)?),
            ["evs-at", b] => Check::EvsAt(build(b)?),
            ["front-ends-at", b] => Check::FrontEndsAt(build(b)?),
            ["groups-online"] => Check::GroupsOnline,
            ["mailboxes-on", s] => Check::MailboxesOn(s.to_string()),
            ["server-removed", s] => Check::ServerRemoved(s.to_string()),
            ["folders-on", s] => Check::FoldersOn(s.to_string()),
            ["system-folders-on", s] => Check::SystemFoldersOn(s.to_string()),
            ["users-reachable"] => Check::UsersReachable,
            ["exchange-on-all-nodes"] => Check::ExchangeOnAllNodes,
            ["clustered", s] => Check::Clustered(s.to_string()),
            [name, ..] => {
                // A known check with the wrong arguments: say what it takes.
                let form = Check::FORMS.split(", ").find(|f| f.split(' ').next() == Some(*name));
                return Err(match form {
                    Some(form) => format!("`{text}`: the check is written `{form}`"),
                    None => format!("`{text}` is not a check; checks: {}", Check::FORMS),
                });
            }
            [] => return Err(format!("the check is empty; checks: {}", Check::FORMS)),
        })
    }

    /// The Exchange server this check names, if it names one.
    pub fn server(&self) -> Option<&str> {
        match self {
            Check::MailboxesOn(s) | Check::ServerRemoved(s) | Check::FoldersOn(s) | Check::SystemFoldersOn(s) | Check::Clustered(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Objective {
    pub text: String,
    pub check: Check,
}

/// What a migration moves, and under which names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migration {
    /// The standalone server moving into the cluster.
    pub server: String,
    /// The account its Exchange services run as.
    pub service_account: String,
    /// The clustered server's name when it is a new server (Move Users); absent when the
    /// cluster takes over the old server's identity (`setup /r`).
    pub new_name: Option<String>,
}

/// A validated scenario, ready to start.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub kind: Kind,
    /// 1 (gentle) to 5 (hard).
    pub difficulty: u8,
    /// The longest any server's users may be without their mailboxes.
    pub budget: Secs,
    pub briefing: String,
    pub sources: Vec<String>,
    pub objectives: Vec<Objective>,
    /// Ranges that replace the defaults of `rules::Timed`, by key.
    pub timing: Vec<(String, Span)>,
    pub migration: Option<Migration>,
    /// The machines that are, or are to become, the cluster's nodes.
    pub planned_nodes: Vec<String>,
    pub initial: World,
    /// A digest of the file's text (its lines, whatever their endings): a transcript carries
    /// it, so that a file edited without a new version is never silently used to regrade one.
    pub digest: u64,
}

impl Scenario {
    /// The maintenance window as a change board holds it, said wherever the briefing is.
    pub fn window_rule(&self) -> String {
        format!("at most {} of downtime for any server's users: over it fails the exercise", crate::sim::time::format_duration(self.budget))
    }

    /// The range a timed thing takes in this scenario.
    pub fn span(&self, t: Timed) -> Span {
        let key = t.key();
        self.timing.iter().find(|(k, _)| k == key).map(|(_, s)| *s).unwrap_or_else(|| t.default_span())
    }

    /// The build an upgrade scenario aims at: the newest its objectives name.
    pub fn target(&self) -> Option<ExBuild> {
        self.objectives
            .iter()
            .filter_map(|o| match o.check {
                Check::NodesAt(b) | Check::EvsAt(b) | Check::FrontEndsAt(b) => Some(b),
                _ => None,
            })
            .max()
    }
}
