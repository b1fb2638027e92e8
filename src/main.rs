// Reading allocates a few small strings per line and frees them after the
// check: jemalloc does that in about two thirds of glibc's time (bench/README.md).
#[cfg(unix)]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// jemalloc's options, read when it starts. Blocks over 1 KiB freed by one
// thread go straight back to the arena they came from instead of that
// thread's cache: the server's writer frees what its linting thread
// allocated, and while a large document is edited the linting thread would
// otherwise take fresh pages at every keystroke (RSS 290 MiB against 130 MiB
// while typing in 50,000 lines; batch runs take the same time either way).
#[cfg(unix)]
#[export_name = "_rjem_malloc_conf"]
static MALLOC_CONF: &[u8; 16] = b"tcache_max:1024\0";

fn main() {
    // Output piped into `head` ends with a closed pipe: stop quietly, as
    // command-line tools do, instead of failing on the next write.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(irislint::cli::main());
}
