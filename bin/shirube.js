#!/usr/bin/env node
// The `shirube` command. It runs the TypeScript sources through tsx, so it never lags behind
// them; `npm start` serves from the faster prebuilt bundle in dist/.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
const code = await runCli(process.argv);
if (code !== 0) process.exit(code);
