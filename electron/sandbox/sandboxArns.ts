import { sandboxRegion } from '../../shared/ipc/sandbox';

/** The account every sandbox resource lives in. */
export const sandboxAccountId = '000000000000';
/** Images live in a separate registry account, as they do for FlareNet. */
export const imageRegistry = `123456789012.dkr.ecr.${sandboxRegion}.amazonaws.com/flarenet`;

const arnPrefix = `arn:aws:ecs:${sandboxRegion}:${sandboxAccountId}:`;

export const clusterArn = (clusterName: string): string => `${arnPrefix}cluster/${clusterName}`;
export const serviceArn = (clusterName: string, serviceName: string): string =>
  `${arnPrefix}service/${clusterName}/${serviceName}`;
export const taskArn = (clusterName: string, taskId: string): string =>
  `${arnPrefix}task/${clusterName}/${taskId}`;
export const containerArn = (clusterName: string, containerId: string): string =>
  `${arnPrefix}container/${clusterName}/${containerId}`;
export const taskDefinitionArn = (family: string, revision: number): string =>
  `${arnPrefix}task-definition/${family}:${revision}`;
export const serviceDeploymentArn = (clusterName: string, serviceName: string, id: string): string =>
  `${arnPrefix}service-deployment/${clusterName}/${serviceName}/${id}`;
export const serviceRevisionArn = (clusterName: string, serviceName: string, id: string): string =>
  `${arnPrefix}service-revision/${clusterName}/${serviceName}/${id}`;
