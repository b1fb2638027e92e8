//! Giving memory back. Reading and checking a document allocates many times
//! its size, on the linting thread. While the user types, the freed pages are
//! kept for the next lint (faulting them in again cost a quarter of a
//! 50,000-line keystroke); once the server has been idle for [`IDLE`], or a
//! large document was linted or closed, the writer asks the allocators to
//! return their free pages to the system: jemalloc, which the program
//! allocates with on Unix, and glibc's, which the parsers' C code uses.

use std::time::Duration;

/// Documents larger than this keep only their text and diagnostics between
/// changes: their read form is many times their size, so
/// requests read them again and every change parses them in full.
pub const LARGE: usize = 4 << 20;

/// How long the server waits after a lint, with nothing to do, before it
/// gives freed memory back.
pub const IDLE: Duration = Duration::from_secs(2);

/// Returns free heap pages to the system (jemalloc's purge of every arena and
/// glibc's `malloc_trim`; elsewhere the allocator decides). Runs on the
/// blocking pool: it walks every arena.
pub fn release_freed() {
    tokio::task::spawn_blocking(trim);
}

/// Sets the allocators up for the server (before its threads start).
pub fn start() {
    keep_freed_pages();
    large_blocks_apart();
}

/// jemalloc returns freed pages to the system gradually (over ten seconds by
/// default), so a burst of keystrokes on a large document faults the same
/// pages in again at every lint. The server keeps them until it is idle
/// instead ([`release_freed`]).
#[cfg(unix)]
fn keep_freed_pages() {
    let never = Some(-1);
    // Arenas made from now on (each thread takes one when it first allocates).
    mallctl(b"arenas.dirty_decay_ms\0", never);
    mallctl(b"arenas.muzzy_decay_ms\0", never);
    // And the ones that exist already (asking for one that does not is refused).
    for arena in 0..64 {
        mallctl(format!("arena.{arena}.dirty_decay_ms\0").as_bytes(), never);
        mallctl(format!("arena.{arena}.muzzy_decay_ms\0").as_bytes(), never);
    }
}

/// One `mallctl` call: writes `new` when given, else runs a void command.
#[cfg(unix)]
fn mallctl(name: &[u8], new: Option<isize>) {
    debug_assert!(name.ends_with(b"\0"));
    let mut value = new.unwrap_or_default();
    let (new, len) = match new {
        Some(_) => ((&mut value as *mut isize).cast(), std::mem::size_of::<isize>()),
        None => (std::ptr::null_mut(), 0),
    };
    // SAFETY: `name` ends with NUL; nothing is read back, and the new value
    // (an `ssize_t`, when given) is read by jemalloc during the call only.
    unsafe {
        tikv_jemalloc_sys::mallctl(name.as_ptr().cast(), std::ptr::null_mut(), std::ptr::null_mut(), new, len);
    }
}

#[cfg(not(unix))]
fn keep_freed_pages() {}

/// Keeps large blocks of glibc's heap (the C parsers' trees) in blocks of
/// their own that go back to the system when freed: glibc otherwise raises
/// the size it does this from after the first such block is freed, and later
/// ones land in the heap among small objects that pin it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn large_blocks_apart() {
    const M_MMAP_THRESHOLD: i32 = -3;
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    // SAFETY: mallopt only sets a tuning parameter of the allocator.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn large_blocks_apart() {}

fn trim() {
    purge_jemalloc();
    trim_glibc();
}

#[cfg(unix)]
fn purge_jemalloc() {
    // `arena.<MALLCTL_ARENAS_ALL>.purge`: every arena's unused pages.
    mallctl(b"arena.4096.purge\0", None);
}

#[cfg(not(unix))]
fn purge_jemalloc() {}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_glibc() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: malloc_trim only releases free memory; it takes no pointers.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_glibc() {}
