/** Resource tags as the `states` API takes them: `[{ key, value }]`, keys 1-128 and values 0-256 characters, at most 50. */
import type { Tag } from '@aws-sdk/client-sfn';
import { ServiceError } from '../protocol/json-rpc';

const MAX_TAGS = 50;

function invalid(message: string): never {
  throw new ServiceError('ValidationException', message);
}

/** The tags of a request member (absent means none); ValidationException for anything else. */
export function tagsInput(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) invalid("Value at 'tags' must be a list of { key, value }");
  if (value.length > MAX_TAGS) invalid(`Value at 'tags' has ${value.length} tags; at most ${MAX_TAGS} are allowed`);
  return value.map((tag: unknown, index) => {
    const { key, value: tagValue } = (tag ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || key.length < 1 || key.length > 128)
      invalid(`Value at 'tags.${index + 1}.member.key' must have 1 to 128 characters`);
    if (tagValue !== undefined && (typeof tagValue !== 'string' || tagValue.length > 256)) {
      invalid(`Value at 'tags.${index + 1}.member.value' must be a string of at most 256 characters`);
    }
    return { key, value: (tagValue as string | undefined) ?? '' };
  });
}

export function tagMap(tags: Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag.key as string, tag.value ?? '']));
}

/** The `tagKeys` of UntagResource. */
export function untagKeys(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((key) => typeof key !== 'string')) invalid("Value at 'tagKeys' must be a list of tag keys");
  return value as string[];
}
