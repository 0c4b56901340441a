//! The classification table: one function per direction, one row per [`Kind`].
//!
//! The point of view is always a client built from OLD talking to a server that behaves like
//! NEW. On the request side (bodies and parameters the client sends) NEW must accept everything
//! OLD lets the client send: NEW accepting less is breaking, NEW accepting more is stricter (the
//! client's validators refuse what the server would take). On the response side (bodies the
//! server sends) OLD must decode everything NEW may send: NEW sending more than OLD decodes is
//! breaking, NEW sending values that OLD's validators reject (but that still decode) is stricter,
//! and NEW sending less is compatible.
//!
//! Both functions match every kind without a wildcard, so a new kind cannot be added without
//! deciding its class in both directions.

use super::{Class, Direction, Kind};

/// How the set of values NEW allows relates to OLD's, for a changed type or constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// NEW allows everything OLD allows, and more (bound loosened, format dropped, `any`).
    Looser,
    /// NEW allows a part of what OLD allows (bound tightened, format added).
    Tighter,
    /// Neither contains the other, or it cannot be told (two different formats or patterns).
    #[default]
    Different,
}

/// What the table needs to know about a difference besides its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// For type and constraint changes: how NEW's allowed values relate to OLD's.
    pub scope: Scope,
    /// For an added field, parameter or body: NEW requires it. For a removed field: OLD
    /// required it.
    pub required: bool,
    /// For an added or removed parameter: it is a path parameter.
    pub in_path: bool,
    /// The enclosing object of OLD rejects members it does not declare.
    pub old_rejects_unknown: bool,
    /// The enclosing object of NEW rejects members it does not declare.
    pub new_rejects_unknown: bool,
    /// OLD's enum is open (keeps values it does not know).
    pub old_open: bool,
    /// NEW's enum is open.
    pub new_open: bool,
    /// For a bound change: it comes from an integer width (`int32` against `int64`), so OLD's
    /// Rust type cannot hold the values NEW allows.
    pub width: bool,
    /// For an added response: a success (2xx) status and OLD has no `default` response, so
    /// OLD's client cannot decode it.
    pub unknown_success: bool,
    /// For `unknown-fields-rejected`: OLD declares fields that NEW dropped, so an OLD client
    /// may send members NEW now rejects.
    pub dropped_fields: bool,
}

/// The class of a difference found in a part flowing in `direction`.
pub fn classify(direction: Direction, kind: Kind, facts: &Facts) -> Class {
    match direction {
        Direction::Request => request_class(kind, facts),
        Direction::Response => response_class(kind, facts),
    }
}

/// Request side (request bodies, parameters, the operation itself): NEW must accept what an OLD
/// client sends.
pub fn request_class(kind: Kind, f: &Facts) -> Class {
    use Class::*;
    match kind {
        // A new required field is one the OLD client never sends; a new optional one is
        // accepted by NEW but refused by OLD's validators when OLD rejects unknown members.
        Kind::FieldAdded if f.required => Breaking,
        Kind::FieldAdded => Stricter,
        // The OLD client still sends the field: NEW rejects it only if it rejects unknown
        // members, and ignores it otherwise.
        Kind::FieldRemoved if f.new_rejects_unknown => Breaking,
        Kind::FieldRemoved => Compatible,
        // Optional → required: the OLD client may leave it out.
        Kind::RequiredAdded => Breaking,
        // Required → optional: NEW accepts more.
        Kind::RequiredRemoved => Stricter,
        // NEW accepts `null` too.
        Kind::NullableAdded => Stricter,
        // The OLD client may send `null`.
        Kind::NullableRemoved => Breaking,
        // A wider type (`integer` → `number`, anything → `any`) accepts more; anything else
        // rejects what the OLD client sends.
        Kind::TypeChanged if f.scope == Scope::Looser => Stricter,
        Kind::TypeChanged => Breaking,
        // NEW accepts one more value; an OLD open enum could already send it.
        Kind::EnumValueAdded if f.old_open => Compatible,
        Kind::EnumValueAdded => Stricter,
        // The OLD client may send the value; an open NEW enum still takes it.
        Kind::EnumValueRemoved if f.new_open => Compatible,
        Kind::EnumValueRemoved => Breaking,
        // NEW accepts any string.
        Kind::EnumOpened => Stricter,
        // NEW accepts only its listed values; the OLD client may send others.
        Kind::EnumClosed => Breaking,
        // Constraints: loosened means NEW accepts more; tightened or changed means NEW may
        // reject what the OLD client sends.
        Kind::FormatChanged
        | Kind::MinimumChanged
        | Kind::MaximumChanged
        | Kind::MinLengthChanged
        | Kind::MaxLengthChanged
        | Kind::MinItemsChanged
        | Kind::MaxItemsChanged
        | Kind::PatternChanged
        | Kind::ConstChanged => {
            if f.scope == Scope::Looser {
                Stricter
            } else {
                Breaking
            }
        }
        // NEW accepts one more variant.
        Kind::VariantAdded => Stricter,
        // The OLD client may send the variant.
        Kind::VariantRemoved => Breaking,
        // The OLD client only sends members OLD declares: breaking only when NEW dropped some.
        Kind::UnknownFieldsRejected if f.dropped_fields => Breaking,
        Kind::UnknownFieldsRejected => Compatible,
        // NEW accepts members OLD's validators refuse.
        Kind::UnknownFieldsAllowed => Stricter,
        // A new required body is one the OLD client never sends; an optional one is accepted.
        Kind::BodyAdded if f.required => Breaking,
        Kind::BodyAdded => Stricter,
        // The OLD client sends a body the server does not declare: rejected (415/400), or at
        // best ignored, which loses what the client meant to change.
        Kind::BodyRemoved => Breaking,
        // Optional → required (carried as `scope: Tighter`): the OLD client may leave the body
        // out. Required → optional: NEW accepts more.
        Kind::BodyRequiredChanged if f.scope == Scope::Tighter => Breaking,
        Kind::BodyRequiredChanged => Stricter,
        // A new required parameter (every path parameter is) is one the OLD client never sends.
        Kind::ParameterAdded if f.required || f.in_path => Breaking,
        Kind::ParameterAdded => Stricter,
        // The OLD client sends a query or header parameter NEW ignores; a path segment it fills
        // in that NEW does not have changes the URL.
        Kind::ParameterRemoved if f.in_path => Breaking,
        Kind::ParameterRemoved => Compatible,
        // Responses are classified on the response side; listed here for completeness.
        Kind::ResponseAdded | Kind::ResponseRemoved => response_class(kind, f),
        // A new operation does not affect the OLD client.
        Kind::OperationAdded => Compatible,
        // The OLD client calls what the server no longer has.
        Kind::OperationRemoved => Breaking,
        // No longer idempotent (carried as `scope: Tighter`): the OLD client repeats it after a
        // 502, 504, timeout or dropped connection, and may apply it twice. Newly idempotent:
        // the OLD client is only more careful than it needs to be.
        Kind::IdempotencyChanged if f.scope == Scope::Tighter => Breaking,
        Kind::IdempotencyChanged => Compatible,
        // Only a longer lifetime, or a newly declared signer (carried as `scope: Looser`): the
        // OLD client's tokens are still what NEW accepts. Anything else (algorithm, claims, a
        // shorter lifetime, the signer dropped): NEW may refuse the OLD client's tokens.
        Kind::SelfSignedChanged if f.scope == Scope::Looser => Compatible,
        Kind::SelfSignedChanged => Breaking,
    }
}

/// Response side (response bodies and statuses): OLD must decode what NEW sends.
pub fn response_class(kind: Kind, f: &Facts) -> Class {
    use Class::*;
    match kind {
        // A new member: OLD ignores it unless OLD rejects unknown members.
        Kind::FieldAdded if f.old_rejects_unknown => Breaking,
        Kind::FieldAdded => Compatible,
        // OLD requires the field NEW no longer sends; an optional one is simply absent.
        Kind::FieldRemoved if f.required => Breaking,
        Kind::FieldRemoved => Compatible,
        // NEW always sends it now.
        Kind::RequiredAdded => Compatible,
        // NEW may leave out a field OLD requires.
        Kind::RequiredRemoved => Breaking,
        // NEW may send `null` where OLD expects a value.
        Kind::NullableAdded => Breaking,
        // NEW never sends `null` any more.
        Kind::NullableRemoved => Compatible,
        // NEW sends a narrower type (`any` → `string`, `number` → `integer`): still decodes.
        // Anything else does not decode.
        Kind::TypeChanged if f.scope == Scope::Tighter => Compatible,
        Kind::TypeChanged => Breaking,
        // A value OLD's closed enum does not know fails decoding; an open one keeps it.
        Kind::EnumValueAdded if f.old_open => Compatible,
        Kind::EnumValueAdded => Breaking,
        // NEW sends fewer values.
        Kind::EnumValueRemoved => Compatible,
        // NEW may send any string; OLD's closed enum fails on unknown ones.
        Kind::EnumOpened if f.old_open => Compatible,
        Kind::EnumOpened => Breaking,
        // NEW sends only listed values.
        Kind::EnumClosed => Compatible,
        // An integer bound widened by the type (`int32` → `int64`): OLD's `i32` cannot hold it.
        Kind::MinimumChanged | Kind::MaximumChanged if f.width && f.scope != Scope::Tighter => {
            Breaking
        }
        // Constraints: NEW may send values OLD's validators reject (loosened or changed), but
        // they decode; tightened means NEW sends less.
        Kind::FormatChanged
        | Kind::MinimumChanged
        | Kind::MaximumChanged
        | Kind::MinLengthChanged
        | Kind::MaxLengthChanged
        | Kind::MinItemsChanged
        | Kind::MaxItemsChanged
        | Kind::PatternChanged
        | Kind::ConstChanged => {
            if f.scope == Scope::Tighter {
                Compatible
            } else {
                Stricter
            }
        }
        // A variant OLD does not know (tagged: an unknown tag; untagged: no variant matches).
        Kind::VariantAdded => Breaking,
        // NEW sends fewer variants.
        Kind::VariantRemoved => Compatible,
        // What the server's own validation accepts does not change what it sends.
        Kind::UnknownFieldsRejected | Kind::UnknownFieldsAllowed => Compatible,
        // OLD ignores a body it does not expect.
        Kind::BodyAdded => Compatible,
        // OLD expects a body NEW does not send.
        Kind::BodyRemoved => Breaking,
        // Only request bodies have `required`; listed for completeness.
        Kind::BodyRequiredChanged => request_class(kind, f),
        // Parameters are request-side; listed for completeness.
        Kind::ParameterAdded | Kind::ParameterRemoved => request_class(kind, f),
        // A success status OLD does not know cannot be decoded; a new error status comes back
        // as an unexpected status, which OLD's client reports like any other error.
        Kind::ResponseAdded if f.unknown_success => Breaking,
        Kind::ResponseAdded => Compatible,
        // NEW no longer sends a status.
        Kind::ResponseRemoved => Compatible,
        // Operations are request-side; listed for completeness.
        Kind::OperationAdded
        | Kind::OperationRemoved
        | Kind::IdempotencyChanged
        | Kind::SelfSignedChanged => request_class(kind, f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(kind: Kind, f: Facts) -> Class {
        classify(Direction::Request, kind, &f)
    }

    fn resp(kind: Kind, f: Facts) -> Class {
        classify(Direction::Response, kind, &f)
    }

    fn scope(scope: Scope) -> Facts {
        Facts {
            scope,
            ..Facts::default()
        }
    }

    #[test]
    fn request_side_rows() {
        let d = Facts::default();
        let required = Facts {
            required: true,
            ..d
        };
        let rejecting = Facts {
            new_rejects_unknown: true,
            ..d
        };
        assert_eq!(req(Kind::EnumValueRemoved, d), Class::Breaking);
        assert_eq!(
            req(
                Kind::EnumValueRemoved,
                Facts {
                    new_open: true,
                    ..d
                }
            ),
            Class::Compatible
        );
        assert_eq!(req(Kind::EnumValueAdded, d), Class::Stricter);
        assert_eq!(
            req(
                Kind::EnumValueAdded,
                Facts {
                    old_open: true,
                    ..d
                }
            ),
            Class::Compatible
        );
        assert_eq!(req(Kind::RequiredAdded, d), Class::Breaking);
        assert_eq!(req(Kind::RequiredRemoved, d), Class::Stricter);
        assert_eq!(req(Kind::FieldAdded, required), Class::Breaking);
        assert_eq!(req(Kind::FieldAdded, d), Class::Stricter);
        assert_eq!(req(Kind::FieldRemoved, rejecting), Class::Breaking);
        assert_eq!(req(Kind::FieldRemoved, d), Class::Compatible);
        assert_eq!(req(Kind::NullableAdded, d), Class::Stricter);
        assert_eq!(req(Kind::NullableRemoved, d), Class::Breaking);
        assert_eq!(
            req(Kind::TypeChanged, scope(Scope::Looser)),
            Class::Stricter
        );
        assert_eq!(
            req(Kind::TypeChanged, scope(Scope::Different)),
            Class::Breaking
        );
        assert_eq!(req(Kind::EnumOpened, d), Class::Stricter);
        assert_eq!(req(Kind::EnumClosed, d), Class::Breaking);
        for k in [
            Kind::MaximumChanged,
            Kind::MaxLengthChanged,
            Kind::FormatChanged,
        ] {
            assert_eq!(req(k, scope(Scope::Tighter)), Class::Breaking, "{k}");
            assert_eq!(req(k, scope(Scope::Looser)), Class::Stricter, "{k}");
            assert_eq!(req(k, scope(Scope::Different)), Class::Breaking, "{k}");
        }
        assert_eq!(req(Kind::VariantAdded, d), Class::Stricter);
        assert_eq!(req(Kind::VariantRemoved, d), Class::Breaking);
        assert_eq!(req(Kind::UnknownFieldsRejected, d), Class::Compatible);
        assert_eq!(
            req(
                Kind::UnknownFieldsRejected,
                Facts {
                    dropped_fields: true,
                    ..d
                }
            ),
            Class::Breaking
        );
        assert_eq!(req(Kind::UnknownFieldsAllowed, d), Class::Stricter);
        assert_eq!(req(Kind::BodyAdded, required), Class::Breaking);
        assert_eq!(req(Kind::BodyAdded, d), Class::Stricter);
        assert_eq!(req(Kind::BodyRemoved, d), Class::Breaking);
        assert_eq!(
            req(Kind::BodyRequiredChanged, scope(Scope::Tighter)),
            Class::Breaking
        );
        assert_eq!(
            req(Kind::BodyRequiredChanged, scope(Scope::Looser)),
            Class::Stricter
        );
        assert_eq!(req(Kind::ParameterAdded, required), Class::Breaking);
        assert_eq!(req(Kind::ParameterAdded, d), Class::Stricter);
        assert_eq!(req(Kind::ParameterRemoved, d), Class::Compatible);
        assert_eq!(
            req(Kind::ParameterRemoved, Facts { in_path: true, ..d }),
            Class::Breaking
        );
        assert_eq!(req(Kind::OperationAdded, d), Class::Compatible);
        assert_eq!(
            req(Kind::IdempotencyChanged, scope(Scope::Tighter)),
            Class::Breaking
        );
        assert_eq!(
            req(Kind::IdempotencyChanged, scope(Scope::Looser)),
            Class::Compatible
        );
        assert_eq!(
            req(Kind::SelfSignedChanged, scope(Scope::Looser)),
            Class::Compatible
        );
        assert_eq!(
            req(Kind::SelfSignedChanged, scope(Scope::Different)),
            Class::Breaking
        );
        assert_eq!(req(Kind::OperationRemoved, d), Class::Breaking);
    }

    #[test]
    fn response_side_rows() {
        let d = Facts::default();
        assert_eq!(resp(Kind::FieldAdded, d), Class::Compatible);
        assert_eq!(
            resp(
                Kind::FieldAdded,
                Facts {
                    old_rejects_unknown: true,
                    ..d
                }
            ),
            Class::Breaking
        );
        assert_eq!(
            resp(
                Kind::FieldRemoved,
                Facts {
                    required: true,
                    ..d
                }
            ),
            Class::Breaking
        );
        assert_eq!(resp(Kind::FieldRemoved, d), Class::Compatible);
        assert_eq!(resp(Kind::RequiredRemoved, d), Class::Breaking);
        assert_eq!(resp(Kind::RequiredAdded, d), Class::Compatible);
        assert_eq!(resp(Kind::NullableAdded, d), Class::Breaking);
        assert_eq!(resp(Kind::NullableRemoved, d), Class::Compatible);
        assert_eq!(
            resp(Kind::TypeChanged, scope(Scope::Different)),
            Class::Breaking
        );
        assert_eq!(
            resp(Kind::TypeChanged, scope(Scope::Tighter)),
            Class::Compatible
        );
        assert_eq!(resp(Kind::EnumValueAdded, d), Class::Breaking);
        assert_eq!(
            resp(
                Kind::EnumValueAdded,
                Facts {
                    old_open: true,
                    ..d
                }
            ),
            Class::Compatible
        );
        assert_eq!(resp(Kind::EnumValueRemoved, d), Class::Compatible);
        assert_eq!(resp(Kind::EnumOpened, d), Class::Breaking);
        assert_eq!(resp(Kind::EnumClosed, d), Class::Compatible);
        for k in [
            Kind::MinimumChanged,
            Kind::PatternChanged,
            Kind::FormatChanged,
        ] {
            assert_eq!(resp(k, scope(Scope::Looser)), Class::Stricter, "{k}");
            assert_eq!(resp(k, scope(Scope::Tighter)), Class::Compatible, "{k}");
        }
        let widened = Facts {
            width: true,
            scope: Scope::Looser,
            ..d
        };
        assert_eq!(resp(Kind::MaximumChanged, widened), Class::Breaking);
        assert_eq!(req(Kind::MaximumChanged, widened), Class::Stricter);
        assert_eq!(resp(Kind::VariantAdded, d), Class::Breaking);
        assert_eq!(resp(Kind::VariantRemoved, d), Class::Compatible);
        assert_eq!(resp(Kind::UnknownFieldsRejected, d), Class::Compatible);
        assert_eq!(resp(Kind::BodyAdded, d), Class::Compatible);
        assert_eq!(resp(Kind::BodyRemoved, d), Class::Breaking);
        assert_eq!(
            resp(
                Kind::ResponseAdded,
                Facts {
                    unknown_success: true,
                    ..d
                }
            ),
            Class::Breaking
        );
        assert_eq!(resp(Kind::ResponseAdded, d), Class::Compatible);
        assert_eq!(resp(Kind::ResponseRemoved, d), Class::Compatible);
    }

    #[test]
    fn every_kind_has_a_class_in_both_directions_and_a_unique_code() {
        let mut codes = std::collections::BTreeSet::new();
        for &k in Kind::ALL {
            let _ = req(k, Facts::default());
            let _ = resp(k, Facts::default());
            assert!(codes.insert(k.code()), "duplicate code {}", k.code());
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
        assert_eq!(codes.len(), Kind::ALL.len());
    }
}
