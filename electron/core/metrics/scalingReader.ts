import {
  type ApplicationAutoScalingClient,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import type { ScalingActivity } from '../../../shared/metrics/metricsModel';

/**
 * Application Auto Scaling's activities for ECS services, newest first. A refresh reads the
 * whole namespace at once (one call for the usual handful of activities, rather than one per
 * service) and stops paging once it reaches activities older than it needs.
 */

export interface ServiceScalingActivity extends ScalingActivity {
  /** `service/<cluster>/<service>`. */
  resourceId: string;
}

/** Activities started at or after `since`, newest first; `resourceId` narrows them to one service. */
export async function readScalingActivities(
  client: ApplicationAutoScalingClient,
  options: { since: number; resourceId?: string; signal: AbortSignal },
): Promise<ServiceScalingActivity[]> {
  const activities: ServiceScalingActivity[] = [];
  let nextToken: string | undefined;
  do {
    const answer = await client.send(
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: 'ecs',
        ...(options.resourceId ? { ResourceId: options.resourceId } : {}),
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
      { abortSignal: options.signal },
    );
    let reachedOlder = false;
    for (const activity of answer.ScalingActivities ?? []) {
      const startedAt = activity.StartTime?.getTime() ?? 0;
      if (startedAt < options.since) {
        reachedOlder = true;
        continue;
      }
      const description = activity.Description ?? '';
      const desired = /desired count to (\d+)/i.exec(description)?.[1];
      activities.push({
        id: activity.ActivityId ?? `${activity.ResourceId ?? ''}@${startedAt}`,
        resourceId: activity.ResourceId ?? '',
        startedAt,
        endedAt: activity.EndTime?.getTime() ?? null,
        status: activity.StatusCode ?? 'Unknown',
        description,
        cause: activity.Cause ?? '',
        desiredCount: desired === undefined ? null : Number(desired),
      });
    }
    nextToken = reachedOlder ? undefined : answer.NextToken;
  } while (nextToken);
  return activities.sort((a, b) => b.startedAt - a.startedAt);
}

/** Application Auto Scaling's name of an ECS service. */
export function scalingResourceId(clusterName: string, serviceName: string): string {
  return `service/${clusterName}/${serviceName}`;
}

/** A scaling activity as a service's row keeps it. */
export function withoutResourceId({
  resourceId: _resourceId,
  ...activity
}: ServiceScalingActivity): ScalingActivity {
  return activity;
}
