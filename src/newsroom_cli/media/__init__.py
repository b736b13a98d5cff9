"""Photos: checking an original and making its web renditions, from bytes to values."""
