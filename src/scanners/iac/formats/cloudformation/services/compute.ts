import type { Translator } from '../translation.js';

export const compute: Record<string, Translator> = {};
