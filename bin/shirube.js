#!/usr/bin/env -S node --max-semi-space-size=64
// The `shirube` command. It runs the TypeScript sources through tsx, so it never lags behind
// them; `npm start` serves from the faster prebuilt bundle in dist/. Both run with a 64 MiB
// young generation (see docs/operations.md): imports of 100,000 rows allocate fast.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
const { exitAfterOutput } = await import('../server/cli/support.ts');
const code = await runCli(process.argv);
// Exit only once standard output has drained: on a pipe, process.exit() would cut it.
if (code !== 0) await exitAfterOutput(code);
