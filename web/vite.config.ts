import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The console, served by Trellis itself at `/`; in development, Vite proxies the API to a running Trellis. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Pages load their own code on demand; the first page stays small (a test reads the manifest).
    manifest: true,
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(
      ['/v1', '/openapi.json', '/docs', '/health', '/errors', '/rules'].map((path) => [
        path,
        process.env.TRELLIS_URL ?? 'http://localhost:3000',
      ]),
    ),
  },
});
