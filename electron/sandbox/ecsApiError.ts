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

/** An error of an AWS JSON service: the wire layer turns it into HTTP 400 with `__type` and `message`. */
export class AwsApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** An ECS API error. */
export class EcsApiError extends AwsApiError {
  declare readonly type: EcsErrorType;

  constructor(type: EcsErrorType, message: string) {
    super(type, message);
  }
}
