//! The mapping against the vendors' fakes: the generated mock servers check each request the way
//! the vendor documents it (path, credentials, headers, body rules) and record it typed, so the
//! integration is tested without calling Salesforce or Close.

use downstream_demo::{CallRecord, to_close, to_salesforce};
use voicecall_apis::runtime::mock::Response;
use voicecall_apis::{close, salesforce};

fn record() -> CallRecord {
    CallRecord {
        answered_at: "2026-03-02T14:05:00Z".parse().expect("RFC 3339"),
        ended_at: "2026-03-02T14:11:42Z".parse().expect("RFC 3339"),
        talk_seconds: 402,
        hold_seconds: 35,
        holds: 2,
        recording_url: Some("https://recordings.example.com/r/8812.mp3".into()),
        customer_phone: "+14155550148".into(),
        notes_html: Some("<p>Asked for a refund.</p>".into()),
    }
}

#[tokio::test]
async fn close_accepts_the_mapped_update_and_records_it_typed() {
    let mock = close::mock::MockServer::start()
        .await
        .expect("the fake starts");
    let config = close::client::Config::new(close::client::Auth::api_key("test-key"))
        .with_base_url(mock.base_url());
    let client = close::client::Client::new(config).expect("client");
    let update = to_close(&record()).expect("valid update");
    client
        .update_call_activity("acti_42", &update)
        .await
        .expect("the fake vendor accepts it");
    let received = mock.received_update_call_activity();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].id, "acti_42");
    assert_eq!(received[0].body, update);
}

#[tokio::test]
async fn salesforce_gets_the_provider_header_and_a_valid_body() {
    let mock = salesforce::mock::MockServer::start()
        .await
        .expect("the fake starts");
    let config = salesforce::client::Config::new(salesforce::client::ApiConfig::new(
        salesforce::client::ServerVariables::new("acme"),
        salesforce::client::Auth::bearer_jwt("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
        "demo-telephony",
    ))
    .with_base_url(mock.base_url());
    let client = salesforce::client::Client::new(config).expect("client");
    let update = to_salesforce(&record()).expect("valid update");
    client
        .update_voice_call("0LQRM0000006CSz4AM", &update)
        .await
        .expect("accepted");
    let exchange = &mock.requests()[0];
    assert!(exchange.is_valid(), "{}", exchange.summary());
    assert_eq!(
        exchange.request.header("telephony-provider-name"),
        Some("demo-telephony")
    );
}

#[tokio::test]
async fn an_outage_reaches_the_caller_as_its_status() {
    let mock = close::mock::MockServer::start()
        .await
        .expect("the fake starts");
    mock.enqueue(Response::status(503).retry_after(30));
    let client = close::client::Client::new(
        close::client::Config::new(close::client::Auth::api_key("test-key"))
            .with_base_url(mock.base_url()),
    )
    .expect("client");
    let update = to_close(&record()).expect("valid update");
    let err = client
        .update_call_activity("acti_42", &update)
        .await
        .expect_err("the fake is down");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    // The next call goes through.
    assert!(
        client
            .update_call_activity("acti_42", &update)
            .await
            .is_ok()
    );
}
