"""The commands, one module per family, loaded only when a command of theirs runs."""
