"""Figures drawn on the server, made to fit the screen they are shown on.

A page whose figures come with its layout (the governor's page) cannot know the screen when
it draws them. Its graphs are drawn for 1920 x 1080, where 1 rem is 17.28 px; a clientside
callback then scales their fonts and margins with the page's rem (so a 4K wall shows the
same chart twice as sharp) and fits a map with ``layout.meta.bounds`` to the graph's
measured size (so a province fills its map at every size).
"""

from __future__ import annotations

from dash import Input, Output, State, clientside_callback

# The rem the server's pixel sizes are chosen for: 0.9 % of 1920 px.
BASE_REM = 17.28

SCALE_JS = """
function(figure, id) {
    const noUpdate = window.dash_clientside.no_update;
    const layout = figure && figure.layout;
    const el = document.getElementById(id);
    if (!layout || !el) { return noUpdate; }
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || BASE_REM;
    const k = rem / BASE_REM;
    const box = el.getBoundingClientRect();
    const meta = layout.meta || {};
    const key = [rem, Math.round(box.width), Math.round(box.height)].join('x');
    if (meta.fitted === key) { return noUpdate; }
    const base = meta.base || {font: (layout.font || {}).size || 14, margin: layout.margin || {}};
    const margin = {};
    for (const [side, px] of Object.entries(base.margin)) {
        margin[side] = typeof px === 'number' ? Math.round(px * k) : px;
    }
    // A patch, not a new figure: data that arrived meanwhile must not be overwritten.
    const patch = new window.dash_clientside.Patch()
        .assign(['layout', 'font', 'size'], Math.max(11, Math.round(base.font * k)))
        .assign(['layout', 'margin'], margin)
        .assign(['layout', 'meta'], {...meta, base: base, fitted: key});
    if (meta.bounds && box.width > 50 && box.height > 50) {
        // As export.mapdata.fit_view: MapLibre's world is 512 px wide at zoom 0.
        const [minx, miny, maxx, maxy] = meta.bounds;
        const lat = (miny + maxy) / 2;
        const stretch = 1 / Math.cos(lat * Math.PI / 180);
        const zx = Math.log2(box.width * 360 / (512 * Math.max(maxx - minx, 1e-3)));
        const zy = Math.log2(box.height * 360 / (512 * Math.max(maxy - miny, 1e-3) * stretch));
        patch.assign(['layout', 'map', 'center'], {lon: (minx + maxx) / 2, lat: lat})
            .assign(['layout', 'map', 'zoom'], Math.round((Math.min(zx, zy) - 0.1) * 100) / 100);
    }
    return patch.build();
}
""".replace("BASE_REM", str(BASE_REM))


def scale_with_screen(graph_id: str, *, shared: bool = False) -> None:
    """Scale the figure of ``graph_id`` to the screen whenever it is drawn.

    ``shared``: another callback also writes the figure (this one then writes a duplicate
    output that also runs for the layout's figure).
    """
    clientside_callback(
        SCALE_JS,
        Output(graph_id, "figure", allow_duplicate=shared),
        Input(graph_id, "figure"),
        State(graph_id, "id"),
        prevent_initial_call="initial_duplicate" if shared else False,
    )
