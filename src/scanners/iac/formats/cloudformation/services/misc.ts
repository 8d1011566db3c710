import type { Translator } from '../translation.js';

export const misc: Record<string, Translator> = {};
