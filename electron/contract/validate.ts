/**
 * Small runtime validators for IPC arguments. Main never trusts what arrives over IPC (a
 * compromised renderer can send anything), so every channel's arguments are checked here
 * before a service sees them. Hand-written on purpose: the contract is small and a schema
 * library would be one more dependency in the trusted process.
 */

/** Checks a value and returns it typed, or throws ValidationError naming the bad path. */
export type Validator<T> = (value: unknown, path: string) => T;

/** A failed argument check; mapped to INVALID_ARGUMENT at the boundary. */
export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** Longest string any argument may be (paths, names, terminal input chunks). */
export const MAX_STRING_LENGTH = 1_000_000;

/** A string of bounded length; `pattern` when the value has a fixed shape. */
export function string(options: { min?: number; max?: number; pattern?: RegExp } = {}): Validator<string> {
  const { min = 0, max = MAX_STRING_LENGTH, pattern } = options;
  return (value, path) => {
    if (typeof value !== 'string') throw new ValidationError(`${path} must be a string.`);
    if (value.length < min) throw new ValidationError(`${path} must have at least ${min} characters.`);
    if (value.length > max) throw new ValidationError(`${path} must have at most ${max} characters.`);
    if (pattern && !pattern.test(value)) throw new ValidationError(`${path} has an unexpected form.`);
    return value;
  };
}

/** An integer within bounds. */
export function integer(min: number, max: number): Validator<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ValidationError(`${path} must be a whole number.`);
    if (value < min || value > max) throw new ValidationError(`${path} must be between ${min} and ${max}.`);
    return value;
  };
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(...choices: T[]): Validator<T> {
  return (value, path) => {
    if (typeof value !== 'string' || !(choices as string[]).includes(value)) {
      throw new ValidationError(`${path} must be one of ${choices.join(', ')}.`);
    }
    return value as T;
  };
}

/** true or false. */
export function boolean(): Validator<boolean> {
  return (value, path) => {
    if (typeof value !== 'boolean') throw new ValidationError(`${path} must be true or false.`);
    return value;
  };
}

/** An array of at most `max` items, each checked. */
export function array<T>(item: Validator<T>, max: number): Validator<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new ValidationError(`${path} must be a list.`);
    if (value.length > max) throw new ValidationError(`${path} must have at most ${max} items.`);
    return value.map((entry, index) => item(entry, `${path}[${index}]`));
  };
}

/** Allows undefined as well. */
export function optional<T>(inner: Validator<T>): Validator<T | undefined> {
  return (value, path) => (value === undefined ? undefined : inner(value, path));
}

type Shape = Record<string, Validator<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S as undefined extends ReturnType<S[K]> ? never : K]: ReturnType<S[K]> } & {
  [K in keyof S as undefined extends ReturnType<S[K]> ? K : never]?: ReturnType<S[K]>;
};

/** A plain object with exactly these keys (unknown keys are refused, not ignored). */
export function object<S extends Shape>(shape: S): Validator<FromShape<S>> {
  return (value, path) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(`${path} must be an object.`);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(key in shape)) throw new ValidationError(`${path}.${key} is not expected.`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const checked = check(record[key], `${path}.${key}`);
      if (checked !== undefined) out[key] = checked;
    }
    return out as FromShape<S>;
  };
}

/** One of several object shapes, picked by a `kind` field. */
export function tagged<T>(variants: Record<string, Validator<T>>): Validator<T> {
  return (value, path) => {
    const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
    if (typeof kind !== 'string' || !Object.hasOwn(variants, kind)) {
      throw new ValidationError(`${path}.kind must be one of ${Object.keys(variants).join(', ')}.`);
    }
    return variants[kind]!(value, path);
  };
}

/** A literal value (the `kind` of a tagged variant). */
export function literal<const T extends string>(expected: T): Validator<T> {
  return (value, path) => {
    if (value !== expected) throw new ValidationError(`${path} must be "${expected}".`);
    return expected;
  };
}

/** The argument list of one channel, checked position by position (extra arguments refused). */
export function args<const V extends readonly Validator<unknown>[]>(...validators: V): Validator<{ -readonly [I in keyof V]: ReturnType<V[I]> }> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new ValidationError(`${path} must be an argument list.`);
    if (value.length > validators.length) throw new ValidationError(`${path} has ${value.length} arguments; expected at most ${validators.length}.`);
    return validators.map((check, index) => check(value[index], `argument ${index + 1}`)) as { -readonly [I in keyof V]: ReturnType<V[I]> };
  };
}
