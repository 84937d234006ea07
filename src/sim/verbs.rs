//! What each verb does. `perform` is the one entry; each verb checks what a real system would
//! check (is the machine up, who is logged on, with what rights, is the software there) and
//! either refuses with the message the learner would see, or changes the world.

use super::action::{AfterRestore, Resolved, TargetId};
use super::catalog::{ExBuild, Generation, Package, ResKind, Windows};
use super::engine::{Level, LogName, Outcome, Sim};
use super::findings::FindingId;
use super::rules::{self, Timed};
use super::scenario::Kind;
use super::world::*;

type Refusal = Result<AccountId, Outcome>;

pub(super) fn refuse(text: impl Into<String>) -> Outcome {
    Outcome::Refused(text.into())
}

/// Exchange 5.5 Setup on a cluster node: a new server, or `setup /r` recreating the old one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SetupKind {
    Install,
    Recover,
}

impl Sim {
    /// Performs a verb at machine `m`'s console; every name in it was found in the world by
    /// `Verb::resolve`. A refusal by the simulated system is an outcome like any other.
    pub(crate) fn perform(&mut self, m: MachineId, verb: &Resolved) -> Outcome {
        let result = match verb {
            Resolved::Logon { account } => self.logon(m, *account),
            Resolved::Logoff => self.logoff(m),
            Resolved::Install { package } => self.install(m, *package),
            Resolved::Reboot => self.stop_machine(m, Power::Rebooting),
            Resolved::Shutdown => self.stop_machine(m, Power::Off),
            Resolved::PowerOn => self.power_on(m),
            Resolved::BackupFiles => self.backup_files(m),
            Resolved::BackupSystemState => self.backup_system_state(m),
            Resolved::BackupFilesAndSystemState => self.backup_files_and_system_state(m),
            Resolved::BackupExchange { server } => self.backup_exchange(m, *server),
            Resolved::Restore { server, services } => self.restore(m, *server, *services),
            Resolved::ReadLog => self.read_log(m),
            Resolved::InstallWindows { computer_name } => self.install_windows(m, computer_name),
            Resolved::InstallMscs { cluster, account } => self.install_mscs(m, cluster, *account),
            Resolved::SetupInstall { org, site, account, group } => self.exchange_setup(m, SetupKind::Install, org, site, *account, *group),
            Resolved::SetupRecover { org, site, account, group } => self.exchange_setup(m, SetupKind::Recover, org, site, *account, *group),
            Resolved::UpdateNode => self.update_node(m),
            Resolved::PerformanceOptimizer => self.performance_optimizer(m),
            Resolved::EndTask => self.end_task(m),
            Resolved::BringOnline { target } => self.bring_online(m, *target),
            Resolved::TakeOffline { target } => self.take_offline(m, *target),
            Resolved::MoveGroup { group, to } => self.move_group(m, *group, *to),
            Resolved::InitiateFailure { resource } => self.initiate_failure(m, *resource),
            Resolved::UpgradeEvs { group } => self.upgrade_evs(m, *group),
            Resolved::CreateGroup { group, network_name } => self.create_group(m, group, network_name),
            Resolved::RemoveCheckpoint { resource, key } => self.remove_checkpoint(m, *resource, key),
            Resolved::AddCheckpoint { resource, key } => self.add_checkpoint(m, *resource, key),
            Resolved::AddLocalAdmin { account } => self.add_local_admin(m, *account),
            Resolved::DelegateFullAdmin { account, admin_group } => self.delegate(m, *account, *admin_group),
            Resolved::MoveUsers { from, to } => self.move_users(m, *from, *to),
            Resolved::RehomeFolders { from, to } => self.rehome_folders(m, *from, *to),
            Resolved::ReplicateSystemFolders { to } => self.replicate_system_folders(m, *to),
            Resolved::RemoveServer { server } => self.remove_server(m, *server),
            Resolved::FaultPowerLoss => self.fault_stop(m, Power::Off),
            Resolved::FaultRestart => self.fault_stop(m, Power::Rebooting),
            Resolved::FaultFail { resource } => self.fault_fail(*resource),
            Resolved::FaultHangSetup => self.fault_hang_setup(m),
            Resolved::FaultSlowRecovery => self.fault_slow_recovery(m),
        };
        result.unwrap_or_else(|refusal| refusal)
    }

    // ---- Console preconditions ----

    /// The console is usable: the machine is up with Windows running.
    fn console(&self, m: MachineId) -> Result<(), Outcome> {
        let machine = self.world.machine(m);
        match machine.power {
            Power::Up => Ok(()),
            Power::Rebooting => Err(refuse(format!("{} is restarting.", machine.slot))),
            Power::Booting => Err(refuse(format!("{} is starting up.", machine.slot))),
            Power::Installing => Err(refuse(format!("{} is running Windows Setup.", machine.slot))),
            Power::Off => Err(refuse(format!("{} is switched off.", machine.slot))),
        }
    }

    fn logged_on(&self, m: MachineId) -> Refusal {
        self.console(m)?;
        let machine = self.world.machine(m);
        machine.logged_on.ok_or_else(|| refuse(format!("Nobody is logged on at {}.", machine.slot)))
    }

    /// Logged on as a member of the local Administrators group.
    fn admin(&mut self, m: MachineId) -> Refusal {
        let a = self.logged_on(m)?;
        if self.world.has_local_admin(a, m) {
            return Ok(a);
        }
        let (who, slot) = (self.world.account(a).name.clone(), self.world.machine(m).slot.clone());
        self.raise(FindingId::MissingRights, format!("{who} on {slot}"));
        Err(refuse(format!("Access is denied. {who} is not a member of the local Administrators group on {slot}.")))
    }

    /// Cluster Administrator, usable on this console.
    fn cluadmin(&mut self, m: MachineId) -> Refusal {
        let a = self.admin(m)?;
        let machine = self.world.machine(m);
        if !machine.is_cluster_node() {
            return Err(refuse(format!("Cluster Administrator is not installed on {}.", machine.slot)));
        }
        if machine.cluadmin_hung {
            return Err(refuse("Cluster Administrator is not responding."));
        }
        if !machine.cluster_service {
            return Err(refuse(format!("The Cluster service on {} is not running; Cluster Administrator cannot connect.", machine.slot)));
        }
        Ok(a)
    }

    /// The console has the Exchange 5.5 Administrator program (any machine with Exchange 5.x).
    fn exadmin(&mut self, m: MachineId) -> Refusal {
        let a = self.admin(m)?;
        match self.world.machine(m).exchange {
            Some(b) if b.generation() == Generation::Ex5x => Ok(a),
            _ => Err(refuse(format!("The Exchange Administrator program is not installed on {}.", self.world.machine(m).slot))),
        }
    }

    fn installer_free(&self, m: MachineId) -> Result<(), Outcome> {
        match self.world.machine(m).installer {
            Some(_) => Err(refuse("Another installation is already in progress. Complete that installation before proceeding with this install.")),
            None => Ok(()),
        }
    }

    // ---- Console verbs ----

    fn logon(&mut self, m: MachineId, a: AccountId) -> Result<Outcome, Outcome> {
        self.console(m)?;
        if self.world.machine(m).windows.is_none() {
            return Err(refuse("There is no operating system on this machine."));
        }
        self.world.machine_mut(m).logged_on = Some(a);
        let (who, slot) = (self.world.account(a).name.clone(), self.world.machine(m).slot.clone());
        Ok(Outcome::Done(format!("Logged on to {slot} as {who}.")))
    }

    fn logoff(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        self.console(m)?;
        self.world.machine_mut(m).logged_on = None;
        Ok(Outcome::Done("Logged off.".into()))
    }

    fn install(&mut self, m: MachineId, package: Package) -> Result<Outcome, Outcome> {
        self.admin(m)?;
        self.installer_free(m)?;
        let machine = self.world.machine(m);
        let slot = machine.slot.clone();
        match package {
            Package::Hotfix831464 => {
                if machine.windows != Some(Windows::W2003) {
                    return Err(refuse("This hotfix does not apply to this version of Windows."));
                }
                if machine.hotfix_831464 {
                    return Err(refuse("Hotfix 831464 is already installed."));
                }
            }
            _ => {
                let base = package.base().expect("Exchange packages have a base");
                let result = package.result().expect("Exchange packages have a result");
                match machine.exchange {
                    Some(b) if b == result || (b > result && b.generation() == result.generation()) => {
                        return Err(refuse(format!("{} is already installed on {slot}.", result.name())));
                    }
                    Some(b) if b > result => {
                        return Err(refuse(format!("{} cannot run here: {slot} has {}, which is newer.", package.name(), b.name())));
                    }
                    Some(b) if b == base => {}
                    _ => {
                        return Err(refuse(format!("{} needs {} on this machine.", package.name(), base.name())));
                    }
                }
                // 831464 is a Windows Server 2003 hotfix: SP1 on Windows 2000 does without it.
                if package == Package::Ex2003Sp1 && machine.windows == Some(Windows::W2003) && !machine.hotfix_831464 {
                    self.raise(FindingId::Sp1WithoutHotfix, slot);
                    return Err(refuse(
                        "Setup cannot continue: Windows Server 2003 hotfix 831464 must be installed before Exchange Server 2003 SP1.",
                    ));
                }
                if machine.reboot_pending {
                    // Exchange Setup's own words.
                    return Err(refuse("A previous program installation created pending file operations on the installation machine. You must restart the computer before running Setup."));
                }
                if package == Package::Ex2003Upgrade && (machine.windows != Some(Windows::W2000) || machine.service_pack < 3) {
                    return Err(refuse("Exchange Server 2003 Setup needs Windows 2000 SP3 or later on this node."));
                }
                if package == Package::Ex55Upgrade && machine.is_cluster_node() {
                    return Err(refuse("This Setup upgrades a standalone Exchange server; this computer is a cluster node."));
                }
            }
        }
        // Exchange Full Administrator is an Exchange 2000/2003 role; 5.5 has none.
        if package.result().is_some_and(|r| r.generation() != Generation::Ex5x)
            && let Some(needed) = self.exchange_admin_groups(m)
        {
            let a = self.world.machine(m).logged_on.expect("admin() checked the logon");
            if !self.world.has_full_admin(a, needed) {
                let who = self.world.account(a).name.clone();
                self.raise(FindingId::MissingRights, format!("{who} installing on {slot}"));
                // On a node, every EVS of the cluster counts: any of them may fail over to it.
                let whose = if self.world.machine(m).is_cluster_node() { "the Exchange virtual servers of this cluster" } else { "this server" };
                let groups = self.world.missing_admin_groups(a, needed);
                return Err(refuse(format!(
                    "Setup cannot continue: {who} needs Exchange Full Administrator on the administrative groups of {whose}: {groups}."
                )));
            }
        }
        self.before_change(m, Some(package));
        if package == Package::Ex55Upgrade {
            self.before_55_upgrade(m);
        }
        let d = self.draw(Timed::Install(package), u32::from(m.0));
        let op = self.start_op(m, OpKind::Install(package), d);
        self.world.machine_mut(m).installer = Some(op);
        if package.is_exchange() {
            if self.world.machine(m).is_cluster_node() && rules::setup_stops_cluster_service(package) {
                self.world.machine_mut(m).cluster_service = false;
                self.node_lost(m, true);
                self.note(m, LogName::System, Level::Information, "ClusSvc", || "The Cluster service was stopped by Setup.".into());
            } else {
                self.world.machine_mut(m).exchange_stopped = true;
            }
        }
        Ok(Outcome::Started(format!("{} is running on {slot}.", package.name())))
    }

    /// The administrative groups whose Exchange servers an Exchange Setup on this machine
    /// touches: every EVS of the cluster for a node, the machine's own server otherwise (seed
    /// 000: Exchange Full Administrator on the administrative group the EVS resides in).
    fn exchange_admin_groups(&self, m: MachineId) -> Option<u8> {
        let w = &self.world;
        let node = w.machine(m).is_cluster_node();
        let mask = w
            .servers
            .iter()
            .filter(|s| match s.host {
                Host::Group(_) => node,
                Host::Machine(h) => h == m,
                Host::Nowhere => false,
            })
            .fold(0u8, |acc, s| acc | s.admin_groups);
        (mask != 0).then_some(mask)
    }

    /// Checks made when a change to the cluster begins (rolling upgrades).
    fn before_change(&mut self, m: MachineId, package: Option<Package>) {
        if self.scenario.kind != Kind::RollingUpgrade {
            return;
        }
        let on_node = self.world.machine(m).is_cluster_node();
        if !on_node {
            return;
        }
        if self.world.marks.first_change.is_none() {
            self.world.marks.first_change = Some(self.world.now);
            if let Some(missing) = self.missing_full_backup() {
                self.raise(FindingId::NoBackupBefore, missing);
            }
        }
        let Some(package) = package else { return };
        let slot = self.world.machine(m).slot.clone();
        if !package.is_exchange() {
            if rules::HOTFIX_NEEDS_PASSIVE_NODE && self.world.hosts_online_exchange(m) {
                self.raise(FindingId::UpgradeNodeHostingOnline, format!("{slot}: {}", package.name()));
            }
            return;
        }
        let result = package.result().expect("exchange package");
        let old_front_end = self
            .world
            .servers
            .iter()
            .find(|s| s.front_end && !s.removed && s.version < result)
            .map(|s| s.name.clone());
        if let Some(fe) = old_front_end {
            self.raise(FindingId::BackEndBeforeFrontEnd, format!("{slot} before {fe}"));
        }
        let hosting = if rules::setup_needs_empty_node(package) { self.world.hosts_online_resources(m) } else { self.world.hosts_online_exchange(m) };
        if hosting {
            self.raise(FindingId::UpgradeNodeHostingOnline, slot.clone());
        }
        if let Some(other) = self.world.other_node(m)
            && !self.node_serving(other)
        {
            self.raise(FindingId::BothNodesAtOnce, format!("{slot} while {} was out", self.world.machine(other).slot));
        }
    }

    /// A node is in service: up, running the Cluster service, not in the middle of Setup.
    fn node_serving(&self, m: MachineId) -> bool {
        let machine = self.world.machine(m);
        machine.cluster_available() && machine.installer.is_none()
    }

    /// Everything a full backup still lacks (reference, section 3, step 2), if anything: each
    /// node's files and system state, each clustered server's databases.
    pub(crate) fn missing_full_backup(&self) -> Option<String> {
        let w = &self.world;
        let has = |kind: BackupKind, machine: Option<MachineId>, server: Option<ServerId>| {
            w.backups.iter().any(|b| b.kind == kind && machine.is_none_or(|m| b.machine == m) && b.server == server)
        };
        let mut missing = Vec::new();
        for node in w.cluster_nodes() {
            for kind in w.node_backup_kinds(node) {
                if !has(kind, Some(node), None) {
                    missing.push(format!("{} backup of {}", kind.label(), w.machine(node).slot));
                }
            }
        }
        for s in w.server_ids() {
            if matches!(w.server(s).host, Host::Group(_)) && !has(BackupKind::Exchange, None, Some(s)) {
                missing.push(format!("Exchange database backup of {}", w.server(s).name));
            }
        }
        (!missing.is_empty()).then(|| format!("no {}", missing.join(", no ")))
    }

    fn before_55_upgrade(&mut self, m: MachineId) {
        let server = self.world.server_ids().find(|s| self.world.server(*s).host == Host::Machine(m));
        if let Some(s) = server
            && !self.world.backups.iter().any(|b| b.kind == BackupKind::Exchange && b.server == Some(s))
        {
            let name = self.world.server(s).name.clone();
            self.raise(FindingId::NoPrecautionBackup, name);
        }
    }

    /// Restart (`then` is `Power::Rebooting`) or shut down (`Power::Off`) a machine.
    fn stop_machine(&mut self, m: MachineId, then: Power) -> Result<Outcome, Outcome> {
        let shutdown = then == Power::Off;
        self.admin(m)?;
        if self.world.machine(m).installer.is_some() {
            return Err(refuse("Setup is still running on this machine."));
        }
        let slot = self.world.machine(m).slot.clone();
        if let Some(other) = self.world.other_node(m)
            && self.world.machine(m).is_cluster_node()
            && !self.node_serving(other)
            && self.scenario.kind == Kind::RollingUpgrade
        {
            let other_slot = self.world.machine(other).slot.clone();
            self.raise(FindingId::BothNodesAtOnce, format!("{slot} while {other_slot} was out"));
        }
        if self.scenario.kind == Kind::RollingUpgrade && self.world.machine(m).is_cluster_node() && self.world.hosts_online_exchange(m) {
            self.raise(FindingId::UpgradeNodeHostingOnline, format!("{slot} restarted"));
        }
        if shutdown {
            self.before_old_server_shutdown(m);
        }
        self.going_down(m, then);
        if shutdown {
            return Ok(Outcome::Done(format!("{slot} is shut down.")));
        }
        let d = self.draw(Timed::Reboot, u32::from(m.0));
        self.start_op(m, OpKind::Reboot, d);
        Ok(Outcome::Started(format!("{slot} is restarting.")))
    }

    /// The machine stops: sessions end, its groups leave, its backups stop.
    pub(super) fn going_down(&mut self, m: MachineId, power: Power) {
        self.going_down_as(m, power, power != Power::Installing);
    }

    /// `going_down`; `clean`: its groups are taken offline in order and moved (a restart, a
    /// shutdown), not lost at once (a power cut, a crash).
    pub(super) fn going_down_as(&mut self, m: MachineId, power: Power, clean: bool) {
        let was_node = self.world.machine(m).cluster_service;
        {
            let machine = self.world.machine_mut(m);
            machine.power = power;
            machine.logged_on = None;
            machine.cluster_service = false;
            machine.cluadmin_hung = false;
        }
        // A store running outside the cluster's control stops with its machine.
        let owned: Vec<ServerId> = self.world.groups.iter().filter(|g| g.owner == m).filter_map(|g| g.server).collect();
        for s in owned {
            self.world.server_mut(s).store_running_unmanaged = false;
        }
        // Whatever ran on it stops, except an installer that is the reason it is down; and the
        // folder copies it was the source of stop too (they resume only if started again).
        let hosted: Vec<ServerId> = self.world.server_ids().filter(|s| self.world.server(*s).host == Host::Machine(m)).collect();
        self.world.ops.retain(|o| match o.kind {
            OpKind::PublicFolderReplication { from, .. } | OpKind::SystemFolderReplication { from, .. } => !hosted.contains(&from),
            OpKind::DirectoryReplication { .. } | OpKind::IsRecovery { .. } => true,
            _ => {
                o.machine != m
                    || matches!(o.kind, OpKind::Install(_) | OpKind::WindowsInstall { .. } | OpKind::ExchangeSetup { .. } | OpKind::UpdateNode)
                        && power == Power::Installing
            }
        });
        if was_node {
            self.node_lost(m, clean);
        }
        // Windows' own entry (EventLog 6006) when it shuts down; a machine that loses its power
        // writes nothing.
        if clean {
            self.note(m, LogName::System, Level::Information, "EventLog", || "The Event log service was stopped.".into());
        }
    }

    fn power_on(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        let machine = self.world.machine(m);
        if machine.power != Power::Off {
            return Err(refuse(format!("{} is not switched off.", machine.slot)));
        }
        if machine.windows.is_none() {
            return Err(refuse("Operating system not found."));
        }
        let slot = machine.slot.clone();
        self.world.machine_mut(m).power = Power::Booting;
        let d = self.draw(Timed::PowerOn, u32::from(m.0));
        self.start_op(m, OpKind::PowerOn, d);
        Ok(Outcome::Started(format!("{slot} is starting.")))
    }

    fn backup_files(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        self.backup_job_free(m)?;
        let what = format!("File-level backup of {}", self.world.machine(m).slot);
        self.start_backup(m, Timed::BackupFiles, BackupKind::Files, None, what)
    }

    fn backup_system_state(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        self.backup_job_free(m)?;
        let slot = self.has_system_state(m)?;
        self.start_backup(m, Timed::BackupSystemState, BackupKind::SystemState, None, format!("System state backup of {slot}"))
    }

    /// Windows 2000 and 2003's NT Backup takes the system state ticked beside the drives, in one
    /// job as long as both.
    fn backup_files_and_system_state(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        self.backup_job_free(m)?;
        let slot = self.has_system_state(m)?;
        let subject = u32::from(m.0) * 8;
        let d = self.draw(Timed::BackupFiles, subject) + self.draw(Timed::BackupSystemState, subject);
        let by = self.world.machine(m).logged_on.expect("an administrator is logged on");
        self.start_op(m, OpKind::Backup { kind: BackupKind::Files, server: None, by, with_system_state: true }, d);
        Ok(Outcome::Started(format!("File-level and system state backup of {slot} is running.")))
    }

    /// The machine's NT Backup has a System State (Windows 2000 brought it): its name if so.
    fn has_system_state(&self, m: MachineId) -> Result<String, Outcome> {
        let slot = self.world.machine(m).slot.clone();
        if !self.world.machine(m).windows.is_some_and(|v| v.has_system_state()) {
            return Err(refuse(format!("Windows NT Backup on {slot} has no System State.")));
        }
        Ok(slot)
    }

    /// A full backup of a server's Exchange databases, from a machine with Exchange's agent.
    fn backup_exchange(&mut self, m: MachineId, s: ServerId) -> Result<Outcome, Outcome> {
        self.backup_job_free(m)?;
        let slot = self.world.machine(m).slot.clone();
        if self.world.machine(m).exchange.is_none() {
            return Err(refuse(format!("Windows NT Backup on {slot} has no Microsoft Exchange Server option.")));
        }
        let name = self.world.server(s).name.clone();
        if !self.world.reachable(s) {
            return Err(refuse(format!("The Microsoft Exchange Information Store service on {name} is not running.")));
        }
        self.start_backup(m, Timed::BackupExchange, BackupKind::Exchange, Some(s), format!("Exchange backup of {name}"))
    }

    /// An administrator at a machine with no backup job running.
    fn backup_job_free(&mut self, m: MachineId) -> Result<(), Outcome> {
        self.admin(m)?;
        if self.world.ops.iter().any(|o| o.machine == m && matches!(o.kind, OpKind::Backup { .. })) {
            return Err(refuse("A backup job is already running on this machine."));
        }
        Ok(())
    }

    fn start_backup(&mut self, m: MachineId, timed: Timed, kind: BackupKind, target: Option<ServerId>, what: String) -> Result<Outcome, Outcome> {
        let subject = u32::from(m.0) * 8 + target.map_or(0, |s| u32::from(s.0) + 1);
        let d = self.draw(timed, subject);
        let by = self.world.machine(m).logged_on.expect("an administrator is logged on");
        self.start_op(m, OpKind::Backup { kind, server: target, by, with_system_state: false }, d);
        Ok(Outcome::Started(format!("{what} is running.")))
    }

    fn restore(&mut self, m: MachineId, s: ServerId, services: AfterRestore) -> Result<Outcome, Outcome> {
        let who = self.logged_on(m)?;
        let start_services = services == AfterRestore::StartServices;
        let name = self.world.server(s).name.clone();
        let here = match self.world.server(s).host {
            Host::Machine(h) => h == m,
            Host::Group(g) => self.world.group(g).owner == m,
            Host::Nowhere => false,
        };
        if !here {
            return Err(refuse(format!("{name} does not run on {}.", self.world.machine(m).slot)));
        }
        let Some((by, made_with)) = self.latest_backup(s).map(|b| (b.by, b.version)) else {
            return Err(refuse(format!("There is no backup of {name} to restore.")));
        };
        let admin = self.world.has_local_admin(who, m);
        self.may_restore(m, who, by, admin)?;
        let version = self.world.server(s).version;
        if made_with.is_some_and(|b| b < version) {
            return Err(refuse(format!(
                "This backup was made with {} and cannot be restored to a store at {}.",
                made_with.map_or("?", ExBuild::name),
                version.name()
            )));
        }
        let store_running = match self.world.server(s).host {
            Host::Group(g) => self.world.group(g).state_of(ResKind::InformationStore).is_some_and(|st| st != ResState::Offline),
            _ => self.world.reachable(s),
        };
        if store_running {
            return Err(refuse("The restore cannot start: the Microsoft Exchange Information Store service is running."));
        }
        if rules::RESTORE_NEEDS_SA_ONLINE
            && let Host::Group(g) = self.world.server(s).host
            && self.world.group(g).find(ResKind::SystemAttendant).is_some()
            && !self.world.group(g).is_online(ResKind::SystemAttendant)
        {
            return Err(refuse(format!("Could not connect to Microsoft Exchange Server {name}: the Microsoft Exchange System Attendant service is not running.")));
        }
        if start_services {
            self.raise(FindingId::RestoreStartedServices, name.clone());
        }
        let d = self.draw(Timed::Restore, u32::from(s.0));
        self.start_op(m, OpKind::Restore { server: s, start_services }, d);
        Ok(Outcome::Started(format!("Windows NT Backup is restoring the information store and directory of {name}.")))
    }

    /// Seed 001: log on with the account that made the backup, or one with administrator rights,
    /// which can stop and start the Exchange services. NT Backup restores a set only for its
    /// owner or an administrator, and the restore stops and starts Exchange's services, which
    /// only an administrator or their service account (on a node, the Cluster service's) may.
    fn may_restore(&mut self, m: MachineId, who: AccountId, by: AccountId, admin: bool) -> Result<(), Outcome> {
        if admin {
            return Ok(());
        }
        let (name, slot) = (self.world.account(who).name.clone(), self.world.machine(m).slot.clone());
        if rules::BACKUP_SETS_RESTRICTED_TO_OWNER && by != who {
            let owner = self.world.account(by).name.clone();
            self.raise(FindingId::MissingRights, format!("{name} restoring on {slot}"));
            return Err(refuse(format!("Access is denied. Owner of the backup set: {owner}.")));
        }
        if self.world.machine(m).cluster_account != Some(who) {
            self.raise(FindingId::MissingRights, format!("{name} restoring on {slot}"));
            return Err(refuse(format!("Access is denied. {name} cannot stop or start the Microsoft Exchange services on {slot}.")));
        }
        Ok(())
    }

    pub(crate) fn latest_backup(&self, s: ServerId) -> Option<&Backup> {
        self.world.backups.iter().filter(|b| b.kind == BackupKind::Exchange && b.server == Some(s)).max_by_key(|b| b.at)
    }

    fn read_log(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        self.logged_on(m)?;
        let now = self.world.now;
        self.world.machine_mut(m).log_read_at = Some(now);
        // Reading the log counts for an upgraded EVS running on this node.
        for s in self.world.server_ids() {
            let runs_here = self.world.group_of(s).is_some_and(|g| self.world.group(g).owner == m);
            if runs_here && self.world.server(s).upgraded_at.is_some() && self.world.reachable(s) {
                self.world.server_mut(s).log_checked = true;
            }
        }
        let (mut errors, mut warnings) = (0, 0);
        for e in self.log.iter().filter(|e| e.machine == m && e.log == LogName::Application) {
            match e.level {
                Level::Error => errors += 1,
                Level::Warning => warnings += 1,
                Level::Information => {}
            }
        }
        let slot = self.world.machine(m).slot.clone();
        Ok(Outcome::Done(format!("Event Viewer on {slot}: Application log read ({errors} errors, {warnings} warnings).")))
    }

    fn install_windows(&mut self, m: MachineId, computer_name: &str) -> Result<Outcome, Outcome> {
        if self.world.machine(m).installer.is_some() {
            return Err(refuse("Setup is still running on this machine."));
        }
        if computer_name.is_empty() || !computer_name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') || computer_name.len() > 15 {
            return Err(refuse("A computer name is 1 to 15 letters, digits or dashes."));
        }
        // The clean install erases the machine, and any Exchange server on its disks.
        let hosted: Vec<ServerId> = self.world.server_ids().filter(|s| self.world.server(*s).host == Host::Machine(m)).collect();
        for s in hosted {
            let version = self.world.server(s).version;
            let has_backup = self.latest_backup(s).is_some_and(|b| b.version == Some(version));
            let name = self.world.server(s).name.clone();
            if !has_backup && self.world.server(s).store == Data::Live {
                self.raise(FindingId::NoBackupBeforeRebuild, name.clone());
            }
            // Cluster Setup brings 5.5, and a backup restores only into its own version (seed
            // 001, steps 3 and 4: upgrade to 5.5, then take the backup to restore).
            if version < ExBuild::Ex55 && version.generation() == Generation::Ex5x && self.world.server(s).store == Data::Live {
                self.raise(FindingId::RebuiltBefore55Upgrade, format!("{name} at {}", version.name()));
            }
            let server = self.world.server_mut(s);
            server.host = Host::Nowhere;
            server.store = Data::Lost;
            server.directory = Data::Lost;
        }
        if self.world.machine(m).power != Power::Off {
            self.going_down(m, Power::Installing);
        }
        // A clean install is a new local account database: only the domain's administrators
        // administer the machine until someone adds others again.
        for account in &mut self.world.accounts {
            account.local_admin &= !(1 << m.0);
        }
        {
            let machine = self.world.machine_mut(m);
            machine.power = Power::Installing;
            machine.windows = None;
            machine.exchange = None;
            machine.exchange_stopped = false;
            machine.cluster_account = None;
            machine.cluster_service = false;
            machine.hotfix_831464 = false;
            machine.reboot_pending = false;
            machine.performance_optimized = false;
            machine.recovered_here = false;
        }
        let d = self.draw(Timed::WindowsInstall, u32::from(m.0));
        let op = self.start_op(m, OpKind::WindowsInstall { computer_name: computer_name.to_string() }, d);
        self.world.machine_mut(m).installer = Some(op);
        let slot = self.world.machine(m).slot.clone();
        Ok(Outcome::Started(format!("Windows NT Server Setup is running on {slot} (new computer name {computer_name}).")))
    }

    fn install_mscs(&mut self, m: MachineId, cluster: &str, a: AccountId) -> Result<Outcome, Outcome> {
        self.admin(m)?;
        self.installer_free(m)?;
        let machine = self.world.machine(m);
        if machine.is_cluster_node() {
            return Err(refuse("Microsoft Cluster Server is already installed on this node."));
        }
        if !matches!(machine.windows, Some(Windows::Nt4Enterprise | Windows::W2000 | Windows::W2003)) {
            return Err(refuse("Microsoft Cluster Server needs Windows NT Server, Enterprise Edition."));
        }
        let forming = !self.world.groups.iter().any(|g| g.kind == GroupKind::Cluster);
        if !forming {
            let existing = self.world.cluster_name.clone().unwrap_or_default();
            if !existing.eq_ignore_ascii_case(cluster) {
                return Err(refuse(format!("Cluster {cluster} cannot be found. The cluster on this network is {existing}.")));
            }
            if !self.world.cluster_nodes().any(|n| self.world.machine(n).cluster_available()) {
                return Err(refuse(format!("Cluster {existing} cannot be reached: no node of it is running.")));
            }
        } else if self.world.ops.iter().any(|o| matches!(o.kind, OpKind::MscsInstall { .. })) {
            return Err(refuse("The cluster cannot be joined yet: it is still being formed."));
        } else {
            self.world.cluster_name = Some(cluster.to_string());
        }
        let d = self.draw(Timed::MscsInstall, u32::from(m.0));
        let op = self.start_op(m, OpKind::MscsInstall { account: a }, d);
        self.world.machine_mut(m).installer = Some(op);
        let verb = if forming { "forming" } else { "joining" };
        Ok(Outcome::Started(format!("Cluster Server Setup is running, {verb} cluster {cluster}.")))
    }

    /// An Exchange Setup may run here: an administrator at a cluster node with no Exchange yet.
    fn cluster_setup_ready(&mut self, m: MachineId) -> Result<(), Outcome> {
        self.admin(m)?;
        self.installer_free(m)?;
        let machine = self.world.machine(m);
        if !machine.is_cluster_node() {
            return Err(refuse("Microsoft Cluster Server is not installed on this computer."));
        }
        if machine.exchange.is_some() {
            return Err(refuse("Exchange Server is already installed on this node."));
        }
        Ok(())
    }

    fn update_node(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        self.cluster_setup_ready(m)?;
        let clustered = self.world.groups.iter().any(|g| g.server.is_some_and(|s| self.world.server(s).version.generation() == Generation::Ex5x));
        if !clustered {
            return Err(refuse("Setup found no clustered Exchange server to update."));
        }
        let d = self.draw(Timed::UpdateNode, u32::from(m.0));
        let op = self.start_op(m, OpKind::UpdateNode, d);
        self.world.machine_mut(m).installer = Some(op);
        Ok(Outcome::Started(format!("Exchange Setup is running Update Node on {}.", self.world.machine(m).slot)))
    }

    fn exchange_setup(&mut self, m: MachineId, how: SetupKind, org: &str, site: &str, a: AccountId, g: GroupId) -> Result<Outcome, Outcome> {
        self.cluster_setup_ready(m)?;
        let slot = self.world.machine(m).slot.clone();
        let recover = how == SetupKind::Recover;
        let grp = self.world.group(g);
        if grp.kind != GroupKind::Exchange {
            return Err(refuse("Exchange Server cannot be installed in the Cluster Group."));
        }
        if grp.server.is_some() {
            return Err(refuse(format!("Group {} already holds an Exchange server.", grp.name)));
        }
        if grp.owner != m {
            return Err(refuse(format!("{} is owned by {}.", grp.name, self.world.machine(grp.owner).slot)));
        }
        let base_online = [ResKind::IpAddress, ResKind::NetworkName, ResKind::PhysicalDisk].iter().all(|k| grp.is_online(*k));
        if !base_online {
            let name = grp.name.clone();
            self.raise(FindingId::SetupBeforeGroupOnline, name.clone());
            return Err(refuse(format!(
                "Setup cannot continue: the Physical Disk, Network Name and IP Address resources of {name} must be online."
            )));
        }
        let (network_name, group) = (grp.network_name.clone(), grp.name.clone());
        let account = self.world.account(a).name.clone();
        if self.world.machine(m).cluster_account != Some(a) {
            self.raise(FindingId::DifferentServiceAccounts, format!("Exchange runs as {account}"));
        }
        if recover && let Some(old) = self.scenario.migration.as_ref().map(|m| m.server.clone()) {
            if !network_name.eq_ignore_ascii_case(&old) {
                self.raise(FindingId::NetworkNameDiffers, format!("{network_name}, not {old}"));
            }
            if self.config_mismatch(&old, org, site, &account) {
                self.raise(FindingId::SetupConfigMismatch, format!("organization `{org}`, site `{site}`, service account {account}"));
            }
        }
        let d = self.draw(Timed::ExchangeSetup, u32::from(m.0));
        let op = self.start_op(
            m,
            OpKind::ExchangeSetup { group: g, recover, org: org.to_string(), site: site.to_string(), account: a },
            d,
        );
        self.world.machine_mut(m).installer = Some(op);
        let how = if recover { "setup /r" } else { "Setup" };
        Ok(Outcome::Started(format!("Exchange Server 5.5 {how} is running on {slot} for group {group}.")))
    }

    /// Whether `setup /r` differs from the original server's configuration: organization and
    /// site names (case-sensitive) or service account (seed 001, step 9: "you should use the
    /// same service account ... and specify the same organization and site names").
    pub(crate) fn config_mismatch(&self, old: &str, org: &str, site: &str, account: &str) -> bool {
        let old_site = self.world.server_named(old).map(|s| self.world.org.sites[self.world.server(s).site as usize].as_str());
        let old_account = self.scenario.migration.as_ref().map(|m| m.service_account.as_str());
        // Windows account names are not case-sensitive; Exchange's organization and site are.
        org != self.world.org.name || old_site != Some(site) || !old_account.is_some_and(|a| a.eq_ignore_ascii_case(account))
    }

    fn performance_optimizer(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        self.admin(m)?;
        self.installer_free(m)?;
        if self.world.machine(m).exchange.is_none_or(|b| b.generation() != Generation::Ex5x) {
            return Err(refuse("Exchange Server 5.5 is not installed on this computer."));
        }
        if rules::OPTIMIZER_NEEDS_RESOURCES_OFFLINE && self.world.hosts_online_exchange(m) {
            return Err(refuse("Performance Optimizer could not stop the Microsoft Exchange services."));
        }
        let d = self.draw(Timed::PerformanceOptimizer, u32::from(m.0));
        let op = self.start_op(m, OpKind::PerformanceOptimizer, d);
        self.world.machine_mut(m).installer = Some(op);
        Ok(Outcome::Started("Performance Optimizer is analysing the hardware.".into()))
    }

    fn end_task(&mut self, m: MachineId) -> Result<Outcome, Outcome> {
        self.logged_on(m)?;
        let sessions = self.world.ops.iter().any(|o| o.machine == m && matches!(o.kind, OpKind::UpgradeEvs { .. }));
        if !sessions && !self.world.machine(m).cluadmin_hung {
            return Err(refuse("Cluster Administrator is not running on this console."));
        }
        self.world.ops.retain(|o| !(o.machine == m && matches!(o.kind, OpKind::UpgradeEvs { .. })));
        self.world.machine_mut(m).cluadmin_hung = false;
        // Task Manager says no more than that; whether an upgrade completed shows in the EVS's
        // version, and in the Application log's "upgraded successfully" that never came.
        Ok(Outcome::Done("Cluster Administrator was ended.".into()))
    }

    // ---- Cluster Administrator ----

    fn group_ready(&self, g: GroupId) -> Result<(), Outcome> {
        let group = self.world.group(g);
        if group.moving.is_some() {
            return Err(refuse(format!("{} is being moved.", group.name)));
        }
        Ok(())
    }

    fn bring_online(&mut self, m: MachineId, target: TargetId) -> Result<Outcome, Outcome> {
        self.cluadmin(m)?;
        let g = target.group();
        self.group_ready(g)?;
        let owner = self.world.group(g).owner;
        if !self.world.machine(owner).cluster_available() {
            return Err(refuse(format!("{} is not available to run {}.", self.world.machine(owner).slot, self.world.group(g).name)));
        }
        let generation = self.world.generation_of(g);
        let (mask, label) = match target {
            TargetId::Group(_) => {
                self.world.group_mut(g).sa_alone = None;
                ((1u32 << self.world.group(g).resources.len()) - 1, self.world.group(g).name.clone())
            }
            TargetId::Resource(r) => {
                let i = r.index;
                let kind = self.world.group(g).resources[i].kind;
                // Remembered until the whole group is brought online: bringing the rest up one
                // by one is fine, leaving any of it down is not (judged at the end).
                if kind == ResKind::SystemAttendant && generation.is_some_and(|x| x != Generation::Ex5x) {
                    let (now, step) = (self.world.now, self.steps);
                    self.world.group_mut(g).sa_alone.get_or_insert((now, step));
                }
                let name = kind.display_name(&self.world.group(g).name, generation);
                (self.dependency_closure(g, i), name)
            }
        };
        let wanted: u32 = self
            .world
            .group(g)
            .resources
            .iter()
            .enumerate()
            .filter(|(j, r)| mask & (1 << j) != 0 && r.state != ResState::Online)
            .fold(0, |acc, (j, _)| acc | 1 << j);
        if wanted == 0 {
            return Ok(Outcome::Done(format!("{label} is already online.")));
        }
        self.set_goal(g, wanted, Goal::Online);
        Ok(Outcome::Started(format!("Bringing {label} online.")))
    }

    fn take_offline(&mut self, m: MachineId, target: TargetId) -> Result<Outcome, Outcome> {
        self.cluadmin(m)?;
        let g = target.group();
        self.group_ready(g)?;
        let generation = self.world.generation_of(g);
        let evs = self.world.group(g).kind == GroupKind::Exchange && generation.is_some_and(|x| x != Generation::Ex5x);
        let (mask, label) = match target {
            TargetId::Group(_) => {
                if evs {
                    let name = self.world.group(g).name.clone();
                    self.raise(FindingId::WholeGroupOffline, name);
                }
                ((1u32 << self.world.group(g).resources.len()) - 1, self.world.group(g).name.clone())
            }
            TargetId::Resource(r) => {
                let i = r.index;
                let kind = self.world.group(g).resources[i].kind;
                if evs && !kind.is_exchange() {
                    let name = self.world.group(g).name.clone();
                    self.raise(FindingId::WholeGroupOffline, name);
                }
                (self.dependent_closure(g, i), kind.display_name(&self.world.group(g).name, generation))
            }
        };
        let wanted = self
            .world
            .group(g)
            .resources
            .iter()
            .enumerate()
            .filter(|(j, r)| mask & (1 << j) != 0 && r.state != ResState::Offline)
            .fold(0, |acc, (j, _)| acc | 1 << j);
        if wanted == 0 {
            return Ok(Outcome::Done(format!("{label} is already offline.")));
        }
        self.set_goal(g, wanted, Goal::Offline);
        Ok(Outcome::Started(format!("Taking {label} offline.")))
    }

    fn move_group(&mut self, m: MachineId, g: GroupId, to: Option<MachineId>) -> Result<Outcome, Outcome> {
        self.cluadmin(m)?;
        self.group_ready(g)?;
        let owner = self.world.group(g).owner;
        let to = match to {
            Some(node) => node,
            None => match self.world.other_node(owner) {
                Some(o) => o,
                None => return Err(refuse("There is no other node to move the group to.")),
            },
        };
        let name = self.world.group(g).name.clone();
        let dest = self.world.machine(to).slot.clone();
        if to == owner {
            return Err(refuse(format!("{name} is already owned by {dest}.")));
        }
        if !self.world.machine(to).cluster_available() {
            return Err(refuse(format!("{dest} is not available to own {name}.")));
        }
        let bring = self.world.group(g).up_mask();
        self.begin_move(g, to, bring);
        Ok(Outcome::Started(format!("Moving {name} to {dest}.")))
    }

    fn initiate_failure(&mut self, m: MachineId, r: ResourceId) -> Result<Outcome, Outcome> {
        self.cluadmin(m)?;
        self.group_ready(r.group)?;
        self.fail_resource(r)
    }

    /// An online resource fails, and the Cluster service applies its restart policy.
    pub(super) fn fail_resource(&mut self, r: ResourceId) -> Result<Outcome, Outcome> {
        let (g, i) = (r.group, r.index);
        if self.world.group(g).resources[i].state != ResState::Online {
            return Err(refuse("Only an online resource can be failed."));
        }
        self.stopping(g, i);
        let name = self.world.resource_name(r);
        self.note_resource_failed(g, i);
        self.resource_failed(g, i, true);
        Ok(Outcome::Done(format!("{name} failed.")))
    }

    fn upgrade_evs(&mut self, m: MachineId, g: GroupId) -> Result<Outcome, Outcome> {
        let a = self.cluadmin(m)?;
        self.group_ready(g)?;
        let Some(s) = self.world.group(g).server else {
            return Err(refuse(format!("{} has no Exchange System Attendant.", self.world.group(g).name)));
        };
        let name = self.world.server(s).name.clone();
        let version = self.world.server(s).version;
        let here = self.world.machine(m).exchange;
        let newer_here = here.is_some_and(|b| b > version && b.generation() != Generation::Ex5x);
        if !newer_here {
            // From a node not upgraded yet (or whose Setup failed), the tool there sees nothing
            // newer to upgrade the EVS to; why (the files are on another node) is the debrief's
            // to say (see `rules`, on what the tools say).
            let slot = self.world.machine(m).slot.clone();
            let newer_elsewhere = self.world.cluster_nodes().any(|n| self.world.machine(n).exchange.is_some_and(|b| b > version));
            if newer_elsewhere {
                self.raise(FindingId::UpgradeEvsFromOldNode, format!("{name} from {slot}"));
            }
            let installed = here.map_or("no Exchange".to_string(), |b| b.name().to_string());
            return Err(refuse(format!(
                "{slot} runs {installed}, and {name} is at {}: there is nothing to upgrade it to.",
                version.name()
            )));
        }
        let needed = self.world.server(s).admin_groups;
        if !self.world.has_full_admin(a, needed) {
            let who = self.world.account(a).name.clone();
            let groups = self.world.missing_admin_groups(a, needed);
            self.raise(FindingId::MissingRights, format!("{who} upgrading {name}"));
            return Err(refuse(format!("Access denied. {who} needs Exchange Full Administrator on: {groups}.")));
        }
        let grp = self.world.group(g);
        if rules::UPGRADE_EVS_ON_OWNER && grp.owner != m {
            // Windows' own words (ERROR_HOST_NODE_NOT_GROUP_OWNER).
            return Err(refuse("The cluster node is not the owner of the group."));
        }
        if grp.resources.iter().any(|r| r.kind.is_exchange() && r.state != ResState::Offline) {
            // ERROR_RESOURCE_ONLINE.
            return Err(refuse("The operation could not be completed because the cluster resource is online."));
        }
        if rules::UPGRADE_EVS_NEEDS_NAME_AND_DISK && ![ResKind::IpAddress, ResKind::NetworkName, ResKind::PhysicalDisk].iter().all(|k| grp.is_online(*k)) {
            // ERROR_RESOURCE_NOT_ONLINE.
            return Err(refuse("The cluster resource is not online."));
        }
        let running: Vec<(GroupId, bool)> = self
            .world
            .ops
            .iter()
            .filter_map(|o| match o.kind {
                OpKind::UpgradeEvs { group, hung, .. } => Some((group, hung)),
                _ => None,
            })
            .collect();
        if running.iter().any(|(rg, hung)| *rg == g && !hung) {
            return Err(refuse(format!("{name} is already being upgraded.")));
        }
        self.before_change(m, None);
        if running.iter().any(|(_, hung)| !hung) {
            let others: Vec<String> = running.iter().filter(|(_, h)| !h).map(|(rg, _)| self.world.group(*rg).name.clone()).collect();
            self.raise(FindingId::ParallelEvsUpgrade, format!("{name} while {} was upgrading", others.join(", ")));
        }
        let to = here.expect("newer_here");
        let d = self.draw(Timed::UpgradeEvs, u32::from(s.0));
        self.start_op(m, OpKind::UpgradeEvs { group: g, to, hung: false }, d);
        Ok(Outcome::Started(format!("Upgrading Exchange Virtual Server {name} to {}...", to.name())))
    }

    fn create_group(&mut self, m: MachineId, group: &str, network_name: &str) -> Result<Outcome, Outcome> {
        self.cluadmin(m)?;
        if self.world.group_named(group).is_some() {
            return Err(refuse(format!("A group named {group} already exists.")));
        }
        if group.is_empty() || network_name.is_empty() || network_name.chars().count() > crate::sim::limits::NETBIOS_CHARS {
            return Err(refuse("A group needs a name, and a network name of 1 to 15 characters."));
        }
        if self.world.groups.len() >= crate::sim::limits::GROUPS {
            return Err(refuse(format!("This cluster already has {} groups, as many as the simulator models.", crate::sim::limits::GROUPS)));
        }
        let g = Group::exchange_base(group, network_name, m, false);
        self.world.groups.push(g);
        Ok(Outcome::Done(format!(
            "Created group {group} with IP Address, Network Name ({network_name}) and Physical Disk resources, offline, owned by {}.",
            self.world.machine(m).slot
        )))
    }

    fn add_checkpoint(&mut self, m: MachineId, r: ResourceId, key: &str) -> Result<Outcome, Outcome> {
        self.cluadmin(m)?;
        let cps = &mut self.world.resource_mut(r).checkpoints;
        if cps.iter().any(|c| c.key.eq_ignore_ascii_case(key)) {
            return Err(refuse(format!("{key} is already a registry checkpoint of this resource.")));
        }
        cps.push(Checkpoint { key: key.to_string(), fresh: true });
        Ok(Outcome::Done(format!("Added registry checkpoint {key}.")))
    }

    fn remove_checkpoint(&mut self, m: MachineId, r: ResourceId, key: &str) -> Result<Outcome, Outcome> {
        self.cluadmin(m)?;
        let cps = &mut self.world.resource_mut(r).checkpoints;
        let Some(p) = cps.iter().position(|c| c.key.eq_ignore_ascii_case(key)) else {
            return Err(refuse(format!("{key} is not a registry checkpoint of this resource.")));
        };
        cps.remove(p);
        Ok(Outcome::Done(format!("Removed registry checkpoint {key}.")))
    }

    // ---- Rights ----

    fn add_local_admin(&mut self, m: MachineId, a: AccountId) -> Result<Outcome, Outcome> {
        let me = self.logged_on(m)?;
        let slot = self.world.machine(m).slot.clone();
        if !self.world.has_local_admin(me, m) {
            let who = self.world.account(me).name.clone();
            self.raise(FindingId::MissingRights, format!("{who} on {slot}"));
            return Err(refuse(format!("Access is denied. Only an administrator of {slot} can change its Administrators group.")));
        }
        self.world.accounts[a.ix()].local_admin |= 1 << m.0;
        Ok(Outcome::Done(format!("Added {} to the Administrators group of {slot}.", self.world.account(a).name)))
    }

    fn delegate(&mut self, m: MachineId, a: AccountId, admin_group: u8) -> Result<Outcome, Outcome> {
        let me = self.logged_on(m)?;
        if !self.world.has_admin_groups() {
            return Err(refuse("This organization has no administrative groups."));
        }
        let bit = 1u8 << admin_group;
        let admin_group = self.world.org.admin_groups[usize::from(admin_group)].clone();
        if !self.world.account(me).domain_admin && !self.world.has_full_admin(me, bit) {
            let who = self.world.account(me).name.clone();
            self.raise(FindingId::MissingRights, format!("{who} delegating"));
            return Err(refuse(format!("Access denied. {who} cannot delegate control of {admin_group}.")));
        }
        self.world.accounts[a.ix()].full_admin |= bit;
        Ok(Outcome::Done(format!("Delegated Exchange Full Administrator on {admin_group} to {}.", self.world.account(a).name)))
    }

    // ---- Exchange Administrator (5.5) ----

    fn move_users(&mut self, m: MachineId, f: ServerId, t: ServerId) -> Result<Outcome, Outcome> {
        self.exadmin(m)?;
        let (from, to) = (self.world.server(f).name.clone(), self.world.server(t).name.clone());
        let (fs, ts) = (self.world.server(f), self.world.server(t));
        if fs.mailboxes == 0 {
            return Err(refuse(format!("{from} has no mailboxes to move.")));
        }
        if f == t {
            return Err(refuse("The source and destination servers are the same."));
        }
        if fs.site != ts.site {
            let (a, b) = (self.world.org.sites[fs.site as usize].clone(), self.world.org.sites[ts.site as usize].clone());
            self.raise(FindingId::MoveUsersAcrossSites, format!("{from} ({a}) to {to} ({b})"));
            return Err(refuse(format!(
                "Move User moves mailboxes only between servers in the same site: {from} is in {a}, {to} in {b}."
            )));
        }
        if !ts.replicated {
            return Err(refuse(format!("{to} is not in the site's directory yet.")));
        }
        if !self.world.reachable(f) || !self.world.reachable(t) {
            return Err(refuse(format!("Cannot contact {}: its information store is not running.", if self.world.reachable(f) { to } else { from })));
        }
        if self.world.ops.iter().any(|o| matches!(o.kind, OpKind::MoveUsers { .. })) {
            return Err(refuse("Move User is already running."));
        }
        // Seed 001: Exchange goes on both nodes (Setup, then Update Node) before users move.
        let missing: Vec<String> = self
            .planned_nodes()
            .into_iter()
            .filter(|n| self.world.machine(*n).exchange.is_none())
            .map(|n| self.world.machine(n).slot.clone())
            .collect();
        if matches!(self.world.server(t).host, Host::Group(_)) && !missing.is_empty() {
            self.raise(FindingId::UpdateNodeForgotten, format!("{} before moving users", missing.join(", ")));
        }
        let n = self.world.server(f).mailboxes;
        let per = self.draw(Timed::MoveMailbox, u32::from(f.0));
        self.start_op(m, OpKind::MoveUsers { from: f, to: t }, per * n);
        Ok(Outcome::Started(format!("Moving {n} mailboxes from {from} to {to}.")))
    }

    fn rehome_folders(&mut self, m: MachineId, f: ServerId, t: ServerId) -> Result<Outcome, Outcome> {
        self.exadmin(m)?;
        let (from, to) = (self.world.server(f).name.clone(), self.world.server(t).name.clone());
        // Rehoming again restarts a copy that was cut short.
        let restart = self.world.org.folders_home == Some(t) && self.world.org.folders_copying_from == Some(f);
        if self.world.org.folders_home != Some(f) && !restart {
            return Err(refuse(format!("The public folders are not homed on {from}.")));
        }
        if self.world.ops.iter().any(|o| matches!(o.kind, OpKind::PublicFolderReplication { .. })) {
            return Err(refuse("The public folders are already replicating."));
        }
        if !self.world.reachable(t) || !self.world.reachable(f) {
            return Err(refuse(format!("Cannot contact {}.", if self.world.reachable(t) { from } else { to })));
        }
        self.world.org.folders_home = Some(t);
        self.world.org.folders_copying_from = Some(f);
        let d = self.draw(Timed::PublicFolderReplication, u32::from(t.0));
        self.start_op(m, OpKind::PublicFolderReplication { from: f, to: t }, d);
        Ok(Outcome::Started(format!("Public folders' home server changed to {to}; their contents replicate from {from}.")))
    }

    fn replicate_system_folders(&mut self, m: MachineId, t: ServerId) -> Result<Outcome, Outcome> {
        self.exadmin(m)?;
        let to = self.world.server(t).name.clone();
        if self.world.org.system_folder_replicas & (1 << t.0) != 0 {
            return Err(refuse(format!("{to} already holds replicas of the system folders.")));
        }
        if !self.world.reachable(t) {
            return Err(refuse(format!("Cannot contact {to}.")));
        }
        if self.world.ops.iter().any(|o| matches!(o.kind, OpKind::SystemFolderReplication { to, .. } if to == t)) {
            return Err(refuse("The system folders are already replicating there."));
        }
        // Copied from a server of the same site that holds them and answers.
        let site = self.world.server(t).site;
        let Some(f) = self.world.server_ids().find(|s| {
            self.world.org.system_folder_replicas & (1 << s.0) != 0 && self.world.server(*s).site == site && self.world.reachable(*s)
        }) else {
            return Err(refuse(format!("No running server of {to}'s site holds the system folders to copy them from.")));
        };
        let d = self.draw(Timed::SystemFolderReplication, u32::from(t.0));
        self.start_op(m, OpKind::SystemFolderReplication { from: f, to: t }, d);
        Ok(Outcome::Started(format!("Replicas of the Eforms Registry, Schedule+ Free & Busy and Offline Address Book added on {to}; replicating.")))
    }

    fn remove_server(&mut self, m: MachineId, s: ServerId) -> Result<Outcome, Outcome> {
        // Windows NT Server Manager, with Exchange 5.5's extension (seed 001, Move Users, step 4).
        self.admin(m)?;
        if !self.world.machine(m).windows.is_some_and(Windows::has_server_manager) {
            return Err(refuse(format!("Windows NT Server Manager is not installed on {}.", self.world.machine(m).slot)));
        }
        let server = self.world.server(s).name.clone();
        if self.world.server(s).removed {
            return Err(refuse(format!("{server} has already been removed.")));
        }
        if self.world.reachable(s) {
            return Err(refuse(format!("{server} is still running and cannot be removed.")));
        }
        if self.world.server(s).host == Host::Machine(m) {
            return Err(refuse("A server cannot remove itself."));
        }
        // The folders' contents go with it if it is still their home, or still the source of
        // a copy that has not completed.
        let home = self.world.org.folders_home == Some(s) || self.world.org.folders_copying_from == Some(s);
        // Q152959: the system folders must be replicated to other servers *in the site*.
        let site = self.world.server(s).site;
        let others_have_system = self.world.server_ids().any(|o| {
            o != s && !self.world.server(o).removed && self.world.server(o).site == site && self.world.org.system_folder_replicas & (1 << o.0) != 0
        });
        if self.world.server(s).first_in_site && (home || !others_have_system) {
            let what = if home { "public folders still homed or copying there" } else { "system folders not replicated in the site" };
            self.raise(FindingId::FirstServerRemoved, format!("{server}: {what}"));
        }
        if home {
            self.world.org.folders_lost = true;
            self.world.org.folders_home = None;
            self.world.org.folders_copying_from = None;
        }
        self.world.org.system_folder_replicas &= !(1 << s.0);
        self.world.server_mut(s).removed = true;
        Ok(Outcome::Done(format!("{server} removed from the site and deleted from the domain.")))
    }

    /// Before the migrating server is shut down: have its users and replication caught up?
    fn before_old_server_shutdown(&mut self, m: MachineId) {
        let Some(s) = self.world.server_ids().find(|s| self.world.server(*s).host == Host::Machine(m)) else {
            return;
        };
        let name = self.world.server(s).name.clone();
        let pending: u32 = self.world.moves.iter().filter(|mv| mv.from == s).map(|mv| mv.pending()).sum();
        if pending > 0 {
            self.raise(FindingId::ShutdownBeforeLogons, format!("{pending} users of {name} had not logged on"));
        }
        // Moving users (the old server stays in the site until they have all moved): mailboxes
        // still on it have not even been moved, let alone logged on to the new server. In the
        // disaster-recovery method the server is shut down with its mailboxes, to be restored.
        let unmoved = self.world.server(s).mailboxes;
        let moving_users = self.scenario.migration.as_ref().is_some_and(|mg| mg.new_name.is_some() && mg.server.eq_ignore_ascii_case(&name));
        if moving_users && unmoved > 0 {
            self.raise(FindingId::ShutdownBeforeLogons, format!("{unmoved} mailboxes still on {name}, never moved"));
        }
        let replicating = self.world.ops.iter().any(|o| {
            matches!(o.kind, OpKind::DirectoryReplication { .. } | OpKind::PublicFolderReplication { .. } | OpKind::SystemFolderReplication { .. })
        });
        let moved = self.world.moves.iter().any(|mv| mv.from == s);
        if replicating && moved {
            self.raise(FindingId::ShutdownBeforeReplication, name);
        }
    }
}
