import type { AuditRecord } from '../../../shared/actions/actionModel';
import { describeWhere } from '../../../shared/actions/auditWhere';
import { LocalTime } from '../app/LocalTime';
import { DiffTable } from '../actions/DiffTable';
import { methodName } from '../actions/PlanDetails';
import {
  describeActor,
  describeKind,
  describeRevisions,
  outcomePresentation,
  type AuditAction,
} from './auditActions';

/** One action of the audit log: a line to scan, opening onto its plan and every line it wrote. */
export function AuditEntry({ action }: { action: AuditAction }) {
  const outcome = outcomePresentation[action.outcome];
  const revisions = describeRevisions(action);
  return (
    <details
      className={`audit-entry outcome-${action.outcome}`}
      data-testid="audit-entry"
      data-action-id={action.actionId}
      data-kind={action.kind}
      data-service={action.service ?? ''}
      data-cluster={action.cluster ?? ''}
      data-outcome={action.outcome}
      data-source={action.where?.source ?? 'unknown'}
    >
      <summary className="audit-row">
        <LocalTime at={action.startedAt} date="always" className="mono" />
        <span>{describeKind(action.kind)}</span>
        <span className="audit-cell" title={action.actor.identity}>
          {describeActor(action.actor)}
        </span>
        <span className="audit-cell">{action.environment}</span>
        <span className="audit-cell mono">{action.cluster ?? '—'}</span>
        <span className="audit-cell audit-service">{action.service ?? '—'}</span>
        <span className="audit-cell mono" title={revisions ?? undefined}>
          {revisions ?? '—'}
        </span>
        <span className={`audit-outcome audit-outcome-${action.outcome}`} title={outcome.meaning}>
          <span aria-hidden="true">{outcome.glyph} </span>
          {outcome.word}
          {action.error && <span className="audit-error"> — {action.error}</span>}
        </span>
      </summary>
      <AuditEntryDetails action={action} />
    </details>
  );
}

function AuditEntryDetails({ action }: { action: AuditAction }) {
  const { plan } = action;
  return (
    <div className="audit-details">
      <dl className="detail-facts">
        <dt>Action</dt>
        <dd className="mono">{action.actionId}</dd>
        <dt>Where</dt>
        <dd className="break">{describeWhere(action.where)}</dd>
        <dt>Who</dt>
        <dd className="mono break">
          {action.actor.identity}
          {action.actor.account ? ` (account ${action.actor.account})` : ''}
          {action.actor.detail ? ` — ${action.actor.detail}` : ''}
        </dd>
        {action.message && (
          <>
            <dt>{action.outcome === 'unfinished' ? 'Intent' : 'Result'}</dt>
            <dd>{action.message}</dd>
          </>
        )}
        {action.endedAt !== null && (
          <>
            <dt>Ended</dt>
            <dd className="mono">
              <LocalTime at={action.endedAt} date="always" />
            </dd>
          </>
        )}
        {plan && (
          <>
            <dt>Method</dt>
            <dd>
              <strong className="mono">{methodName(plan.method)}</strong>
              <div className="muted">{plan.methodSummary}</div>
            </dd>
            <dt>Confirmed</dt>
            <dd>{plan.confirmation === 'typed' ? 'by typing the service name' : 'by a click'}</dd>
          </>
        )}
      </dl>
      {!action.hasStart && (
        <p className="muted small">The start of this action is on an older page of the log.</p>
      )}
      {plan && plan.warnings.length > 0 && (
        <ul className="warning-box plan-warnings">
          {plan.warnings.map((warning) => (
            <li key={warning}>
              <span aria-hidden="true">▲ </span>
              {warning}
            </li>
          ))}
        </ul>
      )}
      {plan && (
        <DiffTable
          rows={plan.diff}
          fromLabel={action.from?.label ?? 'before'}
          toLabel={action.to?.label ?? 'after'}
        />
      )}
      <AuditLines records={action.records} />
    </div>
  );
}

function AuditLines({ records }: { records: readonly AuditRecord[] }) {
  return (
    <ol className="audit-lines" aria-label="Lines in the audit log">
      {records.map((record) => (
        <li key={record.line}>
          <span className="mono muted">#{record.line}</span>
          <LocalTime at={record.entry.at} date="always" className="mono" />
          <span className="audit-line-type">{record.entry.type}</span>
          <span>{record.entry.message ?? record.entry.error ?? ''}</span>
        </li>
      ))}
    </ol>
  );
}
