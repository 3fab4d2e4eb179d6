/**
 * The shape of the Warden events a function acts on, checked at the edge
 * (the handler's parser middleware) before any code reads a field: an event
 * that is not Warden's own, or whose detail is malformed, never reaches the
 * executor.
 */
import * as v from 'valibot';
import { WARDEN_EVENT_SOURCE, WardenDetailType } from './warden-events.js';

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(512));

export const ActionRequestedDetailSchema = v.object({
  actionId: Id,
  findingId: Id,
  operation: v.picklist(['apply', 'undo']),
  /** `auto`, or the Slack user id who clicked. */
  requestedBy: Id,
});

/** An EventBridge "Warden Action Requested" event, as published by detect or the click handler. */
export const ActionRequestedEventSchema = v.object({
  source: v.literal(WARDEN_EVENT_SOURCE),
  'detail-type': v.literal(WardenDetailType.ActionRequested),
  detail: ActionRequestedDetailSchema,
});

export type ActionRequestedEvent = v.InferOutput<typeof ActionRequestedEventSchema>;
