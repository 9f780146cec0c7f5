"""The legend of a map: one row per class, a colour swatch and its label."""

from __future__ import annotations

from dash import html


def legend_rows(legend: list[tuple[str, str]], prefix: str = "wr") -> list:
    """One row per class: a colour swatch and its label; an entry without a colour is a note
    (the fixed lines the classes break at). ``prefix`` names the page's classes."""
    return [
        html.Div(
            className=f"{prefix}-legend-row",
            children=[
                html.Span(className=f"{prefix}-swatch", style={"background": colour}),
                html.Span(label),
            ],
        )
        if colour
        else html.Div(label, className=f"{prefix}-legend-note")
        for colour, label in legend
    ]
