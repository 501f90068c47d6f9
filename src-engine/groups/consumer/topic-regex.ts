/**
 * `SubscribedTopicRegex` as Kafka reads it: RE2/J syntax (re2js, a port of RE2/J), matched against the whole
 * topic name. RE2 rejects what it cannot match in linear time (lookarounds, backreferences) that JavaScript's
 * RegExp would accept; its error descriptions are the ones Kafka puts in INVALID_REGULAR_EXPRESSION.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';

export type TopicPattern = { matches(topic: string): boolean };

/** The RE2/J error description ("missing closing )"), or null when `regex` compiles. */
export function regexError(regex: string): string | null {
  try {
    RE2JS.compile(regex);
    return null;
  } catch (err) {
    if (err instanceof RE2JSSyntaxException) return err.getDescription();
    return err instanceof Error ? err.message : String(err);
  }
}

/** A compiled subscription regex (full match, like Kafka's `matcher(topic).matches()`), or null when invalid. */
export function compileTopicRegex(regex: string): TopicPattern | null {
  try {
    const pattern = RE2JS.compile(regex);
    return { matches: (topic) => pattern.matches(topic) };
  } catch {
    return null;
  }
}

/** Compiled patterns kept by their owner (one coordinator), so a heartbeat does not recompile its group's regexes. */
export class TopicRegexCache {
  private readonly patterns = new Map<string, TopicPattern | null>();

  constructor(private readonly maxEntries = 1000) {}

  get(regex: string): TopicPattern | null {
    let p = this.patterns.get(regex);
    if (p === undefined) {
      if (this.patterns.size >= this.maxEntries) this.patterns.clear();
      p = compileTopicRegex(regex);
      this.patterns.set(regex, p);
    }
    return p;
  }
}
