import type { Translator } from '../translation.js';

export const data: Record<string, Translator> = {};
