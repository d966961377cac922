import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8000' },
  },
  build: { outDir: 'dist' },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.js'],
    // a dialog of Element Plus selects takes a second or two to render in happy-dom on a 2-core machine
    testTimeout: 20000,
    // Element Plus's forms import async-validator's default export; loaded by Node that is the CommonJS module
    // object, not the validator, so every form validated as valid. Bundled by Vite it gets the ES module.
    server: { deps: { inline: ['element-plus'] } },
  },
})
