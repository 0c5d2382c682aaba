//! The Redis client of `conpar probe`: the redis crate's multiplexed tokio
//! connection over a capped socket, one per concurrent client, each with one
//! command in flight. A server's error reply (`-ERR …`) is a rejected request;
//! a reply the crate cannot parse is not Redis.
//!
//! It does not select a database, authenticate or announce a client name:
//! the only traffic is the command being measured.

use super::capped::{Capped, Sniff, too_long_in};
use super::failure::{Driver, Failure, chain, with_hint};
use crate::results::probe::{Protocol, Wrong};
use redis::aio::{ConnectionLike, MultiplexedConnection};
use redis::{AsyncConnectionConfig, ErrorKind, RedisConnectionInfo, Value};
use tokio::net::TcpStream;

/// One Redis connection; its driver task ends with it.
pub struct Conn {
    conn: MultiplexedConnection,
    /// Held for its drop, which ends the task.
    _driver: Driver,
    sniff: Sniff,
}

impl Conn {
    /// Sets the connection up over `io`; the load driver bounds the time.
    pub async fn open(io: Capped<TcpStream>) -> Result<Conn, Failure> {
        let sniff = io.sniff();
        let info = RedisConnectionInfo::default().set_skip_set_lib_name();
        // The driver's deadline covers every call; the crate's own timeouts
        // would only fail requests the driver still allows.
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(None)
            .set_response_timeout(None);
        let (conn, driver) = MultiplexedConnection::new_with_config(&info, io, config)
            .await
            .map_err(|e| fail(&e, &sniff))?;
        let driver = Driver::spawn(driver);
        Ok(Conn {
            conn,
            _driver: driver,
            sniff,
        })
    }

    /// One command and its reply.
    pub async fn call(&mut self, cmd: &redis::Cmd) -> Result<(), Failure> {
        match self.conn.req_packed_command(cmd).await {
            Ok(Value::ServerError(e)) => Err(Failure::Rejected(short(&e.to_string()).into())),
            Ok(_) => Ok(()),
            Err(e) => Err(fail(&e, &self.sniff)),
        }
    }
}

fn short(s: &str) -> String {
    crate::escape::terminal(&s.chars().take(200).collect::<String>()).into_owned()
}

fn fail(e: &redis::RedisError, sniff: &Sniff) -> Failure {
    let text = chain(e);
    if let Some(cap) = too_long_in(e) {
        Failure::Protocol(Wrong::TooLong { cap }.into())
    } else if e.kind() == ErrorKind::Parse {
        let expected = Protocol::Redis;
        Failure::Protocol(with_hint(short(&text), sniff).wrong(Wrong::NotProtocol { expected }))
    } else if e.is_timeout() {
        Failure::Timeout
    } else if matches!(e.kind(), ErrorKind::Server(_) | ErrorKind::Extension) {
        Failure::Rejected(short(&text).into())
    } else {
        Failure::Broken(with_hint(short(&text), sniff))
    }
}
