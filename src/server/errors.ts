/**
 * A request the plugin refuses before the action runs. The middleware answers it with
 * HTTP 400 and `{ errors: [{ message }] }`, so nothing is written.
 */
export class BadTriggerRequestError extends Error {
  readonly status = 400;

  constructor(message: string) {
    super(message);
    this.name = 'BadTriggerRequestError';
  }
}

/** A manual execution whose input cannot start the workflow. */
export class BadManualInputError extends Error {
  readonly status = 400;

  constructor(message: string) {
    super(message);
    this.name = 'BadManualInputError';
  }
}
