// The Plotly the site loads: its core (which always holds the scatter trace) and only the other
// trace types the site's charts draw. tests/core/test_plotly_bundle.py fails when a chart uses a
// trace type missing here; add its module from plotly.js/lib and run `make plotly`.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/pie'),
    require('plotly.js/lib/scatterpolar'),
]);

module.exports = Plotly;
