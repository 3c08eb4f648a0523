import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // UI unit and component tests live next to their code; component tests choose jsdom per file.
    include: ['test/**/*.test.ts', 'ui/src/**/*.test.ts', 'ui/src/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers on port 0; files run in parallel processes.
    pool: 'forks',
  },
});
