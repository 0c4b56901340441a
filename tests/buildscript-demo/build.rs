//! Generates models and validators from `schemas/` into `$OUT_DIR`.

fn main() -> Result<(), schemagen::BuildError> {
    schemagen::compile_schemas(&["schemas"])
}
