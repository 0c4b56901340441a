//! Freshness records: how `regenerate --check` answers "up to date" without generating again.
//!
//! Generation is deterministic: the same generator binary, schema bytes and options give the
//! same files. So after a full check (or a regeneration) has seen that the output directory
//! holds exactly what the schemas generate, it leaves a record: a SHA-256 digest over
//!
//! - the generator's identity (its version, and the path, size and modification time of the
//!   running executable, so any rebuild invalidates every record),
//! - the command's arguments (schema paths, output directory, emit options),
//! - every schema file the paths expand to, by path and content,
//! - every output file the run produced, by path and content,
//! - the names of all `*.rs` files at the top of the output directory (a new file there could
//!   be an orphaned generated file, which the full check reports),
//!
//! and the warnings the schemas produced, to print them again. The next check recomputes the
//! digest from disk (reading a few hundred kilobytes, no parsing, no formatting) and, when it
//! matches, answers as the full check would. Any difference, a missing or unreadable record, or
//! a record from another binary falls back to the full check; nothing is ever answered from a
//! record that does not match byte for byte.
//!
//! Records are a cache: they live outside the repository, in `$SCHEMAGEN_CACHE_DIR` when set
//! (empty disables them), else in `schemagen-cache/` of the cargo target directory the binary
//! was built in, else in the user's cache directory (`$XDG_CACHE_HOME/schemagen` or
//! `~/.cache/schemagen`). A failure to read or write one is never an error.

use sha2::{Digest as _, Sha256};
use std::path::{Path, PathBuf};

const MAGIC: &str = "schemagen-freshness 1";

/// A digest being built over the state a verdict depends on.
pub struct Fingerprint {
    hasher: Sha256,
}

impl Fingerprint {
    /// Starts a digest with the running generator's identity and the command's `context` (its
    /// arguments and options). `None` when the executable cannot be identified.
    pub fn new(context: &str) -> Option<Self> {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(&exe).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let mut f = Fingerprint {
            hasher: Sha256::new(),
        };
        f.field(MAGIC.as_bytes());
        f.field(env!("CARGO_PKG_VERSION").as_bytes());
        f.field(exe.as_os_str().as_encoded_bytes());
        f.field(&meta.len().to_le_bytes());
        f.field(&modified.as_nanos().to_le_bytes());
        f.field(context.as_bytes());
        Some(f)
    }

    /// One length-prefixed field, so that no two different sequences hash the same bytes.
    fn field(&mut self, bytes: &[u8]) {
        self.hasher.update((bytes.len() as u64).to_le_bytes());
        self.hasher.update(bytes);
    }

    /// A schema file and its bytes.
    pub fn input(&mut self, path: &Path, bytes: &[u8]) {
        self.field(b"input");
        self.field(path.as_os_str().as_encoded_bytes());
        self.field(bytes);
    }

    /// An output file (relative to the output directory) and its bytes, `None` when absent.
    pub fn output(&mut self, rel: &Path, bytes: Option<&[u8]>) {
        self.field(b"output");
        self.field(rel.as_os_str().as_encoded_bytes());
        match bytes {
            Some(b) => {
                self.field(b"present");
                self.field(b);
            }
            None => self.field(b"absent"),
        }
    }

    /// The sorted names of the `*.rs` files at the top of the output directory.
    pub fn listing(&mut self, names: &[PathBuf]) {
        self.field(b"listing");
        for n in names {
            self.field(n.as_os_str().as_encoded_bytes());
        }
        self.field(b"end");
    }

    fn finish(self) -> String {
        self.hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The sorted names of the `*.rs` files directly in `out` (what the orphan check looks at).
pub fn rust_files_in(out: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(out) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "rs") {
            names.push(PathBuf::from(entry.file_name()));
        }
    }
    names.sort();
    Ok(names)
}

/// What a record says when it matches: the outputs it covers and the warnings to repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fresh {
    /// The output files (relative to the output directory) the record covers.
    pub outputs: Vec<PathBuf>,
    /// The schemas' rendered warnings, printed again as the full run printed them.
    pub warnings: String,
}

/// Where the record for one output directory lives.
#[derive(Debug, Clone)]
pub struct Record {
    path: PathBuf,
}

impl Record {
    /// The record for `out` in the cache directory, `None` when caching is off or `out` cannot
    /// be resolved.
    pub fn for_output(kind: &str, out: &Path) -> Option<Record> {
        let dir = cache_dir()?;
        let canonical = std::fs::canonicalize(out).ok()?;
        let mut key = Sha256::new();
        key.update(canonical.as_os_str().as_encoded_bytes());
        let key: String = key.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Some(Record {
            path: dir.join(format!("{kind}-{key}.record")),
        })
    }

    /// A record at an explicit path (tests).
    pub fn at(path: PathBuf) -> Record {
        Record { path }
    }

    /// The file the record is kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Recomputes the digest from disk and compares it with the record. `inputs` are the schema
    /// files in load order. `Some` only when every byte the verdict depends on is unchanged.
    pub fn check(&self, mut fp: Fingerprint, inputs: &[PathBuf], out: &Path) -> Option<Fresh> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let (digest, fresh) = parse(&text)?;
        for path in inputs {
            let bytes = std::fs::read(path).ok()?;
            fp.input(path, &bytes);
        }
        for rel in &fresh.outputs {
            match std::fs::read(out.join(rel)) {
                Ok(bytes) => fp.output(rel, Some(&bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => fp.output(rel, None),
                Err(_) => return None,
            }
        }
        fp.listing(&rust_files_in(out).ok()?);
        (fp.finish() == digest).then_some(fresh)
    }

    /// Saves a record for a state a full run has just verified. Errors are the caller's to
    /// ignore: a missing record only costs the next check its fast path.
    pub fn save(&self, fp: Fingerprint, fresh: &Fresh) -> std::io::Result<()> {
        let mut text = format!("{MAGIC}\ndigest {}\n", fp.finish());
        for rel in &fresh.outputs {
            let rel = rel.to_str().ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "non UTF-8 output path")
            })?;
            if rel.contains('\n') {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "output path with a line break",
                ));
            }
            text.push_str("output ");
            text.push_str(rel);
            text.push('\n');
        }
        text.push_str("warnings\n");
        text.push_str(&fresh.warnings);
        crate::write::write_atomic(&self.path, text.as_bytes())
    }
}

/// The digest and the covered outputs of a record's text; `None` when it is not one.
fn parse(text: &str) -> Option<(String, Fresh)> {
    let rest = text.strip_prefix(MAGIC)?.strip_prefix('\n')?;
    let (line, mut rest) = rest.split_once('\n')?;
    let digest = line.strip_prefix("digest ")?.to_string();
    let mut outputs = Vec::new();
    loop {
        let (line, tail) = rest.split_once('\n')?;
        rest = tail;
        if line == "warnings" {
            break;
        }
        outputs.push(PathBuf::from(line.strip_prefix("output ")?));
    }
    Some((
        digest,
        Fresh {
            outputs,
            warnings: rest.to_string(),
        },
    ))
}

/// The directory records are kept in (see the module docs), `None` when caching is off.
fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCHEMAGEN_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let exe = std::env::current_exe().ok()?;
    // `target/<profile>/schemagen`, or `target/<profile>/deps/…` for test binaries: cargo marks
    // its target directory with CACHEDIR.TAG.
    if let Some(target) = exe
        .ancestors()
        .skip(1)
        .take(3)
        .find(|d| d.join("CACHEDIR.TAG").is_file())
    {
        return Some(target.join("schemagen-cache"));
    }
    if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(xdg).join("schemagen"));
    }
    let home = std::env::var_os("HOME").filter(|v| !v.is_empty())?;
    Some(PathBuf::from(home).join(".cache").join("schemagen"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Vec<PathBuf>, PathBuf, Fresh) {
        let dir = tempfile::tempdir().expect("tempdir");
        let schema = dir.path().join("a.yaml");
        std::fs::write(&schema, "api: a\n").expect("write");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("lib.rs"), "// lib\n").expect("write");
        std::fs::write(out.join("a.rs"), "// a\n").expect("write");
        let fresh = Fresh {
            outputs: vec![PathBuf::from("a.rs"), PathBuf::from("lib.rs")],
            warnings: "warning: something\n  --> a.yaml:1:1\n".into(),
        };
        (dir, vec![schema], out, fresh)
    }

    fn saved(dir: &tempfile::TempDir, inputs: &[PathBuf], out: &Path, fresh: &Fresh) -> Record {
        let record = Record::at(dir.path().join("cache").join("r.record"));
        let mut fp = Fingerprint::new("ctx").expect("identity");
        for p in inputs {
            fp.input(p, &std::fs::read(p).expect("read"));
        }
        for rel in &fresh.outputs {
            fp.output(rel, Some(&std::fs::read(out.join(rel)).expect("read")));
        }
        fp.listing(&rust_files_in(out).expect("list"));
        record.save(fp, fresh).expect("save");
        record
    }

    fn check(record: &Record, inputs: &[PathBuf], out: &Path, ctx: &str) -> Option<Fresh> {
        record.check(Fingerprint::new(ctx).expect("identity"), inputs, out)
    }

    #[test]
    fn an_unchanged_state_matches_and_gives_back_outputs_and_warnings() {
        let (dir, inputs, out, fresh) = setup();
        let record = saved(&dir, &inputs, &out, &fresh);
        assert_eq!(check(&record, &inputs, &out, "ctx"), Some(fresh));
    }

    #[test]
    fn any_change_the_verdict_depends_on_makes_the_record_miss() {
        type Change = fn(&[PathBuf], &Path);
        let changes: [(&str, Change); 6] = [
            ("schema edited", |i, _| {
                std::fs::write(&i[0], "api: b\n").expect("write")
            }),
            ("output edited", |_, o| {
                std::fs::write(o.join("a.rs"), "// b\n").expect("write")
            }),
            ("output removed", |_, o| {
                std::fs::remove_file(o.join("lib.rs")).expect("rm")
            }),
            ("a new .rs file beside the outputs", |_, o| {
                std::fs::write(o.join("old.rs"), "// x\n").expect("write")
            }),
            ("schema removed", |i, _| {
                std::fs::remove_file(&i[0]).expect("rm")
            }),
            ("output turned unreadable", |_, o| {
                std::fs::remove_file(o.join("a.rs")).expect("rm");
                std::fs::create_dir(o.join("a.rs")).expect("mkdir");
            }),
        ];
        for (what, change) in changes {
            let (dir, inputs, out, fresh) = setup();
            let record = saved(&dir, &inputs, &out, &fresh);
            change(&inputs, &out);
            assert_eq!(check(&record, &inputs, &out, "ctx"), None, "{what}");
        }
    }

    #[test]
    fn other_arguments_another_input_list_or_a_damaged_record_miss() {
        let (dir, inputs, out, fresh) = setup();
        let record = saved(&dir, &inputs, &out, &fresh);
        assert_eq!(check(&record, &inputs, &out, "other ctx"), None);
        assert_eq!(check(&record, &[], &out, "ctx"), None);
        let text = std::fs::read_to_string(record.path()).expect("read");
        std::fs::write(record.path(), text.replacen("digest ", "digest 0", 1)).expect("write");
        assert_eq!(check(&record, &inputs, &out, "ctx"), None);
        std::fs::write(record.path(), "not a record").expect("write");
        assert_eq!(check(&record, &inputs, &out, "ctx"), None);
        std::fs::remove_file(record.path()).expect("rm");
        assert_eq!(check(&record, &inputs, &out, "ctx"), None);
    }

    #[test]
    fn length_prefixes_keep_field_boundaries_apart() {
        let digest = |parts: &[&[u8]]| {
            let mut fp = Fingerprint::new("ctx").expect("identity");
            for p in parts {
                fp.field(p);
            }
            fp.finish()
        };
        assert_ne!(digest(&[b"ab", b"c"]), digest(&[b"a", b"bc"]));
        assert_eq!(digest(&[b"ab", b"c"]), digest(&[b"ab", b"c"]));
    }
}
