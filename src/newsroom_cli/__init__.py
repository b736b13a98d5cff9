"""newsroom-cli: a command-line newsroom for a press office."""

__version__ = "0.1.0"
