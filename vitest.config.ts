import { defineConfig } from "vitest/config";

// Workspace packages import each other's TypeScript source through the
// "@kubesim/source" export condition, so tests need no build step.
export default defineConfig({
  resolve: { conditions: ["@kubesim/source"] },
  ssr: { resolve: { conditions: ["@kubesim/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "examples/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
  },
});
