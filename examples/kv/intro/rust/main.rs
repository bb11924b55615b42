//! Key-Value Intro
//!
//! The key-value store is built on a JetStream stream: a bucket is a stream,
//! a key is a subject in it, and every change to a key is a message. So each
//! value has a revision (its sequence in the stream), a bucket can keep some
//! history per key, and a client can watch keys for changes as they happen.
//!
//! This example creates a bucket, puts, gets and updates a key (an update names
//! the revision it expects to replace, and fails if the key has moved on since),
//! deletes it, reads its history, and then watches another key change.

use std::{env, str::from_utf8, time::Duration};

use async_nats::jetstream::{
    self,
    kv::{self, Entry, Operation, UpdateErrorKind},
};
use futures::{StreamExt, TryStreamExt};
use tokio::time::timeout;

/// How a change to a key is printed in this example's output.
fn describe(entry: &Entry) -> String {
    let operation = match entry.operation {
        Operation::Put => "put",
        Operation::Delete => "delete",
        Operation::Purge => "purge",
    };
    let value = if entry.value.is_empty() {
        String::new()
    } else {
        format!(" {}", String::from_utf8_lossy(&entry.value))
    };
    format!(
        "{} revision {}: {operation}{value}",
        entry.key, entry.revision
    )
}

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. It may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();

    let client = async_nats::connect(servers).await?;
    let jetstream = jetstream::new(client.clone());

    // A bucket that keeps the last five values of each key.
    let kv = jetstream
        .create_key_value(kv::Config {
            bucket: "profiles".to_string(),
            history: 5,
            ..Default::default()
        })
        .await?;
    println!("created bucket profiles");

    let revision = kv.put("sue.color", "blue".into()).await?;
    println!("put sue.color = blue: revision {revision}");

    // `entry` returns the value with its revision (`get` only the value).
    let entry = kv.entry("sue.color").await?.ok_or("sue.color not found")?;
    println!(
        "get sue.color: {}, revision {}",
        from_utf8(&entry.value)?,
        entry.revision
    );

    // An update only succeeds if the key is still at the revision we read.
    let revision = kv
        .update("sue.color", "green".into(), entry.revision)
        .await?;
    println!(
        "update sue.color = green at revision {}: revision {revision}",
        entry.revision
    );

    // Revision 1 is no longer the latest, so this update is refused.
    match kv.update("sue.color", "red".into(), entry.revision).await {
        Err(err) if err.kind() == UpdateErrorKind::WrongLastRevision => println!(
            "update sue.color = red at revision {}: refused, wrong revision",
            entry.revision
        ),
        Err(err) => return Err(err.into()),
        Ok(revision) => println!(
            "update sue.color = red at revision {}: revision {revision}",
            entry.revision
        ),
    }

    // A delete is a new revision too: a marker that hides the older values,
    // so `get` finds no value.
    kv.delete("sue.color").await?;
    if kv.get("sue.color").await?.is_none() {
        println!("get sue.color after delete: not found");
    }

    println!("history of sue.color:");
    let history: Vec<Entry> = kv.history("sue.color").await?.try_collect().await?;
    for entry in &history {
        println!("  {}", describe(entry));
    }

    // A watcher first delivers the current value of each key it matches (none
    // yet), then every change as it happens: `watch_with_history` (`watch`
    // alone would skip the current values).
    let mut watcher = kv.watch_with_history("bob.*").await?;
    println!("watching bob.*");

    kv.put("bob.color", "red".into()).await?;
    kv.put("bob.color", "yellow".into()).await?;
    kv.delete("bob.color").await?;
    for _ in 0..3 {
        // Wait at most two seconds for each change.
        let entry = timeout(Duration::from_secs(2), watcher.next())
            .await?
            .ok_or("watcher ended")??;
        println!("  watched {}", describe(&entry));
    }
    // Dropping the watcher stops it.
    drop(watcher);

    // Drain the connection: it flushes what is pending, then closes.
    client.drain().await?;

    Ok(())
}
