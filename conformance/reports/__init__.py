"""Every rendering of results a person or a machine reads: the console's lines and matrix
(console), the one table of how each status looks (presentation), and the reports written from
the same stream of CheckResults (JSON, JUnit, Markdown, the conformance page, drift)."""
