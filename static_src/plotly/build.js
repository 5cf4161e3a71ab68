// Bundles index.js into one minified script for the browser, the way plotly.js builds its own
// dist files (esbuild-config.js in the plotly.js package: an IIFE setting window.Plotly), and
// writes it to static/vendor/ with plotly.js's version in the name, so a new build is a new URL.
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const version = require('plotly.js/package.json').version;
const vendor = path.resolve(__dirname, '..', '..', 'static', 'vendor');
const outfile = path.join(vendor, `plotly-${version}-partial.min.js`);

for (const old of fs.readdirSync(vendor)) {
    if (/^plotly-.*\.min\.js$/.test(old) && path.join(vendor, old) !== outfile) fs.unlinkSync(path.join(vendor, old));
}

esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'index.js')],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'none',
    banner: { js: `/* plotly.js v${version} (MIT licence, Copyright Plotly, Inc.): core, bar, heatmap, pie, scatterpolar. Built by static_src/plotly (make plotly). */` },
    define: { global: 'window', 'define.amd': 'false' },
    // Only the map traces (never registered here) use CSS: maplibre-gl's stylesheet, which
    // plotly.js's own build inlines. Left out rather than written beside the script.
    loader: { '.css': 'empty' },
    target: 'es2016',
    logLevel: 'warning',
});
console.log(`${path.relative(process.cwd(), outfile)}: ${fs.statSync(outfile).size} bytes`);
