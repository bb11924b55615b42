//! Publish-Subscribe
//!
//! NATS delivers a message to every subscription whose subject matches at the
//! moment the message is published. Subjects are dot-separated tokens, and a
//! subscription may use wildcards: `*` matches exactly one token, `>` matches
//! one or more tokens at the end of a subject.
//!
//! This example subscribes with both wildcards, publishes to a few subjects and
//! prints what each subscription received. NATS core is fire-and-forget: a
//! message published while nobody is subscribed is not stored, so the first
//! message, sent before any subscription exists, is seen by no one.

use std::{env, str::from_utf8, time::Duration};

use futures::StreamExt;
use tokio::time::timeout;

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. It may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();

    let client = async_nats::connect(servers).await?;

    // Nobody is subscribed yet, so this message goes nowhere.
    client.publish("greet.early", "hello, early".into()).await?;
    println!("published greet.early before subscribing");

    // Two subscriptions, each a stream of messages we read with `next`.
    // `greet.*` matches `greet.joe` but not `greet.team.bob`; `greet.>`
    // matches both.
    let one_token = client.subscribe("greet.*").await?;
    let any_tokens = client.subscribe("greet.>").await?;

    // The last message, `greet.end`, matches both wildcards: it tells each
    // subscription that there is nothing more to read.
    for subject in ["greet.joe", "greet.pam", "greet.team.bob"] {
        let name = subject.rsplit('.').next().unwrap_or(subject);
        client
            .publish(subject, format!("hello, {name}").into())
            .await?;
    }
    client.publish("greet.end", "goodbye".into()).await?;
    println!("published greet.joe, greet.pam, greet.team.bob, greet.end");

    // Messages from one connection arrive in the order they were published,
    // so when `greet.end` arrives, every earlier match has arrived before it.
    for (pattern, mut subscription) in [("greet.*", one_token), ("greet.>", any_tokens)] {
        let mut count = 0;
        loop {
            // Wait at most five seconds for the next message.
            let message = timeout(Duration::from_secs(5), subscription.next())
                .await?
                .ok_or("subscription closed")?;
            println!(
                "{pattern} received {}: {}",
                message.subject,
                from_utf8(&message.payload)?
            );
            count += 1;
            if message.subject.as_str() == "greet.end" {
                break;
            }
        }
        println!("{pattern} received {count} messages");
    }

    // Drain the connection: it flushes what is pending, then closes.
    client.drain().await?;

    Ok(())
}
