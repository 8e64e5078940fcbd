"""The `curriculum` command line (entry point: main.main)."""
