//! Pull Consumer
//!
//! A consumer is a view on a stream that remembers what it delivered and what
//! was acknowledged. A pull consumer delivers only when asked: the application
//! fetches a batch of messages when it is ready for them, and acknowledges each
//! one when it is done. A durable consumer has a name and keeps its position on
//! the server, so a worker that restarts carries on where it left off.
//!
//! A message that is negatively acknowledged (nak) is delivered again, and it
//! comes before the messages that were never delivered. Each delivery carries a
//! count, so a worker can tell a first delivery from a redelivery.

use std::{env, time::Duration};

use async_nats::jetstream::{
    self, AckKind,
    consumer::{AckPolicy, pull},
    stream,
};
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. It may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();

    let client = async_nats::connect(servers).await?;
    let jetstream = jetstream::new(client.clone());

    let stream = jetstream
        .create_stream(stream::Config {
            name: "JOBS".to_string(),
            subjects: vec!["jobs.>".to_string()],
            ..Default::default()
        })
        .await?;
    // Awaiting the ack future too means each job is stored before the next.
    for n in 1..=5 {
        jetstream
            .publish(format!("jobs.{n}"), format!("job {n}").into())
            .await?
            .await?;
    }
    println!("published 5 jobs");

    // The durable consumer `worker`, which expects an explicit ack for each
    // message. Its handle fetches on demand.
    let consumer = stream
        .create_consumer(pull::Config {
            durable_name: Some("worker".to_string()),
            ack_policy: AckPolicy::Explicit,
            ..Default::default()
        })
        .await?;

    // Fetch batches of two, each time waiting at most a second for them. In
    // the second, job 3 is nak'd. The acks use `double_ack`, which waits for
    // the server to confirm: the server handles a consumer's acks in order, so
    // once job 4's ack is confirmed, job 3's nak has been handled too, and the
    // next fetch sees job 3 again.
    for batch in 1..=4 {
        let messages: Vec<jetstream::Message> = consumer
            .batch()
            .max_messages(2)
            .expires(Duration::from_secs(1))
            .messages()
            .await?
            .try_collect()
            .await?;
        if messages.is_empty() {
            println!("fetch {batch}: no messages");
            continue;
        }
        println!("fetch {batch}:");
        for message in messages {
            let delivery = message.info()?.delivered;
            let data = String::from_utf8_lossy(&message.payload).into_owned();
            if data == "job 3" && delivery == 1 {
                message.ack_with(AckKind::Nak(None)).await?;
                println!("  {data}, delivery {delivery}: nak");
            } else {
                message.double_ack().await?;
                println!("  {data}, delivery {delivery}: ack");
            }
        }
    }

    // The consumer's state on the server: everything handled.
    let info = stream.consumer_info("worker").await?;
    println!(
        "consumer worker: {} deliveries, {} pending, {} awaiting ack",
        info.delivered.consumer_sequence, info.num_pending, info.num_ack_pending
    );

    // Drain the connection: it flushes what is pending, then closes.
    client.drain().await?;

    Ok(())
}
