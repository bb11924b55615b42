"""nats-server, wherever nbe runs one: a local process and its readiness (local), three routed
ones (cluster) and their merged log (cluster_log), the server-version matrix and its binaries
(versions), and the release a NATS by Example tree's compose file names (tree)."""
