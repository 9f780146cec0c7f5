/* Geometry the maps draw, fetched so that one failed request never freezes a map.
 *
 * Plotly fetches a choropleth's GeoJSON by URL itself; when that one request fails, the
 * promise dcc.Graph queues its drawing on stays rejected, and the graph never draws again
 * (the old map under every new title, or a blank map). So:
 *  - load(url) fetches a file into Plotly's own cache (window.PlotlyGeoAssets), retrying,
 *    before a figure that needs it is asked for (the wall asks for no view before its
 *    geometry is here), so Plotly never fetches and never fails;
 *  - check(gd, key) says whether a graph shows the map it was given: its key
 *    (layout.meta.key) and its areas drawn (every location joined to its shape);
 *  - the map page's map (#map-graph) is watched: a file Plotly failed to fetch is fetched again
 *    with a mark on the map that says so, then the page is reloaded (its URL holds the view).
 */
(function () {
    "use strict";
    const TRIES = 3;
    const WAIT_MS = 1000;  // between tries, doubling
    const assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
    const loading = {};

    function ready(url) {
        const held = assets[url];
        return !!held && held !== "pending" && typeof held === "object";
    }

    function once(url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
            if (!response.ok) { throw new Error(url + ": " + response.status); }
            return response.json();
        });
    }

    // The file in Plotly's cache, fetched (and retried) if it is not there yet;
    // ``onRetry`` is told of each failed try that is tried again.
    function load(url, onRetry) {
        if (ready(url)) { return Promise.resolve(assets[url]); }
        if (loading[url]) { return loading[url]; }
        let attempt = 0;
        const tryOnce = function () {
            attempt += 1;
            return once(url).catch(function (error) {
                if (attempt >= TRIES) { throw error; }
                if (onRetry) { onRetry(error); }
                return new Promise(function (resolve) {
                    setTimeout(resolve, WAIT_MS * Math.pow(2, attempt - 1));
                }).then(tryOnce);
            });
        };
        loading[url] = tryOnce().then(function (geojson) {
            assets[url] = geojson;
            return geojson;
        }).finally(function () { delete loading[url]; });
        return loading[url];
    }

    // Areas joined to a shape in the values and no-data traces, and how many there should be.
    function areas(gd) {
        const drawn = (gd.calcdata || []).slice(0, 2).reduce(function (n, trace) {
            return n + trace.filter(function (point) { return point && point.fOut; }).length;
        }, 0);
        const expected = (gd.data || []).slice(0, 2).reduce(function (n, trace) {
            return n + ((trace && trace.locations) || []).length;
        }, 0);
        return { drawn: drawn, expected: expected };
    }

    // Does the graph show the map whose layout.meta.key is ``key``, every area drawn?
    function check(gd, key) {
        if (!gd || !gd.data || !gd.layout || gd.classList.contains("dash-graph--pending")) {
            return { ok: false, key: null, drawn: 0, expected: 0 };
        }
        const shown = (gd.layout.meta || {}).key || null;
        const count = areas(gd);
        return {
            ok: shown === key && count.expected > 0 && count.drawn === count.expected,
            key: shown, drawn: count.drawn, expected: count.expected,
        };
    }

    window.warroomGeo = { load: load, ready: ready, check: check, areas: areas };

    // The map page: a map whose file Plotly failed to fetch (Plotly drops a failed file from
    // its cache) is fetched again, saying so on the map, then the page reloads its URL.
    let missingSince = 0;
    let retrying = false;
    function mark(box, on) {
        const note = box.querySelector("#map-retry");
        if (note) { note.hidden = !on; }
    }
    setInterval(function () {
        const box = document.getElementById("map-box");
        const gd = box && box.querySelector("#map-graph .js-plotly-plot");
        const url = gd && gd.data && gd.data[0] && gd.data[0].geojson;
        if (retrying || typeof url !== "string") { return; }
        if (assets[url] !== undefined) { missingSince = 0; return; }
        const now = Date.now();
        if (!missingSince) { missingSince = now; return; }
        if (now - missingSince < 1500) { return; }
        retrying = true;  // Plotly tried and failed: fetch it again, then draw the page anew
        mark(box, true);
        const again = function () {
            load(url).then(function () { window.location.reload(); }, function () {
                setTimeout(again, 5000);
            });
        };
        setTimeout(again, WAIT_MS);  // a moment first: a server restarting needs one
    }, 500);
})();
