"""The legend of a map: one row per class, a colour swatch and its label."""

from __future__ import annotations

from dash import html


def legend_rows(legend: list[tuple[str, str]]) -> list:
    """One row per class: a colour swatch and its label."""
    return [
        html.Div(
            className="wr-legend-row",
            children=[
                html.Span(className="wr-swatch", style={"background": colour}),
                html.Span(label),
            ],
        )
        for colour, label in legend
    ]
