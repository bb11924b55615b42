"""Machine-readable reports, all written from the same stream of CheckResults."""
