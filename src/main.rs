// Reading allocates a few small strings per line and frees them after the
// check: jemalloc does that in about two thirds of glibc's time (bench/README.md).
#[cfg(unix)]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    // Output piped into `head` ends with a closed pipe: stop quietly, as
    // command-line tools do, instead of failing on the next write.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(irislint::cli::main());
}
