"""Inspector: the selected track's settings and the selected region's prompt."""
