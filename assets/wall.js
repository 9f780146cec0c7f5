/* The wall's clock (/wall): keeps time in the browser, asks the server for each view.
 *
 * tick() is a Dash clientside callback run every 250 ms and whenever an answer arrives.
 * The state lives here, per page load (config.id). Nothing here blanks the screen: when an
 * answer does not come or fails, the last good view stays, a mark says "reconnecting", and
 * the next view is asked for a few seconds later until the server answers again.
 *
 * The map: a view is asked for only once its geometry is in the browser (assets/geo.js
 * fetches it, retrying, with the mark shown while it retries), so Plotly never fetches a
 * file itself and one failed request cannot freeze the map. After each view change the wall
 * checks that the map shown is that view's map (its key, every area drawn); if it is not
 * within VERIFY_MS, the mark shows and the view is asked for again; after MAX_REPAIRS such
 * failures in a row the page reloads itself.
 */
(function () {
    "use strict";
    const ANSWER_MS = 10000;  // no answer after this: the server is not answering
    const RETRY_MS = 4000;    // wait after a failure before asking for the next view
    const VERIFY_MS = 15000;  // a view's map not drawn after this: ask for the view again
    const MAX_REPAIRS = 2;    // views asked for again in a row before the page reloads
    const states = {};
    let active = null;

    function stateFor(config) {
        let s = states[config.id];
        if (!s) {
            for (const id of Object.keys(states)) { delete states[id]; }  // an older page load
            s = states[config.id] = {
                id: config.id, durations: config.durations.slice(), current: null,
                want: null, wantAt: 0, pending: false, handled: null, trouble: false,
                retryAt: 0, shownAt: 0, paused: false, pausedFor: 0, step: 0, nonce: 0,
                clock: "", date: "", bar: -1, status: "", count: "", shown: 0, failed: 0,
                geos: (config.geos || []).slice(), geoTrouble: false, geoFails: {},
                verify: null, again: false, repairs: 0, mapKey: null, mapChecks: [],
            };
        }
        active = s;
        return s;
    }

    document.addEventListener("keydown", function (event) {
        const s = active;
        if (!s || !document.getElementById("wall-root")) { return; }
        if (event.code === "Space" || event.key === " ") {
            event.preventDefault();
            if (s.paused) { s.shownAt = Date.now() - s.pausedFor; s.paused = false; }
            else { s.pausedFor = Date.now() - s.shownAt; s.paused = true; }
        } else if (event.key === "ArrowRight" || event.key === "ArrowDown") {
            event.preventDefault(); s.step = 1;
        } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
            event.preventDefault(); s.step = -1;
        }
    });

    function ask(s, index, now) {
        const n = s.durations.length;
        const map = document.getElementById("wall-map");
        const box = map ? map.getBoundingClientRect() : { width: 0, height: 0 };
        s.nonce += 1;
        s.want = {
            i: ((index % n) + n) % n, n: s.id.slice(0, 8) + "-" + s.nonce,
            w: Math.round(box.width), h: Math.round(box.height),
        };
        s.wantAt = now;
        s.pending = true;
        return s.want;
    }

    function wrap(s, index) {
        const n = s.durations.length;
        return ((index % n) + n) % n;
    }

    // Ask for view ``index`` once its geometry is here; until then fetch it (the mark shows
    // while a failed fetch is tried again). A view whose geometry failed twice is passed over.
    function askWhenReady(s, index, now) {
        const geo = window.warroomGeo;
        for (let k = 0; k < s.durations.length; k++) {
            const i = wrap(s, index + k);
            const url = s.geos[i];
            if (!url || !geo || geo.ready(url)) { return ask(s, i, now); }
            if ((s.geoFails[i] || 0) >= 2) { s.geoFails[i] = 0; continue; }
            fetchGeometry(s, i, url);
            return window.dash_clientside.no_update;
        }
        return ask(s, index, now);
    }

    function fetchGeometry(s, i, url) {
        if (s.geoLoading === url) { return; }
        s.geoLoading = url;
        window.warroomGeo.load(url, function () { s.geoTrouble = true; }).then(function () {
            s.geoLoading = null;
            s.geoTrouble = false;
            s.geoFails[i] = 0;
        }, function () {
            s.geoLoading = null;
            s.geoTrouble = true;
            s.failed += 1;
            s.geoFails[i] = (s.geoFails[i] || 0) + 1;
            s.trouble = true;
            s.retryAt = Date.now() + RETRY_MS;
        });
    }

    // Is the map on screen the one the last view was drawn with? Asked again if not in time.
    function verifyMap(s, now) {
        if (!s.verify) { return; }
        const gd = document.querySelector("#wall-map .js-plotly-plot");
        const seen = window.warroomGeo ? window.warroomGeo.check(gd, s.verify.key)
            : { ok: true, key: s.verify.key };
        if (seen.ok) {
            s.mapKey = seen.key;
            s.mapChecks = s.mapChecks.concat([{ key: seen.key, drawn: seen.drawn }]).slice(-10);
            s.verify = null;
            s.repairs = 0;
            return;
        }
        if (now - s.verify.since < VERIFY_MS) { return; }
        s.verify = null;
        s.failed += 1;
        s.repairs += 1;
        if (s.repairs > MAX_REPAIRS) { window.location.reload(); return; }
        s.trouble = true;
        s.again = true;  // the same view again, its geometry fetched anew
        if (s.current !== null) { delete window.PlotlyGeoAssets[s.geos[s.current]]; }
        s.retryAt = now;
    }

    function clockText(config, now) {
        // Thai time whatever the machine's time zone; Buddhist Era years in Thai.
        const parts = {};
        new Intl.DateTimeFormat("en-GB", {
            timeZone: "Asia/Bangkok", year: "numeric", month: "numeric", day: "numeric",
            hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short",
        }).formatToParts(new Date(now)).forEach((p) => { parts[p.type] = p.value; });
        const str = config.strings;
        const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const day = str.wall_days.split(",")[weekdays.indexOf(parts.weekday)];
        const month = str.wall_months.split(",")[Number(parts.month) - 1];
        const year = Number(parts.year) + (config.lang === "th" ? 543 : 0);
        const time = parts.hour + ":" + parts.minute;
        const date = str.wall_date.replace("{day}", day).replace("{d}", Number(parts.day))
            .replace("{month}", month).replace("{year}", year);
        return [config.lang === "th" ? time + " น." : time, date];
    }

    // For tests and the soak benchmark: what the wall has done so far.
    window.wallStats = function () {
        const s = active;
        return s ? { shown: s.shown, failed: s.failed, current: s.current, paused: s.paused,
                     trouble: s.trouble || s.geoTrouble, pending: s.pending,
                     times: s.times || [], mapKey: s.mapKey, checks: s.mapChecks,
                     repairs: s.repairs } : null;
    };

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        wall: {
            tick: function (_n, have, config) {
                const nu = window.dash_clientside.no_update;
                if (!config) { return [nu, nu, nu, nu, nu, nu]; }
                const s = stateFor(config);
                const now = Date.now();
                // An answer to what was asked last.
                if (have && s.want && have.n === s.want.n && s.handled !== have.n) {
                    s.handled = have.n;
                    s.pending = false;
                    if (have.ok) {
                        s.shown += 1;
                        s.times = (s.times || []).concat([now]).slice(-10);
                        s.current = have.i;
                        s.shownAt = now;
                        s.pausedFor = 0;
                        s.trouble = false;
                        s.again = false;
                        if (have.durations && have.durations.length) { s.durations = have.durations; }
                        if (have.geos) { s.geos = have.geos; }
                        s.verify = have.key ? { key: have.key, since: now } : null;
                        // The next view's geometry, fetched while this one shows.
                        const next = s.geos[wrap(s, have.i + 1)];
                        if (next && window.warroomGeo && !window.warroomGeo.ready(next)) {
                            fetchGeometry(s, wrap(s, have.i + 1), next);
                        }
                    } else {
                        s.failed += 1;
                        s.trouble = true;
                        s.retryAt = now + RETRY_MS;
                    }
                }
                if (s.pending && now - s.wantAt > ANSWER_MS) {
                    s.failed += 1;
                    s.pending = false;
                    s.trouble = true;
                    s.retryAt = now;
                }
                verifyMap(s, now);
                let want = nu;
                const step = s.step;
                s.step = 0;
                const duration = 1000 * s.durations[(s.current || 0) % s.durations.length] / config.speed;
                const elapsed = s.paused ? s.pausedFor : now - s.shownAt;
                if (!s.pending) {
                    const here = s.current === null ? -1 : s.current;
                    if (s.current === null && !s.trouble) { want = askWhenReady(s, 0, now); }
                    else if (step) { want = askWhenReady(s, here + step, now); }
                    else if (s.trouble) {
                        if (now >= s.retryAt) { want = askWhenReady(s, here + (s.again ? 0 : 1), now); }
                    }
                    else if (!s.paused && elapsed >= duration) { want = askWhenReady(s, here + 1, now); }
                }
                // The thin bar: time spent in this view.
                const fraction = s.current === null ? 0 : Math.min(1, elapsed / duration);
                const width = Math.round(1000 * fraction) / 10;
                let bar = nu;
                if (width !== s.bar) { s.bar = width; bar = { width: width + "%" }; }
                const statusText = (s.trouble || s.geoTrouble) ? config.strings.wall_reconnecting
                    : (s.paused ? config.strings.wall_paused : "");
                let status = nu;
                if (statusText !== s.status) { s.status = statusText; status = statusText; }
                const countText = s.current === null ? "" : (s.current + 1) + " / " + s.durations.length;
                let count = nu;
                if (countText !== s.count) { s.count = countText; count = countText; }
                const [clockNow, dateNow] = clockText(config, now);
                let clock = nu, date = nu;
                if (clockNow !== s.clock) { s.clock = clockNow; clock = clockNow; }
                if (dateNow !== s.date) { s.date = dateNow; date = dateNow; }
                return [want, bar, status, count, clock, date];
            },
        },
    });
})();
