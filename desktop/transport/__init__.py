"""Headphone preview: play/pause/stop, seek, loop a region, A/B original vs binaural."""
