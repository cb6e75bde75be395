import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards the API to a running `callgate serve`, so the console is developed
// against the real server; CALLGATE_API points it elsewhere.
const apiTarget = process.env.CALLGATE_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': apiTarget,
    },
  },
});
