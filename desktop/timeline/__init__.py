"""Timeline: one lane per track with a waveform overview, regions, zoom and a playhead."""
