//! The software the simulator knows: Exchange builds, Windows versions, the packages a learner can
//! install, and the cluster resource types. These are facts about real products, so they live in
//! code; scenarios refer to them by id.

use std::fmt;

/// An Exchange build, oldest first: the order is the upgrade order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExBuild {
    Ex50,
    Ex55,
    Ex2000Sp3,
    Ex2003,
    Ex2003Sp1,
    /// Exchange 2003 SP1 plus a hotfix that changes exsetdata.dll's build (seed 000: such a
    /// hotfix needs the same Upgrade Exchange Virtual Server step as a service pack).
    Ex2003Sp1Hotfix,
}

/// Which family of Exchange a build belongs to; it decides the cluster resources and their
/// dependency tree (reference, section 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Generation {
    Ex5x,
    Ex2000,
    Ex2003,
}

impl ExBuild {
    pub const ALL: [ExBuild; 6] =
        [ExBuild::Ex50, ExBuild::Ex55, ExBuild::Ex2000Sp3, ExBuild::Ex2003, ExBuild::Ex2003Sp1, ExBuild::Ex2003Sp1Hotfix];

    /// The id scenario files use.
    pub fn id(self) -> &'static str {
        match self {
            ExBuild::Ex50 => "5.0",
            ExBuild::Ex55 => "5.5",
            ExBuild::Ex2000Sp3 => "2000-sp3",
            ExBuild::Ex2003 => "2003",
            ExBuild::Ex2003Sp1 => "2003-sp1",
            ExBuild::Ex2003Sp1Hotfix => "2003-sp1-exsetdata-hotfix",
        }
    }

    pub fn from_id(id: &str) -> Option<ExBuild> {
        ExBuild::ALL.into_iter().find(|b| b.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            ExBuild::Ex50 => "Exchange Server 5.0",
            ExBuild::Ex55 => "Exchange Server 5.5",
            ExBuild::Ex2000Sp3 => "Exchange 2000 Server SP3",
            ExBuild::Ex2003 => "Exchange Server 2003",
            ExBuild::Ex2003Sp1 => "Exchange Server 2003 SP1",
            ExBuild::Ex2003Sp1Hotfix => "Exchange Server 2003 SP1 with the exsetdata.dll hotfix",
        }
    }

    /// The version System Manager shows: SP1's is seed 000's; 2000 SP3's and 2003's are
    /// Microsoft's published build numbers. Exchange 5.x is left at its version.
    pub fn build_number(self) -> &'static str {
        match self {
            ExBuild::Ex50 => "5.0",
            ExBuild::Ex55 => "5.5",
            ExBuild::Ex2000Sp3 => "6.0.6249.0",
            ExBuild::Ex2003 => "6.5.6944.4",
            ExBuild::Ex2003Sp1 => "6.5.7226.6",
            ExBuild::Ex2003Sp1Hotfix => "6.5.7226.6 + hotfix",
        }
    }

    pub fn generation(self) -> Generation {
        match self {
            ExBuild::Ex50 | ExBuild::Ex55 => Generation::Ex5x,
            ExBuild::Ex2000Sp3 => Generation::Ex2000,
            ExBuild::Ex2003 | ExBuild::Ex2003Sp1 | ExBuild::Ex2003Sp1Hotfix => Generation::Ex2003,
        }
    }
}

impl fmt::Display for ExBuild {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Windows on a machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Windows {
    Nt4Server,
    Nt4Enterprise,
    W2000,
    W2003,
}

impl Windows {
    pub const ALL: [Windows; 4] = [Windows::Nt4Server, Windows::Nt4Enterprise, Windows::W2000, Windows::W2003];

    /// Windows 2000 brought System State backups; NT 4.0's Backup has none.
    pub fn has_system_state(self) -> bool {
        matches!(self, Windows::W2000 | Windows::W2003)
    }

    /// Windows NT Server Manager (with Exchange 5.5's extension) is NT 4.0's: where a server
    /// is removed from an Exchange site and deleted from the domain (seed 001).
    pub fn has_server_manager(self) -> bool {
        matches!(self, Windows::Nt4Server | Windows::Nt4Enterprise)
    }

    pub fn id(self) -> &'static str {
        match self {
            Windows::Nt4Server => "nt4",
            Windows::Nt4Enterprise => "nt4-enterprise",
            Windows::W2000 => "2000",
            Windows::W2003 => "2003",
        }
    }

    pub fn from_id(id: &str) -> Option<Windows> {
        Windows::ALL.into_iter().find(|w| w.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            Windows::Nt4Server => "Windows NT Server 4.0",
            Windows::Nt4Enterprise => "Windows NT Server 4.0, Enterprise Edition",
            Windows::W2000 => "Windows 2000 Advanced Server",
            Windows::W2003 => "Windows Server 2003, Enterprise Edition",
        }
    }
}

/// What a learner can install from a node's console with `install`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Package {
    /// Windows Server 2003 hotfix 831464, required before Exchange 2003 SP1 installs.
    Hotfix831464,
    Ex2003Sp1,
    ExsetdataHotfix,
    /// Exchange 2003 Setup run over Exchange 2000 SP3 (reference, section 4).
    Ex2003Upgrade,
    /// Exchange 5.5 Setup run over an older standalone Exchange (seed 001, step 3).
    Ex55Upgrade,
}

impl Package {
    pub const ALL: [Package; 5] =
        [Package::Hotfix831464, Package::Ex2003Sp1, Package::ExsetdataHotfix, Package::Ex2003Upgrade, Package::Ex55Upgrade];

    pub fn id(self) -> &'static str {
        match self {
            Package::Hotfix831464 => "hotfix-831464",
            Package::Ex2003Sp1 => "exchange-2003-sp1",
            Package::ExsetdataHotfix => "exsetdata-hotfix",
            Package::Ex2003Upgrade => "exchange-2003",
            Package::Ex55Upgrade => "exchange-5.5",
        }
    }

    pub fn from_id(id: &str) -> Option<Package> {
        Package::ALL.into_iter().find(|p| p.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            Package::Hotfix831464 => "Windows Server 2003 hotfix 831464",
            Package::Ex2003Sp1 => "Exchange Server 2003 Service Pack 1",
            Package::ExsetdataHotfix => "Exchange 2003 SP1 hotfix (changes exsetdata.dll)",
            Package::Ex2003Upgrade => "Exchange Server 2003 Setup (upgrade from Exchange 2000)",
            Package::Ex55Upgrade => "Exchange Server 5.5 Setup (upgrade)",
        }
    }

    /// The Exchange build the package leaves behind, for Exchange packages.
    pub fn result(self) -> Option<ExBuild> {
        match self {
            Package::Hotfix831464 => None,
            Package::Ex2003Sp1 => Some(ExBuild::Ex2003Sp1),
            Package::ExsetdataHotfix => Some(ExBuild::Ex2003Sp1Hotfix),
            Package::Ex2003Upgrade => Some(ExBuild::Ex2003),
            Package::Ex55Upgrade => Some(ExBuild::Ex55),
        }
    }

    /// The Exchange build the package installs over.
    pub fn base(self) -> Option<ExBuild> {
        match self {
            Package::Hotfix831464 => None,
            Package::Ex2003Sp1 => Some(ExBuild::Ex2003),
            Package::ExsetdataHotfix => Some(ExBuild::Ex2003Sp1),
            Package::Ex2003Upgrade => Some(ExBuild::Ex2000Sp3),
            Package::Ex55Upgrade => Some(ExBuild::Ex50),
        }
    }

    pub fn is_exchange(self) -> bool {
        self.result().is_some()
    }

    /// The package whose result is `build`, if one exists.
    pub fn producing(build: ExBuild) -> Option<Package> {
        Package::ALL.into_iter().find(|p| p.result() == Some(build))
    }
}

/// Cluster resource types. Each appears at most once in a group, so a group's resources are
/// addressed by kind: `EVS1/sa`, `EVS1/store`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResKind {
    IpAddress,
    NetworkName,
    PhysicalDisk,
    Msdtc,
    SystemAttendant,
    Directory,
    InformationStore,
    Mta,
    Routing,
    Smtp,
    Http,
    Imap4,
    Pop3,
    MsSearch,
    EventService,
    InternetMail,
}

impl ResKind {
    pub const ALL: [ResKind; 16] = [
        ResKind::IpAddress,
        ResKind::NetworkName,
        ResKind::PhysicalDisk,
        ResKind::Msdtc,
        ResKind::SystemAttendant,
        ResKind::Directory,
        ResKind::InformationStore,
        ResKind::Mta,
        ResKind::Routing,
        ResKind::Smtp,
        ResKind::Http,
        ResKind::Imap4,
        ResKind::Pop3,
        ResKind::MsSearch,
        ResKind::EventService,
        ResKind::InternetMail,
    ];

    /// The short id used in scripts: `EVS1/sa`.
    pub fn id(self) -> &'static str {
        match self {
            ResKind::IpAddress => "ip",
            ResKind::NetworkName => "name",
            ResKind::PhysicalDisk => "disk",
            ResKind::Msdtc => "msdtc",
            ResKind::SystemAttendant => "sa",
            ResKind::Directory => "directory",
            ResKind::InformationStore => "store",
            ResKind::Mta => "mta",
            ResKind::Routing => "routing",
            ResKind::Smtp => "smtp",
            ResKind::Http => "http",
            ResKind::Imap4 => "imap4",
            ResKind::Pop3 => "pop3",
            ResKind::MsSearch => "search",
            ResKind::EventService => "events",
            ResKind::InternetMail => "ims",
        }
    }

    pub fn from_id(id: &str) -> Option<ResKind> {
        ResKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The resource's name as Cluster Administrator lists it, for a group or EVS called `owner`.
    pub fn display_name(self, owner: &str, generation: Option<Generation>) -> String {
        let five = generation == Some(Generation::Ex5x);
        let base = match self {
            ResKind::IpAddress => return format!("{owner} IP Address"),
            ResKind::NetworkName => return format!("{owner} Network Name"),
            ResKind::PhysicalDisk => return if owner == "Cluster Group" { "Disk Q: (quorum)".into() } else { format!("{owner} Disk") },
            ResKind::Msdtc => return "MSDTC".into(),
            ResKind::SystemAttendant if five => return "Microsoft Exchange System Attendant".into(),
            ResKind::Directory => return "Microsoft Exchange Directory".into(),
            ResKind::InformationStore if five => return "Microsoft Exchange Information Store".into(),
            ResKind::Mta if five => return "Microsoft Exchange Message Transfer Agent".into(),
            ResKind::EventService => return "Microsoft Exchange Event Service".into(),
            ResKind::InternetMail => return "Microsoft Exchange Internet Mail Service".into(),
            ResKind::SystemAttendant => "Exchange System Attendant",
            ResKind::InformationStore => "Exchange Information Store Instance",
            ResKind::Mta => "Exchange Message Transfer Agent Instance",
            ResKind::Routing => "Exchange Routing Service Instance",
            ResKind::Smtp => "SMTP Virtual Server Instance",
            ResKind::Http => "Exchange HTTP Virtual Server Instance",
            ResKind::Imap4 => "Exchange IMAP4 Virtual Server Instance",
            ResKind::Pop3 => "Exchange POP3 Virtual Server Instance",
            ResKind::MsSearch => "Exchange MS Search Instance",
        };
        format!("{base} - {owner}")
    }

    /// The Resource Type column.
    pub fn type_name(self) -> &'static str {
        match self {
            ResKind::IpAddress => "IP Address",
            ResKind::NetworkName => "Network Name",
            ResKind::PhysicalDisk => "Physical Disk",
            ResKind::Msdtc => "Distributed Transaction Coordinator",
            ResKind::SystemAttendant => "Microsoft Exchange System Attendant",
            ResKind::Directory => "Microsoft Exchange Directory",
            ResKind::InformationStore => "Microsoft Exchange Information Store",
            ResKind::Mta => "Microsoft Exchange Message Transfer Agent",
            ResKind::Routing => "Microsoft Exchange Routing Service",
            ResKind::Smtp => "SMTP Server Instance",
            ResKind::Http => "Microsoft Exchange HTTP Server Instance",
            ResKind::Imap4 => "Microsoft Exchange IMAP4 Server Instance",
            ResKind::Pop3 => "Microsoft Exchange POP3 Server Instance",
            ResKind::MsSearch => "Microsoft Search Service Instance",
            ResKind::EventService => "Microsoft Exchange Event Service",
            ResKind::InternetMail => "Microsoft Exchange Internet Mail Service",
        }
    }

    /// Exchange resources, as opposed to the group's network and disk resources.
    pub fn is_exchange(self) -> bool {
        !matches!(self, ResKind::IpAddress | ResKind::NetworkName | ResKind::PhysicalDisk | ResKind::Msdtc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for b in ExBuild::ALL {
            assert_eq!(ExBuild::from_id(b.id()), Some(b));
        }
        for w in Windows::ALL {
            assert_eq!(Windows::from_id(w.id()), Some(w));
        }
        for p in Package::ALL {
            assert_eq!(Package::from_id(p.id()), Some(p));
        }
        for k in ResKind::ALL {
            assert_eq!(ResKind::from_id(k.id()), Some(k));
        }
    }

    #[test]
    fn every_exchange_package_moves_one_build_up() {
        for p in Package::ALL.into_iter().filter(|p| p.is_exchange()) {
            assert!(p.base().unwrap() < p.result().unwrap(), "{p:?}");
            assert_eq!(Package::producing(p.result().unwrap()), Some(p));
        }
    }
}
