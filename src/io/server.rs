//! The delay server: a tokio current-thread runtime that answers each request
//! after the wait it names (see the protocol in the module above), and
//! [`ServerProcess`], which runs it as a child process for `conpar io`.

use super::parse_request;
use crate::measure::die_with_parent;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// Connections waiting to be accepted; the kernel caps it at `somaxconn`.
const BACKLOG: u32 = 65_535;
/// Longest a client may take to send its request line.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest request line read.
const MAX_LINE: u64 = 64;
/// Most connections served at once, whatever the descriptor limit: each
/// costs a task and its buffers. Above the 20,000 requests `conpar io` may
/// have in flight.
pub const MAX_CONNECTIONS: usize = 65_536;
/// Descriptors kept free of connections: standard streams, the listener, the
/// runtime's own (epoll, eventfd) and slack.
const RESERVED_FDS: u64 = 64;

async fn handle(stream: tokio::net::TcpStream) {
    let mut stream = tokio::io::BufReader::new(stream);
    let mut line = String::new();
    let read = tokio::time::timeout(READ_TIMEOUT, async {
        let mut limited = (&mut stream).take(MAX_LINE);
        limited.read_line(&mut line).await
    })
    .await;
    let reply: Vec<u8> = match read {
        Ok(Ok(_)) => match parse_request(&line) {
            Ok(None) => b"PONG\n".to_vec(),
            Ok(Some(wait)) => {
                // tokio's timer fires on a 1 ms wheel: a zero wait must not wait for it.
                if !wait.is_zero() && !wait_while_connected(&mut stream, wait).await {
                    return;
                }
                b"DONE\n".to_vec()
            }
            Err(e) => format!("ERR {e}\n").into_bytes(),
        },
        _ => return,
    };
    let s = stream.get_mut();
    let _ = s.write_all(&reply).await;
    let _ = s.shutdown().await;
}

/// Sleeps `wait` while watching the socket; returns false, at once, when the
/// client closes or resets it first. Without this a client that gives up
/// leaves its socket here (in CLOSE_WAIT) for the whole wait, up to ten
/// minutes, and enough of them exhaust the server's descriptors. Anything
/// the client sends after its request line is read and ignored.
async fn wait_while_connected(
    stream: &mut tokio::io::BufReader<tokio::net::TcpStream>,
    wait: Duration,
) -> bool {
    let sleep = tokio::time::sleep(wait);
    tokio::pin!(sleep);
    let mut scratch = [0u8; 64];
    loop {
        tokio::select! {
            _ = &mut sleep => return true,
            read = stream.read(&mut scratch) => match read {
                Ok(0) | Err(_) => return false,
                Ok(_) => {}
            },
        }
    }
}

use tokio::io::AsyncReadExt;

/// How many connections the server holds at once: its descriptor limit less
/// [`RESERVED_FDS`], at most [`MAX_CONNECTIONS`]. Beyond that, connections
/// wait in the listen backlog instead of failing in `accept`.
fn connection_limit() -> usize {
    let soft = crate::measure::raise_fd_limit()
        .or(crate::measure::fd_limits().map(|l| l.0))
        .unwrap_or(1024);
    (soft.saturating_sub(RESERVED_FDS).max(1) as usize).min(MAX_CONNECTIONS)
}

/// Binds `bind` and serves forever; `on_bound` is told the bound address
/// once the server accepts connections.
pub fn serve(bind: SocketAddr, on_bound: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(connection_limit()));
    rt.block_on(async move {
        let socket = if bind.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        socket.bind(bind)?;
        let listener = socket.listen(BACKLOG)?;
        on_bound(listener.local_addr()?);
        loop {
            let slot = slots
                .clone()
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            match listener.accept().await {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(async move {
                        handle(stream).await;
                        drop(slot);
                    });
                }
                // Out of descriptors or a connection reset before accept: wait
                // briefly and go on; the client counts its own failure.
                Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
            }
        }
    })
}

/// A delay server running as a child process; killed and reaped on drop, and
/// killed by the kernel if this process dies first.
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    addr: SocketAddr,
}

impl ServerProcess {
    /// Starts `exe serve --bind 127.0.0.1:0` and waits (at most 10 s) for the
    /// address it bound.
    pub fn start(exe: &Path) -> std::io::Result<ServerProcess> {
        let mut cmd = Command::new(exe);
        cmd.args(["serve", "--bind", "127.0.0.1:0", "--quiet"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        die_with_parent(&mut cmd);
        let mut child = cmd.spawn()?;
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok());
        match addr {
            Some(addr) => Ok(ServerProcess { child, addr }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(std::io::Error::other(format!(
                    "the delay server did not report its address within 10 s (it said {line:?})"
                )))
            }
        }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
