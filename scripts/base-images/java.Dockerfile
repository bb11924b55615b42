# Stand-in for maven:3.9-eclipse-temurin-17: Debian 12's OpenJDK 17 and Maven (3.8).
# Maven reaches the registry through a TLS proxy that only the host's CA bundle trusts, and
# Java reads its own truststore, not that bundle: update-ca-certificates adds the host CAs
# (copied to /usr/local/share/ca-certificates) to the system store, and its Java hook
# rebuilds /etc/ssl/certs/java/cacerts from it.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven ca-certificates-java \
 && update-ca-certificates \
 && rm -rf /var/lib/apt/lists/*
CMD ["jshell"]
