//! The Exchange 5.5 Administrator program: the organization's servers, where the mailboxes and
//! public folders live, replication, and who has logged on since a move.

use crate::sim::catalog::Generation;
use crate::sim::world::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeAdminView {
    pub org: String,
    /// The machines whose console has the program (any with Exchange 5.x), running ones first:
    /// the default is one that can act.
    pub consoles: Vec<String>,
    pub servers: Vec<ExchangeServerRow>,
    /// The servers a Move User or a folder change can name (those not removed).
    pub server_names: Vec<String>,
    pub folders_home: String,
    pub folders_replicating: bool,
    pub system_folder_replicas: Vec<String>,
    pub system_folders_replicating: bool,
    /// Each Move User done: (what moved where, how many have logged on since).
    pub moves: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeServerRow {
    pub name: String,
    pub site: String,
    pub runs_on: String,
    pub mailboxes: u32,
    pub status: &'static str,
    pub directory: &'static str,
}

pub fn exchange_admin(w: &World) -> ExchangeAdminView {
    let mut consoles: Vec<&Machine> = w.machines.iter().filter(|m| m.exchange.is_some_and(|b| b.generation() == Generation::Ex5x)).collect();
    consoles.sort_by_key(|m| !m.is_up());
    let servers = w
        .server_ids()
        .map(|s| {
            let server = w.server(s);
            let runs_on = match server.host {
                Host::Machine(m) => w.machine(m).slot.clone(),
                Host::Group(g) => format!("cluster group {}", w.group(g).name),
                Host::Nowhere => "nowhere".into(),
            };
            ExchangeServerRow {
                name: server.name.clone(),
                site: w.org.sites.get(server.site as usize).cloned().unwrap_or_default(),
                runs_on,
                mailboxes: server.mailboxes,
                status: if server.removed { "removed" } else if w.reachable(s) { "running" } else { "not reachable" },
                directory: if server.replicated { "replicated" } else { "replicating…" },
            }
        })
        .collect();
    let replicating = |kind: fn(&OpKind) -> bool| w.ops.iter().any(|o| kind(&o.kind));
    let folders_home = match w.org.folders_home {
        // The home server is gone; the real tool showed nothing there, and said no more.
        _ if w.org.folders_lost => "none".to_string(),
        Some(s) => w.server(s).name.clone(),
        None => "none".into(),
    };
    let moves = w
        .moves
        .iter()
        .map(|mv| {
            let (from, to) = (&w.server(mv.from).name, &w.server(mv.to).name);
            (
                format!("Users moved from {from} to {to}"),
                format!("{} of {} have logged on since", mv.updated, mv.logons.len()),
            )
        })
        .collect();
    ExchangeAdminView {
        org: w.org.name.clone(),
        consoles: consoles.into_iter().map(|m| m.slot.clone()).collect(),
        servers,
        server_names: w.servers.iter().filter(|s| !s.removed).map(|s| s.name.clone()).collect(),
        folders_home,
        folders_replicating: replicating(|k| matches!(k, OpKind::PublicFolderReplication { .. })),
        system_folder_replicas: w.server_ids().filter(|s| w.org.system_folder_replicas & (1 << s.0) != 0).map(|s| w.server(s).name.clone()).collect(),
        system_folders_replicating: replicating(|k| matches!(k, OpKind::SystemFolderReplication { .. })),
        moves,
    }
}
