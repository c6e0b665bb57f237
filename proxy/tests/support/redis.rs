//! A real `redis-server` on a free loopback port, persisting nothing, stopped when dropped: for
//! the shared-store tests, and for the load benchmark's replicas mode, which includes this file
//! by path (`examples/load_bench/main.rs`). Absent, the tests skip with a loud message, except
//! under CI (`CI` set), where a missing server is a failure: `npm test` and CI install it
//! (`scripts/lib/redis.mjs`); the benchmark runs without its replicas mode.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    binary: PathBuf,
    pub port: u16,
    child: Option<Child>,
}

/// `REDIS_SERVER`, else `redis-server` on the PATH or in /usr/bin.
fn binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("REDIS_SERVER") {
        return Some(PathBuf::from(path)).filter(|path| path.is_file());
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("redis-server"))
            .find(|path| path.is_file())
    });
    on_path.or_else(|| {
        let usr = PathBuf::from("/usr/bin/redis-server");
        usr.is_file().then_some(usr)
    })
}

impl RedisServer {
    /// For a test: a running server, or `None` (said loudly) when there is none to run outside
    /// CI.
    pub fn start(test: &str) -> Option<Self> {
        let server = Self::spawn().unwrap();
        if server.is_none() {
            let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
            assert!(
                !ci,
                "CI is set and redis-server is missing: install it (apt-get install redis-server) \
                 or point REDIS_SERVER at one"
            );
            // Straight to stderr: the test harness would swallow `eprintln!` of a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "\n########## SKIPPED {test}: redis-server is not installed \
                 (apt-get install redis-server, or set REDIS_SERVER). \
                 Under CI this fails instead. ##########\n"
            );
        }
        server
    }

    /// A running server; `Ok(None)` when none is installed, `Err` when it would not start. Says
    /// nothing itself: a test and the benchmark explain a missing server differently.
    pub fn spawn() -> Result<Option<Self>, String> {
        let Some(binary) = binary() else {
            return Ok(None);
        };
        let mut server = Self {
            binary,
            port: free_port(),
            child: None,
        };
        server.launch()?;
        Ok(Some(server))
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kills the server (its data goes with it).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port, empty, and waits until it answers.
    pub fn restart(&mut self) {
        self.launch().unwrap();
    }

    /// (Re)starts the server on `port` and waits until it answers.
    fn launch(&mut self) -> Result<(), String> {
        self.stop();
        let child = Command::new(&self.binary)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .args(["--dir", &std::env::temp_dir().to_string_lossy()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.binary.display()))?;
        self.child = Some(child);
        let started = Instant::now();
        while !self.answers() {
            if started.elapsed() > Duration::from_secs(10) {
                self.stop();
                return Err(format!("redis-server did not answer on port {}", self.port));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    fn answers(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let mut reply = [0; 7];
        stream.write_all(b"PING\r\n").is_ok()
            && stream.read_exact(&mut reply).is_ok()
            && &reply == b"+PONG\r\n"
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port nothing listens on now (the OS's pick, released at once).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
