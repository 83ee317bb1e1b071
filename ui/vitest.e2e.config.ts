import { defineConfig } from "vitest/config";

// The end-to-end suite: one app, driven step by step, so one file, in order.
export default defineConfig({
  test: { include: ["e2e/**/*.e2e.ts"], testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
});
