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
    "self_signed",
];
/// Keys of `self signed` (a bearer scheme whose token is a JWT the client signs itself).
pub const SELF_SIGNED_KEYS: &[&str] = &["algorithm", "lifetime_seconds", "claims"];
/// Keys of `claim` (one claim of a self-signed JWT).
pub const CLAIM_KEYS: &[&str] = &["description", "required", "example", "rust_name"];
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
    "idempotent",
];
/// Keys of `request`.
pub const REQUEST_KEYS: &[&str] = &["body", "required", "content_types"];
/// Keys of `response`.
pub const RESPONSE_KEYS: &[&str] = &["description", "body", "content_types"];

/// The values of an object's `unknown_fields:`.
pub const UNKNOWN_FIELDS_VALUES: &[&str] = &["allow", "reject"];
/// The values of an auth scheme's `scheme:`.
pub const AUTH_SCHEMES: &[&str] = &["bearer", "basic", "api_key"];
/// The values of a self-signed JWT's `algorithm:`.
pub const JWT_ALGORITHMS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
];
/// The claims a self-signed JWT always carries, set by the signer (not declared).
pub const JWT_SIGNER_CLAIMS: &[&str] = &["iat", "exp", "jti"];
/// The values of a rule's `severity:`.
pub const SEVERITIES: &[&str] = &["error", "warning"];
/// The values of a parameter's `in:`.
pub const PARAM_LOCATIONS: &[&str] = &["path", "query", "header"];

/// The built-in type names (`integer` is another name of `int64`).
pub const BUILTIN_TYPES: &[&str] = &[
    "string", "boolean", "int32", "int64", "integer", "number", "any", "array", "map",
];

/// A constraint key of `type attr` and the built-in types it may be written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConstraintFit {
    /// The key: one of [`TYPE_ATTR_KEYS`] besides `type`.
    pub key: &'static str,
    /// The built-in types (of [`BUILTIN_TYPES`]) it fits.
    pub types: &'static [&'static str],
    /// How a message names those types (`` `type: string` ``).
    pub applies_to: &'static str,
}

const NUMBER_TYPES: &[&str] = &["int32", "int64", "integer", "number"];
const NUMBER_TYPES_TEXT: &str = "a number type (int32, int64, number)";

/// Which constraint fits which built-in type, one entry per key of [`TYPE_ATTR_KEYS`] besides
/// `type`, in that order. Lowering reports a constraint written on any other type, and the
/// OpenAPI import writes none that does not fit; both read this one table.
pub const CONSTRAINT_FITS: &[ConstraintFit] = &[
    ConstraintFit {
        key: "format",
        types: &["string"],
        applies_to: "`type: string`",
    },
    ConstraintFit {
        key: "minimum",
        types: NUMBER_TYPES,
        applies_to: NUMBER_TYPES_TEXT,
    },
    ConstraintFit {
        key: "maximum",
        types: NUMBER_TYPES,
        applies_to: NUMBER_TYPES_TEXT,
    },
    ConstraintFit {
        key: "min_length",
        types: &["string"],
        applies_to: "`type: string`",
    },
    ConstraintFit {
        key: "max_length",
        types: &["string"],
        applies_to: "`type: string`",
    },
    ConstraintFit {
        key: "min_items",
        types: &["array"],
        applies_to: "`type: array`",
    },
    ConstraintFit {
        key: "max_items",
        types: &["array"],
        applies_to: "`type: array`",
    },
    ConstraintFit {
        key: "pattern",
        types: &["string"],
        applies_to: "`type: string`",
    },
    ConstraintFit {
        key: "const",
        types: &["string", "boolean", "int32", "int64", "integer"],
        applies_to: "`type: string`, `boolean`, `int32` or `int64`",
    },
    ConstraintFit {
        key: "items",
        types: &["array"],
        applies_to: "`type: array`",
    },
    ConstraintFit {
        key: "values",
        types: &["map"],
        applies_to: "`type: map`",
    },
];

/// Whether the constraint `key` may be written on the built-in type `type_name`. False for
/// named types and for keys that are not constraints.
pub fn constraint_fits(type_name: &str, key: &str) -> bool {
    CONSTRAINT_FITS
        .iter()
        .any(|c| c.key == key && c.types.contains(&type_name))
}

/// How a message names the types that the constraint `key` fits (empty for other keys).
pub fn constraint_applies_to(key: &str) -> &'static str {
    CONSTRAINT_FITS
        .iter()
        .find(|c| c.key == key)
        .map_or("", |c| c.applies_to)
}

/// Whether a JSON value is a value of the scalar built-in type `type_name` (a `const` or a
/// default): `None` when the type is not a scalar built-in (`any`, `array`, `map`, a named
/// type), whose values the caller judges.
pub fn scalar_value_fits(type_name: &str, value: &serde_json::Value) -> Option<bool> {
    use serde_json::Value;
    Some(match (type_name, value) {
        ("string", Value::String(_))
        | ("boolean", Value::Bool(_))
        | ("number", Value::Number(_)) => true,
        ("int32", Value::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
        ("int64" | "integer", Value::Number(n)) => n.as_i64().is_some(),
        ("string" | "boolean" | "number" | "int32" | "int64" | "integer", _) => false,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constraint_table_covers_every_type_attribute() {
        let keys: Vec<&str> = CONSTRAINT_FITS.iter().map(|c| c.key).collect();
        assert_eq!(keys, TYPE_ATTR_KEYS[1..]);
        assert_eq!(TYPE_ATTR_KEYS[0], "type");
        for c in CONSTRAINT_FITS {
            assert!(c.types.iter().all(|t| BUILTIN_TYPES.contains(t)), "{c:?}");
        }
        assert!(constraint_fits("string", "pattern"));
        assert!(constraint_fits("integer", "minimum"));
        assert!(!constraint_fits("number", "const"));
        assert!(!constraint_fits("Pet", "format"));
        assert!(!constraint_fits("string", "type"));
    }

    #[test]
    fn scalar_values_fit_their_types() {
        use serde_json::json;
        assert_eq!(
            scalar_value_fits("int32", &json!(3_000_000_000u64)),
            Some(false)
        );
        assert_eq!(
            scalar_value_fits("int64", &json!(3_000_000_000u64)),
            Some(true)
        );
        assert_eq!(scalar_value_fits("int64", &json!(1.5)), Some(false));
        assert_eq!(scalar_value_fits("number", &json!(1.5)), Some(true));
        assert_eq!(scalar_value_fits("string", &json!(1)), Some(false));
        assert_eq!(scalar_value_fits("any", &json!(1)), None);
        assert_eq!(scalar_value_fits("Pet", &json!({})), None);
    }
}
