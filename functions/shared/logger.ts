/**
 * The one logger: Powertools, JSON lines, with the asset id appended as a persistent key once known.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'vod-pipeline' });
