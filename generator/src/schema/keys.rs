//! The key tables of the schema language: which keys each mapping accepts. The decoder checks
//! every key against these lists, and the editor JSON Schema (`docs/schema-language.schema.json`)
//! is tested against them, so the two cannot drift apart.

/// Keys of `top`.
pub const TOP_KEYS: &[&str] = &["api", "types", "operations"];
/// Keys of `api`.
pub const API_KEYS: &[&str] = &[
    "name",
    "title",
    "version",
    "description",
    "servers",
    "auth",
    "headers",
    "content_types",
];
/// Keys of `server`.
pub const SERVER_KEYS: &[&str] = &["url", "description", "variables"];
/// Keys of `server var`.
pub const SERVER_VAR_KEYS: &[&str] = &["description", "default"];
/// Keys of `auth`.
pub const AUTH_KEYS: &[&str] = &[
    "scheme",
    "description",
    "bearer_format",
    "password_empty",
    "header",
    "prefix",
];
/// Keys of `type attr`.
pub const TYPE_ATTR_KEYS: &[&str] = &[
    "type",
    "format",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "min_items",
    "max_items",
    "pattern",
    "const",
    "items",
    "values",
];
/// Keys of `field extra`.
pub const FIELD_EXTRA_KEYS: &[&str] = &[
    "required",
    "nullable",
    "description",
    "default",
    "example",
    "deprecated",
    "read_only",
    "write_only",
    "rust_name",
    "since",
];
/// Keys of `typedef common`.
pub const TYPEDEF_COMMON: &[&str] = &["description", "rust_name", "deprecated"];
/// Keys of `object`.
pub const OBJECT_KEYS: &[&str] = &["fields", "rules", "unknown_fields"];
/// Keys of `enum`.
pub const ENUM_KEYS: &[&str] = &["enum", "open", "default"];
/// Keys of `enum value`.
pub const ENUM_VALUE_KEYS: &[&str] = &["value", "description", "rust_name", "deprecated"];
/// Keys of `union`.
pub const UNION_KEYS: &[&str] = &["union"];
/// Keys of `union inner`.
pub const UNION_INNER_KEYS: &[&str] = &["tag", "variants"];
/// Keys of `one of`.
pub const ONE_OF_KEYS: &[&str] = &["one_of"];
/// Keys of `rule`.
pub const RULE_KEYS: &[&str] = &[
    "forbidden",
    "required",
    "precedence",
    "when",
    "severity",
    "code",
    "message",
];
/// Keys of `condition`.
pub const CONDITION_KEYS: &[&str] = &["field", "equals", "one_of", "present"];
/// Keys of `precedence`.
pub const PRECEDENCE_KEYS: &[&str] = &["winner", "over"];
/// Keys of `param`.
pub const PARAM_KEYS: &[&str] = &["in", "description", "required", "example", "rust_name"];
/// Keys of a common header under `api.headers`, besides the type-expression keys: a parameter's
/// keys without `in` (a common header always goes in the header).
pub const HEADER_KEYS: &[&str] = &["description", "required", "example", "rust_name"];
/// Keys of `operation`.
pub const OPERATION_KEYS: &[&str] = &[
    "summary",
    "description",
    "method",
    "path",
    "auth",
    "parameters",
    "request",
    "responses",
    "deprecated",
];
/// Keys of `request`.
pub const REQUEST_KEYS: &[&str] = &["body", "required", "content_types"];
/// Keys of `response`.
pub const RESPONSE_KEYS: &[&str] = &["description", "body", "content_types"];

/// The values of an object's `unknown_fields:`.
pub const UNKNOWN_FIELDS_VALUES: &[&str] = &["allow", "reject"];
/// The values of an auth scheme's `scheme:`.
pub const AUTH_SCHEMES: &[&str] = &["bearer", "basic", "api_key"];
/// The values of a rule's `severity:`.
pub const SEVERITIES: &[&str] = &["error", "warning"];
/// The values of a parameter's `in:`.
pub const PARAM_LOCATIONS: &[&str] = &["path", "query", "header"];

/// The built-in type names (`integer` is another name of `int64`).
pub const BUILTIN_TYPES: &[&str] = &[
    "string", "boolean", "int32", "int64", "integer", "number", "any", "array", "map",
];
