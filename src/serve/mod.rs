//! `annals serve`: the site built in memory and served on 127.0.0.1, brought up to date when
//! a file changes, with open pages reloaded through Server-Sent Events.
//!
//! - [`http`]: answering requests from the in-memory site;
//! - [`events`]: the reload and problem events to open pages;
//! - [`watch`]: the watcher and what kind of change each file is;
//! - [`rebuild`]: the previewed site, updated by the same runner as `annals build`.
//!
//! The server threads read the current site; one builder thread applies changes, so a broken
//! file never takes the last good site down: its problems go to the terminal and, as an
//! overlay, to the browser.

pub mod events;
pub mod http;
pub mod rebuild;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use tiny_http::Server;

use crate::BuildOptions;
use events::{Clients, Status};
use rebuild::{Preview, Updated};

/// Threads answering requests (event streams get threads of their own).
const WORKERS: usize = 8;
/// Deferred pages rendered at a time when idle: small enough for an edit not to wait long.
const DEFERRED_BATCH: usize = 256;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub include_drafts: bool,
}

pub fn serve(options: &ServeOptions) -> Result<()> {
    let addr = SocketAddr::new(options.bind, options.port);
    let server = Server::http(addr).map_err(|e| anyhow::anyhow!("cannot start the server on {addr}: {e} (is another server using the port? try --port)"))?;
    let server = Arc::new(server);
    let base_url = format!("http://{}/", display_addr(addr));
    let build = BuildOptions { root: options.root.clone(), output: None, include_drafts: options.include_drafts, base_url: Some(base_url.clone()), clean: false };
    let clients = Arc::new(Clients::default());
    let status = Arc::new(Status::default());

    let started = Instant::now();
    let (preview, built) = Preview::new(build);
    let preview = Arc::new(preview);
    match built {
        Ok(updated) => println!("Built {} files in {:.1} s{}.", updated.rendered, started.elapsed().as_secs_f64(), waiting(updated)),
        Err(problems) => {
            eprintln!("{problems}");
            *status.0.lock().expect("lock not poisoned") = Some(problems.to_string());
        }
    }
    if !options.bind.is_loopback() {
        eprintln!("warning: serving on {addr}, reachable from other machines");
    }
    {
        // `unblock` wakes one waiting worker; wake them all. Set before serving is announced:
        // a Ctrl-C right after the announcement stops the server cleanly too.
        let server = server.clone();
        ctrlc::set_handler(move || (0..WORKERS).for_each(|_| server.unblock())).context("cannot handle Ctrl-C")?;
    }
    println!("Serving the archive at {base_url} (Ctrl-C to stop)");

    let (changes, changed) = std::sync::mpsc::channel();
    let mut watcher = watch::watch(&options.root, changes)?;
    {
        let (clients, status, preview) = (clients.clone(), status.clone(), preview.clone());
        let root = std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone());
        std::thread::spawn(move || {
            while let Some(paths) = watch::next_changes(&changed, &root) {
                for path in paths.iter().filter(|p| p.is_dir()) {
                    // A site folder created while serving (say templates/): watch it from now
                    // on. What was written into it before the watch began is picked up by the
                    // rebuild a new folder causes.
                    let _ = watcher.watch(path, RecursiveMode::Recursive);
                }
                let started = Instant::now();
                match preview.update(&paths) {
                    Ok(updated) => {
                        let was_broken = status.0.lock().expect("lock not poisoned").take().is_some();
                        if updated.changed() || was_broken {
                            clients.send("reload", "");
                        }
                        let ms = started.elapsed().as_secs_f64() * 1000.0;
                        println!("Rebuilt {} files in {ms:.0} ms ({}){}", updated.rendered, describe(&paths, &root), waiting(updated));
                    }
                    Err(problems) => {
                        eprintln!("{problems}");
                        *status.0.lock().expect("lock not poisoned") = Some(problems.to_string());
                        clients.send("problems", &problems.to_string());
                    }
                }
            }
        });
    }
    {
        // The pages left to render after a build, rendered while nothing else happens (a
        // request for one renders it at once).
        let preview = preview.clone();
        std::thread::spawn(move || loop {
            // A pause between batches lets an edit or a request take the preview's lock.
            let pause = if preview.render_deferred(Some(DEFERRED_BATCH)) == 0 { 100 } else { 5 };
            std::thread::sleep(Duration::from_millis(pause));
        });
    }
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, clients, status, preview) = (server.clone(), clients.clone(), status.clone(), preview.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    if request.url().starts_with(&format!("{}events", http::RELOAD_PREFIX)) {
                        let (clients, status) = (clients.clone(), status.clone());
                        std::thread::spawn(move || events::stream(request, &clients, &status));
                    } else {
                        let _ = http::respond(request, &preview);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    println!("Stopped.");
    Ok(())
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        _ => addr.to_string(),
    }
}

/// What a build leaves to do, for its message: the statements' pages brought up to date in the
/// background (and at once when one is opened).
fn waiting(updated: Updated) -> String {
    match updated.waiting {
        0 => String::new(),
        n => format!("; {n} statement pages to check in the background"),
    }
}

fn describe(paths: &[PathBuf], root: &Path) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect();
    let more = paths.len().saturating_sub(3);
    if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
}
