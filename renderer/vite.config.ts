// Builds the renderer into renderer/dist (served by the app:// protocol and by the web host).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * main.tsx only connects and asks for the list, then imports start-app.tsx (React, Fluent, the
 * views). The browser learns of that import only once main has run; this preloads the app's
 * chunk and its static imports from index.html, so they download in parallel with main.
 */
function preloadAppStart(): Plugin {
  return {
    name: 'azl-preload-app-start',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle;
        if (!bundle) return html;
        const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
        const start = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/start-app.tsx'));
        if (!start) return html;
        const files = new Set<string>();
        const visit = (fileName: string): void => {
          if (files.has(fileName)) return;
          files.add(fileName);
          const chunk = chunks.find((candidate) => candidate.fileName === fileName);
          for (const imported of chunk?.imports ?? []) visit(imported);
        };
        visit(start.fileName);
        const links = [...files].filter((file) => !html.includes(file)).map((file) => `<link rel="modulepreload" crossorigin href="./${file}">`);
        return html.replace('</head>', `    ${links.join('\n    ')}\n  </head>`);
      },
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), preloadAppStart()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The Electron 45 / current Chromium engine: no transpiling for old browsers.
    target: 'es2023',
  },
});
