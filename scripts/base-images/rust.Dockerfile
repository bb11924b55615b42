ARG BASE_IMAGE
FROM ${BASE_IMAGE}
# Stand-in for the official rust:<version>-slim-bookworm image: Debian 12 with gcc and libc6-dev
# (cargo links through cc, and build scripts compile C), and a Rust toolchain copied from the
# build context (rust.context prints it), since Debian 12's rustc is too old for current crates.
# Only cargo, rustc and the libraries they need are copied: no docs, rustdoc, clippy or rustfmt.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY bin/cargo bin/rustc /usr/local/rust/bin/
COPY lib /usr/local/rust/lib
# As in the official image, CARGO_HOME (the crate cache) is /usr/local/cargo and cargo is on PATH.
# Crates are downloaded through a TLS proxy that only the system CA bundle trusts.
ENV CARGO_HOME=/usr/local/cargo \
    PATH=/usr/local/cargo/bin:/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CARGO_HTTP_CAINFO=/etc/ssl/certs/ca-certificates.crt
RUN mkdir -p "$CARGO_HOME/bin" \
 && chmod -R a+w "$CARGO_HOME" \
 && cargo --version \
 && rustc --version
