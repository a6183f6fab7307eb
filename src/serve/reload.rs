//! Live reload over server-sent events on the same port as the site.
//!
//! tiny_http buffers response bodies and flushes only at the end, so an SSE stream cannot be a
//! `Response`: each client's socket is taken with `Request::into_writer`, the headers are written
//! by hand, and every event is flushed at once. Clients are kept in a list; a write that fails
//! (the tab is gone) drops the client. A heartbeat comment every 15 s finds dead connections.

use std::io::Write;
use std::sync::Mutex;

pub const CLIENT_JS: &str = include_str!("reload.js");

type Client = Box<dyn Write + Send>;

#[derive(Default)]
pub struct Clients {
    list: Mutex<Vec<Client>>,
}

/// One SSE event in wire format.
pub fn event(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

impl Clients {
    /// Takes over a client's connection: headers, retry hint, the current build id.
    pub fn add(&self, mut w: Client, build_id: u64) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
        let hello = format!("retry: 1000\n\n{}", event("hello", &build_id.to_string()));
        if w.write_all(head.as_bytes()).is_ok()
            && w.write_all(hello.as_bytes()).is_ok()
            && w.flush().is_ok()
        {
            if let Ok(mut list) = self.list.lock() {
                list.push(w);
            }
        }
    }

    /// Sends `text` to every client, dropping those that are gone; returns how many got it.
    pub fn send(&self, text: &str) -> usize {
        let Ok(mut list) = self.list.lock() else {
            return 0;
        };
        list.retain_mut(|w| w.write_all(text.as_bytes()).is_ok() && w.flush().is_ok());
        list.len()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.list.lock().map(|l| l.len()).unwrap_or(0)
    }
}

/// The `<script>` added before `</body>` of HTML responses.
pub fn script_tag(build_id: u64) -> String {
    format!("<script data-build=\"{build_id}\">{CLIENT_JS}</script>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex as StdMutex};

    #[derive(Clone, Default)]
    struct Sink(Arc<StdMutex<Vec<u8>>>, bool);
    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.1 {
                return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
            }
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn events_are_framed_line_by_line() {
        assert_eq!(
            event("css", "a.css\nb.css"),
            "event: css\ndata: a.css\ndata: b.css\n\n"
        );
    }

    #[test]
    fn dead_clients_are_dropped() {
        let clients = Clients::default();
        let good = Sink::default();
        clients.add(Box::new(good.clone()), 7);
        let text = String::from_utf8(good.0.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"));
        assert!(text.ends_with("event: hello\ndata: 7\n\n"));
        let dead = Sink(Arc::default(), false);
        clients.add(Box::new(dead.clone()), 7);
        assert_eq!(clients.len(), 2);
        // The second connection breaks.
        clients.list.lock().unwrap()[1] = Box::new(Sink(Arc::default(), true));
        assert_eq!(clients.send(&event("reload", "8")), 1);
        assert!(String::from_utf8(good.0.lock().unwrap().clone())
            .unwrap()
            .ends_with("event: reload\ndata: 8\n\n"));
    }
}
