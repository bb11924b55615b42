# Stand-in for denoland/deno:<version>, the default base of `deno` ports: the Debian base with
# the deno binary (from the npm package `deno`, see deno.context) in /usr/local/bin. As in the
# official image, DENO_DIR is /deno-dir. DENO_TLS_CA_STORE=system: Deno reaches registries
# through a TLS proxy that only the system CA bundle trusts.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY deno /usr/local/bin/deno
ENV DENO_DIR=/deno-dir \
    DENO_TLS_CA_STORE=system \
    DENO_NO_UPDATE_CHECK=1
RUN mkdir -p /deno-dir && chmod 1777 /deno-dir && deno --version
CMD ["deno"]
