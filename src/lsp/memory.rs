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
    let never: isize = -1;
    // Arenas made from now on (each thread takes one when it first allocates).
    set_decay(b"arenas.dirty_decay_ms\0", never);
    set_decay(b"arenas.muzzy_decay_ms\0", never);
    // And the ones that exist already (asking for one that does not is refused).
    for arena in 0..64 {
        set_decay(format!("arena.{arena}.dirty_decay_ms\0").as_bytes(), never);
        set_decay(format!("arena.{arena}.muzzy_decay_ms\0").as_bytes(), never);
    }
}

#[cfg(unix)]
fn set_decay(name: &[u8], mut ms: isize) {
    // SAFETY: `name` ends with NUL; the new value is an `ssize_t` that
    // jemalloc reads and does not keep.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            name.as_ptr().cast(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            (&mut ms as *mut isize).cast(),
            std::mem::size_of::<isize>(),
        );
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
    const PURGE_ALL: &[u8] = b"arena.4096.purge\0";
    // SAFETY: a void mallctl: no old or new value is read or written.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            PURGE_ALL.as_ptr().cast(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
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
