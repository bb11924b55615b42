# Stand-in for golang:1.26-bookworm, the default base of `shell` ports, which build the NATS
# tools from source with Go as `cli` ports do: the same instructions and context as the cli
# stand-in (see cli.Dockerfile), so Docker's build cache makes them one image.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY . /usr/local/go
ENV GOTOOLCHAIN=local \
    GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN mkdir -p /go/src /go/bin && chmod -R 1777 /go && go version
WORKDIR /go
