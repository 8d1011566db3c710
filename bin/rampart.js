#!/usr/bin/env node
// Thin launcher: the CLI returns an exit code, only this file sets it.
import { main } from '../dist/cli/index.js';

// Scanned files supply object keys (Terraform maps, for_each keys, JSON documents). Without the
// legacy __proto__ accessor (what `node --disable-proto=delete` does), a key named "__proto__"
// is an ordinary key: it can neither swap an object's prototype nor reach Object.prototype.
delete Object.prototype.__proto__;

process.exitCode = await main(process.argv.slice(2));
