"""Allocates far more memory than a port container may have."""
chunks = []
for _ in range(64):
    chunks.append(bytearray(64 * 1024 * 1024))
print("allocated", len(chunks))
