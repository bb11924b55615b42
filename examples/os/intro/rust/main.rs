//! Object Store Intro
//!
//! The object store keeps files (objects) of any size in a JetStream stream. An
//! object is cut into chunks, each one a message, and a last message holds the
//! object's metadata: its name, size, number of chunks and a SHA-256 digest of
//! its content, so a reader can check that it got back exactly what was put.
//!
//! This example puts an object larger than one chunk and a small one, gets the
//! large one back and verifies its digest, lists the store, deletes an object
//! and lists it again.

use std::env;

use async_nats::jetstream::{
    self,
    object_store::{self, ObjectInfo, ObjectStore},
};
use base64::{Engine, engine::general_purpose::URL_SAFE};
use futures::TryStreamExt;
use ring::digest::{SHA256, digest};
use tokio::io::AsyncReadExt;

async fn print_listing(store: &ObjectStore) -> Result<(), async_nats::Error> {
    // The listing leaves deleted objects out, and comes in no set order, so
    // sort it by name.
    let mut infos: Vec<ObjectInfo> = store.list().await?.try_collect().await?;
    infos.sort_by(|a, b| a.name.cmp(&b.name));
    for info in infos {
        println!("  {}: {} bytes", info.name, info.size);
    }
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

    let store = jetstream
        .create_object_store(object_store::Config {
            bucket: "files".to_string(),
            ..Default::default()
        })
        .await?;
    println!("created object store files");

    // 300,000 bytes of a repeating pattern: more than two chunks of 128 KiB,
    // the default chunk size. `put` reads the object from any `AsyncRead`;
    // here, a byte slice.
    let data: Vec<u8> = (0..300_000u32).map(|n| (n % 251) as u8).collect();
    let info = store.put("data.bin", &mut data.as_slice()).await?;
    println!(
        "put data.bin: {} bytes in {} chunks",
        info.size, info.chunks
    );
    println!("digest: {}", info.digest.as_deref().unwrap_or("none"));

    store
        .put("notes.txt", &mut "remember the milk".as_bytes())
        .await?;
    println!("put notes.txt");

    // Get the object back (it is an `AsyncRead` too) and compute its digest
    // ourselves: the digest is "SHA-256=" and the URL-safe base64 of the
    // content's SHA-256 hash.
    let mut object = store.get("data.bin").await?;
    let mut got = Vec::new();
    object.read_to_end(&mut got).await?;
    let computed = format!("SHA-256={}", URL_SAFE.encode(digest(&SHA256, &got)));
    println!(
        "got data.bin: {} bytes, same as put: {}",
        got.len(),
        if got == data { "yes" } else { "no" }
    );
    let verified = object.info().digest.as_deref() == Some(computed.as_str());
    println!("digest verified: {}", if verified { "yes" } else { "no" });

    println!("objects:");
    print_listing(&store).await?;

    store.delete("data.bin").await?;
    println!("deleted data.bin");

    println!("objects:");
    print_listing(&store).await?;

    // Drain the connection: it flushes what is pending, then closes.
    client.drain().await?;

    Ok(())
}
