# Stand-in for node:<version>-bookworm-slim, the default base of `node` ports: the same image as
# the javascript stand-in (the same instructions and context: Docker's build cache makes them one image).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY bin/node /usr/local/bin/node
COPY lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
# Registries are reached through a TLS proxy only the system CA bundle trusts: npm reads
# its own CA setting (node itself already honours NODE_EXTRA_CA_CERTS from the base).
ENV NPM_CONFIG_CAFILE=/etc/ssl/certs/ca-certificates.crt \
    NPM_CONFIG_UPDATE_NOTIFIER=false
CMD ["node"]
