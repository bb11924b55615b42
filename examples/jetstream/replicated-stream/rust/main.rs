//! Replicated Stream
//!
//! In a NATS cluster, a JetStream stream can keep copies of its messages on
//! several servers: its replicas. A stream with three replicas (R3) has a leader
//! and two followers; a message is stored once a majority of them have it, so
//! the stream survives the loss of any one server. Clients need not know which
//! server leads: any server in the cluster takes JetStream requests and routes
//! them to the stream's leader.
//!
//! This example connects to each of the three servers in NATS_URL: it creates an
//! R3 stream through the first, publishes through the second and reads through
//! the third. Which server leads is decided at random, so it is not printed.

use std::{env, str::from_utf8, time::Duration};

use async_nats::jetstream::{self, stream};

/// Right after a cluster forms, a server may not yet know of the JetStream API
/// or of a new stream's subjects on the others (no responders), JetStream may
/// be briefly unavailable, or the leader may not yet count every server as a
/// place for a replica ("no suitable peers"): try again for a while.
async fn retried<T, E>(mut action: impl AsyncFnMut() -> Result<T, E>) -> Result<T, E> {
    for _ in 0..50 {
        if let Ok(value) = action().await {
            return Ok(value);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    action().await
}

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. Here it lists the cluster's servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();
    println!("servers in NATS_URL: {}", servers.len());
    if servers.len() < 3 {
        return Err("this example needs three servers in NATS_URL".into());
    }

    // One connection to each server, each given that server's URL only.
    let first = async_nats::connect(servers[0]).await?;
    let second = async_nats::connect(servers[1]).await?;
    let third = async_nats::connect(servers[2]).await?;

    let jetstream = jetstream::new(first.clone());
    let stream = retried(async || {
        jetstream
            .create_stream(stream::Config {
                name: "ORDERS".to_string(),
                subjects: vec!["orders.>".to_string()],
                num_replicas: 3,
                ..Default::default()
            })
            .await
    })
    .await?;
    println!(
        "created stream ORDERS through server 1: {} replicas",
        stream.cached_info().config.num_replicas
    );

    // `publish` returns a future of the stream's ack, which carries the
    // message's sequence in the stream.
    let jetstream = jetstream::new(second.clone());
    for n in 1..=3 {
        let subject = format!("orders.{n}");
        let ack = retried(async || {
            jetstream
                .publish(subject.clone(), format!("order {n}").into())
                .await?
                .await
        })
        .await?;
        println!(
            "published {subject} through server 2: sequence {}",
            ack.sequence
        );
    }

    // Through the third server: the stream's configuration, where it is
    // placed (the leader and its followers), and the messages it holds.
    // `get_stream` asks the server for the stream's info.
    let jetstream = jetstream::new(third.clone());
    let stream = retried(async || jetstream.get_stream("ORDERS").await).await?;
    let info = stream.cached_info();
    let placed = 1 + info
        .cluster
        .as_ref()
        .map_or(0, |cluster| cluster.replicas.len());
    println!(
        "read through server 3: {} replicas configured, placed on {placed} servers",
        info.config.num_replicas
    );
    for sequence in 1..=info.state.messages {
        let message = stream.get_raw_message(sequence).await?;
        println!(
            "  {sequence} {}: {}",
            message.subject,
            from_utf8(&message.payload)?
        );
    }

    // Drain the connections: each flushes what is pending, then closes.
    for client in [first, second, third] {
        client.drain().await?;
    }

    Ok(())
}
