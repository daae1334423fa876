import type { DiffRow, DiffSection } from '../../../shared/actions/actionModel';

const sectionWords: Readonly<Record<DiffSection, string>> = {
  container: 'container',
  image: 'image',
  env: 'env var',
  secret: 'secret',
  cpu: 'CPU',
  memory: 'memory',
  command: 'command',
  entryPoint: 'entry point',
  ports: 'ports',
  role: 'role',
  healthCheck: 'health check',
};

/**
 * What changes between two task definitions, one row per difference. Values main masked
 * (they look like secrets) say so; a side where the setting is absent says that in words.
 */
export function DiffTable({
  rows,
  fromLabel,
  toLabel,
}: {
  rows: readonly DiffRow[];
  fromLabel: string;
  toLabel: string;
}) {
  if (rows.length === 0)
    return <p className="muted">No differences in images, environment, sizes, command or ports.</p>;
  return (
    <table className="detail-table diff-table">
      <thead>
        <tr>
          <th>What</th>
          <th>Container</th>
          <th>Name</th>
          <th>
            From <span className="mono">{fromLabel}</span>
          </th>
          <th>
            To <span className="mono">{toLabel}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr
            key={`${row.section}|${row.container ?? ''}|${row.name}|${index}`}
            data-testid="diff-row"
            data-section={row.section}
            className={`diff-${row.section}`}
          >
            <td className="diff-section">{sectionWords[row.section]}</td>
            <td className="mono">{row.container ?? <span className="muted">task</span>}</td>
            <td className="mono break">{row.name}</td>
            <DiffValue value={row.from} masked={row.masked} side="from" />
            <DiffValue value={row.to} masked={row.masked} side="to" />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DiffValue({ value, masked, side }: { value: string | null; masked: boolean; side: 'from' | 'to' }) {
  if (value === null)
    return (
      <td className={`diff-value diff-${side} muted`}>
        <em>absent</em>
      </td>
    );
  return (
    <td className={`diff-value diff-${side} mono break`}>
      {value}
      {masked && (
        <span className="tag" title="The value looks like a secret; main masked it">
          masked
        </span>
      )}
    </td>
  );
}
