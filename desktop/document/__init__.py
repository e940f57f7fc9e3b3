"""The open session: pure edits (``edits``, Qt-free) and the undoable document."""
