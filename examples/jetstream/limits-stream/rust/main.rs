//! Limits-based Stream
//!
//! A stream stores the messages published to its subjects. Its retention
//! policy decides when they go; the default, limits, keeps messages until one
//! of the stream's limits is reached and then discards the oldest ones first.
//! There are three limits: how many messages, how many bytes, and how old a
//! message may be.
//!
//! This example creates a stream with all three limits, publishes past each one
//! in turn and prints the stream's state after every step: how many messages it
//! holds and the first and last sequence numbers still in it.

use std::{env, time::Duration};

use async_nats::jetstream::{self, stream};

/// Prints the stream's state, as the server reports it now.
async fn print_state(stream: &mut stream::Stream, step: &str) -> Result<(), async_nats::Error> {
    let state = &stream.info().await?.state;
    println!(
        "{step}: {} messages, first seq {}, last seq {}",
        state.messages, state.first_sequence, state.last_sequence
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. It may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();

    let client = async_nats::connect(servers).await?;
    let jetstream = jetstream::new(client.clone());

    // At most 10 messages and 1 KiB of data, each kept for at most an hour.
    let mut stream = jetstream
        .create_stream(stream::Config {
            name: "EVENTS".to_string(),
            subjects: vec!["events.>".to_string()],
            max_messages: 10,
            max_bytes: 1024,
            max_age: Duration::from_secs(3600),
            ..Default::default()
        })
        .await?;
    print_state(&mut stream, "created").await?;

    // Fifteen small messages: the five oldest are discarded to stay at 10.
    // `publish` returns a future of the server's ack; awaiting it too means
    // the message is stored before the next one goes out.
    for n in 1..=15 {
        jetstream
            .publish(format!("events.{n}"), format!("event {n}").into())
            .await?
            .await?;
    }
    print_state(&mut stream, "after 15 small messages").await?;

    // Four larger messages, 200 bytes each: now the byte limit bites first,
    // and older messages go until the stream fits in 1 KiB again.
    for n in 16..=19 {
        jetstream
            .publish(format!("events.{n}"), vec![b'x'; 200].into())
            .await?
            .await?;
    }
    print_state(&mut stream, "after 4 messages of 200 bytes").await?;

    // Lower the age limit to one second. The duplicate window may not be
    // longer than the age limit, so it is lowered too.
    let config = stream.info().await?.config.clone();
    jetstream
        .update_stream(stream::Config {
            max_age: Duration::from_secs(1),
            duplicate_window: Duration::from_secs(1),
            ..config
        })
        .await?;

    // The server removes expired messages on its own; check every tenth of a
    // second, for at most ten seconds, until it has.
    for _ in 0..100 {
        if stream.info().await?.state.messages == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    print_state(&mut stream, "after the age limit passed").await?;

    // Drain the connection: it flushes what is pending, then closes.
    client.drain().await?;

    Ok(())
}
