import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Served by the server at /console/ (index.html fallback); `npm run dev` proxies /api and /ws to it. */
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/openapi.json': 'http://localhost:3000',
      '/ws': { target: 'ws://localhost:3000', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd (one shared chunk, ~365 kB gzip) is the largest; pages themselves are small lazy chunks.
    chunkSizeWarningLimit: 1300,
    rolldownOptions: {
      output: {
        // Big libraries in their own long-lived chunks; pages are lazy-loaded per route.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              priority: 30,
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
            },
            { name: 'echarts', priority: 20, test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            {
              name: 'antd',
              priority: 10,
              test: /node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
