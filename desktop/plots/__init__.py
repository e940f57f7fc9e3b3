"""Plots of the render: SPL difference (L vs R) and the two ear envelopes over time."""
