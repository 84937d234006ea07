//! The catalogue of mistakes the grader names. Each finding says what went wrong on a real
//! cluster and where that is written down; the simulator raises it at the step that made it.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Minor,
    Major,
    Critical,
}

impl Severity {
    /// Points taken off the score of 100.
    pub fn penalty(self) -> u32 {
        match self {
            Severity::Minor => 5,
            Severity::Major => 12,
            Severity::Critical => 30,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Critical => "critical",
        }
    }
}

macro_rules! findings {
    ($($variant:ident = $slug:literal, $sev:ident, $title:literal, $explain:literal, $source:literal;)*) => {
        /// A named mistake.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum FindingId { $($variant),* }

        impl FindingId {
            pub const ALL: &'static [FindingId] = &[$(FindingId::$variant),*];

            pub fn slug(self) -> &'static str {
                match self { $(FindingId::$variant => $slug),* }
            }
            pub fn severity(self) -> Severity {
                match self { $(FindingId::$variant => Severity::$sev),* }
            }
            pub fn title(self) -> &'static str {
                match self { $(FindingId::$variant => $title),* }
            }
            /// What goes wrong on a real cluster, plainly.
            pub fn explanation(self) -> &'static str {
                match self { $(FindingId::$variant => $explain),* }
            }
            /// Where the rule comes from.
            pub fn source(self) -> &'static str {
                match self { $(FindingId::$variant => $source),* }
            }
            pub fn from_slug(slug: &str) -> Option<FindingId> {
                FindingId::ALL.iter().copied().find(|f| f.slug() == slug)
            }
        }
    };
}


findings! {
    ParallelEvsUpgrade = "parallel-evs-upgrade", Critical,
        "Two Exchange virtual servers upgraded at the same time",
        "Each Upgrade Exchange Virtual Server session loads exsetdata.dll and uses the global g_csCachedXSes, which only one session may change at a time. The first session to finish removes the semaphore and the other hangs, with no warning but the hourglass, while its EVS stays offline. Upgrade one EVS at a time, in active/passive and active/active clusters alike.",
        "KB 822582; Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    SaOnlyOnline = "sa-only-online", Major,
        "Only the System Attendant brought back online",
        "Bring Online on a resource brings up what it depends on, never what depends on it. With only the System Attendant online, the Information Store and the protocol resources stay offline: without the store users cannot reach their mailboxes, without SMTP, HTTP or the MTA mail stops flowing. Bring each Exchange resource online, or bring the whole group online.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005); KB 867624";
    UpgradeEvsFromOldNode = "upgrade-evs-from-old-node", Major,
        "Upgrade Exchange Virtual Server run from a node not yet upgraded",
        "The upgrade uses files installed by the service pack or hotfix on the node whose Cluster Administrator runs it. From a node that has not been upgraded those files are missing and the upgrade cannot run. Move the EVS to the upgraded node and run it from that node's Cluster Administrator.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    Sp1WithoutHotfix = "sp1-without-hotfix-831464", Minor,
        "Exchange 2003 SP1 started without hotfix 831464",
        "Exchange 2003 SP1 Setup requires Windows Server 2003 hotfix 831464 and stops when it is missing. Install the hotfix, restart the node, then run SP1.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    NoBackupBefore = "no-backup-before", Major,
        "Upgrade started without a full backup",
        "Before touching a cluster, take a full backup: file-level and system state backups of each node, and full backups of every Exchange database. Without them a failed upgrade has nothing to fall back to.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    NoBackupAfter = "no-backup-after", Major,
        "No new full backup after the upgrade",
        "The new version stamps the databases; backups taken before the upgrade can no longer be restored to them, and the nodes' file and system state backups hold the old binaries. Take a backup of each node's files and system state, and full Exchange database backups once each EVS runs the new version.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    BackEndBeforeFrontEnd = "back-end-before-front-end", Major,
        "Back-end cluster upgraded before the front-end servers",
        "In a front-end/back-end deployment the front-end servers are upgraded first; a front end older than its back ends is not supported and can break Outlook Web Access and other protocol access.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    MissingRights = "missing-rights", Major,
        "An operation failed for lack of rights",
        "Upgrading an Exchange cluster needs an account with Exchange Full Administrator on the administrative group of the EVS (on every administrative group its routing group spans) and membership of the local Administrators group on each node. A security group such as ExchangeClusterAdmins, delegated once, keeps this tidy.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005); Microsoft, \"Working with Active Directory Permissions in Exchange Server 2003\"";
    EvsOnOldNode = "upgraded-evs-on-old-node", Major,
        "An upgraded EVS sent to a node not yet upgraded",
        "A node whose Exchange binaries are older than an EVS cannot run it: the System Attendant fails with \"Version of Exchange on this machine does not match the version of Exchange server\", the cluster restarts it and then fails the group over, and users wait through all of it.",
        "course reference, section 3 (Microsoft cluster guidance); Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    UpgradeNodeHostingOnline = "upgrade-node-hosting-online", Major,
        "A node upgraded or restarted while it ran online resources",
        "The node being upgraded must run nothing. Exchange Setup restarts the Cluster service (documented for Exchange 2000 to 2003; the simulator assumes the same of service packs and hotfixes that replace Exchange files) and a Windows hotfix needs a restart; either sends every group the node owns to the other node in the middle of the work, and its users lose their mailboxes while the group moves, on the cluster's schedule rather than yours. Move the groups to the other node first, as the walk-through does by upgrading the passive node. For Exchange 2000 to 2003 that means every group, the Cluster Group too: no cluster resource may run on the node Setup upgrades.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005): the passive node first; Exchange Server 2003 Deployment Guide, \"Requirements for upgrading a cluster node\": no cluster resources running on the node being upgraded";
    BothNodesAtOnce = "both-nodes-at-once", Critical,
        "Both nodes taken out of service at once",
        "A rolling upgrade keeps one node serving while the other is upgraded. Upgrading or restarting the second node while the first is still out leaves nowhere for the Exchange virtual servers to run.",
        "course reference, section 4 (Microsoft Exchange 2003 cluster guidance)";
    WholeGroupOffline = "whole-group-offline", Minor,
        "The whole EVS group taken offline when only the System Attendant had to go",
        "Taking the System Attendant offline takes every Exchange resource with it while the IP Address, Network Name and Physical Disk stay online, which is what the article asks for before Upgrade Exchange Virtual Server. Taking them offline too only adds work and time (and in this simulator Upgrade Exchange Virtual Server refuses to run without them, a choice the sources leave open).",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    AppLogNotChecked = "app-log-not-checked", Minor,
        "The Application log not checked after bringing the EVS back",
        "After an upgraded EVS is back online, read the Application log of the node that runs it for errors and act on them; problems that do not stop a resource from starting show only there.",
        "Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    DowntimeOverBudget = "downtime-over-budget", Major,
        "Downtime over the scenario's budget",
        "Users were without their mailboxes for longer than the window agreed with them. A change board holds the window as a hard limit: going over it fails the exercise, whatever the score. Do the work that needs no downtime first (backups, Setup on a node that runs nothing), keep offline periods short and in dependency order, avoid moves that only undo others, and wait for what is under way rather than stopping it. For a rolling service pack upgrade, the Windows IT Pro article measured 3 to 6 minutes of failover downtime per EVS and advises scheduling 30.",
        "the scenario's budget; Windows IT Pro, \"Exchange 2003 Clusters: Rolling Upgrades\" (2005)";
    MoveUsersAcrossSites = "move-users-across-sites", Major,
        "Move User tried to a server in another site",
        "Exchange 5.5 moves mailboxes only between servers in the same site. The clustered server must join the old server's site.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    ShutdownBeforeLogons = "shutdown-before-logons", Critical,
        "Old server shut down before every user had moved and logged on",
        "A user's messaging profile is updated to the new server the first time the user logs on after the move, by way of the old server. Users who had not logged on by the time the old server went away are left with profiles that point at nothing, and mailboxes that were never moved go with the server.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    ShutdownBeforeReplication = "shutdown-before-replication", Major,
        "Old server shut down before replication completed",
        "Public folder and directory replication must be complete before the old server goes: what has not replicated is lost with it.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    FirstServerRemoved = "first-server-removed-unprepared", Critical,
        "First server of the site removed without rehoming its folders",
        "The first Exchange server in a site holds the public folders and the system folders (Eforms Registry, Schedule+ Free & Busy, Offline Address Book). Change each public folder's home server and make sure the system folders are replicated elsewhere before removing it, or they are gone.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"; KB Q152959";
    NetworkNameDiffers = "network-name-differs", Critical,
        "The Network Name is not the old server's computer name",
        "In the disaster-recovery method the clustered server takes over the old server's identity: the Network Name resource must be the old computer name, or the restored directory and users' profiles point at a server that no longer exists.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    DifferentServiceAccounts = "different-service-accounts", Major,
        "Cluster service and Exchange run under different accounts",
        "Use the same Windows NT service account for the Cluster service and the Exchange services.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    SetupBeforeGroupOnline = "setup-before-group-online", Major,
        "Exchange Setup run before the group's resources were online",
        "All the resources of the new group (Physical Disk, Network Name, IP Address) must be online before Exchange Setup runs on the primary node.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    SetupConfigMismatch = "setup-config-mismatch", Critical,
        "setup /r with another organization, site name or service account",
        "The recovered server must use the same configuration as the old one: the same service account, components, and organization and site names, which are case-sensitive. With another name or account the restored directory does not match and will not start.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    RestoreStartedServices = "restore-started-services", Major,
        "Restored without \"Do not start services after restore\"",
        "Windows NT Backup then starts the Exchange services itself, outside the Cluster service, which should be the only thing that starts and stops them on a cluster. Choose \"Do not start services after restore\" and bring the resources online from Cluster Administrator.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    StoppedIsDuringRecovery = "stopped-is-during-recovery", Critical,
        "The Information Store stopped while it was still recovering",
        "After setup /r the store's recovery can outlast the 600 seconds the Cluster service allows; Cluster Administrator then shows the Information Store as failed although recovery is still running. Disregard it and wait: stopping the store interrupts recovery and leaves the database inconsistent, to be restored again.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    StaleCheckpoint = "stale-registry-checkpoint", Major,
        "The Information Store's old registry checkpoint was kept",
        "The Cluster service writes a checkpointed registry key back whenever its resource comes online. The Information Store's checkpoint from before the recovery holds stale data: replace it before bringing the store online (remove it, then add SYSTEM\\CurrentControlSet\\Services\\MSExchangeIS), or the stale parameters follow the store to the other node and it fails to start there.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    UpdateNodeForgotten = "update-node-forgotten", Major,
        "Update Node not run on the other node",
        "Until Exchange Setup has run Update Node on the inactive node, that node has no Exchange files and the group cannot fail over to it.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    PerformanceOptimizerSkipped = "performance-optimizer-skipped", Minor,
        "Performance Optimizer not run after Setup",
        "Run Performance Optimizer when Exchange Setup completes, so that the server is tuned for its hardware and role.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    NoBackupBeforeRebuild = "no-backup-before-rebuild", Critical,
        "Server rebuilt without a backup to restore",
        "The disaster-recovery method erases the old server. Back up the Information Store and directory after upgrading to Exchange 5.5: that is the backup restored into the cluster. Without it the mailboxes are gone.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
    RebuiltBefore55Upgrade = "rebuilt-before-55-upgrade", Critical,
        "Server rebuilt before its upgrade to Exchange 5.5",
        "Cluster Setup installs Exchange Server 5.5, and Windows NT Backup restores a store only into the version that wrote it: a backup taken before the in-place upgrade to 5.5 cannot be restored into the clustered server, and the mailboxes cannot come back. Run Setup on the old server to upgrade it to 5.5, back it up again (that is the backup to restore), and only then rebuild it.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\", steps 3 and 4";
    NoPrecautionBackup = "no-precaution-backup", Minor,
        "Exchange 5.5 upgrade started without a precautionary backup",
        "Back up the Information Store and directory before running Setup to upgrade to Exchange 5.5, as a precaution.",
        "Exchange Server 5.5 documentation, \"Migrating an Existing Microsoft Exchange Server Computer into a Cluster\"";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_every_finding_is_documented() {
        let mut slugs: Vec<_> = FindingId::ALL.iter().map(|f| f.slug()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), FindingId::ALL.len());
        for f in FindingId::ALL {
            assert_eq!(FindingId::from_slug(f.slug()), Some(*f));
            assert!(f.explanation().len() > 60, "{f:?} needs a real explanation");
            assert!(["Windows IT Pro", "Exchange Server 5.5 documentation", "KB", "reference"].iter().any(|s| f.source().contains(s)), "{f:?}");
        }
    }
}
