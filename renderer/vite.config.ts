// Builds the renderer into renderer/dist (served by the app:// protocol and by the web host).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The Electron 45 / current Chromium engine: no transpiling for old browsers.
    target: 'es2023',
  },
});
