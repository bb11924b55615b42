# Stand-in for golang:1.26-bookworm, the default base of `cli` ports (shell scripts driving
# the nats command-line tool, which the port image builds from source with Go): the Debian
# base plus the host's Go root, which is this build's context (see cli.context; Debian 12's
# own Go is too old for current natscli). Laid out as the upstream image is: Go in
# /usr/local/go, GOPATH=/go, both bin folders on PATH. No C compiler: Go then builds with
# cgo off, which the nats tool does not need. The Debian base already has sh, grep, mktemp
# and printf, all the scripts use besides nats.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY . /usr/local/go
ENV GOTOOLCHAIN=local \
    GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN mkdir -p /go/src /go/bin && chmod -R 1777 /go && go version
WORKDIR /go
