"""The Docker runtime (runtime) and what it stands on: the Engine API spoken over the socket
(api), finding the engine (endpoint), a run's containers and their labels (session), images
(images, and a port's own Dockerfile: dockerfile), a check's server containers (servers) and the
port's container and its streams (containers). Kept empty, so that reading one of them (a local
check reads dockerfile) does not load the rest."""
