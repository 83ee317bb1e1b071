import { defineConfig } from "vitest/config";

// Benchmarks that drive the real app and print figures (they assert nothing about time).
export default defineConfig({
  test: { include: ["e2e/**/*.bench.ts"], testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false },
});
