import { useState, type FormEvent } from 'react';
import type {
  ActionMethod,
  ActionPlan,
  DeploymentEvidence,
  RevisionChoice,
  RollbackPlan,
  TaskDefinitionRef,
} from '../../../shared/actions/actionModel';
import { LocalTime } from '../app/LocalTime';
import { DiffTable } from './DiffTable';

const methodNames: Readonly<Record<ActionMethod['kind'], string>> = {
  'stop-deployment': 'StopServiceDeployment (ROLLBACK)',
  'update-service': 'UpdateService',
  'register-and-update': 'RegisterTaskDefinition, then UpdateService',
};

export function methodName(kind: ActionMethod['kind']): string {
  return methodNames[kind];
}

/**
 * A plan as a person checks it before confirming: first any earlier action on the service
 * that did not finish, then where the service is and where it will be, for a rollback what
 * the metrics and alarms say about the revision it leaves, how the console gets it there,
 * what differs, and what main warns about.
 */
export function PlanDetails({
  plan,
  onChooseRevision,
}: {
  plan: ActionPlan;
  /** Rollback only: plan again with another revision as the target. */
  onChooseRevision?: (revision: number) => void;
}) {
  return (
    <div className="plan-details">
      {plan.unfinishedActions.length > 0 && (
        <ul
          className="plan-warnings"
          role="alert"
          aria-label="Unfinished earlier actions"
          data-testid="plan-unfinished"
        >
          {plan.unfinishedActions.map((action) => (
            <li key={action.actionId} data-action-id={action.actionId}>
              <span aria-hidden="true">▲ </span>
              {action.notice}
            </li>
          ))}
        </ul>
      )}
      <div className="plan-revisions">
        <RevisionCard title="Now" revision={plan.current} />
        <span className="plan-arrow" aria-hidden="true">
          →
        </span>
        <RevisionCard
          title={plan.kind === 'rollback' ? 'Target' : 'After promotion'}
          revision={plan.target}
          note={
            plan.kind === 'promotion'
              ? `a new revision: production's settings with ${plan.source.service}'s images from ${plan.source.environment}`
              : undefined
          }
        />
      </div>

      {plan.kind === 'rollback' && <EvidenceSection evidence={plan.evidence} />}

      <dl className="detail-facts plan-facts">
        {plan.kind === 'rollback' && (
          <>
            <dt>Why this target</dt>
            <dd>{plan.targetReason}</dd>
          </>
        )}
        {plan.kind === 'promotion' && (
          <>
            <dt>Source</dt>
            <dd>
              {plan.source.service} in {plan.source.environment} ({plan.source.cluster}), running{' '}
              <span className="mono">{plan.source.taskDefinition.label}</span>
            </dd>
            <dt>Images</dt>
            <dd>
              {plan.source.pinnedByDigest
                ? 'pinned by the digests staging’s tasks run'
                : 'not all pinned by digest: the tags may move'}
            </dd>
          </>
        )}
        <dt>Method</dt>
        <dd>
          <strong className="mono">{methodName(plan.method.kind)}</strong>
          <div className="muted">{plan.method.summary}</div>
        </dd>
        <dt>Tasks now</dt>
        <dd className="mono">
          {plan.runningCount} running / {plan.desiredCount} desired
          {plan.deploymentInProgress ? ' — a deployment is in progress' : ''}
        </dd>
        {plan.kind === 'rollback' && plan.historySource === 'console-observations' && (
          <>
            <dt>History</dt>
            <dd className="muted">
              ECS service deployments were not available; the history is what the console saw itself.
            </dd>
          </>
        )}
      </dl>

      {plan.warnings.length > 0 && (
        <ul className="warning-box plan-warnings" aria-label="Warnings">
          {plan.warnings.map((warning) => (
            <li key={warning}>
              <span aria-hidden="true">▲ </span>
              {warning}
            </li>
          ))}
        </ul>
      )}

      {plan.kind === 'rollback' && onChooseRevision && (
        <RevisionChoices plan={plan} onChoose={onChooseRevision} />
      )}

      <section className="detail-section">
        <h3>Changes ({plan.diff.length})</h3>
        <DiffTable rows={plan.diff} fromLabel={plan.current.label} toLabel={plan.target.label} />
      </section>
    </div>
  );
}

/** The figures before and since the current revision was deployed, and the alarms in ALARM. */
function EvidenceSection({ evidence }: { evidence: DeploymentEvidence }) {
  return (
    <section className="detail-section plan-evidence" data-testid="plan-evidence" aria-label="Evidence">
      <h3>Since {evidence.revision} was deployed</h3>
      <ul className="plan-evidence-figures">
        {evidence.changes.map((change) => (
          <li
            key={change.metric}
            data-metric={change.metric}
            className={change.before === null || change.after === null ? 'muted' : undefined}
          >
            {change.text}
          </li>
        ))}
      </ul>
      {evidence.alarmsInAlarm === null ? (
        <p className="muted">Alarms: cannot check.</p>
      ) : evidence.alarmsInAlarm.length > 0 ? (
        <ul className="warning-box plan-warnings" aria-label="Alarms in ALARM">
          {evidence.alarmsInAlarm.map((name) => (
            <li key={name} className="mono">
              <span aria-hidden="true">▲ </span>
              alarm {name} in ALARM
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No alarm of the service in ALARM.</p>
      )}
      {evidence.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
      {evidence.deployedAt !== null && (
        <p className="muted small">
          Deployed <LocalTime at={evidence.deployedAt} date="always" />; compared with the quarter of an hour
          before.
        </p>
      )}
    </section>
  );
}

function RevisionCard({
  title,
  revision,
  note,
}: {
  title: string;
  revision: TaskDefinitionRef;
  note?: string | undefined;
}) {
  return (
    <div className="revision-card">
      <div className="caps-title revision-card-title">{title}</div>
      <div className="revision-label mono" title={revision.arn ?? undefined}>
        {revision.label}
      </div>
      <ul className="revision-images">
        {revision.images.map((image) => (
          <li key={image.container} className="mono" title={image.image}>
            {image.container}: {image.tag ?? image.digest ?? image.image}
          </li>
        ))}
      </ul>
      {revision.registeredAt !== null && (
        <div className="muted small">
          registered <LocalTime at={revision.registeredAt} date="always" />
        </div>
      )}
      {note && <div className="muted small">{note}</div>}
    </div>
  );
}

/** The recent revisions a rollback could go to instead; choosing one plans again. */
function RevisionChoices({ plan, onChoose }: { plan: RollbackPlan; onChoose: (revision: number) => void }) {
  return (
    <section className="detail-section">
      <h3>Recent revisions</h3>
      {plan.alternatives.length === 0 && <p className="muted">No other recent revisions.</p>}
      {plan.alternatives.length > 0 && (
        <table className="detail-table revision-choices">
          <thead>
            <tr>
              <th>Revision</th>
              <th>Images</th>
              <th>Last deployed</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Choose</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.alternatives.map((choice) => (
              <RevisionChoiceRow
                key={choice.arn}
                choice={choice}
                isTarget={choice.arn === plan.target.arn}
                onChoose={onChoose}
              />
            ))}
          </tbody>
        </table>
      )}
      <OtherRevision family={plan.target.family} onChoose={onChoose} />
    </section>
  );
}

/** Any revision of the family by number; main says when it does not exist or cannot be deployed. */
function OtherRevision({ family, onChoose }: { family: string; onChoose: (revision: number) => void }) {
  const [text, setText] = useState('');
  const revision = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(revision) && revision >= 1;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onChoose(revision);
  };
  return (
    <form className="other-revision" onSubmit={submit}>
      <label>
        Another revision of <span className="mono">{family}</span>:{' '}
        <input
          type="number"
          min={1}
          inputMode="numeric"
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-label={`Revision number of ${family}`}
        />
      </label>
      <button type="submit" className="button small-button" disabled={!valid}>
        Plan
      </button>
    </form>
  );
}

function RevisionChoiceRow({
  choice,
  isTarget,
  onChoose,
}: {
  choice: RevisionChoice;
  isTarget: boolean;
  onChoose: (revision: number) => void;
}) {
  return (
    <tr className={isTarget ? 'revision-choice chosen' : 'revision-choice'} data-revision={choice.revision}>
      <td className="mono">
        {choice.label}
        {choice.isProposed && <span className="tag">proposed</span>}
      </td>
      <td className="mono break">{choice.imageTags.join(', ') || '—'}</td>
      <td className={`outcome-${choice.outcome}`}>
        {choice.outcome}
        {choice.outcomeDetail && <div className="muted small">{choice.outcomeDetail}</div>}
      </td>
      <td>{choice.status}</td>
      <td>
        {isTarget ? (
          <span className="muted">target</span>
        ) : (
          <button
            type="button"
            className="button small-button"
            disabled={!choice.selectable}
            title={
              choice.selectable
                ? `Plan a rollback to ${choice.label} instead`
                : `${choice.label} cannot be deployed (${choice.status}, ${choice.outcome})`
            }
            onClick={() => onChoose(choice.revision)}
          >
            Use
          </button>
        )}
      </td>
    </tr>
  );
}
