"""nbe: a cross-language conformance checker for NATS by Example."""

__version__ = "0.1.0"
