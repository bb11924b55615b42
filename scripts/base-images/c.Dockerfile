# Stand-in for gcc:12-bookworm: Debian 12's gcc 12 and make (the official image also has
# Debian's build tools, and its gcc is gcc 12 too). nats.c (libnats-dev) is preinstalled at the
# version the C Dockerfile pins, which then only checks it against the archive.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev make libnats-dev=3.4.1-1+b1 \
    && rm -rf /var/lib/apt/lists/*
CMD ["bash"]
