/**
 * One schema-validation failure as a person reads it: the field (`body.name`, `query.limit`,
 * `params.project`, the same dotted form as the NUL refusal) and what is wrong with it in words
 * (`must be 1 to 63 characters: lowercase letters, digits and '-', starting with a letter or
 * digit`), instead of AJV's `body/name must match pattern "^[a-z0-9]…"`. Every route's schema
 * failures pass through here (app.ts publicError). Never quotes the offending value.
 */

/** The parts of an AJV error this reads (Fastify hands these over in err.validation). */
export interface SchemaFailure {
  keyword: string;
  instancePath?: string;
  /** `#/properties/conditions/additionalProperties/anyOf/3/maxItems`: ties a branch's failure to its anyOf/oneOf. */
  schemaPath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** Schema patterns in words, as their schemas registered them (describedPattern). */
const PATTERNS = new Map<string, string>();

/**
 * A schema pattern and what it means in words, written side by side where the schema defines
 * it; returns the pattern for the schema. A pattern without words gets a generic sentence. The
 * same pattern described two ways is a programming error, thrown when the module loads.
 */
export function describedPattern(pattern: string, words: string): string {
  const known = PATTERNS.get(pattern);
  if (known !== undefined && known !== words) throw new Error(`schema pattern ${pattern} is described two ways: "${known}" and "${words}"`);
  PATTERNS.set(pattern, words);
  return pattern;
}

const TYPES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

const WHERE: Record<string, string> = { querystring: 'query', headers: 'header' };

/** `body.a.b[0]` from the validation context and AJV's JSON pointer (`/a/b/0`). */
function fieldOf(context: string | undefined, instancePath: string | undefined, child?: unknown): string {
  let out = WHERE[context ?? ''] ?? context ?? 'request';
  const parts = (instancePath ?? '').split('/').slice(1);
  if (typeof child === 'string') parts.push(child);
  for (const raw of parts) {
    const p = raw.replace(/~1/g, '/').replace(/~0/g, '~').slice(0, 64);
    out += /^[0-9]+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(p) ? `.${p}` : `[${ascii(JSON.stringify(p))}]`;
  }
  return out;
}

/** Only printable ASCII: a field name is the client's own text, shown on a terminal. */
const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const plural = (n: unknown, one: string) => `${String(n)} ${one}${n === 1 ? '' : 's'}`;

/** What is wrong, in words; AJV's own sentence for keywords not listed. */
function problem(f: SchemaFailure): string {
  const p = f.params ?? {};
  switch (f.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'type': {
      const t = String(p.type ?? '');
      return `must be ${t.split(',').map((x) => TYPES[x] ?? x).join(' or ')}`;
    }
    case 'pattern':
      return PATTERNS.get(String(p.pattern)) ?? 'has characters or a form not allowed here';
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${plural(p.limit, 'character')}`;
    case 'maxLength':
      return `must be at most ${plural(p.limit, 'character')}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'minItems':
      return p.limit === 1 ? 'must not be an empty list' : `must list at least ${String(p.limit)} items`;
    case 'maxItems':
      return `must list at most ${String(p.limit)} items`;
    case 'minProperties':
      return `must have at least ${plural(p.limit, 'field')}`;
    case 'maxProperties':
      return `must have at most ${plural(p.limit, 'field')}`;
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      return `must be one of ${allowed.slice(0, 20).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'format':
      return p.format === 'date-time' ? 'must be a date and time with a time zone (RFC 3339, e.g. 2026-12-31T23:59:00Z)' : `must be a ${String(p.format)}`;
    case 'anyOf':
    case 'oneOf':
      return 'has a type or form not allowed here';
    case 'uniqueItems':
      return 'must not list the same item twice';
    default:
      return f.message ?? 'is invalid';
  }
}

/**
 * `field: what is wrong`, from all of a request's failures (Fastify's err.validation). A missing
 * or unknown field is named itself (`body.name is required`, `body.extra is not a known field`);
 * a body that is not an object at all says so. When an anyOf/oneOf failed, AJV lists each
 * branch's failure first and the anyOf last: the first one alone ("must be a string") would
 * blame the wrong form, so the alternatives are read together (alternatives()).
 */
export function validationMessage(context: string | undefined, failures: readonly SchemaFailure[]): string {
  const last = failures[failures.length - 1];
  // The outermost anyOf/oneOf is reported last; with allErrors off nothing else failed.
  if (last && (last.keyword === 'anyOf' || last.keyword === 'oneOf')) return alternatives(context, last, failures.slice(0, -1));
  const first = failures[0];
  return first ? single(context, first) : 'the request is not valid';
}

/**
 * An anyOf/oneOf at one field. If exactly one branch's type matched the value (a list, but too
 * long), that branch's own failure is the answer (`must list at most 50 items`); if none did,
 * the forms allowed (`must be a string, a number, true or false, or a list`).
 */
function alternatives(context: string | undefined, alt: SchemaFailure, inner: readonly SchemaFailure[]): string {
  const field = fieldOf(context, alt.instancePath);
  const prefix = `${alt.schemaPath ?? '\u0000'}/`;
  const branches = new Map<string, SchemaFailure[]>();
  for (const e of inner) {
    if (!e.schemaPath?.startsWith(prefix)) continue;
    const i = e.schemaPath.slice(prefix.length).split('/')[0]!;
    branches.set(i, [...(branches.get(i) ?? []), e]);
  }
  // oneOf with more than one branch passing: no branch failures at all.
  if (branches.size === 0) return `${field}: ${alt.keyword === 'oneOf' ? 'matches more than one of the forms allowed here' : problem(alt)}`;
  const typeMiss = (i: string, b: SchemaFailure[]) =>
    b.length === 1 && b[0]!.keyword === 'type' && b[0]!.instancePath === alt.instancePath && b[0]!.schemaPath === `${prefix}${i}/type`;
  let matched = [...branches].filter(([i, b]) => !typeMiss(i, b));
  // coerceTypes 'array' lets a list form take a scalar as [scalar] (failing at field[0]): the
  // form that failed at the field itself answered the value as it was sent.
  const atField = matched.filter(([, b]) => b.some((e) => e.instancePath === alt.instancePath));
  if (matched.length > 1 && atField.length === 1) matched = atField;
  if (matched.length === 1) return validationMessage(context, matched[0]![1]);
  if (matched.length > 1) return `${field}: ${problem(alt)}`;
  const forms = [...new Set([...branches.values()].flatMap((b) => String(b[0]!.params?.type ?? '').split(',').map((t) => TYPES[t] ?? t)))];
  const last = forms.pop()!;
  return `${field}: must be ${forms.length === 0 ? last : forms.length === 1 ? `${forms[0]!} or ${last}` : `${forms.join(', ')}, or ${last}`}`;
}

function single(context: string | undefined, f: SchemaFailure): string {
  const p = f.params ?? {};
  if (f.keyword === 'required') return `${fieldOf(context, f.instancePath, p.missingProperty)} is required`;
  if (f.keyword === 'additionalProperties') return `${fieldOf(context, f.instancePath, p.additionalProperty)} is not a known field`;
  if (context === 'body' && !f.instancePath && f.keyword === 'type') return 'the request body must be a JSON object';
  return `${fieldOf(context, f.instancePath)}: ${problem(f)}`;
}
