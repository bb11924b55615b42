//! Request-Reply
//!
//! The request-reply pattern allows a client to send a message and expect a
//! reply of some kind. In practice, the request message will either be a
//! command, which is an intention for service to carry out some work that
//! results in a state change, or a query, which is a request for information.
//!
//! Unlike request-reply constrained protocols like HTTP, NATS is not limited to
//! a strict point-to-point interaction between a client and server. The
//! request-reply pattern is built on top of the core publish-subscribe model.
//!
//! By default, this means that any one of subscribers could be a responder and
//! reply to the client. However, because NATS is not limited to point-to-point
//! interactions, the client could indicate to NATS that multiple replies should
//! be allowed.
//!
//! This example shows the basics of the request-reply pattern including the
//! standard "no responders" error if there are no subscribers available to
//! handle and reply to the requesting message.

use std::{env, str::from_utf8, time::Duration};

use async_nats::{Request, RequestErrorKind};
use futures::StreamExt;
use tokio::sync::oneshot;

#[tokio::main]
async fn main() -> Result<(), async_nats::Error> {
    // Use the NATS_URL env variable if defined, otherwise fall back to the
    // default. It may list several servers, separated by commas.
    let nats_url = env::var("NATS_URL").unwrap_or_else(|_| "nats://localhost:4222".to_string());
    let servers: Vec<&str> = nats_url.split(',').map(str::trim).collect();

    // Create the connection to NATS which takes a list of servers.
    let client = async_nats::connect(servers).await?;

    // In addition to vanilla publish-request, NATS supports request-reply
    // interactions as well. Under the covers, this is just an optimized pair of
    // publish-subscribe operations. The request handler is a subscription that
    // responds to a message sent to it. This kind of subscription is called a
    // service.
    let mut requests = client.subscribe("greet.*").await?;

    // Answer the requests in a task of their own, so this one is free to send
    // them. (Usually the service and its clients are different programs, and
    // a task is not needed.) The channel tells the service when to stop.
    let (stop, mut stopped) = oneshot::channel::<()>();
    let service = tokio::spawn({
        let client = client.clone();
        async move {
            loop {
                tokio::select! {
                    Some(request) = requests.next() => {
                        // Parse out the second token in the subject (everything
                        // after `greet.`) and use it as part of the response.
                        let name = request.subject.trim_start_matches("greet.");
                        // A request carries the subject to reply to: publish
                        // the response there.
                        if let Some(reply) = request.reply {
                            client.publish(reply, format!("hello, {name}").into()).await?;
                        }
                    }
                    _ = &mut stopped => break,
                }
            }
            // Unsubscribe: from now on, nobody listens on `greet.*`.
            requests.unsubscribe().await?;
            Ok::<(), async_nats::Error>(())
        }
    });

    // Now we can use the built-in request method to do the service request.
    // A `Request` builder lets us set a timeout for this one request (the
    // client's default is 10 seconds) since with a request we are waiting for
    // the reply and we likely don't want to wait forever. The body is empty.
    for name in ["joe", "sue", "bob"] {
        let request = Request::new().timeout(Some(Duration::from_millis(500)));
        let response = client
            .send_request(format!("greet.{name}"), request)
            .await?;
        println!("{}", from_utf8(&response.payload)?);
    }

    // What happens if the service is unavailable? We can simulate this by
    // stopping the service, which unsubscribes its handler from above, and
    // waiting until it is done. Now if we make a request, we will expect an
    // error.
    let _ = stop.send(());
    service.await??;

    // The server knows there is no subscriber on `greet.joe`, so instead of
    // letting the request time out it tells the client at once: the request
    // fails with the `NoResponders` error kind.
    let request = Request::new().timeout(Some(Duration::from_millis(500)));
    match client.send_request("greet.joe", request).await {
        Err(err) if err.kind() == RequestErrorKind::NoResponders => println!("no responders"),
        Err(err) => return Err(err.into()),
        Ok(response) => println!("{}", from_utf8(&response.payload)?),
    }

    // Drain the connection: it flushes what is pending, then closes.
    client.drain().await?;

    Ok(())
}
