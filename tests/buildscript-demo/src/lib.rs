//! Models and validators generated at build time from `schemas/callcenter.yaml`.

include!(concat!(env!("OUT_DIR"), "/schemagen.rs"));

use callcenter::{CallSummary, Direction, Outcome};

/// A summary for an inbound call that was resolved, as the service's own code would build it.
pub fn resolved_inbound(id: uuid::Uuid, seconds: i32, agent: &str) -> CallSummary {
    CallSummary {
        id,
        direction: Direction::Inbound,
        duration: seconds,
        customer_phone: None,
        agent: runtime::Nullable::Value(agent.to_string()),
        tags: None,
        outcome: Some(Outcome::Resolved),
        follow_up_at: None,
    }
}
