//! What a learner does: an action is a verb typed at one machine's console. Actions name things
//! (machines, groups, servers, accounts) by the names the learner sees; the engine resolves them
//! against the state when the action runs, so a script may name a group that an earlier line
//! creates.

use std::fmt;

use super::catalog::{Package, ResKind};
use super::world::BackupKind;

/// A resource, addressed as `GROUP/kind`: `EVS1/sa`, `EXVS/store`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResRef {
    pub group: String,
    pub kind: ResKind,
}

/// What Bring Online and Take Offline act on: a whole group or one resource.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Group(String),
    Resource(ResRef),
}

impl Target {
    pub fn group(&self) -> &str {
        match self {
            Target::Group(g) => g,
            Target::Resource(r) => &r.group,
        }
    }
}

/// Exchange 5.5 Setup on a cluster node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SetupMode {
    /// A new clustered server joining the organization and site.
    Install { org: String, site: String, account: String, group: String },
    /// `setup /r`: recreate a server under its old identity, to restore its backup into.
    Recover { org: String, site: String, account: String, group: String },
    /// Install the Exchange files on the other node of a clustered server.
    UpdateNode,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Verb {
    // At the console
    Logon { account: String },
    Logoff,
    Install { package: Package },
    Reboot,
    Shutdown,
    PowerOn,
    Backup { kind: BackupKind, server: Option<String> },
    Restore { server: String, start_services: bool },
    ReadLog,
    InstallWindows { computer_name: String },
    InstallMscs { cluster: String, account: String },
    ExchangeSetup { mode: SetupMode },
    PerformanceOptimizer,
    /// Task Manager: end a Cluster Administrator that a hung upgrade froze.
    EndTask,
    // Cluster Administrator
    BringOnline { target: Target },
    TakeOffline { target: Target },
    MoveGroup { group: String, to: Option<String> },
    InitiateFailure { resource: ResRef },
    UpgradeEvs { group: String },
    CreateGroup { group: String, network_name: String },
    RemoveCheckpoint { resource: ResRef, key: String },
    AddCheckpoint { resource: ResRef, key: String },
    // Rights
    AddLocalAdmin { account: String },
    DelegateFullAdmin { account: String, admin_group: String },
    // Exchange Administrator (5.5)
    MoveUsers { from: String, to: String },
    RehomeFolders { from: String, to: String },
    ReplicateSystemFolders { to: String },
    RemoveServer { server: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Action {
    /// The machine whose console the learner is at (its slot name, e.g. `NODE2`).
    pub console: String,
    pub verb: Verb,
}

impl Action {
    pub fn new(console: impl Into<String>, verb: Verb) -> Action {
        Action { console: console.into(), verb }
    }

    /// Whether the verb belongs to Cluster Administrator (and so to the console's cluster
    /// session, which a hung upgrade can freeze).
    pub fn is_cluster_admin(&self) -> bool {
        matches!(
            self.verb,
            Verb::BringOnline { .. }
                | Verb::TakeOffline { .. }
                | Verb::MoveGroup { .. }
                | Verb::InitiateFailure { .. }
                | Verb::UpgradeEvs { .. }
                | Verb::CreateGroup { .. }
                | Verb::RemoveCheckpoint { .. }
                | Verb::AddCheckpoint { .. }
        )
    }

    /// The group a Cluster Administrator verb acts on.
    pub fn group(&self) -> Option<&str> {
        match &self.verb {
            Verb::BringOnline { target } | Verb::TakeOffline { target } => Some(target.group()),
            Verb::MoveGroup { group, .. } | Verb::UpgradeEvs { group } | Verb::CreateGroup { group, .. } => Some(group),
            Verb::InitiateFailure { resource } | Verb::RemoveCheckpoint { resource, .. } | Verb::AddCheckpoint { resource, .. } => {
                Some(&resource.group)
            }
            _ => None,
        }
    }
}

/// Writes a token, quoting it when it holds spaces (or would otherwise not read back).
fn token(f: &mut fmt::Formatter<'_>, t: &str) -> fmt::Result {
    if t.is_empty() || t.contains(|c: char| c.is_whitespace() || c == '"' || c == '#') {
        write!(f, " \"{}\"", t.replace('"', "'"))
    } else {
        write!(f, " {t}")
    }
}

impl fmt::Display for ResRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.group, self.kind.id())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Group(g) => f.write_str(g),
            Target::Resource(r) => r.fmt(f),
        }
    }
}

/// The script form, one line, without the time: `NODE2: upgrade-evs EVS1`.
impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.console)?;
        let t = |f: &mut fmt::Formatter<'_>, s: &str| token(f, s);
        match &self.verb {
            Verb::Logon { account } => {
                f.write_str(" logon")?;
                t(f, account)
            }
            Verb::Logoff => f.write_str(" logoff"),
            Verb::Install { package } => write!(f, " install {}", package.id()),
            Verb::Reboot => f.write_str(" reboot"),
            Verb::Shutdown => f.write_str(" shutdown"),
            Verb::PowerOn => f.write_str(" power-on"),
            Verb::Backup { kind, server } => {
                write!(f, " backup {}", kind.id())?;
                match server {
                    Some(s) => t(f, s),
                    None => Ok(()),
                }
            }
            Verb::Restore { server, start_services } => {
                f.write_str(" restore exchange")?;
                t(f, server)?;
                f.write_str(if *start_services { " start-services" } else { " no-start-services" })
            }
            Verb::ReadLog => f.write_str(" read-log"),
            Verb::InstallWindows { computer_name } => {
                f.write_str(" install-windows")?;
                t(f, computer_name)
            }
            Verb::InstallMscs { cluster, account } => {
                f.write_str(" install-mscs")?;
                t(f, cluster)?;
                t(f, account)
            }
            Verb::ExchangeSetup { mode } => match mode {
                SetupMode::Install { org, site, account, group } | SetupMode::Recover { org, site, account, group } => {
                    let word = if matches!(mode, SetupMode::Install { .. }) { "install" } else { "recover" };
                    write!(f, " exchange-setup {word}")?;
                    for s in [org, site, account, group] {
                        t(f, s)?;
                    }
                    Ok(())
                }
                SetupMode::UpdateNode => f.write_str(" exchange-setup update-node"),
            },
            Verb::PerformanceOptimizer => f.write_str(" performance-optimizer"),
            Verb::EndTask => f.write_str(" end-task"),
            Verb::BringOnline { target } => {
                f.write_str(" bring-online")?;
                t(f, &target.to_string())
            }
            Verb::TakeOffline { target } => {
                f.write_str(" take-offline")?;
                t(f, &target.to_string())
            }
            Verb::MoveGroup { group, to } => {
                f.write_str(" move-group")?;
                t(f, group)?;
                match to {
                    Some(n) => t(f, n),
                    None => Ok(()),
                }
            }
            Verb::InitiateFailure { resource } => {
                f.write_str(" initiate-failure")?;
                t(f, &resource.to_string())
            }
            Verb::UpgradeEvs { group } => {
                f.write_str(" upgrade-evs")?;
                t(f, group)
            }
            Verb::CreateGroup { group, network_name } => {
                f.write_str(" create-group")?;
                t(f, group)?;
                t(f, network_name)
            }
            Verb::RemoveCheckpoint { resource, key } => {
                f.write_str(" remove-checkpoint")?;
                t(f, &resource.to_string())?;
                t(f, key)
            }
            Verb::AddCheckpoint { resource, key } => {
                f.write_str(" add-checkpoint")?;
                t(f, &resource.to_string())?;
                t(f, key)
            }
            Verb::AddLocalAdmin { account } => {
                f.write_str(" add-local-admin")?;
                t(f, account)
            }
            Verb::DelegateFullAdmin { account, admin_group } => {
                f.write_str(" delegate-full-admin")?;
                t(f, account)?;
                t(f, admin_group)
            }
            Verb::MoveUsers { from, to } => {
                f.write_str(" move-users")?;
                t(f, from)?;
                t(f, to)
            }
            Verb::RehomeFolders { from, to } => {
                f.write_str(" rehome-folders")?;
                t(f, from)?;
                t(f, to)
            }
            Verb::ReplicateSystemFolders { to } => {
                f.write_str(" replicate-system-folders")?;
                t(f, to)
            }
            Verb::RemoveServer { server } => {
                f.write_str(" remove-server")?;
                t(f, server)
            }
        }
    }
}
