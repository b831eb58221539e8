"""Built-in tool packs, one module (or subpackage) per domain."""
