#!/usr/bin/env node
// The `cityindex` command. The code is in dist/ (built by tsup); this file exists before the build so that
// npm links the command when a workspace is installed.
import "../dist/cli.js";
