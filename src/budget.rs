//! The budgets that bound template rendering: memory per render (a
//! counting global allocator and the render regions it polices), and the
//! fuel and output of a whole run ([`Run`]).
//!
//! Fuel and the 1 MiB output cap bound a render's instructions and its
//! output, not the values it builds on the way: `range(100000)|join("x" *
//! 10000)` builds a 1 GB string for a few units of fuel, and forty rounds
//! of `{% set s = s ~ s %}` ask for 8 TiB. minijinja has no allocation
//! hook, so the bound sits under it, in the allocator. [`Counting`] (the
//! binary's global allocator, installed in main.rs) forwards every request
//! to the system allocator; while a thread is inside a [`Region`] (the
//! renderer opens one around every render, of a body, a default or a
//! `when`), it also keeps the net bytes that thread allocated since the
//! region began. A request that would take the net past [`RENDER_BYTES`]
//! is never made: the process writes the region's message (naming the role
//! and template) to standard error and ends with exit code 1.
//!
//! Why end the process from inside the allocator: an allocator cannot
//! return an error to the template engine, unwinding out of one is
//! undefined behaviour, and refusing with a null pointer makes the standard
//! library abort (exit 134) with a message that names nothing. Ending the
//! process directly is safe because nothing is written while templates
//! render: a run renders every agent before it plans or writes a file, so
//! there is no temporary file to remove and no half-written output. The
//! message is built only then, with the budget switched off.
//!
//! Other renders (other threads of a kit) have their own region each, so a
//! run's template memory is at most [`RENDER_BYTES`] per rendering thread
//! (a kit uses at most one per core). Outside regions nothing is counted.
//! Bytes freed inside a region that were allocated before it count in its
//! favour; they were already held, so the bound still holds. Without
//! [`Counting`] installed (the library in tests and benchmarks) regions
//! cost a thread-local write and police nothing.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The allocator under the count. A run makes about ten thousand small
/// allocations (YAML events, template tokens, values); glibc's malloc and
/// free were a fifth of a run's instructions, mimalloc's about a third of
/// that.
static HEAP: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The net bytes one render may allocate. Rendering a built-in agent
/// allocates well under a megabyte, and compiling the largest template file
/// the catalogue reads (1 MiB) a few dozen; more than this is a template
/// building something no agent needs.
pub const RENDER_BYTES: usize = 128 * 1024 * 1024;

/// The global allocator that enforces the render budget.
pub struct Counting;

/// The budget of the region the thread is in.
#[derive(Clone, Copy)]
struct Budget {
    /// Bytes the render may still allocate; negative once over.
    left: isize,
    /// Builds the message that names the render; see [`Region::enter`].
    describe: *const (dyn Fn() -> String + 'static),
}

thread_local! {
    // Const-initialised and without a destructor, so it is usable from the
    // allocator at any point of a thread's life, start and exit included.
    static CURRENT: Cell<Option<Budget>> = const { Cell::new(None) };
}

/// Takes `bytes` (negative: gives back) from the thread's budget, and ends
/// the process when the budget would be overdrawn.
#[inline]
fn charge(bytes: isize) {
    let _ = CURRENT.try_with(|current| {
        if let Some(mut budget) = current.get() {
            budget.left -= bytes;
            if budget.left < 0 && bytes > 0 {
                // Off before anything else: the message allocates.
                current.set(None);
                over_budget(budget.describe);
            }
            current.set(Some(budget));
        }
    });
}

#[cold]
fn over_budget(describe: *const (dyn Fn() -> String + 'static)) -> ! {
    // SAFETY: `describe` points at the closure of the live region that
    // set it (a region restores the previous budget when it ends, unwinding
    // included), on this thread's stack.
    let message = unsafe { (*describe)() };
    let line = format!("error: {message}\n");
    write_stderr(line.as_bytes());
    end_process()
}

#[cfg(unix)]
fn write_stderr(mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: writes from a valid buffer of the given length.
        let n = unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
        if n <= 0 {
            return;
        }
        bytes = &bytes[n as usize..];
    }
}

#[cfg(not(unix))]
fn write_stderr(bytes: &[u8]) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(bytes);
}

/// Exit code 1 without running anything else: other threads may be
/// mid-render, and nothing needs cleaning up (see the module doc).
fn end_process() -> ! {
    #[cfg(unix)]
    // SAFETY: _exit ends the process; it has no preconditions.
    unsafe {
        libc::_exit(1)
    }
    #[cfg(not(unix))]
    std::process::exit(1)
}

unsafe impl GlobalAlloc for Counting {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        charge(layout.size() as isize);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { HEAP.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        charge(layout.size() as isize);
        // SAFETY: as for alloc.
        unsafe { HEAP.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        charge(-(layout.size() as isize));
        // SAFETY: as for alloc.
        unsafe { HEAP.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        charge(new_size as isize - layout.size() as isize);
        // SAFETY: as for alloc.
        unsafe { HEAP.realloc(ptr, layout, new_size) }
    }
}

/// A render in progress on this thread: allocations are counted against
/// [`RENDER_BYTES`] until it is dropped.
pub struct Region<'a> {
    previous: Option<Budget>,
    _describe: std::marker::PhantomData<&'a ()>,
}

impl<'a> Region<'a> {
    /// Opens a region. `describe` gives the whole error message (what
    /// [`crate::Error`] would display) if the render goes over budget; it
    /// runs only then, with the budget off.
    pub fn enter(describe: &'a (dyn Fn() -> String + 'a)) -> Region<'a> {
        // SAFETY: only the lifetime is erased. The pointer is used only
        // while this region is the thread's current one, and the region
        // borrows `describe` for 'a, so the closure outlives that.
        let describe: *const (dyn Fn() -> String + 'static) =
            unsafe { std::mem::transmute(describe) };
        let budget = Budget {
            left: RENDER_BYTES as isize,
            describe,
        };
        let previous = CURRENT.with(|current| current.replace(Some(budget)));
        Region {
            previous,
            _describe: std::marker::PhantomData,
        }
    }

    /// Bytes this render may still allocate (for tests; meaningful only
    /// with [`Counting`] installed).
    pub fn left(&self) -> isize {
        CURRENT.with(|current| current.get().map_or(0, |b| b.left))
    }
}

impl Drop for Region<'_> {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.previous));
    }
}

/// Instructions all the renders of one run may spend together: about a
/// third of a second of template work. A kit of 1,000 built-in agents
/// spends 1.5 million (1,100 to 2,000 an agent); a run that needs more is
/// rendering thousands of questions or agents that each spend near
/// the fuel of one render, which took 14 seconds an agent for 9,000 such questions.
pub const RUN_FUEL: u64 = 20_000_000;

/// What all the renders of one run may write together. A kit of 1,000
/// built-in agents writes about 5 MiB; without this, a kit of many agents
/// that each write just under the 1 MiB cap of one render would hold gigabytes.
pub const RUN_OUTPUT_BYTES: u64 = 64 * 1024 * 1024;

/// What is left of a run's fuel and output budgets; one per run, shared
/// by the threads that render a kit.
pub struct Run {
    fuel_left: AtomicU64,
    output_left: AtomicU64,
}

impl Default for Run {
    fn default() -> Run {
        Run {
            fuel_left: AtomicU64::new(RUN_FUEL),
            output_left: AtomicU64::new(RUN_OUTPUT_BYTES),
        }
    }
}

impl Run {
    /// Takes the `fuel` a finished render used and the bytes it `wrote`;
    /// the render that overdraws a budget gets the message to report.
    /// Renders on other threads may each finish theirs, so a run stops
    /// within one render's worth per thread of its budgets.
    pub fn spend(&self, fuel: u64, wrote: u64) -> Result<(), String> {
        if !take(&self.fuel_left, fuel) {
            return Err(format!(
                "the templates of this run did more than {} million instructions in all, far more than any run needs; look for very many questions or agents whose templates each do a lot of work",
                RUN_FUEL / 1_000_000
            ));
        }
        if !take(&self.output_left, wrote) {
            return Err(format!(
                "the templates of this run wrote more than {} MiB in all, far more than any run needs; look for very many agents or answers that each render a lot of text",
                RUN_OUTPUT_BYTES / (1024 * 1024)
            ));
        }
        Ok(())
    }
}

/// Takes `amount` from a run budget; false if there was not that much left.
fn take(left: &AtomicU64, amount: u64) -> bool {
    let before = left
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            Some(left.saturating_sub(amount))
        })
        .unwrap_or_else(|left| left);
    amount <= before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_are_kept_per_region_and_restored_when_it_ends() {
        let outer_describe = || "outer".to_owned();
        let outer = Region::enter(&outer_describe);
        charge(1000);
        assert_eq!(outer.left(), RENDER_BYTES as isize - 1000);
        {
            let inner_describe = || "inner".to_owned();
            let inner = Region::enter(&inner_describe);
            charge(10);
            charge(-4);
            assert_eq!(inner.left(), RENDER_BYTES as isize - 6);
        }
        assert_eq!(outer.left(), RENDER_BYTES as isize - 1000);
        drop(outer);
        assert!(CURRENT.with(|c| c.get()).is_none(), "no region: no count");
    }

    #[test]
    fn a_run_budget_refuses_the_render_that_overdraws_it() {
        let run = Run::default();
        assert!(run.spend(RUN_FUEL - 10, RUN_OUTPUT_BYTES).is_ok());
        assert!(run.spend(10, 0).is_ok(), "exactly used up");
        let err = run.spend(1, 0).unwrap_err();
        assert!(err.contains("20 million instructions"), "{err}");
        let run = Run::default();
        let err = run.spend(0, RUN_OUTPUT_BYTES + 1).unwrap_err();
        assert!(err.contains("wrote more than 64 MiB"), "{err}");
    }

    #[test]
    fn frees_of_older_values_count_in_the_regions_favour() {
        let describe = String::new;
        let region = Region::enter(&describe);
        charge(-500);
        charge(RENDER_BYTES as isize);
        assert_eq!(region.left(), 500, "not over budget, so still running");
    }
}
