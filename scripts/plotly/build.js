// Bundle entry.js as plotly.js builds its own dist files (its esbuild-config.js), minified,
// and write it compressed beside it once (brotli 11, gzip 9): the app sends those as they are.
const fs = require('fs');
const zlib = require('zlib');
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');

esbuild
    .build({
        entryPoints: [`${__dirname}/entry.js`],
        outfile: process.argv[2],
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        sourcemap: false,
        plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
        alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
        logLevel: 'warning',
    })
    .then(() => {
        const out = process.argv[2];
        const data = fs.readFileSync(out);
        const quality = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 };
        fs.writeFileSync(`${out}.br`, zlib.brotliCompressSync(data, { params: quality }));
        fs.writeFileSync(`${out}.gz`, zlib.gzipSync(data, { level: 9 }));
    })
    .catch(() => process.exit(1));
