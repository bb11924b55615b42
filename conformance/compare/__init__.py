"""How an actual output is held against an expected one, as pure functions of text: normalising
both sides, meta.yaml's rules and the named masks, matching with wildcards and unordered blocks,
and cleaning a terminal recording of what the terminal added."""
