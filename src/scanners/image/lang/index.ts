import type { Analyzer } from '../types.js';
import { goAnalyzer } from './go.js';
import { javaAnalyzer } from './java.js';
import { nodeAnalyzer } from './node.js';
import { phpAnalyzer } from './php.js';
import { pythonAnalyzer } from './python.js';
import { rubyAnalyzer } from './ruby.js';
import { rustAnalyzer } from './rust.js';

/** Every analyzer of language packages installed in an image (issue 6). */
export const LANG_ANALYZERS: Analyzer[] = [nodeAnalyzer, pythonAnalyzer, goAnalyzer, rustAnalyzer, javaAnalyzer, rubyAnalyzer, phpAnalyzer];

export { goAnalyzer, javaAnalyzer, nodeAnalyzer, phpAnalyzer, pythonAnalyzer, rubyAnalyzer, rustAnalyzer };
