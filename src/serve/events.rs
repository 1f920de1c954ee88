//! Server-Sent Events to open pages: `reload` after a rebuild, `problems` while the site is
//! broken (the page shows them over itself).

use std::io::Write;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// Open event streams; each gets every event.
#[derive(Default)]
pub struct Clients(Mutex<Vec<Sender<String>>>);

/// What the browser overlay shows while the site is broken.
#[derive(Default)]
pub struct Status(pub Mutex<Option<String>>);

/// One Server-Sent Event: its name, each line of its data, and the blank line that ends it.
fn event(name: &str, data: &str) -> String {
    let data: String = data.lines().map(|l| format!("data: {l}\n")).collect();
    format!("event: {name}\n{}\n", if data.is_empty() { "data: \n".to_string() } else { data })
}

impl Clients {
    pub fn send(&self, name: &str, data: &str) {
        let message = event(name, data);
        self.0.lock().expect("lock not poisoned").retain(|client| client.send(message.clone()).is_ok());
    }

    fn add(&self) -> Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        self.0.lock().expect("lock not poisoned").push(sender);
        receiver
    }
}

/// Sends events to one browser until it goes away. The response is written by hand, flushed
/// after each event: a server's buffered response would hold events back.
pub fn stream(request: tiny_http::Request, clients: &Clients, status: &Status) {
    let receiver = clients.add();
    let first = match status.0.lock().expect("lock not poisoned").as_ref() {
        Some(problems) => event("problems", problems),
        None => event("hello", ""),
    };
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let mut send = |text: &str| writer.write_all(text.as_bytes()).and_then(|_| writer.flush());
    if send(head).and_then(|_| send(&first)).is_err() {
        return;
    }
    loop {
        let sent = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => send(&event),
            // A comment now and then, so that a closed connection is noticed.
            Err(mpsc::RecvTimeoutError::Timeout) => send(": keep-alive\n\n"),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if sent.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_every_line_of_their_data() {
        assert_eq!(event("reload", ""), "event: reload\ndata: \n\n");
        assert_eq!(event("problems", "a.md:1: x\nb.md: y"), "event: problems\ndata: a.md:1: x\ndata: b.md: y\n\n");
    }
}
