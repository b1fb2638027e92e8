fn main() {
    // Output piped into `head` ends with a closed pipe: stop quietly, as
    // command-line tools do, instead of failing on the next write.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(irislint::cli::main());
}
