//! Maps an internal call record into the updates two vendors expect, and validates both before
//! anything is sent: what an integration built on `voicecall-apis` does.

use voicecall_apis::chrono::{DateTime, FixedOffset};
use voicecall_apis::runtime::{Nullable, Report, Validate};
use voicecall_apis::{close, salesforce};

/// A finished call as the integration's own system records it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    /// When the call was answered.
    pub answered_at: DateTime<FixedOffset>,
    /// When it ended.
    pub ended_at: DateTime<FixedOffset>,
    /// Talk time in seconds.
    pub talk_seconds: u32,
    /// Seconds on hold, in total.
    pub hold_seconds: u32,
    /// Number of holds.
    pub holds: u32,
    /// Where the recording is, if the call was recorded.
    pub recording_url: Option<String>,
    /// The customer's number (E.164).
    pub customer_phone: String,
    /// The agent's notes, as HTML.
    pub notes_html: Option<String>,
}

/// Why a record cannot be mapped.
#[derive(Debug, Clone, PartialEq)]
pub enum MapError {
    /// A number does not fit the vendor's field.
    OutOfRange(&'static str),
    /// The mapped update breaks the vendor's documented rules.
    Invalid(Report),
}

fn int32(name: &'static str, v: u32) -> Result<i32, MapError> {
    i32::try_from(v).map_err(|_| MapError::OutOfRange(name))
}

/// The Salesforce Voice update for the record. Hold figures are only sent with a recording
/// location, as Salesforce requires.
pub fn to_salesforce(r: &CallRecord) -> Result<salesforce::UpdateVoiceCall, MapError> {
    let recorded = r.recording_url.is_some();
    let update = salesforce::UpdateVoiceCall {
        start_time: Some(r.answered_at),
        end_time: Some(r.ended_at),
        from_number: Some(r.customer_phone.clone()),
        total_hold_duration: if recorded {
            Some(int32("hold_seconds", r.hold_seconds)?)
        } else {
            None
        },
        number_of_holds: Some(int32("holds", r.holds)?),
        recording_location: r.recording_url.clone(),
        ..Default::default()
    };
    check(update)
}

/// The Close call-activity update for the record.
pub fn to_close(r: &CallRecord) -> Result<close::UpdateCallActivity, MapError> {
    let update = close::UpdateCallActivity {
        activity_at: Nullable::Value(r.answered_at),
        duration: Nullable::Value(i64::from(r.talk_seconds)),
        phone: Nullable::Value(r.customer_phone.clone()),
        note_html: r.notes_html.clone().into(),
        recording_url: r
            .recording_url
            .clone()
            .map_or(Nullable::Absent, Nullable::Value),
        status: Some(close::CallStatus::Completed),
        ..Default::default()
    };
    check(update)
}

fn check<T: Validate>(value: T) -> Result<T, MapError> {
    let report = value.validate();
    if report.is_valid() {
        Ok(value)
    } else {
        Err(MapError::Invalid(report))
    }
}
