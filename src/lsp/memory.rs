//! Giving memory back. Reading and checking a large document allocates many
//! times its size, on the linting thread; once the result is dropped, the
//! allocator keeps those pages for reuse, so the process stays as large as
//! its largest lint. After a large document is linted or closed, the writer
//! asks the allocators to return their free pages to the system: jemalloc,
//! which the program allocates with on Unix, and glibc's, which the parsers'
//! C code allocates with.

/// Documents larger than this keep only their text and diagnostics between
/// changes: their read form is many times their size, so
/// requests read them again and every change parses them in full.
pub const LARGE: usize = 4 << 20;

/// Returns free heap pages to the system (jemalloc's purge of every arena and
/// glibc's `malloc_trim`; elsewhere the allocator decides). Runs on the
/// blocking pool: it walks every arena.
pub fn release_freed() {
    tokio::task::spawn_blocking(trim);
}

/// Keeps large blocks (a document's text, its copies) in blocks of their own
/// that go back to the system when freed: glibc otherwise raises the size it
/// does this from after the first such block is freed, and later ones land
/// in the heap among small objects that pin it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn start() {
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
pub fn start() {}

fn trim() {
    purge_jemalloc();
    trim_glibc();
}

#[cfg(unix)]
fn purge_jemalloc() {
    // `arena.<MALLCTL_ARENAS_ALL>.purge`: every arena's unused dirty pages.
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
