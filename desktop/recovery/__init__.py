"""Autosave, crash recovery and recent files."""
