//! The state of the simulated estate: machines, the cluster's groups and resources (`cluster`),
//! the directory's Exchange servers, accounts, backups and the operations under way. Plain data
//! and its constructors; the rules that change it live in `engine` and the verb modules.

mod cluster;

pub use cluster::*;

use super::catalog::{ExBuild, Generation, Package, ResKind, Windows};
use super::time::SimTime;

/// Index of a machine (a piece of hardware with a console), stable for a whole session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MachineId(pub u8);
/// Index of a cluster group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(pub u8);
/// Index of an Exchange server object in the directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServerId(pub u8);
/// Index of a domain account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub u8);

/// A resource: its group, and its place in the group's list (stable for a whole session:
/// resources are only ever added at the end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResourceId {
    pub group: GroupId,
    pub index: usize,
}

macro_rules! index {
    ($($t:ty),*) => {$(
        impl $t {
            pub fn ix(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}
index!(MachineId, GroupId, ServerId, AccountId);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Power {
    Up,
    /// Restarting; back when its operation completes. Logged-on sessions end.
    Rebooting,
    /// Windows Setup is running from CD.
    Installing,
    Off,
    /// Powered on, starting Windows.
    Booting,
}

/// A machine: a cluster node, a front-end server, or a standalone Exchange server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Machine {
    /// The name scripts use for this hardware (`NODE1`), constant even when Windows is
    /// reinstalled under another computer name.
    pub slot: String,
    pub computer_name: String,
    pub power: Power,
    pub windows: Option<Windows>,
    pub service_pack: u8,
    pub hotfix_831464: bool,
    pub reboot_pending: bool,
    pub exchange: Option<ExBuild>,
    /// Exchange services stopped by Setup on a standalone server.
    pub exchange_stopped: bool,
    /// Microsoft Cluster Server installed, and the account its service runs as.
    pub cluster_account: Option<AccountId>,
    /// The Cluster service is running (it stops while Exchange Setup runs, and when the machine
    /// is down).
    pub cluster_service: bool,
    pub logged_on: Option<AccountId>,
    /// The one installer (Setup, a hotfix, Windows Setup) that may run at a time.
    pub installer: Option<u32>,
    /// Cluster Administrator on this console is frozen by a hung Upgrade EVS session.
    pub cluadmin_hung: bool,
    pub log_read_at: Option<SimTime>,
    pub performance_optimized: bool,
    /// Where `setup /r` ran: the registry there is current without a checkpoint.
    pub recovered_here: bool,
}

impl Machine {
    pub fn is_up(&self) -> bool {
        self.power == Power::Up
    }

    pub fn is_cluster_node(&self) -> bool {
        self.cluster_account.is_some()
    }

    /// Can own groups right now.
    pub fn cluster_available(&self) -> bool {
        self.is_up() && self.cluster_service && self.cluster_account.is_some()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Host {
    Machine(MachineId),
    Group(GroupId),
    /// Not running anywhere (its hardware was rebuilt, or it was never set up).
    Nowhere,
}

/// What is in a server's Information Store and directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Data {
    /// In service.
    Live,
    /// Created by `setup /r`, waiting for a restore.
    Empty,
    /// Restored by NT Backup; the store replays its logs when it next starts.
    Restored,
    /// Recovery running after a restore.
    Recovering,
    /// Stopped during recovery: inconsistent until restored again.
    Damaged,
    /// Destroyed with no backup to restore.
    Lost,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Server {
    pub name: String,
    pub site: u8,
    pub front_end: bool,
    pub host: Host,
    /// The version in the directory: what Upgrade Exchange Virtual Server changes for an EVS;
    /// for other servers it follows the machine's binaries.
    pub version: ExBuild,
    /// Administrative groups the server's routing group spans (bit per organization admin group).
    pub admin_groups: u8,
    pub mailboxes: u32,
    pub cached_percent: u8,
    pub store: Data,
    pub directory: Data,
    /// `setup /r` was run with another organization or site name than the original's.
    pub config_mismatch: bool,
    pub first_in_site: bool,
    pub removed: bool,
    /// Directory replication with the rest of the site has completed.
    pub replicated: bool,
    /// The optional Exchange resources its group has.
    pub optional: Vec<ResKind>,
    pub owns_mta: bool,
    /// When the store last came online, and whether that was after an upgrade in this session.
    pub online_since: Option<SimTime>,
    pub upgraded_at: Option<SimTime>,
    /// The Application log of the node running it was read while it ran upgraded.
    pub log_checked: bool,
    /// The store finished starting after the Cluster service had given up on it (seed 001,
    /// step 19): store.exe runs, outside the cluster's control, until the resource is brought
    /// online or offline, or its node stops.
    pub store_running_unmanaged: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Account {
    pub name: String,
    pub domain_admin: bool,
    /// Exchange Full Administrator on these admin groups (bit per organization admin group).
    pub full_admin: u8,
    /// Member of the local Administrators group of these machines (bit per machine).
    pub local_admin: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BackupKind {
    Files,
    SystemState,
    Exchange,
}

impl BackupKind {
    pub fn id(self) -> &'static str {
        match self {
            BackupKind::Files => "files",
            BackupKind::SystemState => "system-state",
            BackupKind::Exchange => "exchange",
        }
    }

    /// As Windows NT Backup and the learner call it.
    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Files => "file-level",
            BackupKind::SystemState => "system state",
            BackupKind::Exchange => "Exchange database",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Backup {
    pub kind: BackupKind,
    pub machine: MachineId,
    pub server: Option<ServerId>,
    pub at: SimTime,
    /// Who ran it: NT Backup restricts a set to its owner or an administrator.
    pub by: AccountId,
    /// The Exchange version of what was backed up (databases are stamped with it).
    pub version: Option<ExBuild>,
}

/// The organization, its sites and administrative groups, and the public folder hierarchy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Org {
    pub name: String,
    pub sites: Vec<String>,
    pub admin_groups: Vec<String>,
    /// The server that is home to the public folders.
    pub folders_home: Option<ServerId>,
    /// Servers holding replicas of the system folders (Eforms Registry, Schedule+ Free & Busy,
    /// Offline Address Book).
    pub system_folder_replicas: u32,
    /// Public folders whose only home was removed.
    pub folders_lost: bool,
    /// After a change of home server, the server that still holds the folders' contents until
    /// replication to the new home completes.
    pub folders_copying_from: Option<ServerId>,
}

/// Users whose mailboxes were moved: each updates their profile the next time they log on
/// while the old server answers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserMove {
    pub from: ServerId,
    pub to: ServerId,
    /// When each user next opens Outlook, sorted.
    pub logons: Vec<SimTime>,
    /// How many of them have updated their profiles.
    pub updated: u32,
}

impl UserMove {
    pub fn pending(&self) -> u32 {
        self.logons.len() as u32 - self.updated
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    Install(Package),
    Reboot,
    PowerOn,
    /// A Windows NT Backup job: files (and, ticked with them, the system state), the system
    /// state, or a server's Exchange databases.
    Backup { kind: BackupKind, server: Option<ServerId>, by: AccountId, with_system_state: bool },
    Restore { server: ServerId, start_services: bool },
    UpgradeEvs { group: GroupId, to: ExBuild, hung: bool },
    WindowsInstall { computer_name: String },
    MscsInstall { account: AccountId },
    ExchangeSetup { group: GroupId, recover: bool, org: String, site: String, account: AccountId },
    UpdateNode,
    PerformanceOptimizer,
    IsRecovery { server: ServerId },
    DirectoryReplication { server: ServerId },
    PublicFolderReplication { from: ServerId, to: ServerId },
    SystemFolderReplication { from: ServerId, to: ServerId },
    MoveUsers { from: ServerId, to: ServerId },
}

impl OpKind {
    /// Whether the console it runs on shows it (a task with its progress, and a word when it
    /// finishes). What Windows itself does in the background is not shown: the store's
    /// recovery is seen only as the real tools showed it (the Application log, store.exe busy
    /// in Task Manager; seed 001, step 19), replication only in Exchange Administrator.
    pub fn shown_on_console(&self) -> bool {
        !matches!(
            self,
            OpKind::IsRecovery { .. } | OpKind::DirectoryReplication { .. } | OpKind::PublicFolderReplication { .. } | OpKind::SystemFolderReplication { .. }
        )
    }
}

/// An operation under way; it completes at `due` (or never, when hung).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Op {
    pub id: u32,
    pub machine: MachineId,
    pub started: SimTime,
    pub due: SimTime,
    pub kind: OpKind,
}

/// Due time of an operation that will never complete.
pub const NEVER: SimTime = SimTime(u32::MAX);

/// Facts about the procedure that grading needs and the state itself does not keep.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    /// When the first change (an install or an EVS upgrade) began.
    pub first_change: Option<SimTime>,
    pub setup_node: Option<MachineId>,
}

/// Downtime accounting per server, and user-seconds lost.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Downtime {
    pub per_server: Vec<u32>,
    pub user_seconds: u64,
    /// User-seconds of users not in Cached Exchange Mode (the downtime people notice), times
    /// 100: kept unrounded so that how time is split into steps cannot change it.
    pub noticed_user_seconds_x100: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct World {
    pub now: SimTime,
    pub cluster_name: Option<String>,
    pub machines: Vec<Machine>,
    pub groups: Vec<Group>,
    pub servers: Vec<Server>,
    pub accounts: Vec<Account>,
    pub org: Org,
    pub backups: Vec<Backup>,
    pub moves: Vec<UserMove>,
    pub ops: Vec<Op>,
    pub next_op: u32,
    /// How many times each (kind, subject) duration has been drawn: the `n` of the next draw.
    pub draws: Vec<(u64, u32)>,
    pub marks: Marks,
    pub downtime: Downtime,
}

impl World {
    pub fn machine(&self, id: MachineId) -> &Machine {
        &self.machines[id.ix()]
    }
    pub fn machine_mut(&mut self, id: MachineId) -> &mut Machine {
        &mut self.machines[id.ix()]
    }
    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.ix()]
    }
    pub fn group_mut(&mut self, id: GroupId) -> &mut Group {
        &mut self.groups[id.ix()]
    }
    pub fn server(&self, id: ServerId) -> &Server {
        &self.servers[id.ix()]
    }
    pub fn server_mut(&mut self, id: ServerId) -> &mut Server {
        &mut self.servers[id.ix()]
    }
    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.groups[id.group.ix()].resources[id.index]
    }
    pub fn resource_mut(&mut self, id: ResourceId) -> &mut Resource {
        &mut self.groups[id.group.ix()].resources[id.index]
    }
    /// A resource's name as Cluster Administrator shows it ("Exchange System Attendant - EVS1").
    pub fn resource_name(&self, id: ResourceId) -> String {
        let group = self.group(id.group);
        group.resources[id.index].kind.display_name(&group.name, self.generation_of(id.group))
    }
    pub fn account(&self, id: AccountId) -> &Account {
        &self.accounts[id.ix()]
    }

    pub fn machine_ids(&self) -> impl Iterator<Item = MachineId> + use<> {
        (0..self.machines.len() as u8).map(MachineId)
    }
    pub fn group_ids(&self) -> impl Iterator<Item = GroupId> + use<> {
        (0..self.groups.len() as u8).map(GroupId)
    }
    pub fn server_ids(&self) -> impl Iterator<Item = ServerId> + use<> {
        (0..self.servers.len() as u8).map(ServerId)
    }

    pub fn cluster_nodes(&self) -> impl Iterator<Item = MachineId> + '_ {
        self.machine_ids().filter(|m| self.machine(*m).is_cluster_node())
    }

    /// The other cluster node, for a two-node cluster.
    pub fn other_node(&self, node: MachineId) -> Option<MachineId> {
        self.cluster_nodes().find(|m| *m != node)
    }

    pub fn machine_named(&self, name: &str) -> Option<MachineId> {
        self.machine_ids().find(|m| self.machine(*m).slot.eq_ignore_ascii_case(name))
    }
    pub fn group_named(&self, name: &str) -> Option<GroupId> {
        self.group_ids().find(|g| self.group(*g).name.eq_ignore_ascii_case(name))
    }
    pub fn server_named(&self, name: &str) -> Option<ServerId> {
        self.server_ids().find(|s| self.server(*s).name.eq_ignore_ascii_case(name))
    }
    pub fn account_named(&self, name: &str) -> Option<AccountId> {
        (0..self.accounts.len() as u8).map(AccountId).find(|a| self.account(*a).name.eq_ignore_ascii_case(name))
    }

    /// An administrative group's index (its bit in `full_admin` and `admin_groups`).
    pub fn admin_group_named(&self, name: &str) -> Option<u8> {
        self.org.admin_groups.iter().position(|g| g == name).map(|i| i as u8)
    }

    /// The group hosting a server, if it is clustered.
    pub fn group_of(&self, server: ServerId) -> Option<GroupId> {
        match self.server(server).host {
            Host::Group(g) => Some(g),
            _ => None,
        }
    }

    /// The Exchange generation a group's resources follow.
    pub fn generation_of(&self, group: GroupId) -> Option<Generation> {
        self.group(group).server.map(|s| self.server(s).version.generation())
    }

    /// Whether users can reach their mailboxes on this server now.
    pub fn reachable(&self, s: ServerId) -> bool {
        let server = self.server(s);
        if server.removed || !matches!(server.store, Data::Live) {
            return false;
        }
        match server.host {
            Host::Machine(m) => {
                let machine = self.machine(m);
                machine.is_up() && machine.exchange.is_some() && !machine.exchange_stopped
            }
            Host::Group(g) => self.group(g).is_online(ResKind::InformationStore),
            Host::Nowhere => false,
        }
    }

    /// Users who depend on this server now: mailboxes homed here, and users whose mailboxes
    /// moved away but whose profiles still point here.
    pub fn dependents(&self, s: ServerId) -> u32 {
        let stale: u32 = self.moves.iter().filter(|m| m.from == s).map(|m| m.pending()).sum();
        self.server(s).mailboxes + stale
    }

    /// Users who cannot reach their mailbox right now.
    pub fn users_down(&self) -> u32 {
        self.server_ids().filter(|s| !self.reachable(*s)).map(|s| self.dependents(s)).sum()
    }

    /// All the users of the organization.
    pub fn users_total(&self) -> u32 {
        self.servers.iter().map(|s| s.mailboxes).sum()
    }

    pub fn op(&self, id: u32) -> Option<&Op> {
        self.ops.iter().find(|o| o.id == id)
    }

    /// Whether the node owns a group with anything online or on its way (the Cluster Group too).
    pub fn hosts_online_resources(&self, node: MachineId) -> bool {
        self.groups.iter().any(|g| g.owner == node && g.resources.iter().any(|r| r.state.is_up_or_coming()))
    }

    /// The backups of a node itself that a full backup takes: its files, and its system state
    /// where Windows has one (not on NT 4.0).
    pub fn node_backup_kinds(&self, node: MachineId) -> impl Iterator<Item = BackupKind> + use<> {
        let system_state = self.machine(node).windows.is_some_and(|v| v.has_system_state());
        [BackupKind::Files, BackupKind::SystemState].into_iter().filter(move |k| *k != BackupKind::SystemState || system_state)
    }

    /// Whether any Exchange resource of groups owned by `node` is online or on its way.
    pub fn hosts_online_exchange(&self, node: MachineId) -> bool {
        self.groups.iter().any(|g| {
            g.owner == node
                && g.kind == GroupKind::Exchange
                && g.resources.iter().any(|r| r.kind.is_exchange() && r.state.is_up_or_coming())
        })
    }

    pub fn has_local_admin(&self, account: AccountId, machine: MachineId) -> bool {
        let a = self.account(account);
        a.domain_admin || a.local_admin & (1 << machine.0) != 0
    }

    /// Exchange Full Administrator on every administrative group `mask` names.
    pub fn has_full_admin(&self, account: AccountId, mask: u8) -> bool {
        let a = self.account(account);
        a.full_admin & mask == mask
    }

    /// Whether the organization has administrative groups (Exchange 2000 and later): Exchange
    /// 5.5 has sites and no Exchange Full Administrator role.
    pub fn has_admin_groups(&self) -> bool {
        self.servers.iter().any(|s| s.version.generation() != super::catalog::Generation::Ex5x)
    }

    /// The administrative groups in `mask` the account lacks Full Administrator on, by name.
    pub fn missing_admin_groups(&self, account: AccountId, mask: u8) -> String {
        let missing = mask & !self.account(account).full_admin;
        let names: Vec<&str> =
            self.org.admin_groups.iter().enumerate().filter(|(i, _)| missing & (1 << i) != 0).map(|(_, n)| n.as_str()).collect();
        names.join(", ")
    }
}
