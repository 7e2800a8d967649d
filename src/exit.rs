//! The exit codes agentgen returns, in one place: the error type chooses
//! among them, and the signal handler, which may not allocate or reach
//! for the error type, ends the process with them directly.

pub const RUNTIME: u8 = 1;
pub const USAGE: u8 = 2;
pub const REFUSED: u8 = 3;
pub const INTERRUPTED: u8 = 130;
/// SIGTERM: 128 + 15, as a shell reports a process it ended.
pub const TERMINATED: u8 = 143;
