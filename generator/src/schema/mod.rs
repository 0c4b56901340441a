//! The front end: schema files → YAML nodes with spans → the input syntax tree.

pub mod ast;
mod decode;
pub mod keys;
mod reader;
pub mod yaml;

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceFile};

/// Parses and decodes one file. `None` when the file is unusable (diagnostics say why).
pub fn parse_file(
    id: FileId,
    file: &SourceFile,
    d: &mut Vec<Diagnostic>,
) -> Option<ast::SchemaFile> {
    let root = yaml::parse(id, file, d)?;
    decode::decode_file(&root, d)
}
