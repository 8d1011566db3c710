import type { Translator } from '../translation.js';

export const edge: Record<string, Translator> = {};
