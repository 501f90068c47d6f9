/** Minimal checks on params arriving over a transport (the renderer is typed, but the wire is not). */

import { badRequest } from './errors.js';

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) badRequest(field, 'must be a non-empty string');
  return value;
}

export function requireInt(value: unknown, field: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    badRequest(field, `must be an integer in ${min}..${max}`);
  }
  return value;
}

export function optionalInt(value: unknown, field: string, min?: number, max?: number): number | undefined {
  return value === undefined || value === null ? undefined : requireInt(value, field, min, max);
}

export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) badRequest(field, 'must be an object');
  return value as Record<string, unknown>;
}
