import { type DesiredStatus, type ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';

/**
 * The tasks of one service in one cluster, from ListTasks (running and recently stopped).
 * A log group can be shared — two clusters running the same task definition family write to
 * the same `awslogs-group` — so lines are kept only when they come from this service's tasks
 * here. ECS remembers stopped tasks for about an hour: lines of tasks older than that cannot
 * be told apart and are left out too, and counted.
 */
export class ServiceTaskScope {
  private tasks = new Set<string>();
  private refreshing: Promise<void> | null = null;
  private refreshedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ecs: ECSClient,
    private readonly cluster: string,
    private readonly service: string,
    private readonly now: () => number = Date.now,
  ) {}

  has(taskId: string): boolean {
    return this.tasks.has(taskId);
  }

  /** Asks ECS again, at most once per `minIntervalMs`; concurrent callers share one refresh. */
  refresh(signal?: AbortSignal, minIntervalMs = 0): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (this.now() - this.refreshedAt < minIntervalMs) return Promise.resolve();
    this.refreshing = Promise.all([this.list('RUNNING', signal), this.list('STOPPED', signal)])
      .then(([running, stopped]) => {
        this.tasks = new Set([...running, ...stopped]);
        this.refreshedAt = this.now();
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private async list(desiredStatus: DesiredStatus, signal: AbortSignal | undefined): Promise<string[]> {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.ecs.send(
        new ListTasksCommand({ cluster: this.cluster, serviceName: this.service, desiredStatus, nextToken }),
        { abortSignal: signal },
      );
      for (const arn of page.taskArns ?? []) ids.push(arn.slice(arn.lastIndexOf('/') + 1));
      nextToken = page.nextToken;
    } while (nextToken);
    return ids;
  }
}
