"""Export of binaural stems and the mix."""
