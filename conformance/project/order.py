"""The order of a tree: `examples/meta.yaml` lists `categories:`, a category's `meta.yaml` lists
`examples:` (NATS by Example's convention). Listed names come first, in their order; the rest
follow alphabetically; a listed name with no folder is ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conformance.config.cache import cached_config, parser_modules

_PARSERS = parser_modules("project/order")


def ordered(folder: Path, names: list[str], listing_key: str) -> list[str]:
    """`names` (subfolders of `folder`) in the order `folder/meta.yaml` lists under `listing_key`."""
    listing = folder / "meta.yaml"
    if not listing.is_file():
        return sorted(names)
    listed = cached_config(listing, _PARSERS, lambda: _read_listing(listing, listing_key))
    rank = {name: index for index, name in enumerate(listed)}
    return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))


def _read_listing(path: Path, key: str) -> list[str]:
    from conformance.config.fields import Fields
    from conformance.config.yamlfile import load_mapping

    shown = f"{path.parent.name}/meta.yaml" if path.parent.name != "examples" else "examples/meta.yaml"
    fields = Fields(load_mapping(path, shown), shown)  # other keys (title, ...) are the website's
    value: Any = fields.strings(key)
    return list(value or ())
