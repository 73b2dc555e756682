/**
 * Why an outbound request did not happen or did not finish. `OutboundRefused` is permanent (the policy said no,
 * or the URL cannot be used): retrying is pointless. `OutboundFailed` may be transient. Messages name the host,
 * never the full URL, whose path or query may carry a token.
 */
export class OutboundRefused extends Error {
  readonly code = 'refused';

  constructor(message: string) {
    super(`refused: ${message}`);
    this.name = 'OutboundRefused';
  }
}

export type FailureKind = 'dns' | 'network' | 'timeout' | 'aborted';

export class OutboundFailed extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboundFailed';
  }
}
