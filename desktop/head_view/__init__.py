"""Top-down head view: where the selected region's source is, its path, and where every
source is at the playhead."""
