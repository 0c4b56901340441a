//! The four vendor schemas: key facts from the seed documents, and a snapshot of each lowered
//! schema so that any accidental change shows in review.

use schemagen::ir::*;
use schemagen_tests::{outline, vendor_schemas};

fn object<'a>(api: &'a ApiIr, name: &str) -> &'a ObjectIr {
    match api.ty(name).map(|t| &t.kind) {
        Some(TypeKind::Object(o)) => o,
        other => panic!("`{name}` is not an object: {other:?}"),
    }
}

fn field<'a>(o: &'a ObjectIr, wire: &str) -> &'a FieldIr {
    o.fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no field `{wire}`"))
}

fn enum_values(api: &ApiIr, name: &str) -> (Vec<String>, bool) {
    match api.ty(name).map(|t| &t.kind) {
        Some(TypeKind::Enum(e)) => (e.values.iter().map(|v| v.wire.clone()).collect(), e.open),
        other => panic!("`{name}` is not an enum: {other:?}"),
    }
}

fn field_enum(api: &ApiIr, o: &ObjectIr, wire: &str) -> (Vec<String>, bool) {
    match &field(o, wire).shape.kind {
        ShapeKind::Named(n) => enum_values(api, n),
        other => panic!("`{wire}` is not an enum field: {other:?}"),
    }
}

fn request_object<'a>(api: &'a ApiIr, op: &str) -> &'a ObjectIr {
    let op = api
        .operation(op)
        .unwrap_or_else(|| panic!("no operation `{op}`"));
    match &op.request.as_ref().expect("request body").shape.kind {
        ShapeKind::Named(n) => object(api, n),
        other => panic!("request is not a named object: {other:?}"),
    }
}

#[test]
fn salesforce_create_and_update() {
    let s = vendor_schemas();
    let api = s.ir.api("salesforce").expect("salesforce");
    assert!(api.servers[0].url.contains("{MyDomain}"));
    assert!(
        api.headers
            .iter()
            .any(|h| h.wire_name == "Telephony-Provider-Name" && h.required)
    );
    assert!(api.content_types.iter().any(|c| c == "application/xml"));
    let create = api.operation("create_voice_call").expect("create");
    assert_eq!(
        (create.method, create.path.as_str()),
        (Method::Post, "/voiceCalls")
    );
    let body = request_object(api, "create_voice_call");
    for required in [
        "callCenterApiName",
        "vendorCallKey",
        "to",
        "from",
        "initiationMethod",
        "startTime",
        "participants",
    ] {
        assert!(
            field(body, required).required,
            "`{required}` is required by the seed"
        );
    }
    for optional in ["parentVoiceCallId", "callAttributes"] {
        assert!(
            !field(body, optional).required,
            "`{optional}` is optional in the seed"
        );
    }
    assert_eq!(
        field_enum(api, body, "initiationMethod"),
        (vec!["Inbound".into(), "Transfer".into()], false)
    );
    assert_eq!(
        field(body, "participants").shape.constraints.min_items,
        Some(1)
    );
    assert_eq!(
        field(body, "callAttributes").shape.constraints.format,
        Some(Format::JsonString)
    );
    let codes: Vec<&str> = body.rules.iter().map(|r| r.code.as_str()).collect();
    assert!(
        codes.contains(&"forbidden_when")
            && codes.contains(&"required_when")
            && codes.contains(&"ignored_for_transfer"),
        "{codes:?}"
    );

    let update = api.operation("update_voice_call").expect("update");
    assert_eq!(
        (update.method, update.path.as_str()),
        (Method::Patch, "/voiceCalls/{callId}")
    );
    let body = request_object(api, "update_voice_call");
    for wire in [
        "startTime",
        "endTime",
        "enqueueTime",
        "acceptTime",
        "fromNumber",
        "totalHoldDuration",
        "longestHoldDuration",
        "numberOfHolds",
        "queue",
        "agent",
        "agentInteractionDuration",
        "recordingLocation",
        "callAttributes",
    ] {
        assert!(
            !field(body, wire).required,
            "`{wire}` is optional in the seed"
        );
    }
    for int32 in [
        "totalHoldDuration",
        "longestHoldDuration",
        "numberOfHolds",
        "agentInteractionDuration",
    ] {
        assert_eq!(
            field(body, int32).shape.kind,
            ShapeKind::Int32,
            "`{int32}` is int32"
        );
    }
    let requires_recording = body.rules.iter().filter(|r| matches!(&r.kind, RuleKindIr::Required { fields, .. } if fields.iter().any(|i| body.fields[*i].wire_name == "recordingLocation"))).count();
    assert_eq!(
        requires_recording, 3,
        "totalHoldDuration, agentInteractionDuration and totalRecordingDuration each require recordingLocation"
    );
    insta::assert_snapshot!("salesforce", outline(api));
}

#[test]
fn vcita_update() {
    let s = vendor_schemas();
    let api = s.ir.api("vcita").expect("vcita");
    let op = api.operation("update_voice_call").expect("op");
    assert_eq!(
        (op.method, op.path.as_str()),
        (Method::Put, "/v3/communication/voice_calls/{uid}")
    );
    let body = request_object(api, "update_voice_call");
    assert_eq!(body.fields.len(), 17);
    assert_eq!(body.fields.iter().filter(|f| f.required).count(), 16);
    assert!(!field(body, "handled_by_staff_uid").required);
    assert_eq!(
        field_enum(api, body, "direction"),
        (vec!["INBOUND".into(), "OUTBOUND".into()], false)
    );
    let (status, open) = field_enum(api, body, "status");
    assert!(!open);
    assert_eq!(
        status,
        [
            "INCOMING_CALL",
            "ANSWERED_BY_STAFF",
            "MISSED",
            "ANSWERED_BY_CALLS_PROVIDER",
            "MISSED_CALL_HANDLED",
            "VOICEMAIL",
            "VOICEMAIL_RECEIVED"
        ]
    );
    assert_eq!(
        field_enum(api, body, "provider"),
        (vec!["VONAGE".into()], false)
    );
    for dec in ["rate", "price"] {
        assert_eq!(
            field(body, dec).shape.constraints.format,
            Some(Format::DecimalString),
            "`{dec}` is a decimal string"
        );
        assert_eq!(field(body, dec).shape.kind, ShapeKind::String);
    }
    for phone in ["from_number", "to_number"] {
        assert_eq!(
            field(body, phone).shape.constraints.format,
            Some(Format::E164)
        );
    }
    assert_eq!(field(body, "duration").shape.kind, ShapeKind::Number);
    insta::assert_snapshot!("vcita", outline(api));
}

#[test]
fn bird_update() {
    let s = vendor_schemas();
    let api = s.ir.api("bird").expect("bird");
    let op = api.operation("update_call").expect("op");
    assert_eq!(
        (op.method, op.path.as_str()),
        (
            Method::Patch,
            "/workspaces/{workspaceId}/channels/{channelId}/calls/{callId}"
        )
    );
    assert!(
        op.params
            .iter()
            .all(|p| p.shape.constraints.format == Some(Format::Uuid))
    );
    assert!(
        matches!(&api.auth[0].kind, schemagen::ir::AuthKind::ApiKey { header, prefix } if header == "Authorization" && prefix.as_deref() == Some("AccessKey"))
    );
    let body = request_object(api, "update_call");
    let status = field(body, "status");
    assert!(!status.required && status.nullable);
    assert_eq!(
        field_enum(api, body, "status"),
        (vec!["completed".into()], false)
    );
    let Some(TypeKind::Union(u)) = api.ty("CallFlowCommand").map(|t| &t.kind) else {
        panic!("CallFlowCommand is a union")
    };
    assert_eq!(u.tag, "command");
    let tags: Vec<&str> = u.variants.iter().map(|v| v.tag_value.as_str()).collect();
    assert_eq!(
        tags,
        [
            "answer", "hangup", "playback", "say", "gather", "record", "bridge", "pause", "ringing"
        ]
    );
    let play = object(api, "PlaybackOptions");
    assert_eq!(field(play, "media").shape.constraints.max_items, Some(80));
    let pause = &field(play, "pauseMilliseconds").shape.constraints;
    assert_eq!(
        (
            pause.minimum.as_ref().and_then(|n| n.as_i64()),
            pause.maximum.as_ref().and_then(|n| n.as_i64())
        ),
        (Some(0), Some(30000))
    );
    let bridge = object(api, "BridgeOptions");
    let ring = &field(bridge, "ringTimeout").shape.constraints;
    assert_eq!(
        (
            ring.minimum.as_ref().and_then(|n| n.as_i64()),
            ring.maximum.as_ref().and_then(|n| n.as_i64())
        ),
        (Some(3), Some(120))
    );
    let resp = op
        .responses
        .iter()
        .find(|r| r.status == Status::Code(202))
        .expect("202");
    let ShapeKind::Named(call) = &resp.body.as_ref().expect("body").kind else {
        panic!("named")
    };
    let call = object(api, call);
    let tags = field(call, "tags");
    assert_eq!(tags.shape.constraints.max_items, Some(10));
    let (statuses, open) = field_enum(api, call, "status");
    assert!(open, "response enums are open");
    assert_eq!(statuses.len(), 10);
    assert!(op.responses.iter().any(|r| r.status == Status::Code(422)));
    insta::assert_snapshot!("bird", outline(api));
}

#[test]
fn close_update() {
    let s = vendor_schemas();
    let api = s.ir.api("close").expect("close");
    let op = api.operation("update_call_activity").expect("op");
    assert_eq!(
        (op.method, op.path.as_str()),
        (Method::Put, "/activity/call/{id}/")
    );
    let body = request_object(api, "update_call_activity");
    assert_eq!(body.fields.len(), 16);
    for f in &body.fields {
        assert!(!f.required, "`{}` is optional", f.wire_name);
        assert_eq!(
            f.nullable,
            f.wire_name != "status",
            "`{}`: every field but status is nullable",
            f.wire_name
        );
    }
    let duration = field(body, "duration");
    assert_eq!(
        duration
            .shape
            .constraints
            .maximum
            .as_ref()
            .and_then(|n| n.as_i64()),
        Some(604800)
    );
    assert_eq!(
        field(body, "phone").shape.constraints.format,
        Some(Format::E164)
    );
    assert_eq!(
        field(body, "recording_url").shape.constraints.format,
        Some(Format::Uri)
    );
    assert!(
        body.rules
            .iter()
            .any(|r| matches!(r.kind, RuleKindIr::Precedence { .. }) && r.warning)
    );
    let kinds: Vec<&schemagen::ir::AuthKind> = api.auth.iter().map(|a| &a.kind).collect();
    assert!(kinds.iter().any(|k| matches!(
        k,
        schemagen::ir::AuthKind::Basic {
            password_empty: true
        }
    )));
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, schemagen::ir::AuthKind::Bearer { .. }))
    );
    insta::assert_snapshot!("close", outline(api));
}
