/**
 * Task tokens: opaque to callers, but they carry the execution they belong to, so a callback can be
 * answered as AWS does: a malformed token is InvalidToken, a token of an execution that never
 * existed is TaskDoesNotExist, and one whose task is closed (completed, timed out, stopped) is TaskTimedOut.
 */
import { randomBytes } from 'node:crypto';

interface TokenContent {
  v: 1;
  executionArn: string;
  nonce: string;
}

export function mintTaskToken(executionArn: string): string {
  const content: TokenContent = { v: 1, executionArn, nonce: randomBytes(24).toString('base64url') };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

/** The execution of a token, or undefined when the token is not one this executor issues. */
export function tokenExecution(token: unknown): string | undefined {
  if (typeof token !== 'string' || token.length === 0 || token.length > 2048) return undefined;
  try {
    const content = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenContent>;
    return content.v === 1 && typeof content.executionArn === 'string' && typeof content.nonce === 'string' ? content.executionArn : undefined;
  } catch {
    return undefined;
  }
}
