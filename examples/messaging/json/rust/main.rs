//! JSON Payloads
//!
//! NATS message payloads are opaque bytes: the server never looks inside them.
//! Applications agree on an encoding, and JSON is a common choice. The
//! publisher encodes a value into bytes; the subscriber decodes the bytes back
//! into a value and reads its fields. With serde, both directions come from
//! one type that derives `Serialize` and `Deserialize`.
//!
//! Nothing stops a publisher from sending bytes that are not valid JSON, so a
//! subscriber should treat a payload that fails to decode as an error to report
//! and move past, not as a reason to crash.

use std::{env, time::Duration};

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::time::timeout;

/// The shape of the JSON objects on `orders.new`.
#[derive(Serialize, Deserialize)]
struct Order {
    id: u32,
    item: String,
    qty: u32,
}

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. It may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();

    let client = async_nats::connect(servers).await?;

    let mut subscription = client.subscribe("orders.new").await?;

    // Two well-formed orders, and between them a payload that was cut short.
    let coffee = Order {
        id: 1,
        item: "coffee".into(),
        qty: 2,
    };
    client
        .publish("orders.new", serde_json::to_vec(&coffee)?.into())
        .await?;
    client
        .publish("orders.new", r#"{"id": 2, "item": "tea""#.into())
        .await?;
    let cake = Order {
        id: 3,
        item: "cake".into(),
        qty: 1,
    };
    client
        .publish("orders.new", serde_json::to_vec(&cake)?.into())
        .await?;

    // Decode each message as it arrives (waiting at most two seconds for
    // it). A decode error is printed with the raw payload, and the loop goes
    // on to the next message.
    for _ in 0..3 {
        let message = timeout(Duration::from_secs(2), subscription.next())
            .await?
            .ok_or("subscription closed")?;
        match serde_json::from_slice::<Order>(&message.payload) {
            Ok(order) => println!("order {}: {} x {}", order.id, order.qty, order.item),
            Err(_) => println!(
                "decode error: {}",
                String::from_utf8_lossy(&message.payload)
            ),
        }
    }

    // Drain the connection: it flushes what is pending, then closes.
    client.drain().await?;

    Ok(())
}
