//! A minimal port: connect to NATS, answer one request, print the reply.

use std::{env, str::from_utf8};

use futures::StreamExt;

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // NATS_URL may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();
    let client = async_nats::connect(servers).await?;

    // A service on "hello" answers each request in a task of its own.
    let mut requests = client.subscribe("hello").await?;
    tokio::spawn({
        let client = client.clone();
        async move {
            while let Some(request) = requests.next().await {
                if let Some(reply) = request.reply {
                    client.publish(reply, "hello, world".into()).await?;
                }
            }
            Ok::<(), async_nats::Error>(())
        }
    });

    let response = client.request("hello", "".into()).await?;
    println!("{}", from_utf8(&response.payload)?);

    client.drain().await?;
    Ok(())
}
