/** The suites, in run order. `--only <id>` selects among these ids. */
import type { Suite } from "../lib/suite.js";
import { codegenSuite } from "./codegen.js";
import { httpSuite } from "./http.js";
import { pipelineSuite } from "./pipeline.js";
import { queueSuite } from "./queue.js";
import { sizesSuite } from "./sizes.js";
import { tscSuite } from "./tsc.js";
import { validationSuite } from "./validation.js";

export const SUITES: readonly Suite[] = [pipelineSuite, sizesSuite, validationSuite, httpSuite, codegenSuite, tscSuite, queueSuite];
