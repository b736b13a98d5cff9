"""Writing files safely: atomic replacement, and export folders that a crash leaves whole."""
