/** The exception names the sandbox answers with; each is one the ECS SDK knows or classifies. */
export type EcsErrorType =
  | 'ClusterNotFoundException'
  | 'ServiceNotFoundException'
  | 'ServiceNotActiveException'
  | 'ServiceDeploymentNotFoundException'
  | 'InvalidParameterException'
  | 'ClientException'
  | 'ConflictException'
  | 'ThrottlingException'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'ServerException';

/** An ECS API error: the wire layer turns it into HTTP 400 with `__type` and `message`. */
export class EcsApiError extends Error {
  constructor(
    readonly type: EcsErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}
