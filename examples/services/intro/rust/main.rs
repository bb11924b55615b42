//! Services Intro
//!
//! The service API turns request-reply handlers into a service that can be
//! found and observed. A service has a name, a version and endpoints, each one
//! a subject with a handler. Every service also answers on discovery subjects:
//! `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS`, optionally followed by a service
//! name, return who is running, which endpoints they serve, and how many
//! requests and errors each endpoint has handled.
//!
//! This example runs a `calc` service with two endpoints, `calc.sum` and
//! `calc.max`, which take numbers separated by spaces. It sends requests to each
//! (one of them with bad input, answered with a service error), then asks for
//! the service's info and stats through discovery.

use std::{env, str::from_utf8, time::Duration};

use async_nats::{
    Client, Request,
    service::{
        self, NATS_SERVICE_ERROR, NATS_SERVICE_ERROR_CODE, ServiceExt, endpoint::Endpoint,
        error::Error as ServiceError,
    },
};
use futures::StreamExt;
use tokio::{sync::mpsc, time::timeout};

fn parse_numbers(data: &[u8]) -> Result<Vec<i64>, ServiceError> {
    String::from_utf8_lossy(data)
        .split_whitespace()
        .map(|word| {
            // Returned to `respond`, a service error becomes an error response
            // (its code and description in headers) and counts as an error in
            // the endpoint's stats.
            word.parse().map_err(|_| ServiceError {
                code: 400,
                status: format!("not a number: {word}"),
            })
        })
        .collect()
}

/// Answers the requests of one endpoint with what `compute` makes of their
/// numbers, and reports on `handled` each request it is done with.
async fn serve(
    mut endpoint: Endpoint,
    compute: fn(&[i64]) -> Option<i64>,
    handled: mpsc::UnboundedSender<()>,
) -> Result<(), async_nats::Error> {
    while let Some(request) = endpoint.next().await {
        let response = parse_numbers(&request.message.payload).and_then(|numbers| {
            compute(&numbers)
                .map(|n| n.to_string().into())
                .ok_or(ServiceError {
                    code: 400,
                    status: "no numbers".to_string(),
                })
        });
        request.respond(response).await?;
        let _ = handled.send(());
    }
    Ok(())
}

async fn ask(
    client: &Client,
    handled: &mut mpsc::UnboundedReceiver<()>,
    subject: &str,
    payload: &str,
) -> Result<(), async_nats::Error> {
    let request = Request::new()
        .payload(payload.to_string().into())
        .timeout(Some(Duration::from_secs(2)));
    let reply = client.send_request(subject.to_string(), request).await?;
    let error = reply.headers.as_ref().and_then(|headers| {
        Some((
            headers.get(NATS_SERVICE_ERROR_CODE)?,
            headers.get(NATS_SERVICE_ERROR)?,
        ))
    });
    match error {
        Some((code, description)) => println!("{subject} {payload}: error {code}, {description}"),
        None => println!("{subject} {payload}: {}", from_utf8(&reply.payload)?),
    }
    // An endpoint counts a request in its stats just after it has sent the
    // response: wait until the handler is done with this one, so that the
    // stats asked for below include it.
    timeout(Duration::from_secs(2), handled.recv()).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. It may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();

    let client = async_nats::connect(servers).await?;

    // The service and its endpoints, in a group that prefixes their subjects.
    // Each endpoint is a stream of requests, answered in a task of its own.
    let service = client
        .service_builder()
        .description("Sums and maximums of numbers")
        .start("calc", "1.0.0")
        .await?;
    let group = service.group("calc");
    let (handled_tx, mut handled) = mpsc::unbounded_channel();
    let sum = group.endpoint_builder().name("sum").add("sum").await?;
    tokio::spawn(serve(
        sum,
        |numbers| Some(numbers.iter().sum()),
        handled_tx.clone(),
    ));
    let max = group.endpoint_builder().name("max").add("max").await?;
    tokio::spawn(serve(
        max,
        |numbers| numbers.iter().max().copied(),
        handled_tx,
    ));

    ask(&client, &mut handled, "calc.sum", "3 9 4").await?;
    ask(&client, &mut handled, "calc.max", "3 9 4").await?;
    ask(&client, &mut handled, "calc.sum", "3 x 4").await?;

    // Discovery: any client can ask, with a plain request. Each running
    // instance answers; there is one here. Its id is left out, as it is random.
    let request = Request::new().timeout(Some(Duration::from_secs(2)));
    let reply = client.send_request("$SRV.INFO.calc", request).await?;
    let info: service::Info = serde_json::from_slice(&reply.payload)?;
    println!("info: {} {}, {}", info.name, info.version, info.description);
    let mut endpoints = info.endpoints;
    endpoints.sort_by(|a, b| a.name.cmp(&b.name));
    for endpoint in endpoints {
        println!("  endpoint {} on {}", endpoint.name, endpoint.subject);
    }

    let request = Request::new().timeout(Some(Duration::from_secs(2)));
    let reply = client.send_request("$SRV.STATS.calc", request).await?;
    let stats: service::Stats = serde_json::from_slice(&reply.payload)?;
    println!("stats: {} {}", stats.name, stats.version);
    let mut endpoints = stats.endpoints;
    endpoints.sort_by(|a, b| a.name.cmp(&b.name));
    for endpoint in endpoints {
        println!(
            "  endpoint {}: requests {}, errors {}",
            endpoint.name, endpoint.requests, endpoint.errors
        );
    }

    // Stop the service: its endpoints unsubscribe, which ends their tasks.
    service.stop().await?;

    // Drain the connection: it flushes what is pending, then closes.
    client.drain().await?;

    Ok(())
}
