//! The signals that end a run: SIGINT, SIGTERM and SIGHUP (Ctrl-C, CI
//! cancellation, `timeout`, a closed terminal), in every mode and for every
//! command, and SIGXFSZ (a write past `ulimit -f`).
//!
//! A run is in one of two states. While no file is being written, a signal
//! ends the process at once with its exit code (130 for SIGINT and SIGHUP,
//! 143 for SIGTERM) and a line saying nothing was changed: nothing has been
//! written, so there is nothing to clean up. While [`output::write`] holds a
//! [`Writing`] guard, the handler only records the signal: the writer
//! checks [`received`] between temporary files and before the first rename,
//! and on a signal removes its temporary files and folders and returns
//! [`Error::Signalled`]; once renames have begun it finishes them (they take
//! milliseconds) and then returns the same error. A kit is thus written in
//! full or not at all, whenever the signal comes.
//!
//! The handler is plain `libc::sigaction`: it does only async-signal-safe
//! things (an atomic compare-and-swap, `write(2)`, `_exit(2)`), so it needs
//! no thread of its own, unlike the `signal-hook` iterator or `ctrlc`, and
//! adds no dependency (libc is already in the tree). A signal ignored when
//! agentgen starts (`nohup`) stays ignored.
//!
//! [`output::write`]: crate::output::write
//! [`Error::Signalled`]: crate::error::Error::Signalled

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

/// A signal that ends a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    Interrupt,
    Terminate,
    HangUp,
}

impl Signal {
    /// The exit code a run ended by this signal returns.
    pub fn exit_code(self) -> u8 {
        match self {
            Signal::Interrupt | Signal::HangUp => crate::exit::INTERRUPTED,
            Signal::Terminate => crate::exit::TERMINATED,
        }
    }

    /// What the run says as it ends: whether nothing or everything was
    /// written, since a run never stops in between.
    pub fn message(self, written: bool) -> &'static str {
        match (self, written) {
            (Signal::Interrupt, false) => "interrupted by SIGINT; nothing was changed",
            (Signal::Terminate, false) => "interrupted by SIGTERM; nothing was changed",
            (Signal::HangUp, false) => "interrupted by SIGHUP; nothing was changed",
            (Signal::Interrupt, true) => {
                "interrupted by SIGINT after every file was written in full"
            }
            (Signal::Terminate, true) => {
                "interrupted by SIGTERM after every file was written in full"
            }
            (Signal::HangUp, true) => "interrupted by SIGHUP after every file was written in full",
        }
    }

    #[cfg(unix)]
    fn number(self) -> i32 {
        match self {
            Signal::Interrupt => libc::SIGINT,
            Signal::Terminate => libc::SIGTERM,
            Signal::HangUp => libc::SIGHUP,
        }
    }

    #[cfg(unix)]
    fn from_number(number: i32) -> Option<Signal> {
        [Signal::Interrupt, Signal::Terminate, Signal::HangUp]
            .into_iter()
            .find(|s| s.number() == number)
    }
}

/// Active writes; [`EXITING`] once the handler has begun to end the
/// process, so that no write starts after that.
static WRITERS: AtomicUsize = AtomicUsize::new(0);
const EXITING: usize = usize::MAX;
/// The first signal received during a write; 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);
/// A write completed: a later signal must not claim nothing was changed.
static WROTE: AtomicBool = AtomicBool::new(false);
/// Prompts are on the terminal: the handler shows the cursor again, and
/// Ctrl-C reads as the cancellation it is.
static PROMPTING: AtomicBool = AtomicBool::new(false);

/// Installs the handlers; called once, first thing, by `main`.
pub fn install() {
    #[cfg(unix)]
    // SAFETY: `handle` does only async-signal-safe work (atomics, write,
    // _exit); the sigaction structures are zeroed then filled in full.
    unsafe {
        // A write beyond the file size limit (`ulimit -f`) raises SIGXFSZ,
        // whose default action ends the process on the spot and leaves the
        // temporary files behind. Ignored, the write fails with EFBIG and
        // the usual clean-up runs. Programs agentgen starts (the editor for
        // a long answer) inherit the setting and likewise see EFBIG.
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handle as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // Reads and writes in progress resume rather than fail with EINTR.
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // One handler at a time: a second signal waits for the first.
            libc::sigaddset(&mut action.sa_mask, signal);
        }
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(signal, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction == libc::SIG_IGN
            {
                continue;
            }
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// Prompts are (or are no longer) shown on a terminal.
pub fn set_prompting(prompting: bool) {
    PROMPTING.store(prompting, Ordering::SeqCst);
}

/// The signal received while a write was in progress, if any.
pub fn received() -> Option<Signal> {
    #[cfg(unix)]
    {
        Signal::from_number(RECEIVED.load(Ordering::SeqCst))
    }
    #[cfg(not(unix))]
    None
}

/// While alive, a signal is recorded for the writer instead of ending the
/// process. Dropping it ends the write; say first whether files were
/// renamed into place ([`Writing::wrote`]).
pub struct Writing {
    _private: (),
}

/// Starts a write. When the handler is already ending the process, this
/// waits for it to do so: nothing may be written after the message saying
/// nothing was changed.
pub fn writing() -> Writing {
    let started = WRITERS.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
        (n != EXITING).then_some(n + 1)
    });
    if started.is_err() {
        loop {
            std::thread::park();
        }
    }
    Writing { _private: () }
}

impl Writing {
    /// Files have been renamed into place: a signal from now on says so.
    pub fn wrote(&self) {
        WROTE.store(true, Ordering::SeqCst);
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITERS.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(unix)]
extern "C" fn handle(number: libc::c_int) {
    let _ = RECEIVED.compare_exchange(0, number, Ordering::SeqCst, Ordering::SeqCst);
    if WRITERS
        .compare_exchange(0, EXITING, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        // A write is in progress; it sees the signal and ends the run.
        return;
    }
    let signal = Signal::from_number(number).unwrap_or(Signal::Interrupt);
    let prompting = PROMPTING.load(Ordering::SeqCst);
    let message = if prompting && signal == Signal::Interrupt {
        // Ctrl-C at a prompt: the terminal library raises SIGINT itself.
        "cancelled; nothing was written"
    } else {
        signal.message(WROTE.load(Ordering::SeqCst))
    };
    // The prompt may have hidden the cursor, and left it mid-line.
    let start: &str = if prompting {
        "\x1b[?25h\nerror: "
    } else {
        "error: "
    };
    for part in [start, message, "\n"] {
        // SAFETY: write(2) and _exit(2) are async-signal-safe; the buffers
        // are static strings.
        unsafe {
            libc::write(2, part.as_ptr().cast(), part.len());
        }
    }
    // SAFETY: as above; _exit runs no destructors and no atexit handlers,
    // none of which would be safe here, and nothing is left to clean up.
    unsafe { libc::_exit(i32::from(signal.exit_code())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_and_messages() {
        assert_eq!(Signal::Interrupt.exit_code(), 130);
        assert_eq!(Signal::HangUp.exit_code(), 130);
        assert_eq!(Signal::Terminate.exit_code(), 143);
        for signal in [Signal::Interrupt, Signal::Terminate, Signal::HangUp] {
            assert!(signal.message(false).ends_with("nothing was changed"));
            assert!(signal.message(true).ends_with("written in full"));
        }
    }

    #[cfg(unix)]
    #[test]
    fn signal_numbers_round_trip() {
        for signal in [Signal::Interrupt, Signal::Terminate, Signal::HangUp] {
            assert_eq!(Signal::from_number(signal.number()), Some(signal));
        }
        assert_eq!(Signal::from_number(0), None);
    }
}
