// The Plotly bundle the app serves to browsers: Plotly's core and only the traces the
// pages draw (maps: choroplethmap; charts: scatter, scattergl, bar, heatmap). Dash's own
// plotly.min.js holds every trace (4.8 MB); this one about 3.2 MB.
// PNG exports (Kaleido) still use the full plotly.js of the Python package.
'use strict';
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scattergl'),
    require('plotly.js/lib/choroplethmap'),
]);
module.exports = Plotly;
