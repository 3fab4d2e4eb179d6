import { WebAPIPlatformError } from '@slack/web-api';
import { errorText } from './check-result.js';

/** Slack's error code (`invalid_auth`, `channel_not_found`, …) or the transport error. */
export function slackErrorText(error: unknown): string {
  if (error instanceof WebAPIPlatformError) return error.data.error;
  return errorText(error);
}
