#!/usr/bin/env node
// Thin launcher: the CLI returns an exit code, only this file sets it.
import { main } from '../dist/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
