"""Registers the chart fixtures (chart_rendering.py); the helpers live there so that no test imports a conftest."""

from chart_rendering import manifests, rendered  # noqa: F401
