import type { ActionPlan, ActionProgress } from '../../shared/actions/actionModel';
import { capitalise } from '../../shared/capitalise';
import type { HealthState } from '../../shared/fleet/fleetModel';
import { spokenDuration } from '../../shared/time/durationText';
import { healthGlyphs } from '../../shared/fleet/healthGlyphs';
import { renderTable } from './textTable';
import type { TerminalStyle } from './terminalStyle';

/** Plans and progress as `cli rollback` and `cli promote` print them. */

export function renderPlan(
  plan: ActionPlan,
  options: { width: number; style: TerminalStyle; command: string },
): string {
  const { style } = options;
  const title =
    plan.kind === 'rollback'
      ? `Rollback plan for ${plan.service} (${plan.environment} / ${plan.cluster})`
      : `Promotion plan: ${plan.source.service} (${plan.source.environment} / ${plan.source.cluster}) → ${plan.service} (${plan.environment} / ${plan.cluster})`;
  const tags = (ref: ActionPlan['current']) =>
    ref.images.map((image) => image.tag ?? image.image).join(', ') || 'no images';
  const lines = [style.bold(title), ''];
  if (plan.unfinishedActions.length > 0) {
    lines.push(style.bold('Unfinished earlier actions'));
    for (const action of plan.unfinishedActions)
      lines.push(`  ${style.health('degraded', '!')} ${action.notice}`);
    lines.push('');
  }
  lines.push(`  current  ${plan.current.label}  (${tags(plan.current)})`);
  if (plan.kind === 'promotion')
    lines.push(`  source   ${plan.source.taskDefinition.label}  (${tags(plan.source.taskDefinition)})`);
  lines.push(`  target   ${plan.target.label}  (${tags(plan.target)})`);
  if (plan.kind === 'rollback') lines.push(`           ${style.dim(plan.targetReason)}`);
  lines.push(`  method   ${plan.method.summary}`);
  lines.push(
    `  service  ${plan.runningCount}/${plan.desiredCount} running${plan.deploymentInProgress ? ', a deployment is in progress' : ''}`,
  );

  if (plan.kind === 'rollback') {
    lines.push('', style.bold('Evidence'), `  ${capitalise(plan.evidence.summary)}`);
    for (const note of plan.evidence.notes) lines.push(style.dim(`  ${note}`));
  }

  lines.push('', style.bold('Changes'));
  if (plan.diff.length === 0) lines.push(style.dim('  none: the target is the same as what runs now'));
  else {
    // A diff, not a table: images and values are long, and truncating them would hide the change.
    const sectionWidth = Math.max(...plan.diff.map((row) => row.section.length));
    for (const row of plan.diff) {
      lines.push(
        `  ${row.section.padEnd(sectionWidth)}  ${row.container ?? '(task)'}  ${style.bold(row.name)}`,
      );
      lines.push(`    ${style.health('failed', '-')} ${row.from ?? style.dim('(none)')}`);
      lines.push(`    ${style.health('healthy', '+')} ${row.to ?? style.dim('(none)')}`);
    }
    if (plan.diff.some((row) => row.masked))
      lines.push(style.dim('  values that look like secrets are masked'));
  }

  if (plan.warnings.length > 0) {
    lines.push('', style.bold('Warnings'));
    for (const warning of plan.warnings) lines.push(`  ${style.health('degraded', '!')} ${warning}`);
  }

  if (plan.kind === 'rollback' && plan.alternatives.length > 0) {
    lines.push('', style.bold(`Recent revisions (choose one with --revision <n>)`));
    lines.push(
      ...renderTable(
        [
          { header: 'REVISION' },
          { header: 'IMAGE' },
          { header: 'STATUS' },
          { header: 'LAST OUTCOME', shrink: true },
        ],
        plan.alternatives.map((choice) => [
          `${choice.label}${choice.isProposed ? ' ←' : ''}`,
          choice.imageTags.join(', '),
          choice.status,
          `${choice.outcome}${choice.outcomeDetail ? `: ${choice.outcomeDetail}` : ''}`,
        ]),
        { width: options.width, indent: '  ', paintHeader: style.dim },
      ),
    );
  }

  lines.push('');
  if (plan.blockedReason)
    lines.push(
      `${style.health('failed', healthGlyphs.failed)} Refused as things stand: ${plan.blockedReason}.`,
    );
  else
    lines.push(
      `To run it: ${options.command} --yes${plan.requiresTypedConfirmation ? ` --confirm ${plan.confirmationText ?? plan.service}` : ''}` +
        (plan.requiresTypedConfirmation
          ? style.dim(`  (${plan.environment}: the service name must be typed)`)
          : ''),
    );
  return `${lines.join('\n')}\n`;
}

const phaseHealth: Record<ActionProgress['phase'], HealthState> = {
  planned: 'deploying',
  started: 'deploying',
  'in-progress': 'deploying',
  succeeded: 'healthy',
  failed: 'failed',
  'timed-out': 'degraded',
};

/** One progress event as lines: the state, then the service events that came with it. */
export function renderProgress(progress: ActionProgress, style: TerminalStyle): string[] {
  const time = `[${spokenDuration(progress.elapsedMs).padStart(10)}]`;
  const health = phaseHealth[progress.phase];
  const final =
    progress.phase === 'succeeded' || progress.phase === 'failed' || progress.phase === 'timed-out';
  const phase = final ? `${healthGlyphs[health]} ${progress.phase}` : progress.phase;
  const lines = [`${style.dim(time)} ${style.health(health, phase.padEnd(12))} ${progress.message}`];
  for (const event of progress.newEvents)
    lines.push(`${' '.repeat(time.length + 1)}${style.dim(`event ${event.message}`)}`);
  return lines;
}
