#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (prepare) and `npm test` (pretest).
import { runFromProcess } from '../dist/cli/main.js';

await runFromProcess();
