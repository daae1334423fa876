/** The exception names the sandbox's Logs endpoint answers with; each is one CloudWatch Logs raises. */
export type LogsErrorType =
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'ThrottlingException'
  | 'AccessDeniedException'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'ServiceUnavailableException';

/** A CloudWatch Logs API error: the wire layer turns it into HTTP 400 with `__type` and `message`. */
export class LogsApiError extends Error {
  constructor(
    readonly type: LogsErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}
