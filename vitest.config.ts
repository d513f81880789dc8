import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summary-line.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/unit/**/*.test.ts'],
          environment: 'node',
          // A hang guard, not a speed check: on a busy 2-core machine, with the ground starting
          // beside it, ESLint's first run and the CLI property test took 5–7 s (vitest's default is 5 s).
          testTimeout: 30_000,
          // beforeAll starting a worker (the Lua VM) waited past the default 10 s once, on a machine
          // running the test ground and the bench beside it.
          hookTimeout: 30_000,
        },
      },
      {
        // Everything that needs the test ground (real clusters, helm, kustomize, the keychain)
        // or a browser: the ground is brought up once for all of it.
        test: {
          name: 'ground',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/conformance/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/ground/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
