//! The `schemagen` command: parses arguments and prints; everything else is in the library.

fn main() -> std::process::ExitCode {
    schemagen::cli::main()
}
