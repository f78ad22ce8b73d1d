/** DynamoDB writes guarded by a condition: whether the write happened, not an error, when the guard fails. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';

export async function conditionalWrite(command: PutCommand | UpdateCommand): Promise<boolean> {
  try {
    // Two calls: the client's send is typed per command.
    if (command instanceof PutCommand) await dynamo().send(command);
    else await dynamo().send(command);
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
