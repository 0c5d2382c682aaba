//! The target's listening socket as the kernel sees it: which process owns
//! it (`/proc/PID/fd` socket inodes against the LISTEN entries of
//! `/proc/net/tcp` and `tcp6`), so `--pid` is known to be the server; its
//! accept queue (rx_queue of a LISTEN entry; its backlog is not there: the
//! tx_queue of a listening socket is 0, only netlink's `inet_diag`, as `ss`
//! shows it, has the backlog); and the host's TCP counters of
//! `/proc/net/netstat` (`TcpExt`) that say connections were dropped.
//!
//! Linux only; elsewhere nothing can be checked and every check passes
//! unseen ([`Owner::Unknown`]). It reads; it never signals or changes a
//! process.

/// Most process directories scanned for the socket's owner.
const MAX_PROCESSES: usize = 65_536;
/// Most descriptors read of one process.
const MAX_FDS: usize = 65_536;
/// Most lines read of one `/proc/net/tcp*` file.
const MAX_LINES: usize = 1_000_000;

/// One LISTEN socket of this host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listener {
    /// Its inode, as `/proc/PID/fd` links name it (`socket:[INODE]`).
    pub inode: u64,
    /// Its local port.
    pub port: u16,
    /// Connections accepted by the kernel, waiting for the server's accept().
    pub queue: u64,
}

/// The LISTEN entries (state `0A`) of a `/proc/net/tcp` or `tcp6` text.
pub fn parse_listeners(text: &str) -> Vec<Listener> {
    text.lines()
        .skip(1)
        .take(MAX_LINES)
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 10 || f[3] != "0A" {
                return None;
            }
            let port = u16::from_str_radix(f[1].rsplit(':').next()?, 16).ok()?;
            let (_, rx) = f[4].split_once(':')?;
            Some(Listener {
                inode: f[9].parse().ok()?,
                port,
                queue: u64::from_str_radix(rx, 16).ok()?,
            })
        })
        .collect()
}

/// The `TcpExt` counters a level reads before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TcpExt {
    /// `ListenOverflows`.
    pub listen_overflows: u64,
    /// `ListenDrops`.
    pub listen_drops: u64,
    /// `TCPSynRetrans`.
    pub syn_retrans: u64,
    /// `TCPTimeouts`.
    pub tcp_timeouts: u64,
}

impl TcpExt {
    /// What rose from `self` to `later`.
    pub fn until(&self, later: &TcpExt) -> TcpExt {
        TcpExt {
            listen_overflows: later.listen_overflows.saturating_sub(self.listen_overflows),
            listen_drops: later.listen_drops.saturating_sub(self.listen_drops),
            syn_retrans: later.syn_retrans.saturating_sub(self.syn_retrans),
            tcp_timeouts: later.tcp_timeouts.saturating_sub(self.tcp_timeouts),
        }
    }
}

/// The `TcpExt` counters of a `/proc/net/netstat` text: a line of names,
/// then a line of values, both starting `TcpExt:`.
pub fn parse_netstat(text: &str) -> Option<TcpExt> {
    let mut rows = text.lines().filter(|l| l.starts_with("TcpExt:"));
    let (names, values) = (rows.next()?, rows.next()?);
    let pairs: Vec<(&str, u64)> = names
        .split_whitespace()
        .zip(values.split_whitespace())
        .skip(1)
        .filter_map(|(n, v)| Some((n, v.parse().ok()?)))
        .collect();
    let get = |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    Some(TcpExt {
        listen_overflows: get("ListenOverflows")?,
        listen_drops: get("ListenDrops")?,
        syn_retrans: get("TCPSynRetrans").unwrap_or(0),
        tcp_timeouts: get("TCPTimeouts").unwrap_or(0),
    })
}

/// The host's `TcpExt` counters now.
pub fn netstat() -> Option<TcpExt> {
    parse_netstat(&std::fs::read_to_string("/proc/net/netstat").ok()?)
}

/// The connections waiting in the accept queues of the sockets listening
/// on `port`, summed (several with `SO_REUSEPORT`); None when none listens
/// on this host.
pub fn accept_queue(port: u16) -> Option<u64> {
    let mut found = None;
    for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(t) = std::fs::read_to_string(file) else {
            continue;
        };
        for l in parse_listeners(&t).into_iter().filter(|l| l.port == port) {
            found = Some(found.unwrap_or(0) + l.queue);
        }
    }
    found
}

/// Who owns the socket listening on a port, as far as this process can see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// The process given owns it.
    Owns,
    /// It does not; these processes do (empty: none whose descriptors are
    /// visible to this user), with their command names.
    Others(Vec<(u32, String)>),
    /// Nothing on this host listens on the port.
    NoListener,
    /// The process's descriptors cannot be read (another user's process);
    /// the visible owners, if any.
    Unreadable(Vec<(u32, String)>),
    /// Not checkable here (not Linux, or `/proc/net` unreadable).
    Unknown,
}

/// Whether `pid` owns the socket listening on `port`.
#[cfg(target_os = "linux")]
pub fn owner(pid: u32, port: u16) -> Owner {
    let mut inodes = Vec::new();
    for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
        if let Ok(t) = std::fs::read_to_string(file) {
            inodes.extend(
                parse_listeners(&t)
                    .into_iter()
                    .filter(|l| l.port == port)
                    .map(|l| l.inode),
            );
        }
    }
    if inodes.is_empty() {
        return if std::path::Path::new("/proc/net/tcp").exists() {
            Owner::NoListener
        } else {
            Owner::Unknown
        };
    }
    match socket_inodes(pid) {
        Some(own) if own.iter().any(|i| inodes.contains(i)) => Owner::Owns,
        Some(_) => Owner::Others(owners(&inodes)),
        None => Owner::Unreadable(owners(&inodes)),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn owner(_pid: u32, _port: u16) -> Owner {
    Owner::Unknown
}

/// The socket inodes among `pid`'s descriptors (None: not readable).
#[cfg(target_os = "linux")]
fn socket_inodes(pid: u32) -> Option<Vec<u64>> {
    let dir = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?;
    Some(
        dir.take(MAX_FDS)
            .flatten()
            .filter_map(|e| std::fs::read_link(e.path()).ok())
            .filter_map(|l| {
                let l = l.to_str()?.strip_prefix("socket:[")?.strip_suffix(']')?;
                l.parse().ok()
            })
            .collect(),
    )
}

/// The visible processes holding any of `inodes`, with their command names.
#[cfg(target_os = "linux")]
fn owners(inodes: &[u64]) -> Vec<(u32, String)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.take(MAX_PROCESSES)
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&p| socket_inodes(p).is_some_and(|own| own.iter().any(|i| inodes.contains(i))))
        .map(|p| {
            let comm = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
            (p, comm.trim_end().to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000005:00000002 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0
   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0 20 4 30 10 -1
   2: garbage
";
    const TCP6: &str = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:18EB 00000000000000000000000000000000:0000 0A 00000080:00000000 00:00000000 00000000   109        0 777 1 0 100 0 0 10 0
";

    #[test]
    fn listen_entries_give_their_port_inode_and_accept_queue() {
        let l = parse_listeners(TCP);
        assert_eq!(
            l,
            vec![Listener {
                inode: 4242,
                port: 8080,
                queue: 2,
            }]
        );
        let l6 = parse_listeners(TCP6);
        assert_eq!((l6[0].port, l6[0].queue, l6[0].inode), (6379, 0, 777));
    }

    #[test]
    fn netstat_counters_are_read_by_name() {
        let t = "TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPTimeouts TCPSynRetrans\nTcpExt: 1 7 9 3 11\nIpExt: InNoRoutes\nIpExt: 0\n";
        let a = parse_netstat(t).unwrap();
        assert_eq!(
            a,
            TcpExt {
                listen_overflows: 7,
                listen_drops: 9,
                syn_retrans: 11,
                tcp_timeouts: 3
            }
        );
        let b = TcpExt {
            listen_overflows: 10,
            ..a
        };
        assert_eq!(a.until(&b).listen_overflows, 3);
        assert_eq!(b.until(&a).listen_overflows, 0);
        assert_eq!(parse_netstat("IpExt: a\nIpExt: 1\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_owner_of_a_listening_socket_is_found() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        assert_eq!(owner(std::process::id(), port), Owner::Owns);
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let seen = owner(child.id(), port);
        let _ = child.kill();
        let _ = child.wait();
        match seen {
            Owner::Others(o) => assert!(o.iter().any(|(p, _)| *p == std::process::id())),
            other => panic!("{other:?}"),
        }
        drop(l);
        assert_eq!(owner(std::process::id(), port), Owner::NoListener);
    }
}
