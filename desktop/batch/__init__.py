"""Send the session's tracks, or a folder of files with one prompt, to a Ray batch."""
