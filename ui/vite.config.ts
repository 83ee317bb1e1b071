import { defineConfig } from "vite";

// The fonts are served from the render crate's folder: the canvas and the exporter read
// the very same TTF files.
export default defineConfig({
  publicDir: "../crates/argmap-render/fonts",
  clearScreen: false,
  build: { outDir: "dist", emptyOutDir: true, target: "safari15" },
  server: { port: 1420, strictPort: true },
});
