/**
 * The one normalised shape of a CloudTrail record inside Warden. The parser
 * (`parse-input.ts`, `normalise-record.ts`) turns every accepted input into this;
 * rules, the engine and the CLI only ever see this type.
 */
import { type JsonObject, readKey } from './json-object.js';

/** `userIdentity.type` values CloudTrail documents; anything else is kept as-is. */
export type IdentityType =
  | 'Root'
  | 'IAMUser'
  | 'AssumedRole'
  | 'Role'
  | 'FederatedUser'
  | 'AWSAccount'
  | 'AWSService'
  | 'IdentityCenterUser'
  | 'Directory'
  | 'SAMLUser'
  | 'WebIdentityUser'
  | 'Unknown';

export interface SessionIssuer {
  readonly type?: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly userName?: string;
}

export interface UserIdentity {
  /** One of {@link IdentityType}, or the raw string when CloudTrail sends something new. */
  readonly type: IdentityType | (string & {});
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  /** Set when an AWS service made the call on the principal's behalf (e.g. `cloudformation.amazonaws.com`). */
  readonly invokedBy?: string;
  readonly sessionContext?: {
    /** Normalised from the string "true"/"false" CloudTrail sends. */
    readonly mfaAuthenticated?: boolean;
    readonly creationDate?: string;
    readonly sessionIssuer?: SessionIssuer;
    readonly sourceIdentity?: string;
  };
}

export interface CloudTrailEvent {
  /** CloudTrail `eventID`; synthesised (and flagged in `quirks`) when absent. */
  readonly eventId: string;
  readonly eventName: string;
  /** e.g. `iam.amazonaws.com`. */
  readonly eventSource: string;
  /** ISO-8601 UTC, normalised from whatever the record had. */
  readonly eventTime: string;
  readonly eventVersion?: string;
  /** `AwsApiCall`, `AwsConsoleSignIn`, `AwsServiceEvent`, … */
  readonly eventType?: string;
  readonly awsRegion: string;
  /** The account the event belongs to (`recipientAccountId`, else the actor's account); undefined when unknown. */
  readonly accountId?: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly readOnly?: boolean;
  readonly managementEvent?: boolean;
  readonly userIdentity: UserIdentity;
  readonly requestParameters: JsonObject | null;
  readonly responseElements: JsonObject | null;
  readonly additionalEventData: JsonObject | null;
  /** Irregularities the normaliser repaired (e.g. `event-time-not-iso`, `lower-case-keys`). */
  readonly quirks: readonly string[];
}

/** Where a record came from, for reporting (`input: {file, index}` in JSON output). */
export interface EventOrigin {
  readonly file: string;
  readonly index: number;
}

/**
 * True when the call failed: an `errorCode`, or a console sign-in whose result
 * is `Failure` (`responseElements.ConsoleLogin`, or the result keyed by the
 * sign-in event's own name such as `ExternalIdPDirectoryLogin`; keys in any case).
 */
export function isFailedCall(event: CloudTrailEvent): boolean {
  if (event.errorCode) return true;
  const response = event.responseElements;
  if (!response) return false;
  if (isFailure(readKey(response, 'ConsoleLogin'))) return true;
  return isSignInEvent(event) && isFailure(readKey(response, event.eventName));
}

/** A console sign-in event (`ConsoleLogin`, `CheckMfa`, `ExternalIdPDirectoryLogin`, …). */
export function isSignInEvent(event: CloudTrailEvent): boolean {
  return event.eventType === 'AwsConsoleSignIn' || event.eventSource === 'signin.amazonaws.com';
}

function isFailure(result: unknown): boolean {
  return typeof result === 'string' && result.toLowerCase() === 'failure';
}
