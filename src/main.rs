fn main() {
    std::process::exit(irislint::cli::main());
}
