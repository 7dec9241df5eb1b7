//! When the screen settles: the X server's DAMAGE extension reports each change to the display,
//! and a frame is grabbed after each one. The time a program is "up" is the time of the first
//! frame of the run of identical frames the screen ends on (visually complete), the same
//! measure for any program, with no cooperation from it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::damage::{ConnectionExt as _, ReportLevel};
use x11rb::protocol::xfixes::ConnectionExt as _;
use x11rb::protocol::xproto::{ConnectionExt as _, ImageFormat};
use x11rb::protocol::Event;
use x11rb::rust_connection::RustConnection;

pub struct Watcher {
    conn: RustConnection,
    root: u32,
    size: (u16, u16),
    damage: u32,
}

/// A frame: when the change was reported, and a hash of the pixels grabbed after it.
pub struct Frame {
    pub at: Duration,
    pub hash: u64,
}

pub struct Timeline {
    pub frames: Vec<Frame>,
    /// The frame grabbed at the end of the watch, as RGB.
    pub last: Vec<u8>,
    pub last_hash: u64,
    pub size: (u16, u16),
}

impl Timeline {
    /// The first change to the screen.
    pub fn first_paint(&self) -> Option<Duration> {
        self.frames.first().map(|f| f.at)
    }

    /// The start of the run of frames equal to the final one.
    pub fn settled(&self) -> Option<Duration> {
        let mut at = None;
        for f in &self.frames {
            if f.hash == self.last_hash {
                at = at.or(Some(f.at));
            } else {
                at = None;
            }
        }
        at
    }

    /// True if the final frame is more than one colour (something is drawn).
    pub fn drew_something(&self) -> bool {
        let first = &self.last[..3.min(self.last.len())];
        self.last.chunks_exact(3).any(|p| p != first)
    }
}

impl Watcher {
    pub fn new(display: &str) -> Result<Self, String> {
        let (conn, screen_no) = x11rb::connect(Some(display)).map_err(|e| e.to_string())?;
        let screen = &conn.setup().roots[screen_no];
        let (root, size) = (screen.root, (screen.width_in_pixels, screen.height_in_pixels));
        let e = |e: &dyn std::fmt::Display| format!("X DAMAGE: {e}");
        conn.xfixes_query_version(5, 0)
            .map_err(|x| e(&x))?
            .reply()
            .map_err(|x| e(&x))?;
        conn.damage_query_version(1, 1)
            .map_err(|x| e(&x))?
            .reply()
            .map_err(|x| e(&x))?;
        let damage = conn.generate_id().map_err(|x| e(&x))?;
        conn.damage_create(damage, root, ReportLevel::NON_EMPTY)
            .map_err(|x| e(&x))?;
        conn.flush().map_err(|x| e(&x))?;
        Ok(Self {
            conn,
            root,
            size,
            damage,
        })
    }

    /// The screen as the X server holds it (32 bits a pixel): hashed as it is, converted to RGB
    /// only for the final frame.
    fn grab(&self) -> Result<Vec<u8>, String> {
        let (w, h) = self.size;
        let image = self
            .conn
            .get_image(ImageFormat::Z_PIXMAP, self.root, 0, 0, w, h, !0)
            .map_err(|e| e.to_string())?
            .reply()
            .map_err(|e| e.to_string())?;
        Ok(image.data)
    }

    /// Forgets changes so far (the screen before the launch).
    pub fn reset(&self) -> Result<(), String> {
        self.conn
            .damage_subtract(self.damage, x11rb::NONE, x11rb::NONE)
            .map_err(|e| e.to_string())?;
        // A round trip: every event the subtract caused has arrived once this answers.
        self.conn
            .get_input_focus()
            .map_err(|e| e.to_string())?
            .reply()
            .map_err(|e| e.to_string())?;
        while let Ok(Some(_)) = self.conn.poll_for_event() {}
        Ok(())
    }

    /// Records every change from `start` until `start + length`.
    pub fn watch(&self, start: Instant, length: Duration) -> Result<Timeline, String> {
        let mut frames = Vec::new();
        while start.elapsed() < length {
            match self.conn.poll_for_event().map_err(|e| e.to_string())? {
                Some(Event::DamageNotify(_)) => {
                    let at = start.elapsed();
                    self.conn
                        .damage_subtract(self.damage, x11rb::NONE, x11rb::NONE)
                        .map_err(|e| e.to_string())?;
                    let hash = hash(&self.grab()?);
                    frames.push(Frame { at, hash });
                }
                Some(_) => {}
                None => std::thread::sleep(Duration::from_millis(2)),
            }
        }
        let last = self.grab()?;
        Ok(Timeline {
            frames,
            last_hash: hash(&last),
            last: kiosk_tests::raw_to_rgb(&last),
            size: self.size,
        })
    }
}

fn hash(pixels: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    pixels.hash(&mut h);
    h.finish()
}
