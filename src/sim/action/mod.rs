//! What a learner does: an action is a verb typed at one machine's console.
//!
//! Every verb is one row of the table below: its script form, what it does, and the kind of
//! each argument. From the table come the `Verb` enum (names as the learner typed them), the
//! `Resolved` enum (the ids they name, what the engine performs), the parser, the printer,
//! `clusterdrill verbs` and the README's check. Adding a verb is a row here and its behaviour in
//! `sim/verbs.rs` (`Sim::perform`). Names are resolved against the state when the action runs,
//! so a script may name a group that an earlier line creates.

mod args;
mod table;

use std::fmt;

pub use args::{Arg, kind};
pub use table::VerbForm;
use table::verbs;

use super::catalog::ResKind;
use super::engine::ActionError;
use super::world::{GroupId, ResourceId, World};

verbs! {
    // At the console
    Logon { account: kind::Account } = "logon ACCOUNT", "log on at this console (sessions end when the machine restarts)",
        "On {c}'s console, log on as {0} (Logon, Log on).";
    Logoff {} = "logoff", "log off", "On {c}'s console, log off (Logon, Log off).";
    Install { package: kind::Package } = "install PACKAGE",
        "run an installer: hotfix-831464, exchange-2003-sp1, exsetdata-hotfix, exchange-2003, exchange-5.5",
        "On {c}'s console, install {0} (Setup and updates, Install).";
    Reboot {} = "reboot", "restart this machine (its groups fail over)", "On {c}'s console, restart the machine (Windows, Restart).";
    Shutdown {} = "shutdown", "shut this machine down", "On {c}'s console, shut the machine down (Windows, Shut down).";
    PowerOn {} = "power-on", "switch this machine on", "Switch {c} on (its console: Windows, Power on).";
    BackupFiles {} = "backup files", "file-level backup of this machine",
        "On {c}'s console, back up its files (Windows NT Backup, Back up files).";
    BackupSystemState {} = "backup system-state", "system state backup of this machine",
        "On {c}'s console, back up its system state (Windows NT Backup, Back up system state).";
    BackupFilesAndSystemState {} = "backup files system-state", "file-level and system state backup of this machine, as one job",
        "On {c}'s console, back up its files and system state in one job (Windows NT Backup, Back up files and system state).";
    BackupExchange { server: kind::Server } = "backup exchange SERVER",
        "full backup of a server's Exchange databases (and, on 5.5, its directory)",
        "On {c}'s console, back up {0}'s Exchange databases (Windows NT Backup, Back up Exchange databases).";
    Restore { server: kind::Server, services: kind::AfterRestore } = "restore exchange SERVER start-services|no-start-services",
        "Windows NT Backup restore of the store and directory",
        "On {c}'s console, restore {0}'s information store and directory {1} (Restore).";
    ReadLog {} = "read-log", "open Event Viewer and read this machine's Application log",
        "On {c}'s console, read the Application log (Event Viewer).";
    InstallWindows { computer_name: kind::ComputerName } = "install-windows COMPUTER-NAME",
        "clean-install Windows NT Server, Enterprise Edition",
        "Clean-install Windows NT Server, Enterprise Edition on {c}, named {0} (its console: Windows NT Server Setup).";
    InstallMscs { cluster: kind::ClusterName, account: kind::Account } = "install-mscs CLUSTER ACCOUNT",
        "install Microsoft Cluster Server: form the cluster, or join it",
        "On {c}'s console, install Microsoft Cluster Server for cluster {0}, its service running as {1} (Microsoft Cluster Server Setup).";
    SetupInstall { org: kind::Org, site: kind::Site, account: kind::Account, group: kind::Group } =
        "exchange-setup install ORG SITE ACCOUNT GROUP", "Exchange 5.5 Setup on the primary node, joining ORG and SITE",
        "On {c}'s console, run Exchange 5.5 Setup to install, for organization {0} and site {1}, as {2}, into group {3}.";
    SetupRecover { org: kind::Org, site: kind::Site, account: kind::Account, group: kind::Group } =
        "exchange-setup recover ORG SITE ACCOUNT GROUP", "Exchange 5.5 Setup /r (disaster recovery) on the primary node",
        "On {c}'s console, run Exchange 5.5 Setup /r, for organization {0} and site {1}, as {2}, into group {3}.";
    UpdateNode {} = "exchange-setup update-node", "Exchange 5.5 Setup on the other node: Update Node",
        "On {c}'s console, run Exchange 5.5 Setup and choose Update Node.";
    PerformanceOptimizer {} = "performance-optimizer", "run Exchange Performance Optimizer",
        "On {c}'s console, run Performance Optimizer.";
    EndTask {} = "end-task", "Task Manager: end a Cluster Administrator that stopped responding",
        "On {c}'s console, end the Cluster Administrator that stopped responding (Task Manager, End task).";
    // Cluster Administrator
    BringOnline { target: kind::Target } = "bring-online GROUP|GROUP/RESOURCE", "Cluster Administrator: Bring Online",
        "In Cluster Administrator running on {c}, bring {0} online (right-click, Bring Online).";
    TakeOffline { target: kind::Target } = "take-offline GROUP|GROUP/RESOURCE", "Cluster Administrator: Take Offline",
        "In Cluster Administrator running on {c}, take {0} offline (right-click, Take Offline).";
    MoveGroup { group: kind::Group, to: kind::Optional<kind::Node> } = "move-group GROUP [NODE]",
        "Cluster Administrator: Move Group (to the other node by default)",
        "In Cluster Administrator running on {c}, move group {0}[ to {1}] (right-click, Move Group).";
    InitiateFailure { resource: kind::Resource } = "initiate-failure GROUP/RESOURCE", "Cluster Administrator: Initiate Failure",
        "In Cluster Administrator running on {c}, fail {0} (right-click, Initiate Failure).";
    UpgradeEvs { group: kind::Group } = "upgrade-evs GROUP",
        "Cluster Administrator: right-click the System Attendant, Upgrade Exchange Virtual Server",
        "In Cluster Administrator running on {c}, upgrade {0} (right-click its System Attendant, Upgrade Exchange Virtual Server).";
    CreateGroup { group: kind::NewGroup, network_name: kind::NetworkName } = "create-group GROUP NETWORK-NAME",
        "Cluster Administrator: a new group with IP Address, Network Name and Physical Disk",
        "In Cluster Administrator running on {c}, create group {0} with Network Name {1} (New group…).";
    RemoveCheckpoint { resource: kind::Resource, key: kind::RegistryKey } = "remove-checkpoint GROUP/RESOURCE KEY",
        "resource Properties, Registry Replication: Remove",
        "In Cluster Administrator running on {c}, remove the registry checkpoint {1} of {0} (Properties, Registry Replication).";
    AddCheckpoint { resource: kind::Resource, key: kind::RegistryKey } = "add-checkpoint GROUP/RESOURCE KEY",
        "resource Properties, Registry Replication: Add",
        "In Cluster Administrator running on {c}, add the registry checkpoint {1} to {0} (Properties, Registry Replication).";
    // Rights
    AddLocalAdmin { account: kind::Account } = "add-local-admin ACCOUNT", "add an account to this machine's local Administrators group",
        "On {c}'s console, add {0} to the local Administrators group (Rights).";
    DelegateFullAdmin { account: kind::Account, admin_group: kind::AdminGroup } = "delegate-full-admin ACCOUNT ADMIN-GROUP",
        "delegate Exchange Full Administrator on an administrative group",
        "On {c}'s console, delegate Exchange Full Administrator on {1} to {0} (Rights).";
    // Exchange Administrator (5.5)
    MoveUsers { from: kind::Server, to: kind::Server } = "move-users FROM TO", "Exchange Administrator: Tools, Move User, every mailbox",
        "In the Exchange Administrator run from {c}, move every mailbox from {0} to {1} (Tools, Move User).";
    RehomeFolders { from: kind::Server, to: kind::Server } = "rehome-folders FROM TO",
        "Exchange Administrator: change every public folder's home server",
        "In the Exchange Administrator run from {c}, change the public folders' home server from {0} to {1}.";
    ReplicateSystemFolders { to: kind::Server } = "replicate-system-folders TO", "Exchange Administrator: replicate the system folders to a server",
        "In the Exchange Administrator run from {c}, replicate the system folders to {0}.";
    RemoveServer { server: kind::Server } = "remove-server SERVER", "Windows NT Server Manager: remove a server from the site and delete it from the domain",
        "On {c}'s console, remove {0} from the site and delete it from the domain (Windows NT Server Manager, Remove).";
    // The instructor's faults: unplanned events injected into a session (the presenter view),
    // at the machine they strike. Graded as what the learner had to cope with, never as a mistake.
    FaultPowerLoss {} = "fault power-loss", "instructor's fault: this machine loses power (its groups fail over)",
        "The instructor cuts {c}'s power.";
    FaultRestart {} = "fault restart", "instructor's fault: this machine restarts unexpectedly (its groups fail over)",
        "The instructor makes {c} restart unexpectedly.";
    FaultFail { resource: kind::Resource } = "fault fail GROUP/RESOURCE", "instructor's fault: a resource fails (as Initiate Failure)",
        "The instructor makes {0} fail.";
    FaultHangSetup {} = "fault hang-setup", "instructor's fault: the Upgrade Exchange Virtual Server session running on this machine hangs",
        "The instructor makes the Upgrade Exchange Virtual Server session on {c} hang.";
    FaultSlowRecovery {} = "fault slow-recovery", "instructor's fault: the store recovering on this machine takes 30 minutes longer",
        "The instructor makes the information store recovering on {c} take much longer.";
}

impl Verb {
    /// An instructor's fault, not a learner's action.
    pub fn is_fault(&self) -> bool {
        matches!(self, Verb::FaultPowerLoss | Verb::FaultRestart | Verb::FaultFail { .. } | Verb::FaultHangSetup | Verb::FaultSlowRecovery)
    }
}

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

/// A resolved [`Target`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetId {
    Group(GroupId),
    Resource(ResourceId),
}

impl TargetId {
    pub fn group(self) -> GroupId {
        match self {
            TargetId::Group(g) => g,
            TargetId::Resource(r) => r.group,
        }
    }
}

/// Windows NT Backup's "Do not start services after restore" option, as chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AfterRestore {
    StartServices,
    DoNotStartServices,
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

    /// The action as an instructor would say it, naming the screen and the control, with the
    /// names the tools show (`w`: the world the action is for).
    pub fn instruction(&self, w: &World) -> String {
        self.verb.instruction(&self.console, w)
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
impl Action {
    /// Whether the action reads back as itself from the line a script or transcript writes
    /// for it: the one check that a transcript replays the session it records, whoever built
    /// the action (a parsed line, a screen, the solver).
    pub fn check_written(&self) -> Result<(), crate::sim::ActionError> {
        let text = self.to_string();
        match crate::sim::script::parse_line(&text) {
            Ok(crate::sim::script::Line::Action(a)) if a == *self => Ok(()),
            Ok(_) => Err(crate::sim::ActionError::new(format!(
                "`{}` would not read back as the same action",
                crate::sim::limits::shown(&text)
            ))),
            Err(e) => Err(crate::sim::ActionError::new(e)),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.console, self.verb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_has_one_placeholder_per_argument_and_optional_ones_last() {
        // Parsing a form filled with dummy tokens reads back to the same form: the syntax's
        // placeholders and the row's arguments agree in number and order.
        for form in Verb::FORMS {
            let words: Vec<&str> = form.syntax.split(' ').skip(1).collect();
            let optional_at = words.iter().position(|w| w.starts_with('['));
            assert!(
                optional_at.is_none_or(|i| i == words.len() - 1),
                "{}: an optional argument must come last",
                form.syntax
            );
            let sample = |w: &str| match w {
                _ if table::is_literal(w) => w.to_string(),
                "PACKAGE" => "hotfix-831464".into(),
                "GROUP/RESOURCE" => "G/sa".into(),
                "start-services|no-start-services" => "no-start-services".into(),
                _ => "X".into(),
            };
            let args: Vec<String> = words.iter().map(|w| sample(w)).collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let verb = Verb::parse(form.keyword(), &args).unwrap_or_else(|e| panic!("{}: {e}", form.syntax));
            assert_eq!(verb.form(), form, "{} parsed as another form", form.syntax);
            let written: Vec<&str> = std::iter::once(form.keyword()).chain(args.iter().copied()).collect();
            assert_eq!(verb.to_string(), written.join(" "));
        }
    }
}
