"""Rendering in a worker thread, with progress, cancel and a cache across renders."""
