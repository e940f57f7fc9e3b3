"""Shared fixtures for the prompt tests. Tests marked ``model`` load MiniLM (a few seconds)."""

from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "prompts"


def pytest_configure(config):
    config.addinivalue_line("markers", "model: loads the MiniLM text model (a few seconds on CPU)")


@pytest.fixture(scope="module")
def minilm():
    """Loads the embedding fallback's model once per module and returns the module."""
    from engine.prompt import embedding

    embedding.embed(["warm-up"])
    return embedding
