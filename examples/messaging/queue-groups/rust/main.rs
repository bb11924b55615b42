//! Queue Groups
//!
//! Subscriptions that name the same queue group share the work: each message
//! published to the subject is delivered to only one member of the group, chosen
//! by the server at random. Subscriptions outside the group are unaffected, and a
//! plain subscription on the same subject still receives every message.
//!
//! Which member gets which message is up to the server, so this example prints
//! counts that do not depend on that choice: how many messages the group
//! received in total, how many distinct ones, and how many the plain subscriber
//! received.

use std::{collections::HashSet, env, time::Duration};

use futures::StreamExt;
use tokio::{sync::mpsc, time::timeout_at};

const COUNT: usize = 30;

/// Who received a message: a member of the group, or the plain subscriber.
#[derive(Clone, Copy, PartialEq)]
enum Recipient {
    Member,
    Plain,
}

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. It may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();

    let client = async_nats::connect(servers).await?;

    // Every subscription reads its messages in a task of its own and reports
    // each payload on this channel, tagged with who received it.
    let (received_tx, mut received) = mpsc::unbounded_channel();

    // Three members of the queue group `workers`, and a plain subscriber,
    // which is not in the group, so it sees every message.
    let mut subscriptions = Vec::new();
    for _ in 0..3 {
        subscriptions.push((
            Recipient::Member,
            client.queue_subscribe("tasks", "workers".into()).await?,
        ));
    }
    subscriptions.push((Recipient::Plain, client.subscribe("tasks").await?));
    for (recipient, mut subscription) in subscriptions {
        let received_tx = received_tx.clone();
        tokio::spawn(async move {
            while let Some(message) = subscription.next().await {
                let payload = String::from_utf8_lossy(&message.payload).into_owned();
                let _ = received_tx.send((recipient, payload));
            }
        });
    }

    for n in 1..=COUNT {
        client.publish("tasks", format!("task {n}").into()).await?;
    }
    println!("published {COUNT} messages to tasks");

    // Wait until the plain subscriber has every message and the members, between
    // them, as many; or give up after five seconds and print what arrived.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let mut delivered = Vec::new();
    let mut plain = Vec::new();
    while plain.len() < COUNT || delivered.len() < COUNT {
        match timeout_at(deadline, received.recv()).await {
            Ok(Some((Recipient::Member, payload))) => delivered.push(payload),
            Ok(Some((Recipient::Plain, payload))) => plain.push(payload),
            Ok(None) | Err(_) => break,
        }
    }

    println!("plain subscriber received {}", plain.len());
    let distinct: HashSet<&String> = delivered.iter().collect();
    println!(
        "queue group received {} in total, {} distinct",
        delivered.len(),
        distinct.len()
    );
    delivered.sort();
    plain.sort();
    let exactly_once = delivered == plain;
    println!(
        "every message went to exactly one member: {}",
        if exactly_once { "yes" } else { "no" }
    );

    // Drain the connection: it flushes what is pending, then closes, which
    // ends the subscriptions and so their tasks.
    client.drain().await?;

    Ok(())
}
