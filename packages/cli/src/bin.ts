#!/usr/bin/env node
// The `kubesim` executable, with the real simulator.
import { createCluster, parseClusterConfig } from "@kubesim/kubesim";
import { cliMain } from "./cliMain.js";

await cliMain({ createCluster, parseClusterConfig });
