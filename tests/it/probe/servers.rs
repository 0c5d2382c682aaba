//! Servers the probe tests drive, started by the tests on loopback: Python's
//! http.server variants (scripts/probe_server.py), redis-server, nginx with a
//! temporary prefix, and small misbehaving TCP servers written here.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The full path of `program`, or a failure saying how to install it.
pub fn need(program: &str, package: &str) -> PathBuf {
    let dirs = std::env::var("PATH").unwrap_or_default();
    let found = dirs
        .split(':')
        .chain(["/usr/sbin", "/sbin", "/usr/bin"])
        .map(|d| Path::new(d).join(program))
        .find(|p| p.is_file());
    found.unwrap_or_else(|| {
        panic!(
            "`{program}` is not installed, and this test needs it: run scripts/test (it installs it) or `apt-get install -y {package}` (redis-server nginx-light)"
        )
    })
}

/// `python3 scripts/probe_server.py MODE PORT`, as a `--spawn` command.
pub fn python(mode: &str, port: u16) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/probe_server.py");
    vec![
        need("python3", "python3").display().to_string(),
        script.display().to_string(),
        mode.to_string(),
        port.to_string(),
    ]
}

/// `redis-server` on `port`, nothing saved to disk, as a `--spawn` command.
pub fn redis(port: u16) -> Vec<String> {
    [
        need("redis-server", "redis-server").display().to_string(),
        "--port".into(),
        port.to_string(),
        "--bind".into(),
        "127.0.0.1".into(),
        "--save".into(),
        String::new(),
        "--appendonly".into(),
        "no".into(),
    ]
    .into()
}

/// A deterministic megabyte of words, as compressible as prose.
fn words() -> String {
    const W: [&str; 12] = [
        "alpha", "beta", "gamma", "delta", "kappa", "lambda", "omicron", "sigma", "tau", "upsilon",
        "omega", "zeta",
    ];
    let mut seed: u64 = 1;
    let mut out = String::with_capacity(1 << 20);
    while out.len() < 1 << 20 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let w = W[(seed >> 33) as usize % W.len()];
        out.push_str(w);
        out.push_str(&((seed >> 20) % 1000).to_string());
        out.push(if (seed >> 40).is_multiple_of(12) {
            '\n'
        } else {
            ' '
        });
    }
    out.truncate(1 << 20);
    out
}

/// An nginx prefix in `dir` serving `big.txt` (1 MiB, gzip level 9 on the
/// fly) and `small.txt`, with `workers` worker processes; returns the
/// `--spawn` command. Workers drop to `nobody` when run as root, so the
/// directory is made readable to them.
pub fn nginx(dir: &Path, port: u16, workers: &str) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let nginx = need("nginx", "nginx-light");
    std::fs::write(dir.join("big.txt"), words()).unwrap();
    std::fs::write(dir.join("small.txt"), "hello\n").unwrap();
    for f in ["big.txt", "small.txt"] {
        std::fs::set_permissions(dir.join(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let d = dir.display();
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let user = if root { "user nobody nogroup;" } else { "" };
    let conf = format!(
        "worker_processes {workers};\ndaemon off;\nmaster_process on;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n{user}\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  keepalive_requests 1000000;\n  default_type text/plain;\n\
           server {{\n    listen 127.0.0.1:{port} reuseport;\n    root {d};\n    gzip on;\n    gzip_comp_level 9;\n    gzip_types text/plain;\n    gzip_min_length 0;\n  }}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    vec![
        nginx.display().to_string(),
        "-p".into(),
        format!("{d}"),
        "-c".into(),
        format!("{d}/nginx.conf"),
        "-e".into(),
        format!("{d}/error.log"),
    ]
}

/// A TCP server on 127.0.0.1 that answers every connection with `answer`,
/// then `endless` again and again (for up to 20 s, while the client reads),
/// and closes; its port. It serves in a background thread for the rest of
/// the test process.
pub fn liar(answer: &'static [u8], endless: Option<&'static [u8]>) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            std::thread::spawn(move || {
                let mut s = s;
                let _ = s.set_write_timeout(Some(Duration::from_secs(10)));
                let mut buf = [0u8; 1024];
                let _ = s.set_read_timeout(Some(Duration::from_millis(200)));
                let _ = s.read(&mut buf);
                let end = std::time::Instant::now() + Duration::from_secs(20);
                if s.write_all(answer).is_err() {
                    return;
                }
                if let Some(more) = endless {
                    while s.write_all(more).is_ok() && std::time::Instant::now() < end {}
                }
            });
        }
    });
    port
}

/// Idle CPUs of the host over `window`, from /proc/stat (idle + iowait).
fn idle_cpus(window: Duration) -> f64 {
    let read = || -> (u64, u64) {
        let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let f: Vec<u64> = text
            .lines()
            .next()
            .unwrap_or("")
            .split_whitespace()
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        (
            f.get(3).copied().unwrap_or(0) + f.get(4).copied().unwrap_or(0),
            f.iter().sum(),
        )
    };
    let cpus = std::fs::read_to_string("/proc/stat")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("cpu") && l.as_bytes().get(3).is_some_and(u8::is_ascii_digit))
        .count()
        .max(1);
    let (i0, t0) = read();
    std::thread::sleep(window);
    let (i1, t1) = read();
    cpus as f64 * (i1 - i0) as f64 / (t1 - t0).max(1) as f64
}

/// Waits (at most `limit`) until the host has most of its CPUs idle, so a
/// timed probe is not measuring someone else's build; says so when it gives up.
pub fn wait_for_quiet(limit: Duration) {
    let end = std::time::Instant::now() + limit;
    let want = std::thread::available_parallelism().map_or(2, |n| n.get()) as f64 * 0.8;
    while std::time::Instant::now() < end {
        if idle_cpus(Duration::from_millis(500)) >= want {
            return;
        }
    }
    eprintln!("the host stayed busy for {limit:?}; probing anyway");
}
