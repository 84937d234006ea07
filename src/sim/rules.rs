//! Behaviour the sources leave open, and every number the simulator assumes, in one place.
//!
//! The reference (`shared/domain/exchange-clusters.md`) marks some facts "unconfirmed"; where the
//! simulator has to choose, the choice is made here and says so, so that it can change in one
//! edit. Durations are ranges: a seed picks a value inside each (see `chance`).
//!
//! What the simulated tools say follows one rule rather than a switch here: only what they
//! saw. A refusal whose message the sources do not give says the words Windows
//! itself uses for the condition (the cluster API's errors: "The cluster node is not the owner
//! of the group.", "The operation could not be completed because the cluster resource is
//! online.", "The cluster resource is not online."), or the fact as the tool on that console
//! saw it (Upgrade Exchange Virtual Server run from a node not yet upgraded finds nothing newer
//! to upgrade to), never why or what to do instead: that is the hint's and the debrief's. For
//! the same reason Exchange Administrator does not mark the first server of a site (the real one
//! did not): the learner finds it where the public and system folders are homed.
//!
//! What Windows does in the background (the store's recovery, replication) is no task on a
//! console (`OpKind::shown_on_console`). The trainer's Next and Wait still stop when it ends:
//! its end is a moment the learner can see, a new line in the Application log (and store.exe
//! going quiet in Task Manager), as an administrator waiting at the console would have.

use super::catalog::{ExBuild, Generation, Package, ResKind};
use super::chance::Span;
use super::time::Secs;

/// Default pending timeout of a cluster resource (reference, section 1). Every default start
/// time is well inside it, and a scenario may not set `resource-online` beyond it (the file is
/// refused), so only the Exchange 5.5 store, with its own 600 s, ever times out.
pub const PENDING_TIMEOUT: Secs = 180;
/// The Cluster service allows the Exchange 5.5 Information Store 600 s to start (seed 001, step 19).
pub const IS55_START_TIMEOUT: Secs = 600;
/// Restart policy defaults: restart a failed resource up to 3 times in 900 s, then, with
/// "Affect the group" set, fail the group over (reference, section 1).
pub const RESTART_THRESHOLD: usize = 3;
pub const RESTART_PERIOD: Secs = 900;
/// Group failover period (reference: 6 h). The threshold is not given by the sources;
/// unconfirmed: 10, the Windows Server 2003 default, is used.
pub const GROUP_FAILOVER_THRESHOLD: usize = 10;
pub const GROUP_FAILOVER_PERIOD: Secs = 6 * 3600;

/// How long a learner who chooses to wait watches an hourglass that will never go away (a hung
/// Setup): several times the longest Upgrade Exchange Virtual Server, so that waiting is what
/// tells a hang from slow work, as on the real console. A choice of the simulator's.
pub const HOURGLASS_WATCH: Secs = 15 * 60;
/// How much longer the store's recovery runs when the instructor injects a slow recovery (a
/// teaching value: long enough to outlast the Cluster service's 600 s wait, the seed's trap).
pub const SLOW_RECOVERY_EXTRA: Secs = 30 * 60;

/// Everything that takes simulated time. Each has a default range; a scenario may override a
/// range by the name given by [`Timed::key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timed {
    ResourceOnline(ResKind),
    ResourceOffline(ResKind),
    UpgradeEvs,
    Install(Package),
    Reboot,
    PowerOn,
    BackupFiles,
    BackupSystemState,
    BackupExchange,
    Restore,
    WindowsInstall,
    MscsInstall,
    ExchangeSetup,
    UpdateNode,
    PerformanceOptimizer,
    IsRecovery,
    DirectoryReplication,
    PublicFolderReplication,
    SystemFolderReplication,
    MoveMailbox,
    UserLogon,
    StragglerLogon,
}

impl Timed {
    /// The name a scenario's `[timing]` table uses to override the range.
    pub fn key(self) -> &'static str {
        match self {
            Timed::ResourceOnline(_) => "resource-online",
            Timed::ResourceOffline(_) => "resource-offline",
            Timed::UpgradeEvs => "upgrade-evs",
            Timed::Install(Package::Hotfix831464) => "install-hotfix",
            Timed::Install(Package::Ex2003Sp1) => "install-service-pack",
            Timed::Install(Package::ExsetdataHotfix) => "install-exchange-hotfix",
            Timed::Install(Package::Ex2003Upgrade) => "install-exchange-2003",
            Timed::Install(Package::Ex55Upgrade) => "install-exchange-5.5",
            Timed::Reboot => "reboot",
            Timed::PowerOn => "power-on",
            Timed::BackupFiles => "backup-files",
            Timed::BackupSystemState => "backup-system-state",
            Timed::BackupExchange => "backup-exchange",
            Timed::Restore => "restore",
            Timed::WindowsInstall => "install-windows",
            Timed::MscsInstall => "install-mscs",
            Timed::ExchangeSetup => "exchange-setup",
            Timed::UpdateNode => "update-node",
            Timed::PerformanceOptimizer => "performance-optimizer",
            Timed::IsRecovery => "is-recovery",
            Timed::DirectoryReplication => "directory-replication",
            Timed::PublicFolderReplication => "public-folder-replication",
            Timed::SystemFolderReplication => "system-folder-replication",
            Timed::MoveMailbox => "move-mailbox",
            Timed::UserLogon => "user-logon",
            Timed::StragglerLogon => "straggler-logon",
        }
    }

    /// Every key a scenario may override, for validation messages.
    pub const KEYS: [&'static str; 26] = [
        "resource-online",
        "resource-offline",
        "upgrade-evs",
        "install-hotfix",
        "install-service-pack",
        "install-exchange-hotfix",
        "install-exchange-2003",
        "install-exchange-5.5",
        "reboot",
        "power-on",
        "backup-files",
        "backup-system-state",
        "backup-exchange",
        "restore",
        "install-windows",
        "install-mscs",
        "exchange-setup",
        "update-node",
        "performance-optimizer",
        "is-recovery",
        "directory-replication",
        "public-folder-replication",
        "system-folder-replication",
        "move-mailbox",
        "user-logon",
        "straggler-logon",
    ];

    /// A small number identifying the kind of draw, for the random stream (see `chance::stream`).
    pub fn code(self) -> u16 {
        match self {
            Timed::ResourceOnline(k) => 100 + k as u16,
            Timed::ResourceOffline(k) => 200 + k as u16,
            Timed::Install(p) => 300 + p as u16,
            other => Timed::KEYS.iter().position(|k| *k == other.key()).unwrap_or(0) as u16,
        }
    }

    /// The default range. Sources are quoted where they give numbers; the rest are
    /// unconfirmed estimates of a real two-node cluster of the period.
    pub fn default_span(self) -> Span {
        match self {
            // Resource start and stop times are fitted to seed 000's measurements: an EVS moved
            // between nodes is offline "for periods of 1 to 2 minutes", and the two offline
            // phases of an SP1 upgrade (with Upgrade Exchange Virtual Server between them) cost
            // "on average between 3 and 6 minutes". The split between resources is unconfirmed.
            Timed::ResourceOnline(k) => match k {
                ResKind::IpAddress => Span::new(2, 4),
                ResKind::NetworkName => Span::new(3, 8),
                ResKind::PhysicalDisk => Span::new(4, 10),
                ResKind::Msdtc => Span::new(5, 12),
                ResKind::SystemAttendant => Span::new(15, 35),
                ResKind::Directory => Span::new(30, 60),
                ResKind::InformationStore => Span::new(20, 50),
                ResKind::Mta => Span::new(10, 25),
                ResKind::Routing => Span::new(5, 12),
                _ => Span::new(5, 15),
            },
            Timed::ResourceOffline(k) => match k {
                ResKind::SystemAttendant => Span::new(5, 15),
                ResKind::InformationStore => Span::new(10, 30),
                ResKind::Directory => Span::new(10, 25),
                _ => Span::new(2, 8),
            },
            Timed::UpgradeEvs => Span::new(90, 240),
            Timed::Install(Package::Hotfix831464) => Span::new(120, 300),
            Timed::Install(Package::Ex2003Sp1) => Span::new(900, 1800),
            Timed::Install(Package::ExsetdataHotfix) => Span::new(300, 600),
            Timed::Install(Package::Ex2003Upgrade) => Span::new(1800, 3000),
            Timed::Install(Package::Ex55Upgrade) => Span::new(1200, 2400),
            Timed::Reboot => Span::new(180, 420),
            Timed::PowerOn => Span::new(120, 300),
            Timed::BackupFiles => Span::new(900, 1800),
            Timed::BackupSystemState => Span::new(300, 600),
            Timed::BackupExchange => Span::new(1200, 3000),
            Timed::Restore => Span::new(1200, 2400),
            Timed::WindowsInstall => Span::new(2400, 3600),
            Timed::MscsInstall => Span::new(600, 900),
            Timed::ExchangeSetup => Span::new(900, 1500),
            Timed::UpdateNode => Span::new(300, 600),
            Timed::PerformanceOptimizer => Span::new(300, 900),
            // Seed 001: recovery after `setup /r` can outlast the 600 s the Cluster service allows.
            Timed::IsRecovery => Span::new(420, 1500),
            Timed::DirectoryReplication => Span::new(300, 1200),
            Timed::PublicFolderReplication => Span::new(900, 3600),
            Timed::SystemFolderReplication => Span::new(900, 3600),
            Timed::MoveMailbox => Span::new(5, 20),
            // When a user whose mailbox moved next opens Outlook: most within a working day...
            Timed::UserLogon => Span::new(300, 8 * 3600),
            // ...and a few (away, on leave) within three days.
            Timed::StragglerLogon => Span::new(8 * 3600, 72 * 3600),
        }
    }
}

/// One user in this many logs on late (a straggler) after a mailbox move.
pub const STRAGGLER_EVERY: u32 = 12;

/// Why a node cannot host an Exchange virtual server of a given version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostRefusal {
    /// The node's binaries are older than the EVS: "Version of Exchange on this machine does not
    /// match the version of Exchange server" (reference, section 3).
    NodeOlder,
    /// The node runs a newer major version and the EVS has not been upgraded yet.
    /// Unconfirmed: the sources never bring an Exchange 2000 EVS online on an Exchange 2003 node;
    /// the simulator refuses it until Upgrade Exchange Virtual Server has run.
    NeedsEvsUpgrade,
    /// No Exchange binaries on the node at all (Setup or Update Node never ran there).
    NotInstalled,
}

/// Whether a node with `node` binaries can run an EVS whose directory metadata is at `evs`.
/// A newer service pack or hotfix on the node than on the EVS is allowed (unconfirmed: the
/// seed's procedure takes the SA offline before moving, so it never tests it).
pub fn can_host(node: Option<ExBuild>, evs: ExBuild) -> Result<(), HostRefusal> {
    let Some(node) = node else {
        return Err(HostRefusal::NotInstalled);
    };
    if node < evs {
        return Err(HostRefusal::NodeOlder);
    }
    if node.generation() != evs.generation() {
        return Err(HostRefusal::NeedsEvsUpgrade);
    }
    Ok(())
}

/// Which Upgrade Exchange Virtual Server sessions hang each other. KB 822582: two sessions in
/// one process share the global `g_csCachedXSes`; the first to finish removes the semaphore and
/// the other hangs. A global is per process, so only sessions in the same Cluster
/// Administrator (the same console) hang. The seed's rule, one EVS at a time, holds cluster-wide
/// all the same: any overlap raises the finding.
pub const UPGRADES_HANG_ON_SAME_CONSOLE_ONLY: bool = true;

/// After `setup /r`, the store's first start can outlast the 600 s the Cluster service allows
/// while recovery carries on (seed 001, step 19). The simulator shows the resource failed and
/// does not restart it by itself: a restart would stop the store in mid-recovery, the very
/// thing the seed warns against (unconfirmed how the real restart policy interacts).
pub const RESTART_STORE_AFTER_RECOVERY_TIMEOUT: bool = false;

/// Who may restore an Exchange backup with Windows NT Backup. Seed 001 (disaster recovery, note
/// before step 1): "log on using the same Windows NT account used to back up the Microsoft
/// Exchange Server computer. If the account ... is not the same as the Windows NT service account
/// ..., ensure that the account has administrator permissions", so that it can stop and start the
/// Exchange services. The simulator's reading: backup sets are restricted to their owner or an
/// administrator (NT Backup's "Restrict access to owner or administrator"), and only an
/// administrator or the service account (on a node, the Cluster service's) stops and starts the
/// Exchange services. A clean install of Windows empties the local Administrators group but for
/// the domain's administrators.
pub const BACKUP_SETS_RESTRICTED_TO_OWNER: bool = true;

/// The event source the Exchange 5.5 database engine (ESE97) logs recovery under. The texts of
/// its recovery events are written in the style of the real ones ("The database engine is
/// initiating recovery steps", "... has successfully completed recovery steps"); their exact
/// wording and event ids are unconfirmed. With store.exe busy in Task Manager, they are how an
/// administrator of 2005 told a store still recovering from one that had failed.
pub const ESE_SOURCE: &str = "ESE97";

/// A registry checkpoint is written back whenever its resource comes online, on any node
/// (reference, section 1), so the old checkpoint must be replaced before the store first comes
/// online after `setup /r` (seed 001, steps 15 to 19): bringing the store online with it is the
/// mistake. Its effect: the store fails to start on a node other than the one where `setup /r`
/// wrote the registry. Unconfirmed what the stale values do on that node itself; the simulator
/// lets the store start there.
pub const STALE_CHECKPOINT_FAILS_ON_RECOVERED_NODE: bool = false;

/// NT Backup restores the Exchange 5.5 store and directory with the System Attendant running
/// (seed 001, steps 12 and 13 bring the SA online first); the simulator refuses the restore
/// otherwise (unconfirmed whether the real tool refuses or fails later).
pub const RESTORE_NEEDS_SA_ONLINE: bool = true;

/// Whether Upgrade Exchange Virtual Server must run on the node that owns the EVS. The seed's
/// procedure always moves the EVS to the upgraded node first and runs the upgrade there; the
/// simulator requires it (unconfirmed whether the real tool refuses otherwise).
pub const UPGRADE_EVS_ON_OWNER: bool = true;

/// Whether Upgrade Exchange Virtual Server needs the group's IP Address, Network Name and
/// Physical Disk online. The seed's procedure takes only the System Attendant offline, leaving
/// them online, and the upgrade rewrites the EVS's metadata under its network name; the
/// simulator requires them (unconfirmed whether the real tool refuses or fails otherwise). This
/// is what taking the whole group offline costs: bringing them back first.
pub const UPGRADE_EVS_NEEDS_NAME_AND_DISK: bool = true;

/// Performance Optimizer stops and restarts the Exchange services to tune them. On a cluster
/// only the Cluster service should do that, so the simulator lets it run only while the
/// node's Exchange resources are offline, as they are right after Setup (seed 001, step 11).
/// Unconfirmed: the sources only place it straight after Setup.
pub const OPTIMIZER_NEEDS_RESOURCES_OFFLINE: bool = true;

/// The protocol and other Exchange resources an EVS gets, by generation, in dependency order.
pub fn exchange_resources(generation: Generation, owns_mta: bool, optional: &[ResKind]) -> Vec<ResKind> {
    let mut kinds = match generation {
        Generation::Ex5x => vec![ResKind::SystemAttendant, ResKind::Directory, ResKind::InformationStore, ResKind::Mta],
        Generation::Ex2000 | Generation::Ex2003 => {
            let mut v = vec![ResKind::SystemAttendant, ResKind::InformationStore];
            // One MTA per cluster: the first EVS owns it (reference, section 2).
            if owns_mta {
                v.push(ResKind::Mta);
            }
            v.extend([ResKind::Routing, ResKind::Smtp, ResKind::Http, ResKind::MsSearch]);
            v
        }
    };
    for k in optional {
        if !kinds.contains(k) {
            kinds.push(*k);
        }
    }
    kinds
}

/// Which resources of a group a resource of kind `kind` depends on (reference, section 2).
pub fn depends_on(kind: ResKind, generation: Option<Generation>) -> &'static [ResKind] {
    use ResKind::*;
    match (kind, generation) {
        (NetworkName, _) => &[IpAddress],
        (Msdtc, _) => &[NetworkName, PhysicalDisk],
        (SystemAttendant, _) => &[NetworkName, PhysicalDisk],
        (Directory, _) => &[SystemAttendant],
        // Exchange 5.5: IS and MTA on the Directory; Event Service and IMS on the IS
        // (reference: "exact tree unconfirmed; a sensible model").
        (InformationStore | Mta, Some(Generation::Ex5x)) => &[Directory],
        (EventService | InternetMail, _) => &[InformationStore],
        (InformationStore | Mta | Routing, _) => &[SystemAttendant],
        // Exchange 2000: protocols on the IS. Exchange 2003: on the SA.
        (Smtp | Http | Imap4 | Pop3, Some(Generation::Ex2000)) => &[InformationStore],
        (Smtp | Http | Imap4 | Pop3, _) => &[SystemAttendant],
        // MS Search: unconfirmed whether on the SA or the IS; it indexes the store, so the IS.
        (MsSearch, _) => &[InformationStore],
        (IpAddress | PhysicalDisk, _) => &[],
    }
}

/// Whether installing `package` stops the Cluster service on the node. The reference (section 4)
/// says Exchange Setup restarts it for Exchange 2000 to 2003. Unconfirmed for Exchange 2003
/// service packs and exsetdata hotfixes: the simulator assumes the same (they replace the files
/// the Exchange cluster resources have loaded), which the seed's order, passive node first,
/// never puts to the test. Windows hotfixes do not; they ask for a restart instead.
pub fn setup_stops_cluster_service(package: Package) -> bool {
    package.is_exchange()
}

/// Whether the node must run no cluster resources at all, the Cluster Group's included, before
/// `package` is installed on it. Documented for Exchange 2000 to 2003 (Exchange Server 2003
/// Deployment Guide, "Requirements for upgrading a cluster node": "No cluster resources can be
/// running on the node you are upgrading because Exchange Setup will need to recycle the Cluster
/// service"). For service packs and hotfixes the sources only have the Exchange groups moved
/// (seed 000 upgrades the passive node, leaving the Cluster Group where it is), so only online
/// Exchange resources count there.
pub fn setup_needs_empty_node(package: Package) -> bool {
    package == Package::Ex2003Upgrade
}

/// Whether installing a Windows hotfix on a cluster node that still runs online Exchange
/// resources is the mistake `upgrade-node-hosting-online` (Exchange Setup always is). The
/// sources are silent on a hotfix that asks for a restart rather than stopping anything at
/// once; the simulator's choice: an administrator installs nothing on a node that runs online
/// Exchange resources (seed 000 works on the passive node, and moves the EVS off the other
/// before touching it), so the install itself is the mistake, not only the restart after it.
pub const HOTFIX_NEEDS_PASSIVE_NODE: bool = true;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_timed_kind_has_a_known_key_and_sane_span() {
        let mut all = vec![
            Timed::UpgradeEvs,
            Timed::Reboot,
            Timed::PowerOn,
            Timed::BackupFiles,
            Timed::BackupSystemState,
            Timed::BackupExchange,
            Timed::Restore,
            Timed::WindowsInstall,
            Timed::MscsInstall,
            Timed::ExchangeSetup,
            Timed::UpdateNode,
            Timed::PerformanceOptimizer,
            Timed::IsRecovery,
            Timed::DirectoryReplication,
            Timed::PublicFolderReplication,
            Timed::SystemFolderReplication,
            Timed::MoveMailbox,
            Timed::UserLogon,
            Timed::StragglerLogon,
        ];
        all.extend(Package::ALL.map(Timed::Install));
        all.extend(ResKind::ALL.map(Timed::ResourceOnline));
        all.extend(ResKind::ALL.map(Timed::ResourceOffline));
        for t in all {
            assert!(Timed::KEYS.contains(&t.key()), "{t:?}");
            let s = t.default_span();
            assert!(s.min <= s.max && s.max > 0, "{t:?}");
        }
    }

    #[test]
    fn hosting_rules() {
        use ExBuild::*;
        assert_eq!(can_host(Some(Ex2003), Ex2003Sp1), Err(HostRefusal::NodeOlder));
        assert_eq!(can_host(Some(Ex2003Sp1), Ex2003), Ok(()));
        assert_eq!(can_host(Some(Ex2003), Ex2000Sp3), Err(HostRefusal::NeedsEvsUpgrade));
        assert_eq!(can_host(None, Ex55), Err(HostRefusal::NotInstalled));
        assert_eq!(can_host(Some(Ex55), Ex55), Ok(()));
    }

    #[test]
    fn exchange_2003_protocols_hang_off_the_sa_and_2000_off_the_store() {
        assert_eq!(depends_on(ResKind::Smtp, Some(Generation::Ex2003)), &[ResKind::SystemAttendant]);
        assert_eq!(depends_on(ResKind::Smtp, Some(Generation::Ex2000)), &[ResKind::InformationStore]);
        assert_eq!(depends_on(ResKind::InformationStore, Some(Generation::Ex5x)), &[ResKind::Directory]);
    }
}
