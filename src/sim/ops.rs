//! What happens when an operation finishes: Setup completes, a machine comes back, a backup is
//! written, an EVS upgrade ends (or hangs another), replication catches up, users move.

use super::catalog::{ExBuild, Generation, Package, ResKind, Windows};
use super::engine::{Level, LogName, Sim};
use super::rules::{self, Timed};
use super::time::SimTime;
use super::world::*;

impl Sim {
    pub(crate) fn complete(&mut self, op: Op) {
        let m = op.machine;
        if self.world.machine(m).installer == Some(op.id) {
            self.world.machine_mut(m).installer = None;
        }
        if self.record_log && op.kind.shown_on_console() {
            let label = super::views::op_label(&self.world, &op.kind);
            self.notify(m, || match op.kind {
                // The message box Cluster Administrator shows at the end (seed 000, step 5).
                OpKind::UpgradeEvs { .. } => "The Exchange Virtual Server has been upgraded successfully.".to_string(),
                _ => format!("{label}: finished."),
            });
        }
        match op.kind {
            OpKind::Install(package) => self.installed(m, package),
            OpKind::Reboot | OpKind::PowerOn => self.machine_up(m),
            OpKind::Backup { kind, server, by, with_system_state } => {
                self.backed_up(m, kind, server, by);
                if with_system_state {
                    self.backed_up(m, BackupKind::SystemState, None, by);
                }
            }
            OpKind::Restore { server, .. } => {
                let generation = self.world.server(server).version.generation();
                let s = self.world.server_mut(server);
                // The 5.5 store replays its logs at next start; later stores are simply back.
                s.store = if generation == Generation::Ex5x { Data::Restored } else { Data::Live };
                s.directory = Data::Restored;
                let name = s.name.clone();
                self.note(m, LogName::Application, Level::Information, "NTBackup", || {
                    format!("Restore of the information store and directory of {name} completed.")
                });
            }
            OpKind::UpgradeEvs { group, to, .. } => self.evs_upgraded(m, group, to),
            OpKind::WindowsInstall { computer_name } => {
                let machine = self.world.machine_mut(m);
                machine.windows = Some(Windows::Nt4Enterprise);
                machine.service_pack = 0;
                machine.computer_name = computer_name;
                machine.power = Power::Up;
                // A new installation starts with new, empty event logs; the first entry is the
                // one of every start (EventLog 6005).
                self.log.retain(|e| e.machine != m);
                self.note(m, LogName::System, Level::Information, "EventLog", || "The Event log service was started.".into());
            }
            OpKind::MscsInstall { account } => {
                self.world.machine_mut(m).cluster_account = Some(account);
                self.world.machine_mut(m).cluster_service = true;
                if !self.world.groups.iter().any(|g| g.kind == GroupKind::Cluster) {
                    let name = self.world.cluster_name.clone().unwrap_or_else(|| "CLUSTER".into());
                    let windows = self.world.machine(m).windows;
                    self.world.groups.push(Group::cluster_group(&name, m, windows, true));
                }
                self.node_joined(m);
                self.note(m, LogName::System, Level::Information, "ClusSvc", || "The Cluster service started.".into());
            }
            OpKind::ExchangeSetup { group, recover, org, site, account } => self.setup_done(m, group, recover, &org, &site, account),
            OpKind::UpdateNode => {
                self.world.machine_mut(m).exchange = Some(ExBuild::Ex55);
                self.note(m, LogName::Application, Level::Information, "MSExchangeSetup", || {
                    "Update Node completed: the Exchange files are installed on this node.".into()
                });
            }
            OpKind::PerformanceOptimizer => self.world.machine_mut(m).performance_optimized = true,
            OpKind::IsRecovery { server } => {
                self.world.server_mut(server).store = Data::Live;
                self.note(m, LogName::Application, Level::Information, rules::ESE_SOURCE, || {
                    "MSExchangeIS: The database engine has successfully completed recovery steps.".into()
                });
                self.note(m, LogName::Application, Level::Information, "MSExchangeIS", || {
                    "The Microsoft Exchange Information Store service was started successfully.".into()
                });
                let store = self.world.group_of(server).and_then(|g| Some((g, self.world.group(g).find(ResKind::InformationStore)?)));
                // Past the Cluster service's 600 s the resource stays failed: Cluster
                // Administrator says nothing more, and the store runs until it is brought online.
                match store {
                    Some((g, i)) if matches!(self.world.group(g).resources[i].state, ResState::OnlinePending { .. }) => self.now_online(g, i),
                    Some((g, i)) if self.world.group(g).resources[i].state == ResState::Failed => {
                        self.world.server_mut(server).store_running_unmanaged = true;
                    }
                    _ => {}
                }
            }
            OpKind::DirectoryReplication { server } => self.world.server_mut(server).replicated = true,
            OpKind::PublicFolderReplication { .. } => self.world.org.folders_copying_from = None,
            OpKind::SystemFolderReplication { to, .. } => self.world.org.system_folder_replicas |= 1 << to.0,
            OpKind::MoveUsers { from, to } => self.users_moved(m, from, to),
        }
    }

    fn installed(&mut self, m: MachineId, package: Package) {
        let slot = self.world.machine(m).slot.clone();
        match package.result() {
            None => {
                let machine = self.world.machine_mut(m);
                machine.hotfix_831464 = true;
                machine.reboot_pending = true;
                self.note(m, LogName::System, Level::Information, "NtServicePack", || {
                    "Windows Server 2003 Hotfix KB831464 was installed. Restart the computer to complete the installation.".into()
                });
            }
            Some(build) => {
                self.world.machine_mut(m).exchange = Some(build);
                self.world.machine_mut(m).exchange_stopped = false;
                // Servers that follow the machine's binaries: front ends and standalone servers.
                for s in self.world.server_ids() {
                    if self.world.server(s).host == Host::Machine(m) {
                        self.world.server_mut(s).version = build;
                    }
                }
                self.note(m, LogName::Application, Level::Information, "MSExchangeSetup", move || {
                    format!("{} Setup completed successfully on {slot}.", build.name())
                });
                if self.world.machine(m).is_cluster_node() && !self.world.machine(m).cluster_service && self.world.machine(m).is_up() {
                    self.world.machine_mut(m).cluster_service = true;
                    self.node_joined(m);
                    self.note(m, LogName::System, Level::Information, "ClusSvc", || "The Cluster service started; the node joined the cluster.".into());
                }
            }
        }
    }

    fn machine_up(&mut self, m: MachineId) {
        {
            let machine = self.world.machine_mut(m);
            machine.power = Power::Up;
            machine.reboot_pending = false;
            machine.logged_on = None;
            machine.exchange_stopped = false;
        }
        // EventLog 6005, the first entry of every start.
        self.note(m, LogName::System, Level::Information, "EventLog", || "The Event log service was started.".into());
        if self.world.machine(m).is_cluster_node() {
            self.world.machine_mut(m).cluster_service = true;
            self.node_joined(m);
            self.note(m, LogName::System, Level::Information, "ClusSvc", || "The Cluster service started; the node joined the cluster.".into());
        }
    }

    fn backed_up(&mut self, m: MachineId, kind: BackupKind, server: Option<ServerId>, by: AccountId) {
        let now = self.world.now;
        let version = match server {
            Some(s) => {
                if !self.world.reachable(s) {
                    let name = self.world.server(s).name.clone();
                    self.note(m, LogName::Application, Level::Error, "NTBackup", || {
                        format!("The backup of {name} failed: the information store stopped during the backup.")
                    });
                    return;
                }
                Some(self.world.server(s).version)
            }
            None => self.world.machine(m).exchange,
        };
        self.world.backups.push(Backup { kind, machine: m, server, at: now, by, version });
        self.note(m, LogName::Application, Level::Information, "NTBackup", move || format!("The {} backup completed.", kind.label()));
    }

    fn evs_upgraded(&mut self, m: MachineId, g: GroupId, to: ExBuild) {
        let Some(s) = self.world.group(g).server else { return };
        let before = self.world.server(s).version.generation();
        let now = self.world.now;
        {
            let server = self.world.server_mut(s);
            server.version = to;
            server.upgraded_at = Some(now);
            server.log_checked = false;
        }
        if before != to.generation() {
            let generation = Some(to.generation());
            self.world.group_mut(g).wire(generation);
        }
        let name = self.world.server(s).name.clone();
        self.note(m, LogName::Application, Level::Information, "MSExchangeSetup", move || {
            format!("The Exchange Virtual Server {name} has been upgraded successfully. Version: {}.", to.build_number())
        });
        // KB 822582: the first session to finish removes the semaphore the others wait on.
        for o in &mut self.world.ops {
            if let OpKind::UpgradeEvs { hung, .. } = &mut o.kind
                && (!rules::UPGRADES_HANG_ON_SAME_CONSOLE_ONLY || o.machine == m)
            {
                *hung = true;
                o.due = NEVER;
            }
        }
        // Only a console whose session hangs is frozen; one in another Cluster Administrator
        // carries on and completes (rules.rs).
        let frozen: Vec<MachineId> = self.world.ops.iter().filter(|o| matches!(o.kind, OpKind::UpgradeEvs { hung: true, .. })).map(|o| o.machine).collect();
        for f in frozen {
            self.world.machine_mut(f).cluadmin_hung = true;
        }
    }

    fn setup_done(&mut self, m: MachineId, g: GroupId, recover: bool, org: &str, site: &str, account: AccountId) {
        self.world.machine_mut(m).exchange = Some(ExBuild::Ex55);
        let network_name = self.world.group(g).network_name.clone();
        let existing = self.world.server_named(&network_name);
        let account = self.world.account(account).name.clone();
        let mismatch =
            recover && self.scenario.migration.as_ref().map(|m| m.server.as_str()).is_some_and(|old| self.config_mismatch(old, org, site, &account));
        let s = match existing.filter(|_| recover) {
            Some(s) => {
                // setup /r recreates the old server under its own name, empty, for the restore.
                let server = self.world.server_mut(s);
                server.host = Host::Group(g);
                server.version = ExBuild::Ex55;
                server.store = Data::Empty;
                server.directory = Data::Empty;
                server.config_mismatch = mismatch;
                s
            }
            None => {
                let site_ix = self.site_index(org, site);
                let id = ServerId(self.world.servers.len() as u8);
                self.world.servers.push(Server {
                    name: network_name.clone(),
                    site: site_ix,
                    front_end: false,
                    host: Host::Group(g),
                    version: ExBuild::Ex55,
                    admin_groups: 1,
                    mailboxes: 0,
                    cached_percent: 0,
                    store: if recover { Data::Empty } else { Data::Live },
                    directory: if recover { Data::Empty } else { Data::Live },
                    config_mismatch: mismatch,
                    first_in_site: false,
                    removed: false,
                    replicated: recover,
                    optional: Vec::new(),
                    owns_mta: true,
                    online_since: None,
                    upgraded_at: None,
                    log_checked: false,
                    store_running_unmanaged: false,
                });
                self.world.downtime.per_server.push(0);
                id
            }
        };
        let group = &mut self.world.groups[g.ix()];
        group.server = Some(s);
        group.add_exchange_resources(&self.world.servers[s.ix()], false);
        if let Some(i) = group.find(ResKind::InformationStore) {
            // After /r the checkpoint's saved data predates the recovery (seed 001, step 16).
            group.resources[i].checkpoints = vec![Checkpoint { key: IS_CHECKPOINT_KEY.into(), fresh: !recover }];
        }
        self.world.marks.setup_node = Some(m);
        if recover {
            self.world.machine_mut(m).recovered_here = true;
        }
        let how = if recover { "setup /r" } else { "Setup" };
        self.note(m, LogName::Application, Level::Information, "MSExchangeSetup", move || {
            format!("Microsoft Exchange Server 5.5 {how} completed: resources created in the group for {network_name}.")
        });
    }

    /// The site a new server joins: an existing one of the organization, or a new site. A
    /// different organization name makes a site of a different organization.
    fn site_index(&mut self, org: &str, site: &str) -> u8 {
        let name = if org == self.world.org.name { site.to_string() } else { format!("{site} ({org})") };
        match self.world.org.sites.iter().position(|s| *s == name) {
            Some(i) => i as u8,
            None => {
                self.world.org.sites.push(name);
                (self.world.org.sites.len() - 1) as u8
            }
        }
    }

    fn users_moved(&mut self, m: MachineId, from: ServerId, to: ServerId) {
        if !self.world.reachable(to) || !self.world.reachable(from) {
            self.note(m, LogName::Application, Level::Error, "MSExchangeAdmin", || "Move User failed: a server could not be contacted.".into());
            return;
        }
        let n = self.world.server(from).mailboxes;
        self.world.server_mut(from).mailboxes = 0;
        self.world.server_mut(to).mailboxes += n;
        let now = self.world.now;
        let subject = u32::from(from.0);
        let mut logons: Vec<SimTime> = (0..n)
            .map(|i| {
                let what = if i % rules::STRAGGLER_EVERY == rules::STRAGGLER_EVERY - 1 { Timed::StragglerLogon } else { Timed::UserLogon };
                now.plus(self.draw(what, subject))
            })
            .collect();
        logons.sort();
        self.world.moves.push(UserMove { from, to, logons, updated: 0 });
        // The mailboxes' new homes replicate through the site's directory.
        let d = self.draw(Timed::DirectoryReplication, u32::from(to.0) + 100);
        self.start_op(m, OpKind::DirectoryReplication { server: to }, d);
        let (f, t) = (self.world.server(from).name.clone(), self.world.server(to).name.clone());
        self.note(m, LogName::Application, Level::Information, "MSExchangeAdmin", move || {
            format!("Move User completed: {n} mailboxes moved from {f} to {t}.")
        });
    }
}
