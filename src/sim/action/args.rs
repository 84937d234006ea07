//! The kinds of argument a verb takes. Each kind says how a typed token reads and prints, and
//! what it names in the world: an account, a group, a resource... (`resolve`), so that the
//! engine acts on ids and a name that does not exist is an error before anything changes.

use std::fmt;
use std::hash::Hash;

use super::{AfterRestore, ResRef, Target};
use crate::sim::catalog::{Package as PackageValue, ResKind};
use crate::sim::engine::{ActionError, Sim};
use crate::sim::limits::{self, NameKind, shown};
use crate::sim::world::{AccountId, GroupId, MachineId, ResourceId, ServerId, World};

/// A kind of argument.
pub trait Arg {
    /// As the script and the screens hold it: names as typed.
    type Value: Clone + fmt::Debug + PartialEq + Eq + Hash;
    /// What the engine acts on: the thing the name stands for.
    type Id: Clone + fmt::Debug + PartialEq + Eq;

    fn parse(token: &str) -> Result<Self::Value, String>;
    /// The token to write in a script, or `None` to leave it out (an absent optional argument).
    fn token(value: &Self::Value) -> Option<String>;
    fn resolve(w: &World, value: &Self::Value) -> Result<Self::Id, ActionError>;
    /// How an instructor names it, with the names the tools show.
    fn said(w: &World, value: &Self::Value) -> String;
    /// What a learner might type here in this session: what exists, and something that does
    /// not. Never empty. Property tests drive every verb of the table with these.
    fn examples(sim: &Sim) -> Vec<Self::Value>;

    /// Reads a placeholder's token; only an optional kind accepts none.
    fn from_slot(token: Option<&str>) -> Result<Self::Value, String> {
        match token {
            Some(t) => Self::parse(t),
            None => Err("an argument is missing".into()),
        }
    }
}

/// Writes a name as a script token, quoting it when it holds spaces or a `#`. A name holding
/// a double quote cannot be written; the one rule for names (`limits::check_name`) refuses it
/// when typed, and `Action::check_written` before it enters a session.
pub(crate) fn quoted(t: &str) -> String {
    if t.is_empty() || t.contains(|c: char| c.is_whitespace() || c == '"' || c == '#') { format!("\"{t}\"") } else { t.to_string() }
}

/// A typed name, by the one rule for names.
fn name(kind: NameKind, token: &str) -> Result<String, String> {
    limits::check_name(kind, token).map(|()| token.to_string()).map_err(|p| format!("the name `{}` {p}", shown(token)))
}

/// The argument kinds the verb table uses.
pub mod kind {
    use super::*;

    /// Words resolved as they are: names of things that do not exist yet (a new group, a
    /// computer name for Windows Setup), organization and site names, registry keys.
    macro_rules! text_kinds {
        ($($(#[$doc:meta])* $name:ident: $kind:ident, |$sim:ident| $examples:expr;)*) => {$(
            $(#[$doc])*
            pub struct $name;
            impl Arg for $name {
                type Value = String;
                type Id = String;
                fn parse(token: &str) -> Result<String, String> {
                    name(NameKind::$kind, token)
                }
                fn token(value: &String) -> Option<String> {
                    Some(quoted(value))
                }
                fn resolve(_: &World, value: &String) -> Result<String, ActionError> {
                    Ok(value.clone())
                }
                fn examples($sim: &Sim) -> Vec<String> {
                    $examples
                }
                fn said(_: &World, value: &String) -> String {
                    value.clone()
                }
            }
        )*};
    }

    /// The name the cluster takes over, or the new one it gets (Move Users), in a migration.
    fn migration_names(sim: &Sim) -> Vec<String> {
        sim.scenario().migration.iter().flat_map(|m| [Some(m.server.clone()), m.new_name.clone()]).flatten().collect()
    }

    text_kinds! {
        /// The computer name Windows Setup gives a machine.
        ComputerName: NetBios, |sim| sim.world().machines.iter().map(|m| m.slot.clone()).chain(["NEW-NAME".to_string()]).collect();
        /// The name of the cluster Cluster Server Setup forms or joins.
        ClusterName: NetBios, |sim| sim.world().cluster_name.iter().cloned().chain(["OTHERCLUS".to_string()]).collect();
        /// The value of a new group's Network Name resource.
        NetworkName: NetBios, |sim| migration_names(sim).into_iter().chain(["NEWNAME".to_string()]).collect();
        /// The name of a group that is still to be created.
        NewGroup: Group, |sim| ["EXVS".to_string()].into_iter().chain(sim.world().groups.first().map(|g| g.name.clone())).collect();
        /// An Exchange organization name, as typed into Setup (case-sensitive).
        Org: Name, |sim| { let org = &sim.world().org.name; vec![org.clone(), org.to_lowercase()] };
        /// An Exchange site name, as typed into Setup (case-sensitive).
        Site: Name, |sim| sim.world().org.sites.iter().cloned().chain(["Elsewhere".to_string()]).collect();
        /// A registry key, for a resource's registry checkpoints.
        RegistryKey: RegistryKey, |_sim| vec![crate::sim::world::IS_CHECKPOINT_KEY.to_string(), "SOFTWARE\\Other".to_string()];
    }

    /// Names resolved to an index in one of the world's lists (case-insensitively, as Windows
    /// compares names), with a message listing what there is instead.
    macro_rules! name_kinds {
        ($($(#[$doc:meta])* $name:ident: $kind:ident => $id:ty, $find:ident, |$w:ident| $list:expr, $what:literal;)*) => {$(
            $(#[$doc])*
            pub struct $name;
            impl Arg for $name {
                type Value = String;
                type Id = $id;
                fn parse(token: &str) -> Result<String, String> {
                    name(NameKind::$kind, token)
                }
                fn token(value: &String) -> Option<String> {
                    Some(quoted(value))
                }
                fn resolve($w: &World, value: &String) -> Result<$id, ActionError> {
                    $w.$find(value).ok_or_else(|| {
                        let names: Vec<&str> = $list.collect();
                        ActionError::new(format!(concat!("there is no ", $what, " `{}`; ", $what, "s: {}"), shown(value), names.join(", ")))
                    })
                }
                fn examples(sim: &Sim) -> Vec<String> {
                    let $w = sim.world();
                    $list.map(String::from).chain(["NOSUCH".to_string()]).collect()
                }
                fn said(_: &World, value: &String) -> String {
                    value.clone()
                }
            }
        )*};
    }

    name_kinds! {
        Account: Account => AccountId, account_named, |w| w.accounts.iter().map(|a| a.name.as_str()), "account";
        Group: Group => GroupId, group_named, |w| w.groups.iter().map(|g| g.name.as_str()), "group";
        Server: NetBios => ServerId, server_named, |w| w.servers.iter().map(|s| s.name.as_str()), "Exchange server";
        /// A machine, by the name scripts use for it (`NODE2`).
        Node: NetBios => MachineId, machine_named, |w| w.machines.iter().map(|m| m.slot.as_str()), "machine";
        /// An administrative group of the organization (Exchange 2000 and later): its index.
        AdminGroup: Name => u8, admin_group_named, |w| w.org.admin_groups.iter().map(String::as_str), "administrative group";
    }

    /// `GROUP/kind`: a resource of a group.
    pub struct Resource;
    impl Arg for Resource {
        type Value = ResRef;
        type Id = ResourceId;
        fn parse(token: &str) -> Result<ResRef, String> {
            let (group, kind) = token.split_once('/').ok_or_else(|| format!("`{}` is not a resource: write GROUP/RESOURCE, such as EVS1/sa", shown(token)))?;
            let kind = ResKind::from_id(kind).ok_or_else(|| {
                let known: Vec<&str> = ResKind::ALL.iter().map(|k| k.id()).collect();
                format!("`{}` is not a resource kind; known kinds: {}", shown(kind), known.join(", "))
            })?;
            if group.is_empty() {
                return Err(format!("`{}` names no group", shown(token)));
            }
            Ok(ResRef { group: name(NameKind::Group, group)?, kind })
        }
        fn token(value: &ResRef) -> Option<String> {
            Some(quoted(&value.to_string()))
        }
        /// As Cluster Administrator names it: "Exchange System Attendant - EVS1".
        fn said(w: &World, r: &ResRef) -> String {
            Resource::resolve(w, r).map_or_else(|_| r.to_string(), |id| w.resource_name(id))
        }
        fn examples(sim: &Sim) -> Vec<ResRef> {
            Group::examples(sim).into_iter().flat_map(|group| ResKind::ALL.map(|kind| ResRef { group: group.clone(), kind })).collect()
        }
        fn resolve(w: &World, r: &ResRef) -> Result<ResourceId, ActionError> {
            let g = Group::resolve(w, &r.group)?;
            let group = w.group(g);
            match group.find(r.kind) {
                Some(index) => Ok(ResourceId { group: g, index }),
                None => {
                    let kinds: Vec<&str> = group.resources.iter().map(|r| r.kind.id()).collect();
                    Err(ActionError::new(format!("group `{}` has no `{}` resource; it has: {}", group.name, r.kind.id(), kinds.join(", "))))
                }
            }
        }
    }

    /// A whole group (`EVS1`) or one of its resources (`EVS1/sa`).
    pub struct Target;
    impl Arg for Target {
        type Value = super::Target;
        type Id = super::super::TargetId;
        fn parse(token: &str) -> Result<super::Target, String> {
            if token.contains('/') { Resource::parse(token).map(super::Target::Resource) } else { Group::parse(token).map(super::Target::Group) }
        }
        fn token(value: &super::Target) -> Option<String> {
            Some(quoted(&value.to_string()))
        }
        fn said(w: &World, t: &super::Target) -> String {
            match t {
                super::Target::Group(g) => format!("group {g}"),
                super::Target::Resource(r) => Resource::said(w, r),
            }
        }
        fn examples(sim: &Sim) -> Vec<super::Target> {
            let groups = Group::examples(sim).into_iter().map(super::Target::Group);
            groups.chain(Resource::examples(sim).into_iter().map(super::Target::Resource)).collect()
        }
        fn resolve(w: &World, t: &super::Target) -> Result<Self::Id, ActionError> {
            Ok(match t {
                super::Target::Group(g) => super::super::TargetId::Group(Group::resolve(w, g)?),
                super::Target::Resource(r) => super::super::TargetId::Resource(Resource::resolve(w, r)?),
            })
        }
    }

    /// An installer on the machine's disk, by its id.
    pub struct Package;
    impl Arg for Package {
        type Value = PackageValue;
        type Id = PackageValue;
        fn parse(token: &str) -> Result<PackageValue, String> {
            PackageValue::from_id(token).ok_or_else(|| {
                let known: Vec<&str> = PackageValue::ALL.iter().map(|p| p.id()).collect();
                format!("`{}` is not a package; known packages: {}", shown(token), known.join(", "))
            })
        }
        fn token(value: &PackageValue) -> Option<String> {
            Some(value.id().to_string())
        }
        fn resolve(_: &World, value: &PackageValue) -> Result<PackageValue, ActionError> {
            Ok(*value)
        }
        fn said(_: &World, value: &PackageValue) -> String {
            value.name().to_string()
        }
        fn examples(_: &Sim) -> Vec<PackageValue> {
            PackageValue::ALL.to_vec()
        }
    }

    /// Windows NT Backup's choice after a restore.
    pub struct AfterRestore;
    impl Arg for AfterRestore {
        type Value = super::AfterRestore;
        type Id = super::AfterRestore;
        fn parse(token: &str) -> Result<super::AfterRestore, String> {
            match token {
                "start-services" => Ok(super::AfterRestore::StartServices),
                "no-start-services" => Ok(super::AfterRestore::DoNotStartServices),
                other => Err(format!("`{}` is not a restore option: say `start-services` or `no-start-services`", shown(other))),
            }
        }
        fn token(value: &super::AfterRestore) -> Option<String> {
            Some(match value {
                super::AfterRestore::StartServices => "start-services".into(),
                super::AfterRestore::DoNotStartServices => "no-start-services".into(),
            })
        }
        fn resolve(_: &World, value: &super::AfterRestore) -> Result<super::AfterRestore, ActionError> {
            Ok(*value)
        }
        fn said(_: &World, value: &super::AfterRestore) -> String {
            match value {
                super::AfterRestore::StartServices => "with \"Do not start services after restore\" left clear".into(),
                super::AfterRestore::DoNotStartServices => "with \"Do not start services after restore\" ticked".into(),
            }
        }
        fn examples(_: &Sim) -> Vec<super::AfterRestore> {
            vec![super::AfterRestore::StartServices, super::AfterRestore::DoNotStartServices]
        }
    }

    /// An argument that may be left out (only at the end of a form).
    pub struct Optional<K>(std::marker::PhantomData<K>);
    impl<K: Arg> Arg for Optional<K> {
        type Value = Option<K::Value>;
        type Id = Option<K::Id>;
        fn parse(token: &str) -> Result<Self::Value, String> {
            K::parse(token).map(Some)
        }
        fn token(value: &Self::Value) -> Option<String> {
            value.as_ref().and_then(K::token)
        }
        fn resolve(w: &World, value: &Self::Value) -> Result<Self::Id, ActionError> {
            value.as_ref().map(|v| K::resolve(w, v)).transpose()
        }
        fn from_slot(token: Option<&str>) -> Result<Self::Value, String> {
            token.map_or(Ok(None), Self::parse)
        }
        fn examples(sim: &Sim) -> Vec<Self::Value> {
            std::iter::once(None).chain(K::examples(sim).into_iter().map(Some)).collect()
        }
        /// Empty when absent: the instruction then leaves out the part that names it.
        fn said(w: &World, value: &Self::Value) -> String {
            value.as_ref().map_or(String::new(), |v| K::said(w, v))
        }
    }
}
