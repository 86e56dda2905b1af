"""The store: the only thing the web app reads, and the build's only output."""
