//! Property tests of the generator and the validators:
//!
//! * random schemas built from every construct of the language load without errors, generate,
//!   and every generated file parses; a sample of 20 of them compiles as one crate under
//!   `#![deny(warnings)]`;
//! * random valid values of the vendor types round-trip through JSON unchanged and validate;
//! * random single mutations of the valid request payloads, chosen by walking the IR, are
//!   rejected by both validators with the mutated value's pointer among the errors;
//! * the interpreted and compiled validators report identical lines on every case.

mod support;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use schemagen::ir::{ApiIr, Presence, Shape, ShapeKind, TypeKind};
use schemagen_tests::{files_with_ext, fixture};
use serde_json::{Value, json};
use support::random_schema::{RawSchema, raw_schema};
use voicecall_apis::runtime::{Nullable, PayloadKind, Validate};

fn config(cases: u32) -> Config {
    // `PROPTEST_CASES` runs more (or fewer) cases than the bounded CI default.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        max_shrink_iters: 128,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---- random schemas ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn random_schemas_load_generate_and_parse(raw in raw_schema()) {
        let text = raw.to_yaml("random");
        let schemas = schemagen::load_str("random.yaml", &text);
        prop_assert!(
            !schemas.diagnostics.has_errors(),
            "{}\n{text}",
            schemas.diagnostics.render(&schemas.sources)
        );
        let files = schemagen::emit::emit(
            schemas.checked().expect("no schema errors"),
            &schemagen::emit::EmitOptions::default(),
        )
        .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        for (path, code) in &files {
            if let Err(e) = syn::parse_file(code) {
                return Err(TestCaseError::fail(format!("{} does not parse: {e}\n{text}", path.display())));
            }
        }
        // Every documented payload of the schema: the interpreted validator accepts sample
        // values without panicking.
        let api = &schemas.ir.apis[0];
        for op in &api.operations {
            for sample in [json!({}), json!(null), json!([1, "x"]), json!("x")] {
                if op.request.is_some() {
                    let _ = schemagen::validate::validate_payload(
                        api, &op.id, schemagen::runtime::PayloadKind::Request, &sample,
                    );
                }
            }
        }
    }
}

/// The fixed sample of random schemas compiled by [`a_sample_of_random_schemas_compiles`].
fn sample_schemas(n: usize) -> Vec<RawSchema> {
    let mut runner = TestRunner::deterministic();
    let strategy = raw_schema();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect()
}

#[test]
fn a_sample_of_random_schemas_compiles() {
    let mut sources = schemagen::source::SourceMap::new();
    let mut texts = Vec::new();
    for (i, raw) in sample_schemas(20).into_iter().enumerate() {
        let text = raw.to_yaml(&format!("random{i}"));
        sources.add(format!("random{i}.yaml"), text.clone());
        texts.push(text);
    }
    let schemas = schemagen::load_sources(sources);
    assert!(
        !schemas.diagnostics.has_errors(),
        "{}",
        schemas.diagnostics.render(&schemas.sources)
    );
    assert_eq!(schemas.ir.apis.len(), 20);
    let opts = schemagen::emit::EmitOptions {
        client_feature: None,
        mock_feature: None,
        ..Default::default()
    };
    let files = schemagen::emit::emit(schemas.checked().expect("no schema errors"), &opts)
        .expect("generates");
    let krate = support::TempCrate::new("random-schemas", &files, true);
    krate.cargo_ok(&["build", "--lib"]);
}

// ---- random valid values of the vendor types ----------------------------------------------------

mod values {
    use super::*;
    use voicecall_apis::{bird, close, salesforce, vcita};

    /// A random date-time as the typed models hold it (chrono, offset kept).
    pub fn date_time()
    -> impl Strategy<Value = voicecall_apis::chrono::DateTime<voicecall_apis::chrono::FixedOffset>>
    {
        date_time_text().prop_map(|text| {
            voicecall_apis::chrono::DateTime::parse_from_rfc3339(&text)
                .unwrap_or_else(|e| panic!("{text} is RFC 3339: {e}"))
        })
    }

    /// A random RFC 3339 date-time text.
    pub fn date_time_text() -> impl Strategy<Value = String> {
        (
            2000u32..2040,
            1u32..=12,
            1u32..=28,
            0u32..24,
            0u32..60,
            0u32..60,
            prop::option::of(0u32..1000),
            prop_oneof![
                Just("Z".to_string()),
                (0u32..24, 0u32..60, any::<bool>()).prop_map(|(h, m, plus)| format!(
                    "{}{h:02}:{m:02}",
                    if plus { '+' } else { '-' }
                )),
            ],
        )
            .prop_map(|(y, mo, d, h, mi, s, frac, tz)| {
                let frac = frac.map(|f| format!(".{f:03}")).unwrap_or_default();
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{tz}")
            })
    }

    pub fn e164() -> impl Strategy<Value = String> {
        "\\+[1-9][0-9]{1,14}"
    }

    pub fn uri() -> impl Strategy<Value = String> {
        "https://[a-z]{1,10}\\.example\\.com/[a-z0-9/_.~-]{0,12}"
    }

    pub fn decimal() -> impl Strategy<Value = String> {
        "-?[0-9]{1,5}(\\.[0-9]{1,4})?"
    }

    pub fn json_object_string() -> impl Strategy<Value = String> {
        prop::collection::btree_map("[a-z]{1,6}", "[a-zA-Z0-9 ]{0,8}", 0..4)
            .prop_map(|m| serde_json::to_string(&m).expect("serializes"))
    }

    // Durations are generated with at most three decimals: serde_json (without its
    // `float_roundtrip` feature) parses some 17-digit floats one unit in the last place off, so
    // an arbitrary f64 does not always survive a JSON round trip (e.g. -400892447.2690756).

    /// Any text, including quotes, backslashes, control characters and non-ASCII letters.
    pub fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "[a-zA-Z0-9 ._-]{0,20}",
            1 => any::<String>().prop_map(|s| s.chars().take(24).collect()),
            1 => Just("\"quoted\" \\ back\\slash \u{0} é ✓ <p>x</p>".to_string()),
        ]
    }

    fn nullable<T: std::fmt::Debug + Clone>(
        s: impl Strategy<Value = T>,
    ) -> impl Strategy<Value = Nullable<T>> {
        prop_oneof![
            Just(Nullable::Absent),
            Just(Nullable::Null),
            s.prop_map(Nullable::Value),
        ]
    }

    pub fn close_update() -> impl Strategy<Value = close::UpdateCallActivity> {
        (
            (
                nullable(date_time()),
                nullable(text()),
                nullable(text()),
                nullable(prop::collection::btree_map(
                    "[a-z_]{1,8}",
                    prop_oneof![
                        Just(Value::Null),
                        any::<i32>().prop_map(Value::from),
                        text().prop_map(Value::from),
                        Just(json!({"a": [1, 2]})),
                    ],
                    0..3,
                )),
                nullable(0i64..=604_800),
                nullable(text()),
                nullable(text()),
                nullable(text()),
            ),
            (
                nullable(text()),
                nullable(e164()),
                nullable(text()),
                nullable(text()),
                nullable(uri()),
                prop::option::of(prop::sample::select(close::CallStatus::ALL)),
                nullable(text()),
                nullable(uri()),
            ),
        )
            .prop_map(
                |(
                    (
                        activity_at,
                        contact_id,
                        conversation_type_id,
                        custom_fields,
                        duration,
                        lead_id,
                        note,
                        note_html,
                    ),
                    (
                        outcome_id,
                        phone,
                        playbook_id,
                        quality_info,
                        recording_url,
                        status,
                        user_id,
                        voicemail_url,
                    ),
                )| close::UpdateCallActivity {
                    activity_at,
                    contact_id,
                    conversation_type_id,
                    custom_fields,
                    duration,
                    lead_id,
                    note,
                    note_html,
                    outcome_id,
                    phone,
                    playbook_id,
                    quality_info,
                    recording_url,
                    status,
                    user_id,
                    voicemail_url,
                },
            )
    }

    fn conditions() -> impl Strategy<Value = Option<Vec<bird::CallFlowCommandCondition>>> {
        prop::option::of(prop::collection::vec(
            (
                prop::option::of(text()),
                prop::option::of(text()),
                prop::option::of(text()),
            )
                .prop_map(|(variable, operator, value)| {
                    bird::CallFlowCommandCondition {
                        variable,
                        operator,
                        value,
                    }
                }),
            0..3,
        ))
    }

    fn playback() -> impl Strategy<Value = bird::PlaybackOptions> {
        (
            prop::option::of(prop::collection::vec(uri(), 0..4)),
            prop::option::of(any::<i32>()),
            prop::option::of(any::<i32>()),
            prop::option::of(0i32..=30_000),
        )
            .prop_map(|(media, r#loop, timeout, pause_milliseconds)| {
                bird::PlaybackOptions {
                    media,
                    r#loop,
                    timeout,
                    pause_milliseconds,
                }
            })
    }

    fn say() -> impl Strategy<Value = bird::SayOptions> {
        (
            text(),
            prop::option::of(prop::sample::select(bird::SayLocale::ALL)),
            prop::option::of(text()),
            prop::option::of(any::<i32>()),
            prop::option::of(any::<i32>()),
        )
            .prop_map(|(text, locale, voice, r#loop, timeout)| bird::SayOptions {
                text,
                locale,
                voice,
                r#loop,
                timeout,
            })
    }

    fn command() -> impl Strategy<Value = bird::CallFlowCommand> {
        use bird::CallFlowCommand as C;
        let key = || prop::option::of(prop::sample::select(bird::Key::ALL));
        prop_oneof![
            (nullable(Just(bird::AnswerOptions {})), conditions()).prop_map(
                |(options, conditions)| C::Answer(bird::AnswerCommand {
                    options,
                    conditions
                })
            ),
            (
                nullable(
                    prop::option::of(prop::sample::select(bird::HangupCause::ALL))
                        .prop_map(|cause| bird::HangupOptions { cause })
                ),
                conditions()
            )
                .prop_map(|(options, conditions)| C::Hangup(bird::HangupCommand {
                    options,
                    conditions
                })),
            (playback(), conditions()).prop_map(|(options, conditions)| C::Playback(
                bird::PlaybackCommand {
                    options,
                    conditions
                }
            )),
            (say(), conditions()).prop_map(|(options, conditions)| C::Say(bird::SayCommand {
                options,
                conditions
            })),
            (
                nullable(
                    (
                        prop::option::of(any::<i32>()),
                        key(),
                        prop::option::of(any::<i32>()),
                        prop::option::of(any::<i32>()),
                        prop::option::of(prop::sample::select(bird::GatherInput::ALL)),
                        prop::option::of(prop::sample::select(bird::GatherSpeechLocale::ALL)),
                        prop::option::of(playback()),
                        prop::option::of(say()),
                    )
                        .prop_map(
                            |(
                                max_num_keys,
                                end_key,
                                timeout,
                                retries,
                                input,
                                speech_locale,
                                playback,
                                say,
                            )| {
                                bird::GatherOptions {
                                    max_num_keys,
                                    end_key,
                                    timeout,
                                    retries,
                                    input,
                                    speech_locale,
                                    playback,
                                    say,
                                }
                            }
                        )
                ),
                conditions()
            )
                .prop_map(|(options, conditions)| C::Gather(bird::GatherCommand {
                    options,
                    conditions
                })),
            (
                nullable(
                    (
                        key(),
                        prop::option::of(any::<i32>()),
                        prop::option::of(any::<i32>()),
                        prop::option::of(any::<bool>()),
                        prop::option::of(any::<bool>()),
                        prop::option::of(prop::sample::select(bird::RecordTranscribeLocale::ALL)),
                    )
                        .prop_map(
                            |(
                                end_key,
                                max_length,
                                timeout,
                                beep,
                                transcribe,
                                transcribe_locale,
                            )| {
                                bird::RecordOptions {
                                    end_key,
                                    max_length,
                                    timeout,
                                    beep,
                                    transcribe,
                                    transcribe_locale,
                                }
                            }
                        )
                ),
                conditions()
            )
                .prop_map(|(options, conditions)| C::Record(bird::RecordCommand {
                    options,
                    conditions
                })),
            (
                (
                    prop::option::of(e164()),
                    e164(),
                    prop::option::of(3i32..=120),
                    prop::option::of(1i32..=100_000),
                    nullable(prop::sample::select(bird::RingTone::KNOWN)),
                    prop::option::of(any::<bool>()),
                ),
                (
                    prop::option::of(any::<bool>()),
                    prop::option::of(prop::sample::select(bird::RecordStart::ALL)),
                    prop::option::of(any::<bool>()),
                    prop::option::of(
                        prop::option::of(uri()).prop_map(|url| bird::CallNotification { url })
                    ),
                    prop::option::of(prop::collection::vec(
                        Just(json!({"command": "hangup"})),
                        0..3
                    )),
                    prop::option::of(Just(json!({"enabled": true}))),
                ),
                conditions(),
            )
                .prop_map(
                    |(
                        (from, to, ring_timeout, max_duration, ring_tone, hangup_after_bridge),
                        (
                            record,
                            record_start,
                            record_stereo,
                            notification,
                            call_flow,
                            amd_settings,
                        ),
                        conditions,
                    )| {
                        C::Bridge(bird::BridgeCommand {
                            options: bird::BridgeOptions {
                                from,
                                to,
                                ring_timeout,
                                max_duration,
                                ring_tone,
                                hangup_after_bridge,
                                record,
                                record_start,
                                record_stereo,
                                notification,
                                call_flow,
                                amd_settings,
                            },
                            conditions,
                        })
                    }
                ),
            (nullable(Just(bird::PauseOptions {})), conditions()).prop_map(
                |(options, conditions)| C::Pause(bird::PauseCommand {
                    options,
                    conditions
                })
            ),
            (nullable(Just(bird::RingingOptions {})), conditions()).prop_map(
                |(options, conditions)| C::Ringing(bird::RingingCommand {
                    options,
                    conditions
                })
            ),
        ]
    }

    pub fn bird_update() -> impl Strategy<Value = bird::UpdateCall> {
        (
            nullable(Just(bird::UpdateCallStatus::Completed)),
            prop::option::of(prop::collection::vec(command(), 0..=20)),
        )
            .prop_map(|(status, call_flow)| bird::UpdateCall { status, call_flow })
    }

    pub fn vcita_update() -> impl Strategy<Value = vcita::UpdateVoiceCall> {
        (
            (
                text(),
                text(),
                e164(),
                e164(),
                prop::sample::select(vcita::CallDirection::ALL),
                prop::sample::select(vcita::CallStatus::ALL),
                decimal(),
                decimal(),
            ),
            (
                text(),
                (-1_000_000_000i64..1_000_000_000).prop_map(|ms| ms as f64 / 1000.0),
                text(),
                uri(),
                text(),
                text(),
                text(),
                prop::option::of(text()),
            ),
        )
            .prop_map(
                |(
                    (staff_uid, client_uid, from_number, to_number, direction, status, rate, price),
                    (
                        source_id,
                        duration,
                        call_summary,
                        external_app_url,
                        external_app_name,
                        recording_id,
                        external_uuid,
                        handled_by_staff_uid,
                    ),
                )| {
                    vcita::UpdateVoiceCall {
                        staff_uid,
                        client_uid,
                        from_number,
                        to_number,
                        direction,
                        status,
                        rate,
                        price,
                        provider: vcita::CallProvider::Vonage,
                        source_id,
                        duration,
                        call_summary,
                        external_app_url,
                        external_app_name,
                        recording_id,
                        external_uuid,
                        handled_by_staff_uid,
                    }
                },
            )
    }

    /// A valid create: a Transfer carries `parentVoiceCallId` (and never `callAttributes`, a
    /// warning), an Inbound call never does.
    pub fn salesforce_create() -> impl Strategy<Value = salesforce::CreateVoiceCall> {
        (
            (
                text(),
                text(),
                text(),
                text(),
                prop::sample::select(salesforce::InitiationMethod::ALL),
                date_time(),
            ),
            (
                prop::collection::vec(
                    text().prop_map(|k| salesforce::Participant {
                        participant_key: k,
                        r#type: salesforce::ParticipantType::EndUser,
                    }),
                    1..4,
                ),
                prop::option::of(json_object_string()),
                prop::option::of(prop::sample::select(salesforce::CallOrigin::ALL)),
                prop::option::of(text()),
                prop::option::of(prop::sample::select(salesforce::CallSubtype::ALL)),
            ),
        )
            .prop_map(
                |(
                    (
                        call_center_api_name,
                        parent,
                        vendor_call_key,
                        to,
                        initiation_method,
                        start_time,
                    ),
                    (participants, call_attributes, call_origin, queue, call_subtype),
                )| {
                    let transfer = initiation_method == salesforce::InitiationMethod::Transfer;
                    salesforce::CreateVoiceCall {
                        call_center_api_name,
                        parent_voice_call_id: transfer.then_some(parent),
                        vendor_call_key,
                        to,
                        from: "+14155550199".to_string(),
                        initiation_method,
                        start_time,
                        participants,
                        call_attributes: if transfer { None } else { call_attributes },
                        call_origin,
                        queue,
                        call_subtype,
                    }
                },
            )
    }

    /// A valid update: `recordingLocation` whenever a hold or interaction duration is set.
    pub fn salesforce_update() -> impl Strategy<Value = salesforce::UpdateVoiceCall> {
        (
            (
                prop::option::of(date_time()),
                prop::option::of(date_time()),
                prop::option::of(date_time()),
                prop::option::of(date_time()),
                prop::option::of(text()),
                prop::option::of(any::<i32>()),
                prop::option::of(any::<i32>()),
                prop::option::of(any::<i32>()),
            ),
            (
                prop::option::of(text()),
                prop::option::of(text()),
                prop::option::of(any::<i32>()),
                prop::option::of(uri()),
                prop::option::of(any::<i32>()),
                prop::option::of(json_object_string()),
                prop::option::of(prop::sample::select(salesforce::CallOrigin::ALL)),
                prop::option::of(any::<bool>()),
            ),
            prop::option::of(
                (text(), any::<bool>())
                    .prop_map(|(value, is_error)| salesforce::DisconnectReason { value, is_error }),
            ),
        )
            .prop_map(
                |(
                    (
                        start_time,
                        end_time,
                        enqueue_time,
                        accept_time,
                        from_number,
                        total_hold_duration,
                        longest_hold_duration,
                        number_of_holds,
                    ),
                    (
                        queue,
                        agent,
                        agent_interaction_duration,
                        recording_location,
                        total_recording_duration,
                        call_attributes,
                        call_origin,
                        is_active_call,
                    ),
                    disconnect_reason,
                )| {
                    let needs_location = total_hold_duration.is_some()
                        || agent_interaction_duration.is_some()
                        || total_recording_duration.is_some();
                    salesforce::UpdateVoiceCall {
                        start_time,
                        end_time,
                        enqueue_time,
                        accept_time,
                        from_number,
                        total_hold_duration,
                        longest_hold_duration,
                        number_of_holds,
                        queue,
                        agent,
                        agent_interaction_duration,
                        recording_location: if needs_location {
                            Some(
                                recording_location
                                    .unwrap_or_else(|| "https://r.example.com/1".into()),
                            )
                        } else {
                            recording_location
                        },
                        total_recording_duration,
                        call_attributes,
                        call_origin,
                        is_active_call,
                        disconnect_reason,
                    }
                },
            )
    }
}

/// Serializes, deserializes, compares; validates the typed value and the JSON with both
/// validators, which must agree and find no error.
fn round_trip_and_validate<T>(value: &T, operation: &str) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Validate,
{
    let json = serde_json::to_value(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let text = serde_json::to_string(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T = serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("does not deserialize: {e}\n{text}")))?;
    prop_assert_eq!(&back, value, "round trip changed the value: {}", text);
    let typed = value.validate();
    prop_assert!(!typed.has_errors(), "{}\n{}", typed, text);
    let lines = agree(operation, PayloadKind::Request, &json)?;
    prop_assert!(
        !lines.iter().any(|l| !l.starts_with("warning:")),
        "{operation}: a valid value is rejected: {lines:?}\n{text}"
    );
    Ok(())
}

/// Both validators on one payload: their lines must be identical. Returns them.
fn agree(operation: &str, kind: PayloadKind, value: &Value) -> Result<Vec<String>, TestCaseError> {
    let schemas = schemagen::fuzzing::vendor_schemas();
    let (api, op) = operation.split_once('.').expect("api.operation");
    let api = schemas.ir.api(api).expect("api");
    let ikind = match kind {
        PayloadKind::Request => schemagen::runtime::PayloadKind::Request,
        PayloadKind::Response(s) => schemagen::runtime::PayloadKind::Response(s),
    };
    let interpreted: Vec<String> = schemagen::validate::validate_payload(api, op, ikind, value)
        .expect("documented")
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    let compiled: Vec<String> = voicecall_apis::validate_payload(operation, kind, value)
        .expect("documented")
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    prop_assert_eq!(&interpreted, &compiled, "validators disagree on {}", value);
    // The single pass over the text: compact and pretty-printed, with and without the
    // fallback to parsing (it never needs it here: no member is repeated or escaped).
    let compact = serde_json::to_vec(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let pretty =
        serde_json::to_vec_pretty(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let text_lines = |r: voicecall_apis::runtime::Report| -> Vec<String> {
        r.violations().iter().map(ToString::to_string).collect()
    };
    for (how, report) in [
        (
            "compact bytes",
            voicecall_apis::validate_payload_bytes(operation, kind, &compact),
        ),
        (
            "pretty bytes",
            voicecall_apis::validate_payload_bytes(operation, kind, &pretty),
        ),
        (
            "the single pass alone",
            Ok(schemagen_tests::validate_strict(operation, kind, &compact)),
        ),
    ] {
        let got = text_lines(report.expect("documented"));
        prop_assert_eq!(&compiled, &got, "{} disagrees on {}", how, value);
    }
    Ok(compiled)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn random_valid_close_updates_round_trip_and_validate(v in values::close_update()) {
        round_trip_and_validate(&v, "close.update_call_activity")?;
    }

    #[test]
    fn random_valid_bird_updates_round_trip_and_validate(v in values::bird_update()) {
        round_trip_and_validate(&v, "bird.update_call")?;
    }

    #[test]
    fn random_valid_vcita_updates_round_trip_and_validate(v in values::vcita_update()) {
        round_trip_and_validate(&v, "vcita.update_voice_call")?;
    }

    #[test]
    fn random_valid_salesforce_creates_round_trip_and_validate(v in values::salesforce_create()) {
        round_trip_and_validate(&v, "salesforce.create_voice_call")?;
    }

    #[test]
    fn random_valid_salesforce_updates_round_trip_and_validate(v in values::salesforce_update()) {
        round_trip_and_validate(&v, "salesforce.update_voice_call")?;
    }
}

// ---- single mutations of valid payloads, driven by the IR ---------------------------------------

/// A place in a payload where a mutation is certainly invalid, found by walking the payload
/// together with its IR shape.
#[derive(Debug, Clone)]
struct Site {
    /// JSON pointer of the value the mutation changes (or of the field it removes).
    pointer: String,
    /// Path of object keys and array indexes to the mutated value's parent or the value.
    steps: Vec<Step>,
    kind: Mutation,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the value (wrong JSON type, `null`, out of range, too long, bad format, unknown
    /// enum value or tag, wrong constant).
    Replace(&'static str, Value),
    /// Remove the required field named by the last step.
    RemoveRequired,
    /// Repeat the array's first item until it has this many items.
    Grow(usize),
    /// Cut the array to this many items.
    Shrink(usize),
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn wrong_type(api: &ApiIr, shape: &Shape) -> Option<Value> {
    Some(match &shape.kind {
        ShapeKind::String => json!(42),
        ShapeKind::Boolean => json!("true"),
        ShapeKind::Int32 => json!(3_000_000_000i64),
        ShapeKind::Int64 => json!(1.5),
        ShapeKind::Number => json!("1"),
        ShapeKind::Any => return None,
        ShapeKind::Array(_) => json!({}),
        ShapeKind::Map(_) => json!([]),
        ShapeKind::Named(n) => match &api.ty(n)?.kind {
            TypeKind::Object(_) | TypeKind::Union(_) => json!([]),
            TypeKind::Enum(_) => json!(7),
            TypeKind::Alias(s) => return wrong_type(api, s),
            TypeKind::OneOf(o) => {
                // A value no alternative's JSON type accepts.
                return [json!(true), json!(42), json!("x"), json!([]), json!({})]
                    .into_iter()
                    .find(|c| {
                        o.variants.iter().all(|v| {
                            let r = schemagen::validate::validate_shape(api, &v.shape, c);
                            r.has_errors()
                        })
                    });
            }
        },
    })
}

fn bad_format(format: &str) -> &'static str {
    match format {
        "date-time" => "2024-13-01 25:00",
        "date" => "01/02/2024",
        "uuid" => "not-a-uuid",
        "uri" => "no scheme here",
        "email" => "nobody",
        "e164" => "555-0100",
        "decimal-string" => "1.2.3",
        _ => "[1, 2]",
    }
}

/// Every certainly-invalid mutation of `value` (of `shape`, at `pointer`).
fn sites(
    api: &ApiIr,
    shape: &Shape,
    value: &Value,
    pointer: &str,
    steps: &[Step],
    out: &mut Vec<Site>,
) {
    let site = |kind: Mutation| Site {
        pointer: pointer.to_string(),
        steps: steps.to_vec(),
        kind,
    };
    if let Some(w) = wrong_type(api, shape) {
        out.push(site(Mutation::Replace("type", w)));
    }
    let c = &shape.constraints;
    match (&shape.kind, value) {
        (ShapeKind::String, Value::String(s)) => {
            if let Some(f) = c.format {
                out.push(site(Mutation::Replace(
                    "format",
                    json!(bad_format(f.name())),
                )));
            }
            if let Some(max) = c.max_length {
                let long: String = s.chars().cycle().take(max as usize + 1).collect();
                let long = if long.chars().count() as u64 > max {
                    long
                } else {
                    "x".repeat(max as usize + 1)
                };
                out.push(site(Mutation::Replace("max_length", json!(long))));
            }
            if let Some(min) = c.min_length.filter(|m| *m > 0) {
                out.push(site(Mutation::Replace(
                    "min_length",
                    json!(s.chars().take(min as usize - 1).collect::<String>()),
                )));
            }
            if let Some(Value::String(k)) = &c.const_value {
                out.push(site(Mutation::Replace(
                    "const",
                    json!(format!("{k}-other")),
                )));
            }
        }
        (ShapeKind::Int32 | ShapeKind::Int64 | ShapeKind::Number, Value::Number(_)) => {
            if let Some(max) = &c.maximum {
                let v = max.as_i64().map_or_else(
                    || json!(max.as_f64().unwrap_or(0.0) + 1.0),
                    |m| json!(m + 1),
                );
                out.push(site(Mutation::Replace("maximum", v)));
            }
            if let Some(min) = &c.minimum {
                let v = min.as_i64().map_or_else(
                    || json!(min.as_f64().unwrap_or(0.0) - 1.0),
                    |m| json!(m - 1),
                );
                out.push(site(Mutation::Replace("minimum", v)));
            }
        }
        (ShapeKind::Array(items), Value::Array(xs)) => {
            if let (Some(max), false) = (c.max_items, xs.is_empty()) {
                out.push(site(Mutation::Grow(max as usize + 1)));
            }
            if let Some(min) = c.min_items.filter(|m| *m > 0) {
                out.push(site(Mutation::Shrink(min as usize - 1)));
            }
            for (i, x) in xs.iter().enumerate() {
                let mut s = steps.to_vec();
                s.push(Step::Index(i));
                sites(api, items, x, &format!("{pointer}/{i}"), &s, out);
            }
        }
        (ShapeKind::Map(values), Value::Object(m)) => {
            for (k, x) in m {
                let mut s = steps.to_vec();
                s.push(Step::Key(k.clone()));
                sites(
                    api,
                    values,
                    x,
                    &format!("{pointer}/{}", escape_pointer(k)),
                    &s,
                    out,
                );
            }
        }
        (ShapeKind::Named(n), _) => {
            let Some(t) = api.ty(n) else { return };
            match (&t.kind, value) {
                (TypeKind::Object(o), Value::Object(m)) => {
                    object_sites(api, o, m, pointer, steps, out)
                }
                (TypeKind::Enum(e), Value::String(_)) if !e.open => {
                    out.push(site(Mutation::Replace(
                        "enum",
                        json!("definitely-not-a-value"),
                    )));
                }
                (TypeKind::Union(u), Value::Object(m)) => {
                    let tag = m.get(&u.tag).and_then(Value::as_str);
                    let mut s = steps.to_vec();
                    s.push(Step::Key(u.tag.clone()));
                    out.push(Site {
                        pointer: format!("{pointer}/{}", escape_pointer(&u.tag)),
                        steps: s,
                        kind: Mutation::Replace("enum", json!("definitely-not-a-tag")),
                    });
                    if let Some(v) = u
                        .variants
                        .iter()
                        .find(|v| Some(v.tag_value.as_str()) == tag)
                    {
                        if let Some(TypeKind::Object(o)) = api.ty(&v.type_name).map(|x| &x.kind) {
                            object_sites(api, o, m, pointer, steps, out);
                        }
                    }
                }
                (TypeKind::Alias(inner), _) => sites(api, inner, value, pointer, steps, out),
                _ => {}
            }
        }
        _ => {}
    }
}

fn object_sites(
    api: &ApiIr,
    o: &schemagen::ir::ObjectIr,
    m: &serde_json::Map<String, Value>,
    pointer: &str,
    steps: &[Step],
    out: &mut Vec<Site>,
) {
    for f in &o.fields {
        let p = format!("{pointer}/{}", escape_pointer(&f.wire_name));
        let mut s = steps.to_vec();
        s.push(Step::Key(f.wire_name.clone()));
        match m.get(&f.wire_name) {
            Some(Value::Null) => {}
            Some(x) => {
                if !f.nullable {
                    out.push(Site {
                        pointer: p.clone(),
                        steps: s.clone(),
                        kind: Mutation::Replace("null", Value::Null),
                    });
                }
                sites(api, &f.shape, x, &p, &s, out);
            }
            None => {}
        }
        if f.required && m.contains_key(&f.wire_name) {
            out.push(Site {
                pointer: p,
                steps: s,
                kind: Mutation::RemoveRequired,
            });
        }
    }
}

fn node<'a>(v: &'a mut Value, steps: &[Step]) -> &'a mut Value {
    steps.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

fn mutate(mut v: Value, site: &Site) -> Value {
    match &site.kind {
        Mutation::Replace(_, x) => *node(&mut v, &site.steps) = x.clone(),
        Mutation::RemoveRequired => {
            let (Some(Step::Key(k)), parent) =
                (site.steps.last(), &site.steps[..site.steps.len() - 1])
            else {
                unreachable!("a field")
            };
            if let Value::Object(m) = node(&mut v, parent) {
                m.remove(k);
            }
        }
        Mutation::Grow(n) => {
            if let Value::Array(a) = node(&mut v, &site.steps) {
                let first = a[0].clone();
                while a.len() < *n {
                    a.push(first.clone());
                }
            }
        }
        Mutation::Shrink(n) => {
            if let Value::Array(a) = node(&mut v, &site.steps) {
                a.truncate(*n);
            }
        }
    }
    v
}

/// `(operation, valid request payload)` of the corpus.
fn valid_requests() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let root = fixture("payloads");
    let mut ops: Vec<_> = std::fs::read_dir(&root)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .collect();
    ops.sort();
    for op in ops {
        let name = op
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8")
            .to_string();
        for p in files_with_ext(&op.join("request/valid"), "json") {
            let v: Value =
                serde_json::from_str(&std::fs::read_to_string(&p).expect("read")).expect("json");
            out.push((name.clone(), v));
        }
    }
    out
}

/// Every `(operation, payload, site)` of the corpus.
fn all_sites() -> &'static [(String, Value, Site)] {
    static SITES: std::sync::OnceLock<Vec<(String, Value, Site)>> = std::sync::OnceLock::new();
    SITES.get_or_init(|| {
        let schemas = schemagen::fuzzing::vendor_schemas();
        let mut out = Vec::new();
        for (name, v) in valid_requests() {
            let (api, op) = name.split_once('.').expect("api.op");
            let api = schemas.ir.api(api).expect("api");
            let shape = &api
                .operation(op)
                .expect("op")
                .request
                .as_ref()
                .expect("request")
                .shape;
            let mut found = Vec::new();
            sites(api, shape, &v, "", &[], &mut found);
            out.extend(found.into_iter().map(|s| (name.clone(), v.clone(), s)));
        }
        out
    })
}

#[test]
fn the_ir_walk_finds_every_kind_of_mutation() {
    let sites = all_sites();
    let mut kinds = std::collections::BTreeSet::new();
    for (_, _, s) in sites {
        kinds.insert(match &s.kind {
            Mutation::Replace(k, _) => *k,
            Mutation::RemoveRequired => "required",
            Mutation::Grow(_) => "max_items",
            Mutation::Shrink(_) => "min_items",
        });
    }
    for k in [
        "type",
        "null",
        "maximum",
        "format",
        "required",
        "enum",
        "max_items",
        "min_items",
    ] {
        assert!(
            kinds.contains(k),
            "no `{k}` mutation site in the corpus: {kinds:?}"
        );
    }
    assert!(sites.len() > 300, "only {} sites", sites.len());
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn single_mutations_are_rejected_by_both_validators_at_the_mutated_pointer(
        which in any::<prop::sample::Index>(),
    ) {
        let (op, value, site) = which.get(all_sites());
        let mutated = mutate(value.clone(), site);
        let lines = agree(op, PayloadKind::Request, &mutated)?;
        let report = voicecall_apis::validate_payload(op, PayloadKind::Request, &mutated).expect("documented");
        prop_assert!(report.has_errors(), "{op}: {site:?} accepted: {mutated}");
        let pointers: Vec<&str> = report.errors().map(|v| v.pointer.as_str()).collect();
        prop_assert!(
            pointers.contains(&site.pointer.as_str()),
            "{op}: {site:?}: no error at `{}`: {lines:?}\n{mutated}", site.pointer
        );
    }
}

#[test]
fn every_mutation_site_is_rejected() {
    // The whole list once, deterministically (the proptest above samples it with shrinking).
    for (op, value, site) in all_sites() {
        let mutated = mutate(value.clone(), site);
        let lines = agree(op, PayloadKind::Request, &mutated).expect("validators agree");
        let report = voicecall_apis::validate_payload(op, PayloadKind::Request, &mutated)
            .expect("documented");
        assert!(
            report.errors().any(|v| v.pointer == site.pointer),
            "{op}: {site:?}: no error at `{}`: {lines:?}\n{mutated}",
            site.pointer
        );
    }
}

#[test]
fn presence_classes_are_all_exercised_by_the_vendor_schemas() {
    let schemas = schemagen::fuzzing::vendor_schemas();
    let mut seen = Vec::new();
    for api in &schemas.ir.apis {
        for t in &api.types {
            if let TypeKind::Object(o) = &t.kind {
                seen.extend(o.fields.iter().map(|f| f.presence()));
            }
        }
    }
    for p in [
        Presence::Required,
        Presence::RequiredNullable,
        Presence::Optional,
        Presence::OptionalNullable,
    ] {
        assert!(seen.contains(&p), "{p:?}");
    }
}
